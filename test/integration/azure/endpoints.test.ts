import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EndpointAdapter } from '../../../src/azure/endpoints';
import { classifyArmError } from '../../../src/azure/errors';
import { ELASTIC_ALIAS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { cosmosAccountId, cosmosRegionsChange, resourceGroupId } from '@privatelink-autopilot/arm-emulator';
import { KEYVAULT_MANUAL_FACTS } from '@privatelink-autopilot/arm-emulator';
import { ORPHANS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { WORKLOAD_SUBSCRIPTION } from '@privatelink-autopilot/arm-emulator';
import { ZONE_GROUP_FACTS } from '@privatelink-autopilot/arm-emulator';
import { counts, FAST_POLL_MS, MAX_RETRIES, startAdapterWorld, type AdapterWorld } from './support';

let world: AdapterWorld;
const PAGE_SIZE = 2;
const ENDPOINTS_IN_WORLD = 6;

beforeAll(async () => {
  world = await startAdapterWorld({ paging: { pageSize: PAGE_SIZE } });
});
afterAll(async () => {
  await world?.close();
});
afterEach(() => {
  world.emulator.faults.clear();
});

function adapter(concurrency?: number): EndpointAdapter {
  return new EndpointAdapter(world.clients(), {
    updateIntervalInMs: FAST_POLL_MS,
    ...(concurrency === undefined ? {} : { concurrency }),
  });
}

async function rawEndpoint(id: string) {
  const [, , subscriptionId, , resourceGroup, , , , name] = id.split('/');
  return world
    .clients()
    .network(subscriptionId as string)
    .privateEndpoints.get(resourceGroup as string, name as string);
}

describe('listEndpoints', () => {
  it('reads every page of the subscription', async () => {
    const { endpoints, calls } = await adapter().listEndpoints(WORKLOAD_SUBSCRIPTION);
    expect(endpoints.map((e) => e.name).sort()).toEqual([
      'pe-elastic',
      'pe-kv-manual',
      'pe-mongo-vcore',
      'pe-orphans-regions',
      'pe-seed-cosmos',
      'pe-zonegroup-cosmos',
    ]);
    expect(calls).toEqual(counts(Math.ceil(ENDPOINTS_IN_WORLD / PAGE_SIZE)));
  });

  it('keeps only the endpoints connected to a target, whatever the ID casing', async () => {
    const { endpoints } = await adapter().listEndpoints(WORKLOAD_SUBSCRIPTION, {
      targetId: SEED_COSMOS_FACTS.accountId.toUpperCase(),
    });
    expect(endpoints.map((e) => e.id)).toEqual([SEED_COSMOS_FACTS.endpointId]);
  });

  it('matches an endpoint that knows its Private Link Service only by alias', async () => {
    const { endpoints } = await adapter().listEndpoints(WORKLOAD_SUBSCRIPTION, {
      targetId: ELASTIC_ALIAS_FACTS.alias.toUpperCase(),
    });
    expect(endpoints.map((e) => e.id)).toEqual([ELASTIC_ALIAS_FACTS.endpointId]);
  });

  it('is retried through a connection reset and a 503', async () => {
    world.fault({ path: 'privateEndpoints$', method: 'GET', kind: 'reset', count: 1 });
    world.fault({ path: 'privateEndpoints$', method: 'GET', kind: 'server-error', status: 503, count: 1 });
    const { endpoints, calls } = await adapter().listEndpoints(WORKLOAD_SUBSCRIPTION);
    expect(endpoints).toHaveLength(ENDPOINTS_IN_WORLD);
    expect(calls.reads).toBe(Math.ceil(ENDPOINTS_IN_WORLD / PAGE_SIZE) + 2);
  });
});

describe('observeEndpoint', () => {
  it('reads the endpoint, its NIC and its zone groups into the planner terms', async () => {
    const { endpoint, calls } = await adapter().observeEndpoint(SEED_COSMOS_FACTS.endpointId);
    expect(endpoint).toMatchObject({
      id: SEED_COSMOS_FACTS.endpointId,
      provisioningState: 'Succeeded',
      connectionStatus: 'Approved',
      actionsRequired: 'None',
      target: SEED_COSMOS_FACTS.accountId,
      groupIds: ['Sql'],
      managedByZoneGroup: false,
      subnetId: SEED_COSMOS_FACTS.subnetId,
    });
    expect(endpoint.ipConfigurations.map((c) => [c.memberName, c.ipAddress, c.fqdns])).toEqual(
      Object.entries(SEED_COSMOS_FACTS.records).map(([member, ip]) => [member, ip, [`${member}.documents.azure.com`]]),
    );
    expect(calls).toEqual(counts(3));
  });

  it('reads an alias endpoint: one IP, no group, no FQDN', async () => {
    const { endpoint } = await adapter().observeEndpoint(ELASTIC_ALIAS_FACTS.endpointId);
    expect(endpoint).toMatchObject({ target: ELASTIC_ALIAS_FACTS.alias, connectionStatus: 'Pending', groupIds: [] });
    expect(endpoint.ipConfigurations).toEqual([
      { groupId: '', memberName: '', fqdns: [], ipAddress: ELASTIC_ALIAS_FACTS.expectedIp },
    ]);
  });

  it('reports the zones of a private DNS zone group', async () => {
    const { endpoint } = await adapter().observeEndpoint(ZONE_GROUP_FACTS.endpointId);
    expect(endpoint.managedByZoneGroup).toBe(true);
    expect(endpoint.zoneGroupZones).toEqual(['privatelink.documents.azure.com']);
  });

  it('honours Retry-After on a 429 and succeeds', async () => {
    world.fault({ path: 'networkInterfaces/', method: 'GET', kind: 'throttle', retryAfterSeconds: 1, count: 1 });
    const started = Date.now();
    const { endpoint, calls } = await adapter().observeEndpoint(KEYVAULT_MANUAL_FACTS.endpointId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(endpoint.ipConfigurations.map((c) => c.ipAddress)).toEqual([KEYVAULT_MANUAL_FACTS.expectedIp]);
    expect(calls).toEqual(counts(4));
  });

  it('gives up after the bounded retries and classifies the failure as transient', async () => {
    world.fault({ path: 'privateDnsZoneGroups$', method: 'GET', kind: 'server-error', status: 500 });
    const error = await adapter()
      .observeEndpoint(SEED_COSMOS_FACTS.endpointId)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(classifyArmError(error)).toMatchObject({ transient: true, status: 500, code: 'InternalServerError' });
    expect(world.emulator.faults.list()[0]?.hits).toBe(MAX_RETRIES + 1);
  });
});

describe('observeEndpoints', () => {
  it('observes many at a bounded concurrency and reports the ones that are gone without stopping', async () => {
    const missing = SEED_COSMOS_FACTS.endpointId.replace('pe-seed-cosmos', 'pe-never-created');
    const { endpoints: listed } = await adapter().listEndpoints(WORKLOAD_SUBSCRIPTION);
    const result = await adapter(2).observeEndpoints([...listed, missing, ORPHANS_FACTS.liveEndpointId]);
    expect(result.endpoints.map((e) => e.id.split('/').pop())).toEqual([
      ...listed.map((e) => e.name),
      'pe-orphans-regions',
    ]);
    expect(result.failures).toEqual([
      {
        endpointId: missing,
        error: expect.objectContaining({ transient: false, status: 404, code: 'ResourceNotFound' }),
      },
    ]);
    // Listed bodies are reused: NIC + zone groups each; the two IDs cost an endpoint GET each (the missing one stops there).
    expect(result.calls).toEqual(counts(2 * listed.length + 1 + 3));
  });

  it('counts each call apart while they share the clients concurrently', async () => {
    const clients = world.clients();
    const shared = new EndpointAdapter(clients);
    const { endpoints: listed } = await shared.listEndpoints(WORKLOAD_SUBSCRIPTION);
    const listedBody = listed.find((e) => e.name === 'pe-kv-manual');
    if (!listedBody) throw new Error('pe-kv-manual was not listed');
    const [byId, byBody] = await Promise.all([
      shared.observeEndpoint(SEED_COSMOS_FACTS.endpointId),
      shared.observeEndpoint(listedBody),
    ]);
    expect(byId.calls).toEqual(counts(3));
    expect(byBody.calls).toEqual(counts(2));
    expect(clients.calls).toEqual(counts(Math.ceil(ENDPOINTS_IN_WORLD / PAGE_SIZE) + 3 + 2));
  });

  it('lists and observes a subscription in one call', async () => {
    const unused = await adapter().observeSubscription(WORKLOAD_SUBSCRIPTION, {
      targetId: SEED_COSMOS_FACTS.accountId.replace('seed-cosmos', 'no-endpoints'),
    });
    expect(unused).toMatchObject({ endpoints: [], failures: [] });
    const all = await adapter().observeSubscription(WORKLOAD_SUBSCRIPTION);
    expect(all.endpoints).toHaveLength(ENDPOINTS_IN_WORLD);
    // Pages, not a read per endpoint: the endpoint listing and the NIC listing (one NIC per endpoint here).
    expect(all.calls).toEqual(counts(2 * Math.ceil(ENDPOINTS_IN_WORLD / PAGE_SIZE)));
    expect(all.endpoints.every((e) => e.zoneGroupsUnread === true && e.ipConfigurations.length > 0)).toBe(true);
    const zoneGroups = await adapter().zoneGroupsOf(all.endpoints.map((e) => e.id));
    expect(zoneGroups.zoneGroups.filter((z) => z.managedByZoneGroup).map((z) => z.zoneGroupZones)).toEqual([
      ['privatelink.documents.azure.com'],
    ]);
    expect(zoneGroups.calls).toEqual(counts(ENDPOINTS_IN_WORLD));
  });
});

describe('refreshEndpoint', () => {
  it('does not write when no connection asks for Recreate', async () => {
    const { outcome, calls } = await adapter().refreshEndpoint(ORPHANS_FACTS.liveEndpointId);
    expect(outcome).toBe('unchanged');
    expect(calls.writes).toBe(0);
  });

  it('PUTs the same payload after a region is added, through a 409 AnotherOperationInProgress, and waits for it', async () => {
    await world.apply([cosmosRegionsChange(SEED_COSMOS_FACTS.accountId, [...SEED_COSMOS_FACTS.regions, 'East US'])]);
    const before = await adapter().observeEndpoint(SEED_COSMOS_FACTS.endpointId);
    expect(before.endpoint.actionsRequired).toBe('Recreate');
    const rawBefore = await rawEndpoint(SEED_COSMOS_FACTS.endpointId);

    world.fault({ path: 'privateEndpoints/pe-seed-cosmos$', method: 'PUT', kind: 'conflict', count: 1 });
    const refreshed = await adapter().refreshEndpoint(SEED_COSMOS_FACTS.endpointId);
    expect(refreshed.outcome).toBe('refreshed');
    expect(refreshed.endpoint).toMatchObject({
      provisioningState: 'Succeeded',
      actionsRequired: 'None',
      connectionStatus: 'Approved',
    });
    expect(refreshed.endpoint.ipConfigurations.map((c) => [c.memberName, c.ipAddress])).toEqual([
      ...Object.entries(SEED_COSMOS_FACTS.records),
      ['seed-cosmos-eastus', '10.0.1.8'],
    ]);
    const rawAfter = await rawEndpoint(SEED_COSMOS_FACTS.endpointId);
    expect(rawAfter.privateLinkServiceConnections?.[0]?.name).toBe(rawBefore.privateLinkServiceConnections?.[0]?.name);
    expect(rawAfter.networkInterfaces).toEqual(rawBefore.networkInterfaces);
    expect(rawAfter.subnet?.id).toBe(rawBefore.subnet?.id);
    // The 409 answer and the accepted PUT are both writes; the long-running operation is polled until Succeeded.
    expect(refreshed.calls.writes).toBe(2);
    expect(refreshed.calls.reads).toBeGreaterThanOrEqual(1 + 1 + 2 + 1 + 2);

    const again = await adapter().refreshEndpoint(SEED_COSMOS_FACTS.endpointId);
    expect(again.outcome).toBe('unchanged');
    expect(again.calls.writes).toBe(0);
  });

  it('is retried through 429 RetryableErrorDueToAnotherOperation', async () => {
    const accountId = cosmosAccountId(resourceGroupId(WORKLOAD_SUBSCRIPTION, 'rg-orphans'), 'orphans-regions');
    await world.apply([cosmosRegionsChange(accountId, ['East US', 'West US', 'West Europe'])]);
    world.fault({
      path: 'privateEndpoints/pe-orphans-regions$',
      method: 'PUT',
      kind: 'conflict',
      status: 429,
      code: 'RetryableErrorDueToAnotherOperation',
      count: 1,
    });
    const refreshed = await adapter().refreshEndpoint(ORPHANS_FACTS.liveEndpointId);
    expect(refreshed.outcome).toBe('refreshed');
    expect(refreshed.endpoint.ipConfigurations.map((c) => c.memberName)).toContain('orphans-regions-westeurope');
    expect(refreshed.calls.writes).toBe(2);
  });

  it('refuses an ID that is not a private endpoint before any call', async () => {
    const clients = world.clients();
    await expect(new EndpointAdapter(clients).refreshEndpoint(SEED_COSMOS_FACTS.accountId)).rejects.toThrow(
      /endpointId: expected the ARM ID of a Microsoft\.Network\/privateEndpoints/,
    );
    expect(clients.calls).toEqual(counts(0));
  });
});
