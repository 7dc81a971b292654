// The function app's storage: deployment package container, Durable task hub (created by the runtime), the queue
// that Event Grid fills in queue-delivery mode, and the dead-letter container. Entra ID only: shared keys disabled.
@description('Storage account name (3-24 lower-case letters and digits).')
param name string

@description('Region.')
param location string

@description('Tags.')
param tags { *: string }

@description('Blob container Flex Consumption deploys the package to.')
param deploymentContainerName string

@description('Queue the resourceEventsQueue function reads (queue delivery).')
param eventsQueueName string

@description('Blob container for events Event Grid could not deliver.')
param deadLetterContainerName string

resource account 'Microsoft.Storage/storageAccounts@2026-09-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }

  resource blobs 'blobServices' = {
    name: 'default'

    resource deployment 'containers' = {
      name: deploymentContainerName
    }

    resource deadLetter 'containers' = {
      name: deadLetterContainerName
    }
  }

  resource queues 'queueServices' = {
    name: 'default'

    resource events 'queues' = {
      name: eventsQueueName
    }
  }
}

@description('Storage account resource ID.')
output id string = account.id

@description('Storage account name.')
output name string = account.name

@description('Blob container Flex Consumption deploys the package to.')
output deploymentContainerName string = deploymentContainerName
