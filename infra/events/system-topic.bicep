// The subscription's Azure Resource Manager events (Microsoft.Resources.Subscriptions), with a system-assigned identity
// that delivers to the app's queue and dead-letters to its blob container without keys.
@description('System topic name.')
param name string

@description('Tags.')
param tags { *: string }

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: 'global'
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: subscription().id
    topicType: 'Microsoft.Resources.Subscriptions'
  }
}

@description('Principal ID of the topic\'s system-assigned identity.')
output principalId string = topic.identity.principalId
