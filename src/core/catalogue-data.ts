/**
 * Built-in catalogue rows, from "Azure Private Endpoint private DNS zone values" and the Cosmos DB private endpoint
 * how-to (copied in test/fixtures/reference/private-dns-zone-values.md). Keep this file data only; docs/catalogue.md
 * explains the shape and the few rows that needed a decision.
 */
import type { CatalogueEntry } from './catalogue';

const COSMOS = 'Microsoft.DocumentDB/databaseAccounts';
const STORAGE = 'Microsoft.Storage/storageAccounts';

export const BUILT_IN_CATALOGUE: readonly CatalogueEntry[] = [
  // Databases (commercial)
  {
    service: 'Azure SQL Database',
    resourceType: 'Microsoft.Sql/servers',
    groupIds: ['sqlServer'],
    zones: [{ zone: 'privatelink.database.windows.net', publicSuffixes: ['database.windows.net'] }],
  },
  {
    service: 'Azure SQL Managed Instance',
    resourceType: 'Microsoft.Sql/managedInstances',
    groupIds: ['managedInstance'],
    zones: [
      { zone: 'privatelink.{dnsPrefix}.database.windows.net', publicSuffixes: ['{dnsPrefix}.database.windows.net'] },
    ],
  },
  // Gremlin and Table accounts expose Sql too: one row serves every API, as they share the resource type.
  {
    service: 'Azure Cosmos DB (NoSQL)',
    resourceType: COSMOS,
    groupIds: ['Sql'],
    zones: [{ zone: 'privatelink.documents.azure.com', publicSuffixes: ['documents.azure.com'] }],
  },
  {
    service: 'Azure Cosmos DB (dedicated gateway)',
    resourceType: COSMOS,
    groupIds: ['SqlDedicated'],
    zones: [{ zone: 'privatelink.sqlx.cosmos.azure.com', publicSuffixes: ['sqlx.cosmos.azure.com'] }],
  },
  {
    service: 'Azure Cosmos DB for MongoDB (RU)',
    resourceType: COSMOS,
    groupIds: ['MongoDB'],
    zones: [{ zone: 'privatelink.mongo.cosmos.azure.com', publicSuffixes: ['mongo.cosmos.azure.com'] }],
  },
  {
    service: 'Azure Cosmos DB for Apache Cassandra',
    resourceType: COSMOS,
    groupIds: ['Cassandra'],
    zones: [{ zone: 'privatelink.cassandra.cosmos.azure.com', publicSuffixes: ['cassandra.cosmos.azure.com'] }],
  },
  {
    service: 'Azure Cosmos DB for Apache Gremlin',
    resourceType: COSMOS,
    groupIds: ['Gremlin'],
    zones: [{ zone: 'privatelink.gremlin.cosmos.azure.com', publicSuffixes: ['gremlin.cosmos.azure.com'] }],
  },
  {
    service: 'Azure Cosmos DB for Table',
    resourceType: COSMOS,
    groupIds: ['Table'],
    zones: [{ zone: 'privatelink.table.cosmos.azure.com', publicSuffixes: ['table.cosmos.azure.com'] }],
  },
  {
    service: 'Azure Cosmos DB analytical store',
    resourceType: COSMOS,
    groupIds: ['Analytical'],
    zones: [{ zone: 'privatelink.analytics.cosmos.azure.com', publicSuffixes: ['analytics.cosmos.azure.com'] }],
  },
  {
    service: 'Azure Cosmos DB for PostgreSQL',
    resourceType: 'Microsoft.DBforPostgreSQL/serverGroupsv2',
    groupIds: ['coordinator'],
    zones: [{ zone: 'privatelink.postgres.cosmos.azure.com', publicSuffixes: ['postgres.cosmos.azure.com'] }],
  },
  {
    service: 'Azure Cosmos DB for MongoDB (vCore)',
    resourceType: 'Microsoft.DocumentDB/mongoClusters',
    groupIds: ['MongoCluster'],
    zones: [
      {
        zone: 'privatelink.mongocluster.cosmos.azure.com',
        publicSuffixes: ['mongocluster.cosmos.azure.com'],
        alternativeZones: ['privatelink.mongocluster.azure.com'],
      },
    ],
  },
  {
    service: 'Azure Database for PostgreSQL flexible server',
    resourceType: 'Microsoft.DBforPostgreSQL/flexibleServers',
    groupIds: ['postgresqlServer'],
    zones: [{ zone: 'privatelink.postgres.database.azure.com', publicSuffixes: ['postgres.database.azure.com'] }],
  },
  {
    service: 'Azure Database for MySQL flexible server',
    resourceType: 'Microsoft.DBforMySQL/flexibleServers',
    groupIds: ['mysqlServer'],
    zones: [{ zone: 'privatelink.mysql.database.azure.com', publicSuffixes: ['mysql.database.azure.com'] }],
  },
  {
    service: 'Azure Cache for Redis',
    resourceType: 'Microsoft.Cache/Redis',
    groupIds: ['redisCache'],
    zones: [{ zone: 'privatelink.redis.cache.windows.net', publicSuffixes: ['redis.cache.windows.net'] }],
  },
  {
    service: 'Azure Managed Redis',
    resourceType: 'Microsoft.Cache/RedisEnterprise',
    groupIds: ['redisEnterprise'],
    zones: [{ zone: 'privatelink.redis.azure.net', publicSuffixes: ['{region}.redis.azure.net'] }],
  },

  // Security (commercial)
  {
    service: 'Azure Key Vault',
    resourceType: 'Microsoft.KeyVault/vaults',
    groupIds: ['vault'],
    zones: [{ zone: 'privatelink.vaultcore.azure.net', publicSuffixes: ['vault.azure.net', 'vaultcore.azure.net'] }],
  },
  {
    service: 'Azure Key Vault Managed HSM',
    resourceType: 'Microsoft.KeyVault/managedHSMs',
    groupIds: ['managedhsm'],
    zones: [{ zone: 'privatelink.managedhsm.azure.net', publicSuffixes: ['managedhsm.azure.net'] }],
  },
  {
    service: 'Azure App Configuration',
    resourceType: 'Microsoft.AppConfiguration/configurationStores',
    groupIds: ['configurationStores'],
    zones: [{ zone: 'privatelink.azconfig.io', publicSuffixes: ['azconfig.io'] }],
  },

  // Storage (commercial)
  {
    service: 'Azure Storage (blob)',
    resourceType: STORAGE,
    groupIds: ['blob', 'blob_secondary'],
    zones: [{ zone: 'privatelink.blob.core.windows.net', publicSuffixes: ['blob.core.windows.net'] }],
  },
  {
    service: 'Azure Storage (table)',
    resourceType: STORAGE,
    groupIds: ['table', 'table_secondary'],
    zones: [{ zone: 'privatelink.table.core.windows.net', publicSuffixes: ['table.core.windows.net'] }],
  },
  {
    service: 'Azure Storage (queue)',
    resourceType: STORAGE,
    groupIds: ['queue', 'queue_secondary'],
    zones: [{ zone: 'privatelink.queue.core.windows.net', publicSuffixes: ['queue.core.windows.net'] }],
  },
  {
    service: 'Azure Storage (file)',
    resourceType: STORAGE,
    groupIds: ['file'],
    zones: [{ zone: 'privatelink.file.core.windows.net', publicSuffixes: ['file.core.windows.net'] }],
  },
  {
    service: 'Azure Storage (static website)',
    resourceType: STORAGE,
    groupIds: ['web', 'web_secondary'],
    zones: [{ zone: 'privatelink.web.core.windows.net', publicSuffixes: ['web.core.windows.net'] }],
  },
  {
    service: 'Azure Data Lake Storage Gen2',
    resourceType: STORAGE,
    groupIds: ['dfs', 'dfs_secondary'],
    zones: [{ zone: 'privatelink.dfs.core.windows.net', publicSuffixes: ['dfs.core.windows.net'] }],
  },

  // Integration (commercial)
  {
    service: 'Azure Event Hubs',
    resourceType: 'Microsoft.EventHub/namespaces',
    groupIds: ['namespace'],
    zones: [{ zone: 'privatelink.servicebus.windows.net', publicSuffixes: ['servicebus.windows.net'] }],
  },
  {
    service: 'Azure Service Bus',
    resourceType: 'Microsoft.ServiceBus/namespaces',
    groupIds: ['namespace'],
    zones: [{ zone: 'privatelink.servicebus.windows.net', publicSuffixes: ['servicebus.windows.net'] }],
  },
  {
    service: 'Azure Event Grid topic',
    resourceType: 'Microsoft.EventGrid/topics',
    groupIds: ['topic'],
    zones: [{ zone: 'privatelink.eventgrid.azure.net', publicSuffixes: ['eventgrid.azure.net'] }],
  },
  {
    service: 'Azure Event Grid domain',
    resourceType: 'Microsoft.EventGrid/domains',
    groupIds: ['domain'],
    zones: [{ zone: 'privatelink.eventgrid.azure.net', publicSuffixes: ['eventgrid.azure.net'] }],
  },

  // Web (commercial). `<app>.scm.azurewebsites.net` is record `<app>.scm` in privatelink.azurewebsites.net (footnote 3).
  {
    service: 'Azure App Service / Functions',
    resourceType: 'Microsoft.Web/sites',
    groupIds: ['sites'],
    zones: [
      {
        zone: 'privatelink.azurewebsites.net',
        publicSuffixes: ['azurewebsites.net'],
        alternativeZones: ['scm.privatelink.azurewebsites.net'],
      },
    ],
  },
  {
    service: 'Azure Static Web Apps',
    resourceType: 'Microsoft.Web/staticSites',
    groupIds: ['staticSites'],
    zones: [
      { zone: 'privatelink.azurestaticapps.net', publicSuffixes: ['azurestaticapps.net'] },
      { zone: 'privatelink.{partitionId}.azurestaticapps.net', publicSuffixes: ['{partitionId}.azurestaticapps.net'] },
    ],
  },
  {
    service: 'Azure AI Search',
    resourceType: 'Microsoft.Search/searchServices',
    groupIds: ['searchService'],
    zones: [{ zone: 'privatelink.search.windows.net', publicSuffixes: ['search.windows.net'] }],
  },

  // Containers (commercial). Data endpoints `<reg>.<region>.data.azurecr.io` live in privatelink.azurecr.io (footnote 1).
  {
    service: 'Azure Container Registry',
    resourceType: 'Microsoft.ContainerRegistry/registries',
    groupIds: ['registry'],
    zones: [
      {
        zone: 'privatelink.azurecr.io',
        publicSuffixes: ['azurecr.io'],
        alternativeZones: ['{regionName}.data.privatelink.azurecr.io'],
      },
    ],
  },
  {
    service: 'Azure Kubernetes Service API server',
    resourceType: 'Microsoft.ContainerService/managedClusters',
    groupIds: ['management'],
    zones: [
      {
        zone: 'privatelink.{regionName}.azmk8s.io',
        publicSuffixes: ['{regionName}.azmk8s.io'],
        alternativeZones: ['{subzone}.privatelink.{regionName}.azmk8s.io'],
      },
    ],
  },

  // AI + machine learning (commercial). The workspace's other forwarders (instances.azureml.ms, aznbcontent.net,
  // inference.ml.azure.com) have no zone of their own in the table: their names stay unmapped rather than guessed.
  {
    service: 'Azure Machine Learning workspace',
    resourceType: 'Microsoft.MachineLearningServices/workspaces',
    groupIds: ['amlworkspace'],
    zones: [
      { zone: 'privatelink.api.azureml.ms', publicSuffixes: ['api.azureml.ms'] },
      { zone: 'privatelink.notebooks.azure.net', publicSuffixes: ['notebooks.azure.net'] },
    ],
  },
  {
    service: 'Azure AI services / Foundry Tools',
    resourceType: 'Microsoft.CognitiveServices/accounts',
    groupIds: ['account'],
    zones: [
      { zone: 'privatelink.cognitiveservices.azure.com', publicSuffixes: ['cognitiveservices.azure.com'] },
      { zone: 'privatelink.openai.azure.com', publicSuffixes: ['openai.azure.com'] },
      { zone: 'privatelink.services.ai.azure.com', publicSuffixes: ['services.ai.azure.com'] },
    ],
  },

  // Private Link Services: a target for approvals. Their DNS is the provider's, so it comes from alias entries.
  {
    service: 'Azure Private Link Service',
    resourceType: 'Microsoft.Network/privateLinkServices',
    groupIds: [],
    zones: [],
  },

  // Azure Government
  {
    service: 'Azure Cosmos DB (NoSQL)',
    cloud: 'AzureUSGovernment',
    resourceType: COSMOS,
    groupIds: ['Sql'],
    zones: [{ zone: 'privatelink.documents.azure.us', publicSuffixes: ['documents.azure.us'] }],
  },
  {
    service: 'Azure Cosmos DB for MongoDB (RU)',
    cloud: 'AzureUSGovernment',
    resourceType: COSMOS,
    groupIds: ['MongoDB'],
    zones: [{ zone: 'privatelink.mongo.cosmos.azure.us', publicSuffixes: ['mongo.cosmos.azure.us'] }],
  },
  {
    service: 'Azure Cosmos DB for Apache Cassandra',
    cloud: 'AzureUSGovernment',
    resourceType: COSMOS,
    groupIds: ['Cassandra'],
    zones: [{ zone: 'privatelink.cassandra.cosmos.azure.us', publicSuffixes: ['cassandra.cosmos.azure.us'] }],
  },
  {
    service: 'Azure Cosmos DB for Apache Gremlin',
    cloud: 'AzureUSGovernment',
    resourceType: COSMOS,
    groupIds: ['Gremlin'],
    zones: [{ zone: 'privatelink.gremlin.cosmos.azure.us', publicSuffixes: ['gremlin.cosmos.azure.us'] }],
  },
  {
    service: 'Azure Cosmos DB for Table',
    cloud: 'AzureUSGovernment',
    resourceType: COSMOS,
    groupIds: ['Table'],
    zones: [{ zone: 'privatelink.table.cosmos.azure.us', publicSuffixes: ['table.cosmos.azure.us'] }],
  },
  {
    service: 'Azure Key Vault',
    cloud: 'AzureUSGovernment',
    resourceType: 'Microsoft.KeyVault/vaults',
    groupIds: ['vault'],
    zones: [
      {
        zone: 'privatelink.vaultcore.usgovcloudapi.net',
        publicSuffixes: ['vault.usgovcloudapi.net', 'vaultcore.usgovcloudapi.net'],
      },
    ],
  },

  // Azure China. The table lists only vaultcore.azure.cn for Key Vault; vaults are addressed as <name>.vault.azure.cn,
  // which resolves through the same zone as in the other clouds.
  {
    service: 'Azure Cosmos DB (NoSQL)',
    cloud: 'AzureChinaCloud',
    resourceType: COSMOS,
    groupIds: ['Sql'],
    zones: [{ zone: 'privatelink.documents.azure.cn', publicSuffixes: ['documents.azure.cn'] }],
  },
  {
    service: 'Azure Cosmos DB for MongoDB (RU)',
    cloud: 'AzureChinaCloud',
    resourceType: COSMOS,
    groupIds: ['MongoDB'],
    zones: [{ zone: 'privatelink.mongo.cosmos.azure.cn', publicSuffixes: ['mongo.cosmos.azure.cn'] }],
  },
  {
    service: 'Azure Cosmos DB for Apache Cassandra',
    cloud: 'AzureChinaCloud',
    resourceType: COSMOS,
    groupIds: ['Cassandra'],
    zones: [{ zone: 'privatelink.cassandra.cosmos.azure.cn', publicSuffixes: ['cassandra.cosmos.azure.cn'] }],
  },
  {
    service: 'Azure Cosmos DB for Apache Gremlin',
    cloud: 'AzureChinaCloud',
    resourceType: COSMOS,
    groupIds: ['Gremlin'],
    zones: [{ zone: 'privatelink.gremlin.cosmos.azure.cn', publicSuffixes: ['gremlin.cosmos.azure.cn'] }],
  },
  {
    service: 'Azure Cosmos DB for Table',
    cloud: 'AzureChinaCloud',
    resourceType: COSMOS,
    groupIds: ['Table'],
    zones: [{ zone: 'privatelink.table.cosmos.azure.cn', publicSuffixes: ['table.cosmos.azure.cn'] }],
  },
  {
    service: 'Azure Key Vault',
    cloud: 'AzureChinaCloud',
    resourceType: 'Microsoft.KeyVault/vaults',
    groupIds: ['vault'],
    zones: [{ zone: 'privatelink.vaultcore.azure.cn', publicSuffixes: ['vault.azure.cn', 'vaultcore.azure.cn'] }],
  },
  {
    service: 'Azure Storage (blob)',
    cloud: 'AzureChinaCloud',
    resourceType: STORAGE,
    groupIds: ['blob', 'blob_secondary'],
    zones: [{ zone: 'privatelink.blob.core.chinacloudapi.cn', publicSuffixes: ['blob.core.chinacloudapi.cn'] }],
  },
];
