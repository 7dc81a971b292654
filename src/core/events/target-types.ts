/**
 * Built-in private link target types (lower case), used when the caller does not pass the service catalogue's set.
 * A write, delete or action on one of these may change what its endpoints need (e.g. a Cosmos DB region added).
 */
export const DEFAULT_TARGET_TYPES: ReadonlySet<string> = new Set(
  [
    'Microsoft.DocumentDB/databaseAccounts',
    'Microsoft.DocumentDB/mongoClusters',
    'Microsoft.KeyVault/vaults',
    'Microsoft.Network/privateLinkServices',
    'Microsoft.Storage/storageAccounts',
    'Microsoft.Sql/servers',
    'Microsoft.DBforPostgreSQL/flexibleServers',
    'Microsoft.DBforMySQL/flexibleServers',
    'Microsoft.EventHub/namespaces',
    'Microsoft.ServiceBus/namespaces',
    'Microsoft.Web/sites',
    'Microsoft.ContainerRegistry/registries',
    'Microsoft.CognitiveServices/accounts',
    'Microsoft.Search/searchServices',
    'Microsoft.AppConfiguration/configurationStores',
    'Microsoft.Cache/Redis',
  ].map((type) => type.toLowerCase()),
);
