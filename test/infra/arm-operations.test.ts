/**
 * The custom roles' actions are exactly what the adapters do: drive the engine through every flow the function app
 * runs (sweep marking, observe and apply with approvals on every target kind, endpoint refreshes after a region is
 * added and removed, record creates, updates and deletes, a deleted endpoint's clean-up, diagnosis) against the ARM
 * emulator, map each logged request to the RBAC action ARM checks, and compare with `src/azure/arm-operations.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import { ARM_OPERATIONS, LINKED_ACCESS, UNDOCUMENTED_OPERATIONS, roleActions } from '../../src/azure/arm-operations';
import { ArmClients, emulatorTarget } from '../../src/azure/clients';
import { loadSettings } from '../../src/core/settings';
import { createArmContext } from '../../src/azure/ports';
import { planReconcile } from '../../src/core/plan';
import {
  applyPlan,
  cleanupDeletedEndpointDns,
  diagnoseResource,
  observe,
  sweep,
  type EngineContext,
  observeAndPlan,
} from '../../src/engine';
import {
  API_VERSIONS,
  DNS_RESOURCE_GROUP,
  ELASTIC_ALIAS_FACTS,
  KEYVAULT_MANUAL_FACTS,
  MONGO_VCORE_FACTS,
  PROVIDER_SUBSCRIPTION,
  SEED_COSMOS_FACTS,
  TWO_HUBS_FACTS,
  WORKLOAD_SUBSCRIPTION,
  cosmosRegionsChange,
  deleteResource,
  privateEndpoint,
  resourceGroup,
  startEmulator,
  virtualNetwork,
  type RunningEmulator,
} from './support/emulator';
import { rbacAction } from './support/rbac';
import { STORAGE_TYPE, storageProvider } from './support/storage-target';
import { runPolicy } from '../../src/core/plan';

/** A pass that may delete what it wrote: the engine's delete path (run kinds are proven in the run-policy table test). */
const DELETING = runPolicy({ kind: 'target', entry: 'cli', dryRun: false });

/**
 * Where the emulator's URLs differ from Azure's, the action Azure's URL would be checked against. The emulator polls
 * Mongo vCore operations at `locations/{l}/operations/{id}` (Cosmos DB accounts poll `operationsStatus` in both);
 * Azure answers with `locations/{l}/mongoClusterAzureAsyncOperation/{id}` (spec example
 * MongoClusters_PrivateEndpointConnectionPut).
 */
const EMULATOR_URL_TO_AZURE: Record<string, string> = {
  'microsoft.documentdb/locations/operations/read':
    'Microsoft.DocumentDB/locations/mongoClusterAzureAsyncOperation/read',
};

const POLICY = {
  version: 1,
  defaultAction: 'leave-pending',
  rules: [
    {
      name: 'change-ticket',
      match: { requestMessage: '^(CHG[0-9]+|lab:)' },
      action: 'approve',
      description: 'approved by {rule}',
    },
    {
      name: 'saas',
      match: { targetResourceTypes: ['Microsoft.Network/privateLinkServices'] },
      action: 'approve',
      description: 'approved by {rule}',
    },
  ],
};
const T0 = '2030-01-01T00:00:00.000Z';

const lab = resourceGroup(WORKLOAD_SUBSCRIPTION, 'rg-rbac-lab', 'westus');
const labNet = virtualNetwork({
  resourceGroupId: lab.id,
  name: 'vnet-rbac-lab',
  location: 'westus',
  addressPrefix: '10.70.0.0/16',
  subnets: [{ name: 'snet-endpoints', addressPrefix: '10.70.1.0/24' }],
});
const storageId = `${lab.id}/providers/${STORAGE_TYPE}/stlab`;
const labEndpoint = (name: string, target: string, groupIds: string[]) =>
  privateEndpoint({
    resourceGroupId: lab.id,
    name,
    location: 'westus',
    subnetId: labNet.subnetIds['snet-endpoints'] as string,
    target,
    groupIds,
    manual: true,
    requestMessage: `lab: ${name}`,
  });
const labEndpoints = [
  labEndpoint('pe-lab-cosmos', SEED_COSMOS_FACTS.accountId, ['Sql']),
  labEndpoint('pe-lab-mongo', MONGO_VCORE_FACTS.clusterId, ['MongoCluster']),
  labEndpoint('pe-lab-storage', storageId, ['blob']),
];

/** The two-hub world's zone resource groups, beside the demo's. */
const HUB_DNS_GROUPS = TWO_HUBS_FACTS.dnsResourceGroups;

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({
    scenario: 'demo',
    lro: { pollsBeforeDone: 1, msBeforeDone: null },
    providers: [storageProvider],
  });
  await emulator.loadScenario({
    name: 'rbac-lab',
    description: 'manual endpoints to a Cosmos DB account, a Mongo vCore cluster and a storage account',
    steps: [
      lab.step,
      labNet.step,
      { method: 'PUT', path: storageId, apiVersion: '2023-05-01', body: { location: 'westus' } },
      ...labEndpoints.map((e) => e.step),
    ],
  });
  await adminRequest('DELETE', '/requests');
});
afterAll(async () => {
  await emulator?.close();
});

function context(dnsResourceGroups = DNS_RESOURCE_GROUP): EngineContext {
  const settings = loadSettings({
    AUTOPILOT_SCOPE_SUBSCRIPTIONS: `${WORKLOAD_SUBSCRIPTION},${PROVIDER_SUBSCRIPTION}`,
    AUTOPILOT_DNS_ZONE_SUBSCRIPTION: WORKLOAD_SUBSCRIPTION,
    AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: dnsResourceGroups,
    AUTOPILOT_POLICY_SOURCE: `inline:${JSON.stringify(POLICY)}`,
  });
  const clients = new ArmClients({
    ...emulatorTarget(emulator),
    maxRetries: 3,
    retryDelayInMs: 5,
    maxRetryDelayInMs: 20,
  });
  return createArmContext({ settings, clients, now: () => new Date(T0), updateIntervalInMs: 5 });
}

async function reconcile() {
  const ctx = context();
  const { observation } = await observeAndPlan(ctx, {}, DELETING);
  return applyPlan(ctx, observation, planReconcile(ctx, observation, DELETING), { policy: DELETING });
}

async function adminRequest(method: string, path: string): Promise<unknown> {
  const ca = await readFile(emulator.caCertPath, 'utf8');
  const text = await new Promise<string>((resolve, reject) => {
    const request = https.request(`${emulator.adminEndpoint}${path}`, { method, ca }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
  return JSON.parse(text) as unknown;
}

const outcomes = (result: { changes: ReadonlyArray<{ kind: string; outcome?: string; targetId?: string }> }) =>
  result.changes.map(
    (c) =>
      `${c.kind} ${c.outcome}${c.targetId ? ` ${c.targetId.split('/providers/')[1]?.split('/').slice(0, 2).join('/')}` : ''}`,
  );

describe('the flows the function app runs, against the emulator', () => {
  it('the timer sweep marks the owned orphans (record updates)', async () => {
    const result = await sweep(context(), { now: T0, graceMinutes: 60, maxDeletions: 50, delete: true });
    expect(result.orphans.filter((o) => o.action === 'mark').map((o) => o.outcome)).toEqual(['done', 'done', 'done']);
  });

  it('reconcile approves connections on every target kind, creates records and deletes orphans', async () => {
    const changes = outcomes(await reconcile());
    for (const type of [
      'Microsoft.KeyVault/vaults',
      'Microsoft.DocumentDB/databaseAccounts',
      'Microsoft.DocumentDB/mongoClusters',
      'Microsoft.Network/privateLinkServices',
      STORAGE_TYPE,
    ]) {
      expect(changes).toContain(`connection-approve done ${type}`);
    }
    expect(changes).toContain('dns-create done');
    expect(changes).toContain('dns-delete done');
  });

  it('a region added and removed: the endpoint is refreshed (long-running PUT) and its records follow', async () => {
    // The lab's endpoint to the account claims the same names with other IPs (a conflict): take it away first.
    const regions = [...SEED_COSMOS_FACTS.regions, 'East US'];
    const steps = [
      deleteResource(labEndpoints[0]?.id ?? '', API_VERSIONS.network),
      cosmosRegionsChange(SEED_COSMOS_FACTS.accountId, regions),
    ];
    await emulator.loadScenario({ name: 'region-added', description: 'East US added', steps });
    expect(outcomes(await reconcile())).toEqual(expect.arrayContaining(['endpoint-refresh done', 'dns-create done']));
    await emulator.loadScenario({
      name: 'region-removed',
      description: 'East US removed',
      steps: [cosmosRegionsChange(SEED_COSMOS_FACTS.accountId, SEED_COSMOS_FACTS.regions)],
    });
    expect(outcomes(await reconcile())).toEqual(expect.arrayContaining(['endpoint-refresh done', 'dns-delete done']));
  });

  it('an endpoint deleted: its records are released; then diagnosis reads what the doctor reads', async () => {
    await emulator.loadScenario({
      name: 'vault-endpoint-deleted',
      description: 'pe-kv-manual deleted',
      steps: [deleteResource(KEYVAULT_MANUAL_FACTS.endpointId, API_VERSIONS.network)],
    });
    const cleanup = await cleanupDeletedEndpointDns(context(), KEYVAULT_MANUAL_FACTS.endpointId, { dryRun: false });
    expect(outcomes(cleanup)).toContain('dns-delete done');
    const diagnosis = await diagnoseResource(context(), SEED_COSMOS_FACTS.accountId);
    expect(diagnosis).toBeDefined();
    const focused = await observe(context(), { resourceId: ELASTIC_ALIAS_FACTS.serviceId });
    expect(focused.failures).toEqual([]);
  });

  it("two regional hubs: each endpoint's records go to the copy its spoke's hub links (links and peerings read)", async () => {
    await emulator.loadScenario('two-hubs');
    const ctx = context(HUB_DNS_GROUPS.join(','));
    const { observation, plan } = await observeAndPlan(ctx, { resourceId: TWO_HUBS_FACTS.accountId }, DELETING);
    expect(plan.conflicts).toEqual([]);
    expect(observation.failures).toEqual([]);
    expect(outcomes(await applyPlan(ctx, observation, plan, { policy: DELETING }))).toContain('dns-create done');
  });
});

describe('the RBAC actions of those requests', () => {
  let requests: Array<{ method: string; path: string; status: number; action: string }>;
  beforeAll(async () => {
    const log = (await adminRequest('GET', '/requests')) as {
      value: Array<{ method: string; path: string; status: number }>;
    };
    requests = log.value.map((r) => {
      const action = rbacAction(r.method, r.path);
      return { ...r, action: EMULATOR_URL_TO_AZURE[action.toLowerCase()] ?? action };
    });
  });

  const key = (action: string) => action.toLowerCase();
  const sorted = (actions: Iterable<string>) => [...new Set([...actions].map(key))].sort();

  it('are exactly the listed operations, plus the polls Azure documents no action for', () => {
    expect(requests.length).toBeGreaterThan(100);
    expect(sorted(requests.map((r) => r.action))).toEqual(
      sorted([...ARM_OPERATIONS, ...UNDOCUMENTED_OPERATIONS].map((p) => p.action)),
    );
  });

  it('uses the emulator-to-Azure URL translation (remove it when the emulator answers with Azure’s URL)', () => {
    for (const azure of Object.values(EMULATOR_URL_TO_AZURE))
      expect(
        requests.some((r) => r.action === azure),
        azure,
      ).toBe(true);
  });

  it('touch DNS zones only in the zone resource group, and nothing there needs the workload role', () => {
    const dnsActions = new Set(ARM_OPERATIONS.filter((p) => p.scope === 'dns-zones').map((p) => key(p.action)));
    const zoneGroups = [DNS_RESOURCE_GROUP, ...HUB_DNS_GROUPS].map((group) =>
      `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourcegroups/${group}/`.toLowerCase(),
    );
    for (const r of requests)
      expect(dnsActions.has(key(r.action)), `${r.method} ${r.path}`).toBe(
        zoneGroups.some((group) => r.path.toLowerCase().startsWith(group)),
      );
  });

  it('list linked access with the request that needs it, and no action twice', () => {
    const direct = new Set(ARM_OPERATIONS.map((p) => key(p.action)));
    for (const linked of LINKED_ACCESS) {
      expect(direct.has(key(linked.checkedWith)), linked.action).toBe(true);
      expect(direct.has(key(linked.action)), linked.action).toBe(false);
    }
    const all = [...roleActions('workload'), ...roleActions('dns-zones')].map(key);
    expect(new Set(all).size).toBe(all.length);
    for (const undocumented of UNDOCUMENTED_OPERATIONS) expect(all).not.toContain(key(undocumented.action));
  });
});

describe('rbacAction', () => {
  it.each([
    ['GET', '/subscriptions/s/providers/Microsoft.Network/privateEndpoints', 'Microsoft.Network/privateEndpoints/read'],
    [
      'PUT',
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.x/A/acct',
      'Microsoft.Network/privateDnsZones/A/write',
    ],
    [
      'DELETE',
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.x/A/acct',
      'Microsoft.Network/privateDnsZones/A/delete',
    ],
    [
      'GET',
      '/subscriptions/s/providers/Microsoft.Network/locations/westus/operations/123',
      'Microsoft.Network/locations/operations/read',
    ],
    [
      'POST',
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/a/listKeys',
      'Microsoft.DocumentDB/databaseAccounts/listKeys/action',
    ],
    ['GET', '/subscriptions', 'Microsoft.Resources/subscriptions/read'],
    ['GET', '/subscriptions/s/resourceGroups/rg', 'Microsoft.Resources/subscriptions/resourceGroups/read'],
  ])('%s %s → %s', (method, path, action) => {
    expect(rbacAction(method, path)).toBe(action);
  });
});
