// The Flex Consumption function app (Node.js 22 or 24): runs as the user-assigned identity, reaches its storage and
// Application Insights by identity only (no keys, no connection strings with secrets), keeps instances warm for the
// durable group, and carries the autopilot's settings.
@description('Function app name.')
param name string

@description('Region.')
param location string

@description('Tags.')
param tags { *: string }

@description('Resource ID of the user-assigned identity.')
param identityId string

@description('Client ID of the user-assigned identity.')
param identityClientId string

@description('The app storage account.')
param storageAccountName string

@description('Blob container the deployment package goes to.')
param deploymentContainerName string

@description('The Application Insights component.')
param applicationInsightsName string

@description('The autopilot\'s own settings (AUTOPILOT_*, AZURE_CLIENT_ID), name to value.')
param appSettings { *: string }

@minValue(0)
@description('Always-ready instances for the durable group.')
param durableAlwaysReadyInstances int

@description('Most instances to scale out to.')
param maximumInstanceCount int

@description('Memory per instance, in MB.')
param instanceMemoryMB int

@allowed([
  '22'
  '24'
])
@description('Node.js version of the Flex Consumption runtime.')
param nodeVersion string

resource account 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Identity-based connections: the account name and the identity, never a key. The Application Insights connection
// string carries only the ingestion endpoint and instrumentation key, which accept nothing without Entra ID here
// (DisableLocalAuth); the authentication string names the identity.
var platformSettings = {
  AzureWebJobsStorage__accountName: account.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}
var allSettings = union(appSettings, platformSettings)

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: 'plan-${name}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'autopilot' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${account.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: [
          {
            name: 'durable'
            instanceCount: durableAlwaysReadyInstances
          }
        ]
      }
      runtime: {
        name: 'node'
        version: nodeVersion
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // map(), not a for-expression: a for-expression must know its values when the deployment starts (BCP178), and
      // the Application Insights connection string is read from the deployed component.
      appSettings: map(items(allSettings), setting => {
        name: setting.key
        value: setting.value
      })
    }
  }
}

@description('Function app name.')
output name string = app.name

@description('Function app resource ID.')
output id string = app.id
