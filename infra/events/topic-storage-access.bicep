// What a system topic's identity may do in the app's storage: add messages to the events queue (queue delivery only)
// and write dead-lettered events to their container. Scoped to that queue and that container, nothing wider.
@description('Principal ID of the system topic\'s identity.')
param topicPrincipalId string

@description('The app storage account.')
param storageAccountName string

@description('Queue Event Grid delivers to in queue mode.')
param eventsQueueName string

@description('Blob container for dead-lettered events.')
param deadLetterContainerName string

@description('Whether events are delivered to the queue (else to the function).')
param queueDelivery bool

var queueDataMessageSender = 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'
var blobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource account 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: storageAccountName

  resource queues 'queueServices' existing = {
    name: 'default'

    resource events 'queues' existing = {
      name: eventsQueueName
    }
  }

  resource blobs 'blobServices' existing = {
    name: 'default'

    resource deadLetter 'containers' existing = {
      name: deadLetterContainerName
    }
  }
}

resource sendToQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (queueDelivery) {
  name: guid(account::queues::events.id, topicPrincipalId, queueDataMessageSender)
  scope: account::queues::events
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', queueDataMessageSender)
    principalId: topicPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource writeDeadLetters 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account::blobs::deadLetter.id, topicPrincipalId, blobDataContributor)
  scope: account::blobs::deadLetter
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributor)
    principalId: topicPrincipalId
    principalType: 'ServicePrincipal'
  }
}
