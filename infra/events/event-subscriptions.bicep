// The Event Grid subscriptions on one subscription's system topic: on a scope subscription one per filter group, each
// with one advanced filter on data.operationName (Event Grid allows 25 values per subscription), equal to what the
// router acts on (src/core/events/handled-operations.ts; test/infra keeps the two equal); on the DNS zone subscription
// one more for writes and deletes of A record sets (drift repair). A zone subscription that is also a scope
// subscription has both on its one topic (Event Grid allows one system topic per subscription and source). Delivery to the resourceEvents function
// (AzureFunction endpoint: Event Grid authenticates itself, no key leaves Azure) or, for a private function app, to the
// autopilot-events queue with the topic's identity. Retries, then dead-letters to blob with the topic's identity.
@description('The system topic in this resource group.')
param systemTopicName string

@allowed([
  'function'
  'queue'
])
@description('function: push to the resourceEvents function; queue: to the Storage queue.')
param delivery string

@description('Resource ID of the function app (function delivery).')
param functionAppId string

@description('Resource ID of the app storage account (queue and dead letters).')
param storageAccountId string

@description('Queue name (queue delivery).')
param eventsQueueName string

@description('Blob container for dead-lettered events.')
param deadLetterContainerName string

@description('Deliver the private link operations (a scope subscription).')
param privateLinkEvents bool = true

@description('Deliver writes and deletes of A record sets (the DNS zone subscription).')
param recordEvents bool = false

@minValue(1)
@maxValue(30)
@description('Delivery attempts before dead-lettering.')
param maxDeliveryAttempts int

@minValue(1)
@maxValue(1440)
@description('Minutes of retrying before dead-lettering.')
param eventTimeToLiveInMinutes int

var operationFilterGroups = [
  {
    name: 'endpoints'
    operatorType: 'StringIn'
    values: [
      'Microsoft.Network/privateEndpoints/write'
      'Microsoft.Network/privateEndpoints/delete'
      'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/write'
      'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/delete'
    ]
  }
  {
    name: 'targets-1'
    operatorType: 'StringIn'
    values: [
      'Microsoft.AppConfiguration/configurationStores/write'
      'Microsoft.AppConfiguration/configurationStores/delete'
      'Microsoft.Cache/Redis/write'
      'Microsoft.Cache/Redis/delete'
      'Microsoft.Cache/RedisEnterprise/write'
      'Microsoft.Cache/RedisEnterprise/delete'
      'Microsoft.CognitiveServices/accounts/write'
      'Microsoft.CognitiveServices/accounts/delete'
      'Microsoft.ContainerRegistry/registries/write'
      'Microsoft.ContainerRegistry/registries/delete'
      'Microsoft.ContainerService/managedClusters/write'
      'Microsoft.ContainerService/managedClusters/delete'
      'Microsoft.DBforMySQL/flexibleServers/write'
      'Microsoft.DBforMySQL/flexibleServers/delete'
      'Microsoft.DBforPostgreSQL/flexibleServers/write'
      'Microsoft.DBforPostgreSQL/flexibleServers/delete'
      'Microsoft.DBforPostgreSQL/serverGroupsv2/write'
      'Microsoft.DBforPostgreSQL/serverGroupsv2/delete'
      'Microsoft.DocumentDB/databaseAccounts/write'
      'Microsoft.DocumentDB/databaseAccounts/delete'
      'Microsoft.DocumentDB/mongoClusters/write'
      'Microsoft.DocumentDB/mongoClusters/delete'
      'Microsoft.EventGrid/domains/write'
      'Microsoft.EventGrid/domains/delete'
      'Microsoft.EventGrid/topics/write'
    ]
  }
  {
    name: 'targets-2'
    operatorType: 'StringIn'
    values: [
      'Microsoft.EventGrid/topics/delete'
      'Microsoft.EventHub/namespaces/write'
      'Microsoft.EventHub/namespaces/delete'
      'Microsoft.KeyVault/managedHSMs/write'
      'Microsoft.KeyVault/managedHSMs/delete'
      'Microsoft.KeyVault/vaults/write'
      'Microsoft.KeyVault/vaults/delete'
      'Microsoft.MachineLearningServices/workspaces/write'
      'Microsoft.MachineLearningServices/workspaces/delete'
      'Microsoft.Network/privateLinkServices/write'
      'Microsoft.Network/privateLinkServices/delete'
      'Microsoft.Search/searchServices/write'
      'Microsoft.Search/searchServices/delete'
      'Microsoft.ServiceBus/namespaces/write'
      'Microsoft.ServiceBus/namespaces/delete'
      'Microsoft.Sql/managedInstances/write'
      'Microsoft.Sql/managedInstances/delete'
      'Microsoft.Sql/servers/write'
      'Microsoft.Sql/servers/delete'
      'Microsoft.Storage/storageAccounts/write'
      'Microsoft.Storage/storageAccounts/delete'
      'Microsoft.Web/sites/write'
      'Microsoft.Web/sites/delete'
      'Microsoft.Web/staticSites/write'
      'Microsoft.Web/staticSites/delete'
    ]
  }
  {
    name: 'connections'
    operatorType: 'StringContains'
    values: [
      '/privateEndpointConnections/'
      '/privateEndpointConnectionProxies/'
      '/privateEndpointConnectionsApproval/action'
    ]
  }
]

// Writes and deletes of A record sets in the zone copies (src/core/events/handled-operations.ts RECORD_FILTER_GROUP).
var recordFilterGroup = {
  name: 'records'
  operatorType: 'StringIn'
  values: [
    'Microsoft.Network/privateDnsZones/A/write'
    'Microsoft.Network/privateDnsZones/A/delete'
  ]
}

var recordEventTypes = [
  'Microsoft.Resources.ResourceWriteSuccess'
  'Microsoft.Resources.ResourceDeleteSuccess'
]

var recordFilters = [
  {
    key: 'data.operationName'
    operatorType: 'StringIn'
    values: recordFilterGroup.values
  }
]

var handledEventTypes = [
  'Microsoft.Resources.ResourceWriteSuccess'
  'Microsoft.Resources.ResourceDeleteSuccess'
  'Microsoft.Resources.ResourceActionSuccess'
]

var retryPolicy = {
  maxDeliveryAttempts: maxDeliveryAttempts
  eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
}

var deadLetter = {
  identity: {
    type: 'SystemAssigned'
  }
  deadLetterDestination: {
    endpointType: 'StorageBlob'
    properties: {
      resourceId: storageAccountId
      blobContainerName: deadLetterContainerName
    }
  }
}

// Each group's advanced filters: one, on data.operationName. Event Grid's advanced filter is a union on operatorType:
// each branch names its operator literally so that the compiler type-checks the filter (an operator read from the group
// is unknown at compile time and switches checking off, BCP225).
var operationFilters = map(
  operationFilterGroups,
  group => [
    group.operatorType == 'StringIn'
      ? {
          key: 'data.operationName'
          operatorType: 'StringIn'
          values: group.values
        }
      : {
          key: 'data.operationName'
          operatorType: 'StringContains'
          values: group.values
        }
  ]
)

// The function app is in the deployment subscription, named by its resource ID (main.bicep's AZURE_FUNCTION_APP_ID).
var functionAppIdSegments = split(functionAppId, '/')

resource functionApp 'Microsoft.Web/sites@2025-03-01' existing = {
  scope: resourceGroup(functionAppIdSegments[2], functionAppIdSegments[4])
  name: last(functionAppIdSegments)

  resource resourceEvents 'functions' existing = {
    name: 'resourceEvents'
  }
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource toFunction 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = [
  for (group, i) in operationFilterGroups: if (privateLinkEvents && delivery == 'function') {
    parent: topic
    name: 'autopilot-${group.name}'
    properties: {
      eventDeliverySchema: 'EventGridSchema'
      destination: {
        endpointType: 'AzureFunction'
        properties: {
          resourceId: functionApp::resourceEvents.id
        }
      }
      filter: {
        includedEventTypes: handledEventTypes
        advancedFilters: operationFilters[i]
      }
      retryPolicy: retryPolicy
      deadLetterWithResourceIdentity: deadLetter
    }
  }
]

resource toQueue 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = [
  for (group, i) in operationFilterGroups: if (privateLinkEvents && delivery == 'queue') {
    parent: topic
    name: 'autopilot-${group.name}'
    properties: {
      eventDeliverySchema: 'EventGridSchema'
      deliveryWithResourceIdentity: {
        identity: {
          type: 'SystemAssigned'
        }
        destination: {
          endpointType: 'StorageQueue'
          properties: {
            resourceId: storageAccountId
            queueName: eventsQueueName
          }
        }
      }
      filter: {
        includedEventTypes: handledEventTypes
        advancedFilters: operationFilters[i]
      }
      retryPolicy: retryPolicy
      deadLetterWithResourceIdentity: deadLetter
    }
  }
]

resource recordsToFunction 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (recordEvents && delivery == 'function') {
  parent: topic
  name: 'autopilot-${recordFilterGroup.name}'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: functionApp::resourceEvents.id
      }
    }
    filter: {
      includedEventTypes: recordEventTypes
      advancedFilters: recordFilters
    }
    retryPolicy: retryPolicy
    deadLetterWithResourceIdentity: deadLetter
  }
}

resource recordsToQueue 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (recordEvents && delivery == 'queue') {
  parent: topic
  name: 'autopilot-${recordFilterGroup.name}'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    deliveryWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      destination: {
        endpointType: 'StorageQueue'
        properties: {
          resourceId: storageAccountId
          queueName: eventsQueueName
        }
      }
    }
    filter: {
      includedEventTypes: recordEventTypes
      advancedFilters: recordFilters
    }
    retryPolicy: retryPolicy
    deadLetterWithResourceIdentity: deadLetter
  }
}
