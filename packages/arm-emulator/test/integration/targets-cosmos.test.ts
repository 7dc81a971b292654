import type { DatabaseAccountCreateUpdateParameters } from '@azure/arm-cosmosdb';
import type { PrivateEndpoint } from '@azure/arm-network';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST, SUB, collect, nicMembers, nicName, startTargetsWorld, type TargetsWorld } from './targets-support';

const API = 'api-version=2025-04-15';
let world: TargetsWorld;

beforeAll(async () => {
  world = await startTargetsWorld();
});
afterAll(async () => {
  await world?.close();
});

function accountParameters(
  regions: string[],
  extra: Partial<DatabaseAccountCreateUpdateParameters> = {},
): DatabaseAccountCreateUpdateParameters {
  return {
    location: regions[0],
    databaseAccountOfferType: 'Standard',
    locations: regions.map((locationName, failoverPriority) => ({ locationName, failoverPriority })),
    ...extra,
  };
}

function endpointPayload(subnetId: string, accountId: string, manual?: { requestMessage: string }): PrivateEndpoint {
  const connection = { name: 'cosmos', privateLinkServiceId: accountId, groupIds: ['Sql'], ...(manual ?? {}) };
  return manual === undefined
    ? { location: 'westus', subnet: { id: subnetId }, privateLinkServiceConnections: [connection] }
    : { location: 'westus', subnet: { id: subnetId }, manualPrivateLinkServiceConnections: [connection] };
}

describe('the seed story through the SDK', () => {
  it('4 IPs; East US added → Recreate; PUT again → 5 IPs and None; delete → NIC gone, records stay', async () => {
    const rg = 'rg-seed';
    const subnetId = await world.subnet(rg);
    const account = await world.cosmos.databaseAccounts.beginCreateOrUpdateAndWait(
      rg,
      'seedacct',
      accountParameters(['West US', 'Central US', 'West Europe']),
      FAST,
    );
    expect(account.provisioningState).toBe('Succeeded');
    expect(account.readLocations?.map((l) => l.locationName)).toEqual(['West US', 'Central US', 'West Europe']);
    expect(world.operations('Microsoft.DocumentDB/databaseAccounts/write', account.id)).toHaveLength(1);

    const payload = endpointPayload(subnetId, account.id ?? '');
    const endpoint = await world.network.privateEndpoints.beginCreateOrUpdateAndWait(rg, 'pe-seed', payload, FAST);
    const nic = nicName(endpoint);
    const before = nicMembers(await world.network.networkInterfaces.get(rg, nic));
    expect([...before.keys()].sort()).toEqual([
      'seedacct',
      'seedacct-centralus',
      'seedacct-westeurope',
      'seedacct-westus',
    ]);
    expect(before.get('seedacct-westus')).toMatchObject({
      groupId: 'Sql',
      fqdns: ['seedacct-westus.documents.azure.com'],
    });
    expect(new Set([...before.values()].map((m) => m.ip)).size).toBe(4);

    // The test, not the emulator, writes the records (the endpoint has no zone group).
    const zone = 'privatelink.documents.azure.com';
    await world.dns.privateZones.beginCreateOrUpdateAndWait(rg, zone, { location: 'global' }, FAST);
    for (const [member, { ip }] of before) {
      await world.dns.recordSets.createOrUpdate(rg, zone, 'A', member, { ttl: 10, aRecords: [{ ipv4Address: ip }] });
    }

    await world.cosmos.databaseAccounts.beginUpdateAndWait(
      rg,
      'seedacct',
      { locations: accountParameters(['West US', 'Central US', 'West Europe', 'East US']).locations },
      FAST,
    );
    const flagged = await world.network.privateEndpoints.get(rg, 'pe-seed');
    expect(flagged.privateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.actionsRequired).toBe(
      'Recreate',
    );
    const targetSide = await collect(world.cosmos.privateEndpointConnections.listByDatabaseAccount(rg, 'seedacct'));
    expect(targetSide.map((c) => c.privateLinkServiceConnectionState?.actionsRequired)).toEqual(['Recreate']);
    expect(world.operations('Microsoft.DocumentDB/databaseAccounts/write', account.id)).toHaveLength(2);

    const refreshed = await world.network.privateEndpoints.beginCreateOrUpdateAndWait(rg, 'pe-seed', payload, FAST);
    expect(refreshed.privateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.actionsRequired).toBe(
      'None',
    );
    const after = nicMembers(await world.network.networkInterfaces.get(rg, nicName(refreshed)));
    expect([...after.keys()].sort()).toEqual([
      'seedacct',
      'seedacct-centralus',
      'seedacct-eastus',
      'seedacct-westeurope',
      'seedacct-westus',
    ]);
    const connectionsAfter = await collect(
      world.cosmos.privateEndpointConnections.listByDatabaseAccount(rg, 'seedacct'),
    );
    expect(connectionsAfter.map((c) => c.privateLinkServiceConnectionState?.actionsRequired)).toEqual(['None']);

    await world.network.privateEndpoints.beginDeleteAndWait(rg, 'pe-seed', FAST);
    await expect(world.network.networkInterfaces.get(rg, nic)).rejects.toMatchObject({ statusCode: 404 });
    expect(await collect(world.cosmos.privateEndpointConnections.listByDatabaseAccount(rg, 'seedacct'))).toEqual([]);
    const records = await collect(world.dns.recordSets.listByType(rg, zone, 'A'));
    expect(records.map((r) => r.name).sort()).toEqual([
      'seedacct',
      'seedacct-centralus',
      'seedacct-westeurope',
      'seedacct-westus',
    ]);
  });
});

describe('Cosmos DB accounts', () => {
  const rg = 'rg-accounts';
  beforeAll(async () => {
    await world.resourceGroup(rg);
  });

  it('answers a PUT 200 Initializing with Azure-AsyncOperation and Location, then Succeeded', async () => {
    const path = `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.DocumentDB/databaseAccounts/rawacct?${API}`;
    const first = await world.raw('PUT', path, {
      location: 'westus',
      properties: {
        databaseAccountOfferType: 'Standard',
        locations: [{ locationName: 'westus', failoverPriority: 0 }],
      },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      properties: { provisioningState: 'Initializing', locations: [{ provisioningState: 'Initializing' }] },
    });
    expect(first.headers['azure-asyncoperation']).toMatch(
      /\/providers\/Microsoft\.DocumentDB\/locations\/westus\/operationsStatus\//,
    );
    expect(first.headers.location).toMatch(/\/operationResults\//);
    expect(await world.waitForOperation(first)).toMatchObject({ status: 'Succeeded' });
    expect((await world.raw('GET', path)).body).toMatchObject({
      properties: { provisioningState: 'Succeeded', documentEndpoint: 'https://rawacct.documents.azure.com:443/' },
    });
  });

  it('lists accounts by resource group and by subscription', async () => {
    await world.cosmos.databaseAccounts.beginCreateOrUpdateAndWait(rg, 'listed', accountParameters(['westus']), FAST);
    const inGroup = await collect(world.cosmos.databaseAccounts.listByResourceGroup(rg));
    expect(inGroup.map((a) => a.name)).toContain('listed');
    const inSubscription = await collect(world.cosmos.databaseAccounts.list());
    expect(inSubscription.map((a) => a.name)).toContain('listed');
  });

  it('holds the account while an operation runs: a second write is 412, as Cosmos DB answers', async () => {
    await world.cosmos.databaseAccounts.beginCreateOrUpdateAndWait(rg, 'busy', accountParameters(['westus']), FAST);
    const timing = world.harness.emulator.lro.config;
    world.harness.emulator.lro.configure({ msBeforeDone: null, pollsBeforeDone: 1000 });
    try {
      const path = `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.DocumentDB/databaseAccounts/busy?${API}`;
      const first = await world.raw('PATCH', path, {
        properties: { locations: [{ locationName: 'westus' }, { locationName: 'eastus', failoverPriority: 1 }] },
      });
      expect(first.status).toBe(200);
      const second = await world.raw('PATCH', path, { tags: { a: 'b' } });
      expect(second).toMatchObject({ status: 412, body: { error: { code: 'PreconditionFailed' } } });
    } finally {
      world.harness.emulator.lro.configure(timing);
      world.harness.emulator.lro.completeAll();
    }
    const done = await world.cosmos.databaseAccounts.get(rg, 'busy');
    expect(done.locations?.map((l) => [l.locationName, l.provisioningState])).toEqual([
      ['West US', 'Succeeded'],
      ['East US', 'Succeeded'],
    ]);
  });

  it('rejects a bad body with an ARM error naming the field', async () => {
    await expect(
      world.cosmos.databaseAccounts.beginCreateOrUpdateAndWait(
        rg,
        'bad',
        { location: 'westus', databaseAccountOfferType: 'Standard', locations: [] },
        FAST,
      ),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('properties.locations') });
  });

  it('lists the private link groups of each API, with one member per region', async () => {
    await world.cosmos.databaseAccounts.beginCreateOrUpdateAndWait(
      rg,
      'twin',
      accountParameters(['West US', 'North Europe']),
      FAST,
    );
    const groups = await collect(world.cosmos.privateLinkResources.listByDatabaseAccount(rg, 'twin'));
    expect(groups.map((g) => [g.groupId, g.requiredMembers, g.requiredZoneNames])).toEqual([
      ['Sql', ['twin', 'twin-westus', 'twin-northeurope'], ['privatelink.documents.azure.com']],
      ['SqlDedicated', ['twin', 'twin-westus', 'twin-northeurope'], ['privatelink.sqlx.cosmos.azure.com']],
    ]);
    const sql = await world.cosmos.privateLinkResources.get(rg, 'twin', 'sql');
    expect(sql.groupId).toBe('Sql');
    await world.cosmos.databaseAccounts.beginCreateOrUpdateAndWait(
      rg,
      'tables',
      accountParameters(['westus'], { capabilities: [{ name: 'EnableTable' }] }),
      FAST,
    );
    const tableGroups = await collect(world.cosmos.privateLinkResources.listByDatabaseAccount(rg, 'tables'));
    expect(tableGroups.map((g) => g.groupId)).toEqual(['Table', 'Sql']);
    await expect(world.cosmos.privateLinkResources.get(rg, 'tables', 'MongoDB')).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('removing a region also flags attached endpoints, and the refresh drops its IP', async () => {
    const group = 'rg-remove';
    const subnetId = await world.subnet(group);
    const account = await world.cosmos.databaseAccounts.beginCreateOrUpdateAndWait(
      group,
      'shrink',
      accountParameters(['westus', 'eastus']),
      FAST,
    );
    const payload = endpointPayload(subnetId, account.id ?? '');
    await world.network.privateEndpoints.beginCreateOrUpdateAndWait(group, 'pe', payload, FAST);
    await world.cosmos.databaseAccounts.beginUpdateAndWait(
      group,
      'shrink',
      { locations: [{ locationName: 'westus', failoverPriority: 0 }] },
      FAST,
    );
    const flagged = await world.network.privateEndpoints.get(group, 'pe');
    expect(flagged.privateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.actionsRequired).toBe(
      'Recreate',
    );
    const refreshed = await world.network.privateEndpoints.beginCreateOrUpdateAndWait(group, 'pe', payload, FAST);
    expect([...nicMembers(await world.network.networkInterfaces.get(group, nicName(refreshed))).keys()].sort()).toEqual(
      ['shrink', 'shrink-westus'],
    );
  });

  it('leaves regions and endpoints as they were when a region change ends Failed', async () => {
    const group = 'rg-failed';
    const subnetId = await world.subnet(group);
    const account = await world.cosmos.databaseAccounts.beginCreateOrUpdateAndWait(
      group,
      'sturdy',
      accountParameters(['westus']),
      FAST,
    );
    await world.network.privateEndpoints.beginCreateOrUpdateAndWait(
      group,
      'pe',
      endpointPayload(subnetId, account.id ?? ''),
      FAST,
    );
    const rule = world.harness.emulator.faults.add({
      method: 'PATCH',
      path: '/databaseAccounts/sturdy$',
      kind: 'lro-failed',
      count: 1,
    });
    try {
      await expect(
        world.cosmos.databaseAccounts.beginUpdateAndWait(
          group,
          'sturdy',
          { locations: accountParameters(['westus', 'eastus']).locations },
          FAST,
        ),
      ).rejects.toThrow();
    } finally {
      world.harness.emulator.faults.remove(rule.id);
    }
    const after = await world.cosmos.databaseAccounts.get(group, 'sturdy');
    expect([after.provisioningState, after.locations?.map((l) => l.locationName)]).toEqual(['Succeeded', ['West US']]);
    const endpoint = await world.network.privateEndpoints.get(group, 'pe');
    expect(endpoint.privateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.actionsRequired).toBe(
      'None',
    );
  });

  it('serves MongoDB-API accounts under mongo.cosmos.azure.com', async () => {
    const group = 'rg-mongo-api';
    const subnetId = await world.subnet(group);
    const account = await world.cosmos.databaseAccounts.beginCreateOrUpdateAndWait(
      group,
      'mongoapi',
      accountParameters(['westus'], { kind: 'MongoDB' }),
      FAST,
    );
    expect(account.apiProperties?.serverVersion).toBeDefined();
    const payload: PrivateEndpoint = {
      location: 'westus',
      subnet: { id: subnetId },
      privateLinkServiceConnections: [{ name: 'c', privateLinkServiceId: account.id, groupIds: ['MongoDB'] }],
    };
    const endpoint = await world.network.privateEndpoints.beginCreateOrUpdateAndWait(group, 'pe', payload, FAST);
    const members = nicMembers(await world.network.networkInterfaces.get(group, nicName(endpoint)));
    expect([...members.values()].map((m) => m.fqdns[0]).sort()).toEqual([
      'mongoapi-westus.mongo.cosmos.azure.com',
      'mongoapi.mongo.cosmos.azure.com',
    ]);
  });

  it('does not flag endpoints when only tags or failover order change', async () => {
    const group = 'rg-tags';
    const subnetId = await world.subnet(group);
    const account = await world.cosmos.databaseAccounts.beginCreateOrUpdateAndWait(
      group,
      'steady',
      accountParameters(['westus', 'eastus']),
      FAST,
    );
    await world.network.privateEndpoints.beginCreateOrUpdateAndWait(
      group,
      'pe',
      endpointPayload(subnetId, account.id ?? ''),
      FAST,
    );
    await world.cosmos.databaseAccounts.beginUpdateAndWait(
      group,
      'steady',
      { tags: { owner: 'data' }, locations: accountParameters(['eastus', 'westus']).locations },
      FAST,
    );
    const endpoint = await world.network.privateEndpoints.get(group, 'pe');
    expect(endpoint.privateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.actionsRequired).toBe(
      'None',
    );
  });
});

describe('Cosmos DB private endpoint connections', () => {
  const rg = 'rg-approvals';
  let accountId: string;
  let subnetId: string;

  beforeAll(async () => {
    subnetId = await world.subnet(rg);
    accountId =
      (
        await world.cosmos.databaseAccounts.beginCreateOrUpdateAndWait(
          rg,
          'approvals',
          accountParameters(['westus']),
          FAST,
        )
      ).id ?? '';
  });

  async function manualConnection(endpointName: string): Promise<string> {
    await world.network.privateEndpoints.beginCreateOrUpdateAndWait(
      rg,
      endpointName,
      endpointPayload(subnetId, accountId, { requestMessage: `please, ${endpointName}` }),
      FAST,
    );
    const all = await collect(world.cosmos.privateEndpointConnections.listByDatabaseAccount(rg, 'approvals'));
    const mine = all.find((c) => c.privateEndpoint?.id?.endsWith(`/privateEndpoints/${endpointName}`));
    if (mine?.name === undefined) throw new Error(`no connection for ${endpointName}`);
    expect(mine).toMatchObject({
      groupId: 'Sql',
      privateLinkServiceConnectionState: {
        status: 'Pending',
        description: `please, ${endpointName}`,
        actionsRequired: 'None',
      },
    });
    return mine.name;
  }

  const approve = (name: string, description = 'approved by policy') =>
    world.cosmos.privateEndpointConnections.beginCreateOrUpdateAndWait(
      rg,
      'approvals',
      name,
      { privateLinkServiceConnectionState: { status: 'Approved', description } },
      FAST,
    );

  it('starts automatic connections Approved', async () => {
    await world.network.privateEndpoints.beginCreateOrUpdateAndWait(
      rg,
      'auto',
      endpointPayload(subnetId, accountId),
      FAST,
    );
    const all = await collect(world.cosmos.privateEndpointConnections.listByDatabaseAccount(rg, 'approvals'));
    expect(
      all.find((c) => c.privateEndpoint?.id?.endsWith('/privateEndpoints/auto'))?.privateLinkServiceConnectionState
        ?.status,
    ).toBe('Approved');
  });

  it('answers an approval 202 {"status":"Enqueued"}, then Dequeued → Succeeded, and the endpoint follows', async () => {
    const name = await manualConnection('manual-raw');
    const path = `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.DocumentDB/databaseAccounts/approvals/privateEndpointConnections/${name}?${API}`;
    const first = await world.raw('PUT', path, {
      properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'ok' } },
    });
    expect(first).toMatchObject({ status: 202, body: { status: 'Enqueued' } });
    expect(first.headers.location).toBeDefined();
    const statusUrl = first.headers['azure-asyncoperation'] ?? '';
    expect((await world.raw('GET', statusUrl)).body).toMatchObject({ status: 'Dequeued' });
    expect((await world.raw('GET', statusUrl)).body).toMatchObject({ status: 'Succeeded' });
    const endpoint = await world.network.privateEndpoints.get(rg, 'manual-raw');
    expect(endpoint.manualPrivateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState).toMatchObject({
      status: 'Approved',
      description: 'ok',
    });
    expect(world.operations('Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections/write')).not.toHaveLength(
      0,
    );
  });

  it('approves through the SDK, and approving again is a 200 no-op without an event', async () => {
    const name = await manualConnection('manual-sdk');
    const approved = await approve(name);
    expect(approved.privateLinkServiceConnectionState).toMatchObject({
      status: 'Approved',
      description: 'approved by policy',
      actionsRequired: 'None',
    });
    const eventsBefore = world.operations(
      'Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections/write',
    ).length;
    const path = `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.DocumentDB/databaseAccounts/approvals/privateEndpointConnections/${name}?${API}`;
    const again = await world.raw('PUT', path, {
      properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'once more' } },
    });
    expect(again).toMatchObject({
      status: 200,
      body: {
        properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'approved by policy' } },
      },
    });
    expect(world.operations('Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections/write')).toHaveLength(
      eventsBefore,
    );
  });

  it('refuses to approve a rejected connection with Cosmos DB’s 400', async () => {
    const name = await manualConnection('manual-reject');
    const rejected = await world.cosmos.privateEndpointConnections.beginCreateOrUpdateAndWait(
      rg,
      'approvals',
      name,
      { privateLinkServiceConnectionState: { status: 'Rejected', description: 'not allowed' } },
      FAST,
    );
    expect(rejected.privateLinkServiceConnectionState?.status).toBe('Rejected');
    await expect(approve(name)).rejects.toMatchObject({
      statusCode: 400,
      code: 'BadRequest',
      message: 'Approving rejected private endpoint connections is not supported.',
    });
    const endpoint = await world.network.privateEndpoints.get(rg, 'manual-reject');
    expect(endpoint.manualPrivateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.status).toBe(
      'Rejected',
    );
  });

  it('deletes a connection (202) and the endpoint shows Disconnected', async () => {
    const name = await manualConnection('manual-delete');
    const path = `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.DocumentDB/databaseAccounts/approvals/privateEndpointConnections/${name}?${API}`;
    const first = await world.raw('DELETE', path);
    expect(first).toMatchObject({ status: 202, body: { status: 'Enqueued' } });
    expect(await world.waitForOperation(first)).toMatchObject({ status: 'Succeeded' });
    await expect(world.cosmos.privateEndpointConnections.get(rg, 'approvals', name)).rejects.toMatchObject({
      statusCode: 404,
    });
    const endpoint = await world.network.privateEndpoints.get(rg, 'manual-delete');
    expect(endpoint.manualPrivateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.status).toBe(
      'Disconnected',
    );
    expect(world.operations('Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections/delete')).toHaveLength(1);
  });

  it('answers 404 ParentResourceNotFound for connections of a missing account', async () => {
    const answer = await world.raw(
      'GET',
      `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.DocumentDB/databaseAccounts/nope/privateEndpointConnections?${API}`,
    );
    expect(answer).toMatchObject({ status: 404, body: { error: { code: 'ParentResourceNotFound' } } });
  });

  it('refuses an endpoint for a group the account does not expose', async () => {
    const payload: PrivateEndpoint = {
      location: 'westus',
      subnet: { id: subnetId },
      privateLinkServiceConnections: [{ name: 'c', privateLinkServiceId: accountId, groupIds: ['MongoDB'] }],
    };
    await expect(
      world.network.privateEndpoints.beginCreateOrUpdateAndWait(rg, 'wrong-group', payload, FAST),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'PrivateEndpointBadRequest',
    });
  });
});
