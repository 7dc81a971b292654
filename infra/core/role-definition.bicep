// A custom role holding exactly the actions the caller lists (main.bicep: the adapters' ARM operations).
targetScope = 'subscription'

@description('GUID of the role definition; the assignments reference it.')
param roleId string

@allowed([
  'workload'
  'dns-zones'
])
@description('workload: endpoints, NICs, targets and connections; dns-zones: records in the privatelink.* zones.')
param purpose string

@description('azd environment name, so that two deployments in one tenant get two roles.')
param environmentName string

@description('The actions: src/azure/arm-operations.ts for this purpose.')
param actions string[]

@description('Where the role may be assigned.')
param assignableScopes string[]

resource role 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: roleId
  properties: {
    roleName: 'Private Link Autopilot ${purpose} (${environmentName})'
    description: 'What privatelink-autopilot needs for ${purpose}: exactly the ARM operations its adapters perform.'
    type: 'CustomRole'
    permissions: [
      {
        actions: actions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: assignableScopes
  }
}

@description('Role definition resource ID.')
output id string = role.id
