// The outcome events' Event Grid custom topic (CloudEvents 1.0 input, Entra ID only: no access keys) and the app
// identity's EventGrid Data Sender role on it. Subscribe e-mail, Teams or a Logic App to it (docs/outcome-events.md).
@description('Custom topic name.')
param name string

@description('Region.')
param location string

@description('Tags.')
param tags { *: string }

@description('Principal ID of the app identity, which publishes.')
param senderPrincipalId string

var eventGridDataSender = 'd5a91429-5739-47e2-a06b-3470a27159e7'

resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
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

@description('The topic resource ID.')
output id string = topic.id
