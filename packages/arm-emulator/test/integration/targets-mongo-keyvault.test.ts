import type { PrivateEndpoint } from '@azure/arm-network';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST, SUB, nicMembers, nicName, startTargetsWorld, type TargetsWorld } from './targets-support';

const MONGO_API = 'api-version=2024-07-01';
const VAULT_API = 'api-version=2025-05-01';
const TENANT = '33e01921-4d64-4f8c-a055-5bdaffd5e33d';
let world: TargetsWorld;

beforeAll(async () => {
  world = await startTargetsWorld();
});
afterAll(async () => {
  await world?.close();
});

function endpointTo(subnetId: string, targetId: string, groupId: string, requestMessage?: string): PrivateEndpoint {
  const connection = {
    name: 'c',
    privateLinkServiceId: targetId,
    groupIds: [groupId],
    ...(requestMessage === undefined ? {} : { requestMessage }),
  };
  return requestMessage === undefined
    ? { location: 'westus', subnet: { id: subnetId }, privateLinkServiceConnections: [connection] }
    : { location: 'westus', subnet: { id: subnetId }, manualPrivateLinkServiceConnections: [connection] };
}

interface ConnectionBody {
  name: string;
  etag?: string;
  properties: {
    groupIds?: string[];
    privateEndpoint: { id: string };
    privateLinkServiceConnectionState: { status: string; description: string; actionsRequired: string };
  };
}

describe('Mongo vCore clusters through core-rest-pipeline', () => {
  const rg = 'rg-mongo';
  const clusters = `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.DocumentDB/mongoClusters`;
  const cluster = `${clusters}/vcore1`;
  let clusterId: string;
  let subnetId: string;

  beforeAll(async () => {
    subnetId = await world.subnet(rg);
    const created = await world.raw('PUT', `${cluster}?${MONGO_API}`, {
      location: 'westus',
      properties: {
        administrator: { userName: 'mongoAdmin', password: 'Secret-123' },
        serverVersion: '7.0',
        compute: { tier: 'M30' },
        storage: { sizeGb: 128 },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ properties: { provisioningState: 'InProgress' } });
    expect(await world.waitForOperation(created)).toMatchObject({ status: 'Succeeded' });
    clusterId = (created.body as { id: string }).id;
  });

  it('answers the cluster Succeeded, lists it, and never echoes the password', async () => {
    const got = await world.raw('GET', `${cluster}?${MONGO_API}`);
    expect(got.body).toMatchObject({
      name: 'vcore1',
      type: 'Microsoft.DocumentDB/mongoClusters',
      properties: { provisioningState: 'Succeeded', compute: { tier: 'M30' } },
    });
    expect(JSON.stringify(got.body)).not.toContain('Secret-123');
    const listed = await world.raw('GET', `${clusters}?${MONGO_API}`);
    expect((listed.body as { value: Array<{ name: string }> }).value.map((c) => c.name)).toEqual(['vcore1']);
    const everywhere = await world.raw(
      'GET',
      `/subscriptions/${SUB}/providers/Microsoft.DocumentDB/mongoClusters?${MONGO_API}`,
    );
    expect((everywhere.body as { value: Array<{ name: string }> }).value.map((c) => c.name)).toContain('vcore1');
    expect(world.operations('Microsoft.DocumentDB/mongoClusters/write', clusterId)).toHaveLength(1);
  });

  it('gives an endpoint one IP for the cluster node, and an Approved connection with groupIds', async () => {
    const endpoint = await world.network.privateEndpoints.beginCreateOrUpdateAndWait(
      rg,
      'pe-auto',
      endpointTo(subnetId, clusterId, 'MongoCluster'),
      FAST,
    );
    const members = nicMembers(await world.network.networkInterfaces.get(rg, nicName(endpoint)));
    expect(members.size).toBe(1);
    const [member, details] = [...members.entries()][0] ?? ['', undefined];
    expect(member).toMatch(/^fc-[0-9a-f]{12}-000$/);
    expect(details).toMatchObject({
      groupId: 'MongoCluster',
      fqdns: [`${member}.global.mongocluster.cosmos.azure.com`],
    });

    const resources = await world.raw('GET', `${cluster}/privateLinkResources?${MONGO_API}`);
    expect(resources.body).toMatchObject({
      value: [
        {
          name: 'MongoCluster',
          properties: {
            groupId: 'MongoCluster',
            requiredMembers: [member],
            requiredZoneNames: ['privatelink.mongocluster.cosmos.azure.com'],
          },
        },
      ],
    });
    const connections = (await world.raw('GET', `${cluster}/privateEndpointConnections?${MONGO_API}`)).body as {
      value: ConnectionBody[];
    };
    expect(connections.value).toHaveLength(1);
    expect(connections.value[0]).toMatchObject({
      name: expect.stringMatching(/^pe-auto\./),
      properties: {
        groupIds: ['MongoCluster'],
        privateLinkServiceConnectionState: { status: 'Approved', actionsRequired: 'None' },
      },
    });
  });

  it('approves a manual connection through a 202 long-running PUT, then deletes it', async () => {
    await world.network.privateEndpoints.beginCreateOrUpdateAndWait(
      rg,
      'pe-manual',
      endpointTo(subnetId, clusterId, 'MongoCluster', 'vcore please'),
      FAST,
    );
    const listed = (await world.raw('GET', `${cluster}/privateEndpointConnections?${MONGO_API}`)).body as {
      value: ConnectionBody[];
    };
    const pending = listed.value.find((c) => c.properties.privateEndpoint.id.endsWith('/pe-manual'));
    expect(pending?.properties.privateLinkServiceConnectionState).toEqual({
      status: 'Pending',
      description: 'vcore please',
      actionsRequired: 'None',
    });
    const path = `${cluster}/privateEndpointConnections/${pending?.name ?? ''}?${MONGO_API}`;

    const approving = await world.raw('PUT', path, {
      properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'Approved by admin' } },
    });
    expect(approving.status).toBe(202);
    expect(approving.headers.location).toBeDefined();
    expect(await world.waitForOperation(approving)).toMatchObject({ status: 'Succeeded' });
    expect((await world.raw('GET', path)).body).toMatchObject({
      properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'Approved by admin' } },
    });
    const endpoint = await world.network.privateEndpoints.get(rg, 'pe-manual');
    expect(endpoint.manualPrivateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.status).toBe(
      'Approved',
    );

    const deleting = await world.raw('DELETE', path);
    expect(deleting.status).toBe(202);
    expect(await world.waitForOperation(deleting)).toMatchObject({ status: 'Succeeded' });
    expect((await world.raw('GET', path)).status).toBe(404);
    const orphan = await world.network.privateEndpoints.get(rg, 'pe-manual');
    expect(orphan.manualPrivateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.status).toBe(
      'Disconnected',
    );
  });

  it('refuses an endpoint for any group but MongoCluster', async () => {
    await expect(
      world.network.privateEndpoints.beginCreateOrUpdateAndWait(
        rg,
        'pe-wrong',
        endpointTo(subnetId, clusterId, 'Sql'),
        FAST,
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'PrivateEndpointBadRequest',
    });
  });
});

describe('Key Vault vaults through core-rest-pipeline', () => {
  const rg = 'rg-vault';
  const vault = `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/kv-autopilot`;
  let vaultId: string;
  let subnetId: string;

  beforeAll(async () => {
    subnetId = await world.subnet(rg);
    const created = await world.raw('PUT', `${vault}?${VAULT_API}`, {
      location: 'westus',
      properties: { tenantId: TENANT, sku: { family: 'A', name: 'standard' } },
    });
    expect(created.status).toBe(201);
    vaultId = (created.body as { id: string }).id;
  });

  it('answers the vault with its URI and a 400 naming the field for a bad body', async () => {
    expect((await world.raw('GET', `${vault}?${VAULT_API}`)).body).toMatchObject({
      properties: { vaultUri: 'https://kv-autopilot.vault.azure.net/', provisioningState: 'Succeeded' },
    });
    const bad = await world.raw('PUT', `${vault}?${VAULT_API}`, {
      location: 'westus',
      properties: { sku: { family: 'A', name: 'standard' } },
    });
    expect(bad).toMatchObject({ status: 400, body: { error: { target: 'properties.tenantId' } } });
    expect(world.operations('Microsoft.KeyVault/vaults/write', vaultId)).toHaveLength(1);
  });

  it('serves <vault>.vault.azure.net from member default', async () => {
    const endpoint = await world.network.privateEndpoints.beginCreateOrUpdateAndWait(
      rg,
      'pe-auto',
      endpointTo(subnetId, vaultId, 'vault'),
      FAST,
    );
    const members = nicMembers(await world.network.networkInterfaces.get(rg, nicName(endpoint)));
    expect([...members.entries()].map(([member, m]) => [member, m.groupId, m.fqdns])).toEqual([
      ['default', 'vault', ['kv-autopilot.vault.azure.net']],
    ]);
    expect((await world.raw('GET', `${vault}/privateLinkResources?${VAULT_API}`)).body).toMatchObject({
      value: [
        {
          name: 'vault',
          properties: {
            groupId: 'vault',
            requiredMembers: ['default'],
            requiredZoneNames: ['privatelink.vaultcore.azure.net'],
          },
        },
      ],
    });
  });

  it('leaves a manual connection Pending, approves it at once (200, new etag), then deletes it (202)', async () => {
    await world.network.privateEndpoints.beginCreateOrUpdateAndWait(
      rg,
      'pe-manual',
      endpointTo(subnetId, vaultId, 'vault', 'vault please'),
      FAST,
    );
    const listed = (await world.raw('GET', `${vault}/privateEndpointConnections?${VAULT_API}`)).body as {
      value: ConnectionBody[];
    };
    const pending = listed.value.find((c) => c.properties.privateEndpoint.id.endsWith('/pe-manual'));
    expect(pending?.properties.privateLinkServiceConnectionState).toEqual({
      status: 'Pending',
      description: 'vault please',
      actionsRequired: 'None',
    });
    const path = `${vault}/privateEndpointConnections/${pending?.name ?? ''}?${VAULT_API}`;

    const approved = await world.raw('PUT', path, {
      properties: {
        privateLinkServiceConnectionState: {
          status: 'Approved',
          description: "My name is Joe and I'm approving this.",
        },
      },
    });
    expect(approved).toMatchObject({
      status: 200,
      body: { properties: { privateLinkServiceConnectionState: { status: 'Approved' } } },
    });
    expect((approved.body as ConnectionBody).etag).not.toBe(pending?.etag);
    expect(world.operations('Microsoft.KeyVault/vaults/privateEndpointConnections/write')).toHaveLength(1);
    const endpoint = await world.network.privateEndpoints.get(rg, 'pe-manual');
    expect(endpoint.manualPrivateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState).toMatchObject({
      status: 'Approved',
      description: "My name is Joe and I'm approving this.",
    });

    const deleting = await world.raw('DELETE', path);
    expect(deleting.status).toBe(202);
    expect(await world.waitForOperation(deleting)).toMatchObject({ status: 'Succeeded' });
    const orphan = await world.network.privateEndpoints.get(rg, 'pe-manual');
    expect(orphan.manualPrivateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.status).toBe(
      'Disconnected',
    );
  });

  it('refuses to approve a rejected connection', async () => {
    await world.network.privateEndpoints.beginCreateOrUpdateAndWait(
      rg,
      'pe-reject',
      endpointTo(subnetId, vaultId, 'vault', 'maybe'),
      FAST,
    );
    const listed = (await world.raw('GET', `${vault}/privateEndpointConnections?${VAULT_API}`)).body as {
      value: ConnectionBody[];
    };
    const name = listed.value.find((c) => c.properties.privateEndpoint.id.endsWith('/pe-reject'))?.name ?? '';
    const path = `${vault}/privateEndpointConnections/${name}?${VAULT_API}`;
    expect(
      (
        await world.raw('PUT', path, {
          properties: { privateLinkServiceConnectionState: { status: 'Rejected', description: 'no' } },
        })
      ).status,
    ).toBe(200);
    const again = await world.raw('PUT', path, {
      properties: { privateLinkServiceConnectionState: { status: 'Approved' } },
    });
    expect(again).toMatchObject({ status: 400, body: { error: { code: 'BadRequest' } } });
  });
});
