// An Azure Monitor workbook over the autopilot's outcome lines (one `autopilot.outcome {json}` trace per orchestration
// run): changes by kind, failures by ARM code, connections left for a person, conflicts, ARM calls.
@description('Workbook resource name (a GUID).')
param name string

@description('Region.')
param location string

@description('Tags.')
param tags { *: string }

@description('The Application Insights component the traces are in.')
param applicationInsightsName string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'Private Link Autopilot outcomes'
    category: 'workbook'
    sourceId: applicationInsights.id
    version: 'Notebook/1.0'
    serializedData: loadTextContent('outcomes.workbook.json')
  }
}
