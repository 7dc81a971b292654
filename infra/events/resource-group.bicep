// The resource group that holds a scope subscription's system topic (in that subscription).
targetScope = 'subscription'

@description('Resource group name.')
param name string

@description('Region of the group (the topic itself is global).')
param location string

@description('Tags.')
param tags { *: string }

resource group 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: name
  location: location
  tags: tags
}
