/** Check 2: can the target's API and mode use private endpoints at all? Only limits Microsoft documents are checked. */
import type { Finding } from './types';
import type { World } from './world';

const COSMOS_ACCOUNT_TYPE = 'microsoft.documentdb/databaseaccounts';
/** Cosmos DB's capability flags that select an API other than NoSQL; an account has at most one of them. */
const CAPABILITY_APIS: ReadonlyArray<[string, string]> = [
  ['enablemongo', 'MongoDB'],
  ['enablecassandra', 'Cassandra'],
  ['enablegremlin', 'Gremlin'],
  ['enabletable', 'Table'],
];

export function targetObservedFindings(world: World): Finding[] {
  if (world.target) return [];
  return [
    {
      check: 'target-observed',
      status: 'info',
      subject: world.targetId,
      message: `${world.targetName} was not observed (another tenant, no read access, or a Private Link Service alias): API and failover checks are skipped`,
      action: '',
    },
  ];
}

export function apiSupportFindings(world: World): Finding[] {
  const target = world.target;
  if (!target?.cosmos || target.type.toLowerCase() !== COSMOS_ACCOUNT_TYPE) return [];
  const { kind, capabilities, serverVersion } = target.cosmos;
  const api = cosmosApi(kind, capabilities);
  const base = { check: 'api-support' as const, subject: target.id };
  if (api !== 'MongoDB') {
    return [
      {
        ...base,
        status: 'ok',
        message: `${world.targetName} uses the ${api} API, which supports private endpoints`,
        action: '',
      },
    ];
  }
  const version = serverVersion?.trim();
  if (!version) {
    return [
      {
        ...base,
        status: 'info',
        message:
          `${world.targetName} uses the MongoDB API but its server version (apiProperties.serverVersion) was not observed; ` +
          'accounts on server version 3.2 (endpoint <account>.documents.azure.com) cannot use private endpoints',
        action: "check the account's server version in the Azure portal (Features → MongoDB server version)",
      },
    ];
  }
  if (version === '3.2' || version.startsWith('3.2.')) {
    return [
      {
        ...base,
        status: 'error',
        message:
          `${world.targetName} uses the MongoDB API on server version ${version}, which cannot use private endpoints ` +
          '(Private Link needs server version 3.6 or later, the <account>.mongo.cosmos.azure.com endpoint)',
        action:
          "the account's owner upgrades the MongoDB server version to 3.6 or later (e.g. 4.2; portal: Features → " +
          'Upgrade MongoDB server version), then creates the private endpoint again',
      },
    ];
  }
  return [
    {
      ...base,
      status: 'ok',
      message: `${world.targetName} uses the MongoDB API on server version ${version}, which supports private endpoints`,
      action: '',
    },
  ];
}

function cosmosApi(kind: string, capabilities: readonly string[]): string {
  if (kind.trim().toLowerCase() === 'mongodb') return 'MongoDB';
  const names = capabilities.map((c) => c.trim().toLowerCase());
  return CAPABILITY_APIS.find(([capability]) => names.includes(capability))?.[1] ?? 'NoSQL';
}
