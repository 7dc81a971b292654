import { describe, expect, it } from 'vitest';
import { privateLinkResourceBody } from '../../src/providers/documentdb-private-link';
import {
  createMongoCluster,
  mongoConnectionBody,
  mongoNodeName,
  mongoPrivateLinkGroup,
  renderMongoCluster,
  updateMongoCluster,
  type MongoConnection,
  type SystemData,
} from '../../src/providers/mongo-cluster';
import { compareKeyStructure } from '../../../../test/support/key-structure';
import { exampleBody } from '../../../../test/support/rest-examples';

const CLUSTER_ID =
  '/subscriptions/ffffffff-ffff-ffff-ffff-ffffffffffff/resourceGroups/TestGroup/providers/Microsoft.DocumentDB/mongoClusters/mymongocluster';
const ENDPOINT_ID =
  '/subscriptions/ffffffff-ffff-ffff-ffff-ffffffffffff/resourceGroups/TestGroup/providers/Microsoft.Network/privateEndpoints/pecTest';
const systemData: SystemData = {
  createdBy: 'emulator',
  createdByType: 'Application',
  createdAt: '2024-02-09T05:51:31Z',
  lastModifiedBy: 'emulator',
  lastModifiedByType: 'Application',
  lastModifiedAt: '2024-02-09T05:51:31Z',
};
const connection: MongoConnection = {
  name: 'pecTest.5d393f64-ef64-46d0-9959-308321c44ac0',
  privateEndpointId: ENDPOINT_ID,
  state: { status: 'Approved', description: 'Approved by admin', actionsRequired: 'None' },
  provisioningState: 'Succeeded',
  systemData,
};

describe('Mongo vCore private link', () => {
  it('names the cluster node fc-<12 hex>-000, the same for any casing of the cluster ID', () => {
    const node = mongoNodeName(CLUSTER_ID);
    expect(node).toMatch(/^fc-[0-9a-f]{12}-000$/);
    expect(mongoNodeName(CLUSTER_ID.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'))).toBe(node);
    expect(mongoNodeName(CLUSTER_ID.replace('mymongocluster', 'other'))).not.toBe(node);
  });

  it('needs one IP for the node, served as <node>.global.mongocluster.cosmos.azure.com', () => {
    const node = mongoNodeName(CLUSTER_ID);
    expect(mongoPrivateLinkGroup(CLUSTER_ID)).toEqual({
      groupId: 'MongoCluster',
      requiredMembers: [{ requiredMemberName: node, fqdns: [`${node}.global.mongocluster.cosmos.azure.com`] }],
      requiredZoneNames: ['privatelink.mongocluster.cosmos.azure.com'],
    });
  });

  it('lists the MongoCluster private link resource like MongoClusters_PrivateLinkResourceList', () => {
    // Same as the spec example's item, which the repository does not hold.
    const example = {
      id: `${CLUSTER_ID}/privateLinkResources/MongoCluster`,
      name: 'MongoCluster',
      type: 'Microsoft.DocumentDB/mongoClusters/privateLinkResources',
      properties: {
        groupId: 'MongoCluster',
        requiredMembers: ['c.p7ex3v2euquypn'],
        requiredZoneNames: ['privatelink.mongocluster.cosmos.azure.com'],
      },
    };
    const body = privateLinkResourceBody(
      CLUSTER_ID,
      'Microsoft.DocumentDB/mongoClusters',
      mongoPrivateLinkGroup(CLUSTER_ID),
    );
    expect(compareKeyStructure(example, body)).toEqual({ missing: [], unexpected: [] });
    expect(body).toMatchObject({
      id: example.id,
      properties: { groupId: 'MongoCluster', requiredZoneNames: example.properties.requiredZoneNames },
    });
  });

  it.each([
    ['MongoClusters_PrivateEndpointConnectionPut.2024-07-01.json', '200'],
    ['MongoClusters_PrivateEndpointConnectionPut.2024-07-01.json', '201'],
  ])('connections have the key structure of %s (%s), groupIds an array', (file, status) => {
    const example = exampleBody(`documentdb/mongoclusters/${file}`, status);
    const body = mongoConnectionBody(CLUSTER_ID, connection);
    expect(compareKeyStructure(example, body)).toEqual({ missing: [], unexpected: [] });
    expect(body).toMatchObject({ properties: { groupIds: ['MongoCluster'] } });
  });

  it('lists connections like MongoClusters_PrivateEndpointConnectionList', () => {
    const example = exampleBody('documentdb/mongoclusters/MongoClusters_PrivateEndpointConnectionList.2025-09-01.json');
    expect(compareKeyStructure(example, { value: [mongoConnectionBody(CLUSTER_ID, connection)] })).toEqual({
      missing: [],
      unexpected: [],
    });
  });
});

describe('Mongo vCore clusters', () => {
  const create = (body: unknown) => createMongoCluster(body, { id: CLUSTER_ID, name: 'mymongocluster', systemData });

  it('never echoes the administrator password and answers a +srv connection string', () => {
    const cluster = create({
      location: 'westus2',
      properties: {
        administrator: { userName: 'mongoAdmin', password: 'secret' },
        serverVersion: '5.0',
        compute: { tier: 'M30' },
      },
    });
    const body = renderMongoCluster(cluster, [connection]);
    expect(JSON.stringify(body)).not.toContain('secret');
    expect(body).toMatchObject({
      type: 'Microsoft.DocumentDB/mongoClusters',
      location: 'westus2',
      properties: {
        administrator: { userName: 'mongoAdmin' },
        serverVersion: '5.0',
        compute: { tier: 'M30' },
        provisioningState: 'InProgress',
        publicNetworkAccess: 'Enabled',
        connectionString: expect.stringMatching(
          /^mongodb\+srv:\/\/<user>:<password>@mymongocluster\.global\.mongocluster\.cosmos\.azure\.com\//,
        ),
        privateEndpointConnections: [{ name: connection.name, properties: { groupIds: ['MongoCluster'] } }],
      },
    });
  });

  it('merges a PATCH into the settings and replaces them on a PUT', () => {
    const cluster = create({
      location: 'westus2',
      tags: { a: '1' },
      properties: { serverVersion: '5.0', compute: { tier: 'M30' } },
    });
    const modified = { lastModifiedAt: '2024-03-01T00:00:00Z', lastModifiedBy: 'someone', lastModifiedByType: 'User' };
    const patched = updateMongoCluster(cluster, { properties: { compute: { tier: 'M40' } } }, 'merge', modified);
    expect(patched.settings).toEqual({ serverVersion: '5.0', compute: { tier: 'M40' } });
    expect(patched.tags).toEqual({ a: '1' });
    expect(patched.systemData).toMatchObject({
      createdAt: systemData.createdAt,
      lastModifiedAt: '2024-03-01T00:00:00Z',
    });
    const replaced = updateMongoCluster(
      cluster,
      { location: 'westus2', properties: { compute: { tier: 'M40' } } },
      'replace',
      modified,
    );
    expect(replaced.settings).toEqual({ compute: { tier: 'M40' } });
    expect(replaced.tags).toEqual({});
  });

  it.each([
    [{ properties: {} }, 'location'],
    [{ location: 'westus2', properties: 'x' }, 'properties'],
    [{ location: 'westus2', tags: { a: 1 } }, 'tags.a'],
  ])('rejects %j naming %s', (body, field) => {
    expect(() => create(body)).toThrow(expect.objectContaining({ status: 400, target: field }));
  });

  it.each(['ab', 'UPPER', 'under_score', `a${'b'.repeat(40)}`])('rejects cluster name %j', (name) => {
    expect(() => createMongoCluster({ location: 'westus2' }, { id: CLUSTER_ID, name, systemData })).toThrow(
      expect.objectContaining({ status: 400, target: 'mongoClusterName' }),
    );
  });
});
