// The user-assigned identity the function app runs as: ARM (two custom roles) and its own storage and telemetry.
@description('Identity name.')
param name string

@description('Region.')
param location string

@description('Tags.')
param tags { *: string }

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Identity resource ID.')
output id string = identity.id

@description('Client ID of the identity (AZURE_CLIENT_ID, AzureWebJobsStorage__clientId).')
output clientId string = identity.properties.clientId

@description('Principal ID of the identity, for role assignments.')
output principalId string = identity.properties.principalId
