// The Event Grid subscriptions, deployed by the azd postdeploy hook once the code is deployed: the AzureFunction
// endpoint must name a function that exists (on Flex Consumption it appears with the code). Same parameters in both
// delivery modes, so the hook does not branch. Values come from main.bicep's outputs (azd env).
targetScope = 'subscription'

@description('Comma-separated scope subscription IDs (output AUTOPILOT_SCOPE_SUBSCRIPTIONS).')
param scopeSubscriptionIds string

@description('Resource group of the system topic in each scope subscription (output EVENTS_RESOURCE_GROUP).')
param eventsResourceGroupName string

@description('System topic name (output EVENTS_SYSTEM_TOPIC).')
param systemTopicName string

@allowed([
  'function'
  'queue'
])
@description('Delivery mode (output EVENTS_DELIVERY).')
param delivery string

@description('Function app resource ID (output AZURE_FUNCTION_APP_ID).')
param functionAppId string

@description('App storage account resource ID (output EVENTS_STORAGE_ACCOUNT_ID).')
param storageAccountId string

@description('Queue name (output EVENTS_QUEUE).')
param eventsQueueName string

@description('Dead-letter container (output EVENTS_DEAD_LETTER_CONTAINER).')
param deadLetterContainerName string

@description('The DNS zone subscription (output EVENTS_ZONE_SUBSCRIPTION): its topic also delivers A record set writes and deletes.')
param dnsZoneSubscriptionId string = ''

@minValue(1)
@maxValue(30)
@description('Delivery attempts (output EVENTS_MAX_DELIVERY_ATTEMPTS).')
param maxDeliveryAttempts int = 30

@minValue(1)
@maxValue(1440)
@description('Retry window in minutes (output EVENTS_TTL_MINUTES).')
param eventTimeToLiveInMinutes int = 1440

var scopes = filter(map(split(scopeSubscriptionIds, ','), id => trim(id)), id => !empty(id))
var zoneSubscription = toLower(trim(dnsZoneSubscriptionId))
// Event Grid allows one system topic per subscription and source: a zone subscription that is a scope subscription
// has its record subscription on that topic; another gets its own topic (main.bicep) with only the record one.
var zoneIsScope = contains(map(scopes, id => toLower(id)), zoneSubscription)

module subscriptions 'events/event-subscriptions.bicep' = [
  for id in scopes: {
    scope: resourceGroup(id, eventsResourceGroupName)
    params: {
      systemTopicName: systemTopicName
      delivery: delivery
      functionAppId: functionAppId
      storageAccountId: storageAccountId
      eventsQueueName: eventsQueueName
      deadLetterContainerName: deadLetterContainerName
      maxDeliveryAttempts: maxDeliveryAttempts
      eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
      privateLinkEvents: true
      recordEvents: toLower(id) == zoneSubscription
    }
  }
]

module zoneSubscriptionEvents 'events/event-subscriptions.bicep' = if (!empty(zoneSubscription) && !zoneIsScope) {
  scope: resourceGroup(zoneSubscription, eventsResourceGroupName)
  params: {
    systemTopicName: systemTopicName
    delivery: delivery
    functionAppId: functionAppId
    storageAccountId: storageAccountId
    eventsQueueName: eventsQueueName
    deadLetterContainerName: deadLetterContainerName
    maxDeliveryAttempts: maxDeliveryAttempts
    eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
    privateLinkEvents: false
    recordEvents: true
  }
}
