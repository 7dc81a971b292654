// An existing Event Grid custom topic (CloudEvents 1.0 input) for the outcome events: the app identity gets the
// EventGrid Data Sender role on it, and its endpoint becomes AUTOPILOT_OUTCOME_TOPIC_ENDPOINT.
@description('Name of the existing topic, in this module\'s resource group.')
param topicName string

@description('Principal ID of the app identity, which publishes.')
param senderPrincipalId string

var eventGridDataSender = 'd5a91429-5739-47e2-a06b-3470a27159e7'

resource topic 'Microsoft.EventGrid/topics@2025-02-15' existing = {
  name: topicName
}

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, senderPrincipalId, eventGridDataSender)
  scope: topic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventGridDataSender)
    principalId: senderPrincipalId
    principalType: 'ServicePrincipal'
  }
}

@description('The topic endpoint the app publishes to (AUTOPILOT_OUTCOME_TOPIC_ENDPOINT).')
output endpoint string = topic.properties.endpoint
