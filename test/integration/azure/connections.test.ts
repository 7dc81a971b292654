import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionAdapter } from '../../../src/azure/connections';
import { EndpointAdapter } from '../../../src/azure/endpoints';
import type { ObservedConnection } from '../../../src/core/model';
import {
  API_VERSIONS,
  cosmosAccountId,
  privateEndpoint,
  resourceGroup,
  virtualNetwork,
} from '@privatelink-autopilot/arm-emulator';
import { ELASTIC_ALIAS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { KEYVAULT_MANUAL_FACTS, KEYVAULT_REQUEST_MESSAGE } from '@privatelink-autopilot/arm-emulator';
import { MONGO_VCORE_FACTS } from '@privatelink-autopilot/arm-emulator';
import { SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { WORKLOAD_SUBSCRIPTION } from '@privatelink-autopilot/arm-emulator';
import { counts, FAST_POLL_MS, startAdapterWorld, type AdapterWorld } from './support';

let world: AdapterWorld;
const PAGE_SIZE = 2;

// A lab next to the seed stories: manual endpoints to the Cosmos account, the Mongo vCore cluster and the vault, and a
// MongoDB API 3.2 account. The Private Link Service is the Elastic story's, in the provider's subscription.
const lab = resourceGroup(WORKLOAD_SUBSCRIPTION, 'rg-connections', 'westus');
const labNet = virtualNetwork({
  resourceGroupId: lab.id,
  name: 'vnet-lab',
  location: 'westus',
  addressPrefix: '10.20.0.0/16',
  subnets: [{ name: 'snet-endpoints', addressPrefix: '10.20.1.0/24' }],
});
const endpointSubnet = labNet.subnetIds['snet-endpoints'] as string;
function manualEndpoint(name: string, target: string, groupIds?: string[]) {
  return privateEndpoint({
    resourceGroupId: lab.id,
    name,
    location: 'westus',
    subnetId: endpointSubnet,
    target,
    ...(groupIds ? { groupIds } : {}),
    manual: true,
    requestMessage: `please approve ${name}`,
  });
}
const cosmosToApprove = manualEndpoint('pe-cosmos-approve', SEED_COSMOS_FACTS.accountId, ['Sql']);
const cosmosToReject = manualEndpoint('pe-cosmos-reject', SEED_COSMOS_FACTS.accountId, ['Sql']);
const mongoManual = [
  manualEndpoint('pe-mongo-1', MONGO_VCORE_FACTS.clusterId, ['MongoCluster']),
  manualEndpoint('pe-mongo-2', MONGO_VCORE_FACTS.clusterId, ['MongoCluster']),
];
const vaultSecond = manualEndpoint('pe-kv-second', KEYVAULT_MANUAL_FACTS.vaultId, ['vault']);
const legacyMongoId = cosmosAccountId(lab.id, 'legacy-mongo32');
const legacyMongo = {
  method: 'PUT' as const,
  path: legacyMongoId,
  apiVersion: API_VERSIONS.cosmosDb,
  body: {
    location: 'West US',
    kind: 'MongoDB',
    tags: { team: 'legacy' },
    properties: {
      databaseAccountOfferType: 'Standard',
      apiProperties: { serverVersion: '3.2' },
      capabilities: [{ name: 'EnableMongo' }],
      locations: [{ locationName: 'West US', failoverPriority: 0 }],
    },
  },
};

beforeAll(async () => {
  world = await startAdapterWorld({ paging: { pageSize: PAGE_SIZE } });
  await world.apply([
    lab.step,
    labNet.step,
    legacyMongo,
    ...[cosmosToApprove, cosmosToReject, ...mongoManual, vaultSecond].map((b) => b.step),
  ]);
});
afterAll(async () => {
  await world?.close();
});
afterEach(() => {
  world.emulator.faults.clear();
});

function adapter(): ConnectionAdapter {
  return new ConnectionAdapter(world.clients(), { updateIntervalInMs: FAST_POLL_MS });
}

async function connectionOf(targetId: string, endpointId: string): Promise<ObservedConnection> {
  const { connections } = await adapter().listConnections(targetId);
  const found = connections.find((c) => c.privateEndpointId?.toLowerCase() === endpointId.toLowerCase());
  if (!found) throw new Error(`no connection of ${endpointId} on ${targetId}`);
  return found;
}

async function endpointStatus(endpointId: string): Promise<string> {
  return (await new EndpointAdapter(world.clients()).observeEndpoint(endpointId)).endpoint.connectionStatus;
}

describe('getTarget', () => {
  it('summarises a Cosmos DB account with its regions in failover order', async () => {
    const { target, calls } = await adapter().getTarget(SEED_COSMOS_FACTS.accountId);
    expect(target).toMatchObject({
      id: SEED_COSMOS_FACTS.accountId,
      type: 'Microsoft.DocumentDB/databaseAccounts',
      name: 'seed-cosmos',
    });
    expect(target.cosmos).toMatchObject({ kind: 'GlobalDocumentDB', api: 'Sql' });
    expect(target.cosmos?.regions.map((r) => r.name)).toEqual(SEED_COSMOS_FACTS.regions);
    expect(calls).toEqual(counts(1));
  });

  it('reports the MongoDB API server version that decides private endpoint support', async () => {
    const { target } = await adapter().getTarget(legacyMongoId);
    expect(target.tags).toEqual({ team: 'legacy' });
    expect(target.cosmos).toMatchObject({
      kind: 'MongoDB',
      api: 'MongoDB',
      serverVersion: '3.2',
      capabilities: ['EnableMongo'],
    });
  });

  it('summarises targets read by generic requests and Private Link Services', async () => {
    expect((await adapter().getTarget(KEYVAULT_MANUAL_FACTS.vaultId)).target).toMatchObject({
      type: 'Microsoft.KeyVault/vaults',
      name: 'kv-autopilot-manual',
      location: 'westus',
    });
    expect((await adapter().getTarget(ELASTIC_ALIAS_FACTS.serviceId)).target).toMatchObject({
      type: 'Microsoft.Network/privateLinkServices',
      name: 'eastus-prod-001-privatelink-service',
    });
  });

  it('refuses a type without a known api-version, before any call', async () => {
    const clients = world.clients();
    const sqlServer = `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourceGroups/rg-sql/providers/Microsoft.Sql/servers/sql1`;
    await expect(new ConnectionAdapter(clients).getTarget(sqlServer)).rejects.toThrow(
      /no api-version is configured for Microsoft\.Sql\/servers/,
    );
    expect(clients.calls).toEqual(counts(0));
  });
});

describe('listConnections', () => {
  it('lists a Cosmos DB account connections in the policy terms, with the target tags', async () => {
    const { connections, target, calls } = await adapter().listConnections(SEED_COSMOS_FACTS.accountId);
    expect(target.name).toBe('seed-cosmos');
    expect(connections.map((c) => [c.privateEndpointId?.split('/').pop(), c.status, c.groupIds]).sort()).toEqual([
      ['pe-cosmos-approve', 'Pending', ['Sql']],
      ['pe-cosmos-reject', 'Pending', ['Sql']],
      ['pe-seed-cosmos', 'Approved', ['Sql']],
    ]);
    expect(connections[0]).toMatchObject({
      targetId: SEED_COSMOS_FACTS.accountId,
      targetType: 'Microsoft.DocumentDB/databaseAccounts',
    });
    expect(calls).toEqual(counts(2));
  });

  it('follows nextLink for Mongo vCore clusters and reuses a known summary', async () => {
    const { target } = await adapter().getTarget(MONGO_VCORE_FACTS.clusterId);
    const { connections, calls } = await adapter().listConnections(MONGO_VCORE_FACTS.clusterId, target);
    expect(connections.map((c) => c.status).sort()).toEqual(['Approved', 'Pending', 'Pending']);
    expect(connections.every((c) => c.groupIds.join() === 'MongoCluster')).toBe(true);
    expect(calls).toEqual(counts(2));
  });

  it('reads Key Vault connections (nextLink null on the last page) with the requester message', async () => {
    const { connections } = await adapter().listConnections(KEYVAULT_MANUAL_FACTS.vaultId);
    const manual = connections.find(
      (c) => c.privateEndpointId?.toLowerCase() === KEYVAULT_MANUAL_FACTS.endpointId.toLowerCase(),
    );
    expect(manual).toMatchObject({
      status: 'Pending',
      description: KEYVAULT_REQUEST_MESSAGE,
      targetType: 'Microsoft.KeyVault/vaults',
    });
    expect(connections).toHaveLength(2);
  });

  it('lists a Private Link Service provider-side connections, across subscriptions', async () => {
    const { connections } = await adapter().listConnections(ELASTIC_ALIAS_FACTS.serviceId);
    expect(connections.map((c) => [c.privateEndpointId, c.status, c.description])).toEqual([
      [ELASTIC_ALIAS_FACTS.endpointId, 'Pending', 'Elastic Cloud deployment traffic filter'],
    ]);
  });
});

describe('decide', () => {
  it('approves a Cosmos DB connection through the Enqueued long-running operation, then reports unchanged', async () => {
    world.fault({
      path: 'privateEndpointConnections/pe-cosmos-approve',
      method: 'PUT',
      kind: 'server-error',
      status: 503,
      count: 1,
    });
    const pending = await connectionOf(SEED_COSMOS_FACTS.accountId, cosmosToApprove.id);
    const approved = await adapter().decide(pending, 'approve', 'Approved by policy rule cosmos-lab');
    expect(approved.outcome).toBe('approved');
    expect(approved.connection).toMatchObject({
      status: 'Approved',
      description: 'Approved by policy rule cosmos-lab',
      provisioningState: 'Succeeded',
    });
    expect(approved.calls.writes).toBe(2);
    expect(approved.calls.reads).toBeGreaterThanOrEqual(3);
    expect(await endpointStatus(cosmosToApprove.id)).toBe('Approved');

    const again = await adapter().decide(pending, 'approve', 'Approved by policy rule cosmos-lab');
    expect(again).toMatchObject({ outcome: 'unchanged', calls: counts(1) });
  });

  it('rejects, and reports a rejected Cosmos DB connection that should be approved instead of writing', async () => {
    const pending = await connectionOf(SEED_COSMOS_FACTS.accountId, cosmosToReject.id);
    const rejected = await adapter().decide(pending, 'reject', 'No rule allows this requester');
    expect(rejected).toMatchObject({
      outcome: 'rejected',
      connection: { status: 'Rejected', description: 'No rule allows this requester' },
    });
    const refused = await adapter().decide(pending, 'approve', 'Approved by policy');
    expect(refused).toMatchObject({
      outcome: 'cannot-approve-rejected',
      connection: { status: 'Rejected' },
      calls: counts(1),
    });
  });

  it('approves a Mongo vCore connection through its long-running operation', async () => {
    const pending = await connectionOf(MONGO_VCORE_FACTS.clusterId, mongoManual[0]?.id ?? '');
    const approved = await adapter().decide(pending, 'approve', 'Approved: MongoCluster lab');
    expect(approved).toMatchObject({
      outcome: 'approved',
      connection: { status: 'Approved', description: 'Approved: MongoCluster lab' },
    });
    expect(approved.calls.writes).toBe(1);
    expect(approved.calls.reads).toBeGreaterThanOrEqual(3);
    expect(await endpointStatus(mongoManual[0]?.id ?? '')).toBe('Approved');
  });

  it('approves a Key Vault connection through a 409 AnotherOperationInProgress, with a configured api-version', async () => {
    world.fault({
      path: 'vaults/kv-autopilot-manual/privateEndpointConnections/',
      method: 'PUT',
      kind: 'conflict',
      count: 1,
    });
    const pending = await connectionOf(KEYVAULT_MANUAL_FACTS.vaultId, KEYVAULT_MANUAL_FACTS.endpointId);
    const vaults = new ConnectionAdapter(world.clients(), {
      apiVersions: { 'Microsoft.KeyVault/vaults': API_VERSIONS.keyVault },
    });
    const approved = await vaults.decide(pending, 'approve', 'CHG12345 approved');
    expect(approved).toMatchObject({
      outcome: 'approved',
      connection: { status: 'Approved', description: 'CHG12345 approved' },
      calls: counts(1, 2),
    });
    expect(await endpointStatus(KEYVAULT_MANUAL_FACTS.endpointId)).toBe('Approved');
  });

  it('approves a Private Link Service connection, which its provider may later reject', async () => {
    const pending = await connectionOf(ELASTIC_ALIAS_FACTS.serviceId, ELASTIC_ALIAS_FACTS.endpointId);
    const approved = await adapter().decide(pending, 'approve', 'Traffic filter created');
    expect(approved).toMatchObject({ outcome: 'approved', connection: { status: 'Approved' }, calls: counts(1, 1) });
    expect(await endpointStatus(ELASTIC_ALIAS_FACTS.endpointId)).toBe('Approved');
    expect((await adapter().decide(pending, 'reject', 'Contract ended')).outcome).toBe('rejected');
  });

  it('rejects a connection ID that is not below a target before any call', async () => {
    const clients = world.clients();
    const pending = await connectionOf(KEYVAULT_MANUAL_FACTS.vaultId, vaultSecond.id);
    await expect(
      new ConnectionAdapter(clients).decide({ ...pending, id: KEYVAULT_MANUAL_FACTS.vaultId }, 'approve', 'x'),
    ).rejects.toThrow(/connection\.id: expected \{target ID\}\/privateEndpointConnections\/\{name\}/);
    expect(clients.calls).toEqual(counts(0));
  });
});
