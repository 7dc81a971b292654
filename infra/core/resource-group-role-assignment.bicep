// Assigns a custom role to the app identity on this resource group (a hub DNS zone group).
@description('GUID of the custom role definition.')
param roleId string

@description('Principal ID of the app identity.')
param principalId string

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, roleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
