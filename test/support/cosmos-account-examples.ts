/** Spec-defined account properties that neither CosmosDBDatabaseAccountCreateMin nor CosmosDBDatabaseAccountGet shows. */
const ACCOUNT_EXTRAS = [
  'properties.capabilities',
  'properties.publicNetworkAccess',
  'properties.enableAutomaticFailover',
  'properties.enableMultipleWriteLocations',
  'properties.disableLocalAuth',
];

/** Keys an emulated account may have beyond CosmosDBDatabaseAccountCreateMin's 200 body. */
export const CREATE_MIN_EXTRAS = [
  ...ACCOUNT_EXTRAS,
  // In CosmosDBDatabaseAccountGet:
  'properties.documentEndpoint',
  'properties.locations[].documentEndpoint',
  'properties.readLocations[].documentEndpoint',
  'properties.writeLocations[].documentEndpoint',
  'properties.isVirtualNetworkFilterEnabled',
  'properties.virtualNetworkRules',
  'properties.defaultIdentity',
  'properties.enableBurstCapacity',
  'properties.enablePerRegionPerPartitionAutoscale',
  'properties.analyticalStorageConfiguration.schemaType',
  'properties.enablePartitionMerge',
  'properties.privateEndpointConnections',
];

/** Keys an emulated account may have beyond CosmosDBDatabaseAccountGet's body (compare with `identity.userAssignedIdentities` as a map). */
export const ACCOUNT_GET_EXTRAS = [
  ...ACCOUNT_EXTRAS,
  // In CosmosDBDatabaseAccountCreateMin:
  'properties.locations[].isZoneRedundant',
  'properties.readLocations[].isZoneRedundant',
  'properties.writeLocations[].isZoneRedundant',
  'systemData',
  'systemData.createdAt',
  // In CosmosDBPrivateEndpointConnectionGet:
  'properties.privateEndpointConnections[].properties.groupId',
  'properties.privateEndpointConnections[].properties.provisioningState',
  'properties.privateEndpointConnections[].properties.privateLinkServiceConnectionState.description',
];
