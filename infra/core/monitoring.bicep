// Log Analytics and a workspace-based Application Insights that accepts only Entra ID (managed identity) ingestion.
@description('Log Analytics workspace name.')
param logAnalyticsName string

@description('Application Insights name.')
param applicationInsightsName string

@description('Region.')
param location string

@description('Tags.')
param tags { *: string }

@minValue(30)
@maxValue(730)
@description('Days the workspace keeps the outcome lines.')
param retentionInDays int = 90

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

@description('Application Insights name.')
output applicationInsightsName string = applicationInsights.name

@description('Log Analytics workspace resource ID.')
output workspaceId string = workspace.id
