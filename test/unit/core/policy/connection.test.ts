import { describe, expect, it } from 'vitest';
import { ConnectionShapeError, normaliseConnection } from '../../../../src/core/policy';
import { readRestExample } from './fixtures';

interface Example {
  responses: Record<string, { body?: { value?: unknown[] } & Record<string, unknown> }>;
}

function responseBody(path: string, index?: number): unknown {
  const body = (readRestExample(path) as Example).responses['200']?.body;
  return index === undefined ? body : body?.value?.[index];
}

describe("normaliseConnection reads every service's published shape", () => {
  it('Cosmos DB: groupId is a string', () => {
    expect(
      normaliseConnection(responseBody('documentdb/CosmosDBPrivateEndpointConnectionGet.2025-04-15.json')),
    ).toEqual({
      id: '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg1/providers/Microsoft.DocumentDb/databaseAccounts/ddb1/privateEndpointConnections/privateEndpointConnectionName',
      name: 'privateEndpointConnectionName',
      targetId:
        '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg1/providers/Microsoft.DocumentDb/databaseAccounts/ddb1',
      targetType: 'Microsoft.DocumentDb/databaseAccounts',
      targetTags: {},
      privateEndpointId:
        '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg1Network/providers/Microsoft.Network/privateEndpoints/privateEndpointName',
      groupIds: ['Sql'],
      status: 'Approved',
      description: 'Auto-approved',
      actionsRequired: 'None',
      provisioningState: 'Succeeded',
    });
  });

  it('Mongo vCore: groupIds is an array', () => {
    const c = normaliseConnection(
      responseBody('documentdb/mongoclusters/MongoClusters_PrivateEndpointConnectionList.2025-09-01.json', 0),
    );
    expect(c.groupIds).toEqual(['MongoCluster']);
    expect(c.targetType).toBe('Microsoft.DocumentDB/mongoClusters');
    expect(c.name).toBe('pecTest.5d393f64-ef64-46d0-9959-308321c44ac0');
  });

  it('Key Vault: no group IDs at all', () => {
    const c = normaliseConnection(responseBody('keyvault/getPrivateEndpointConnection.2025-05-01.json'));
    expect(c.groupIds).toEqual([]);
    expect(c.targetType).toBe('Microsoft.KeyVault/vaults');
    expect(c.targetId).toBe(
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sample-group/providers/Microsoft.KeyVault/vaults/sample-vault',
    );
    expect(c.privateEndpointId).toBe(
      '/subscriptions/00000000-0000-0000-1234-000000000000/resourceGroups/sample-group/providers/Microsoft.Network/privateEndpoints/sample-pe',
    );
  });

  it('Private Link Service (provider side): no actionsRequired, no type, no provisioning state', () => {
    const c = normaliseConnection(
      responseBody('network/privateLinkServices/PrivateLinkServiceListPrivateEndpointConnection.2025-03-01.json', 1),
    );
    expect(c).toEqual({
      id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Network/privateLinkServices/testPls/privateEndpointConnections/testPlePeConnection2',
      name: 'testPlePeConnection2',
      targetId:
        '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Network/privateLinkServices/testPls',
      targetType: 'Microsoft.Network/privateLinkServices',
      targetTags: {},
      privateEndpointId:
        '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Network/privateEndpoints/testPe2',
      groupIds: [],
      status: 'Rejected',
      description: 'rejected by some reason.',
    });
  });

  it('Private Link Service: tolerates linkIdentifier and privateEndpointLocation', () => {
    const raw = responseBody(
      'network/privateLinkServices/PrivateLinkServiceGetPrivateEndpointConnection.2025-03-01.json',
    ) as {
      properties: Record<string, unknown>;
    };
    const withExtras = {
      ...raw,
      properties: { ...raw.properties, linkIdentifier: '536890208', privateEndpointLocation: 'eastus' },
    };
    expect(normaliseConnection(withExtras)).toEqual(normaliseConnection(raw));
  });

  it('Storage: actionRequired (singular) is read as actionsRequired', () => {
    const raw = (readRestExample('storage/StorageAccountPutPrivateEndpointConnection.2025-01-01.json') as Example)
      .responses['200']?.body;
    const c = normaliseConnection(raw);
    expect(c.actionsRequired).toBe('None');
    expect(c.targetType).toBe('Microsoft.Storage/storageAccounts');
  });
});

describe('normaliseConnection', () => {
  const minimal = {
    id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/v/privateEndpointConnections/c',
    properties: { privateLinkServiceConnectionState: { status: 'Pending', description: 'please' } },
  };

  it('prefers the target the caller knows, with its tags', () => {
    const c = normaliseConnection(minimal, {
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/V',
      tags: { env: 'prod' },
    });
    expect(c.targetId).toBe('/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/V');
    expect(c.targetType).toBe('Microsoft.KeyVault/vaults');
    expect(c.targetTags).toEqual({ env: 'prod' });
    expect(normaliseConnection(minimal, { type: 'Custom/type' }).targetType).toBe('Custom/type');
  });

  it('takes the name from the ID when the payload has none', () => {
    expect(normaliseConnection(minimal).name).toBe('c');
  });

  it("reads the SDK clients' flattened shape", () => {
    const flat = {
      id: minimal.id,
      privateEndpoint: { id: '/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/privateEndpoints/pe' },
      privateLinkServiceConnectionState: { status: 'Pending', description: 'please', actionsRequired: 'None' },
      groupId: 'vault',
      provisioningState: 'Succeeded',
    };
    const c = normaliseConnection(flat);
    expect(c).toMatchObject({
      groupIds: ['vault'],
      status: 'Pending',
      actionsRequired: 'None',
      provisioningState: 'Succeeded',
    });
    expect(c.privateEndpointId).toBe(flat.privateEndpoint.id);
  });

  it('reads a missing description or endpoint as empty', () => {
    const c = normaliseConnection({
      ...minimal,
      properties: { privateEndpoint: null, privateLinkServiceConnectionState: { status: 'Pending' } },
    });
    expect(c.description).toBe('');
    expect(c).not.toHaveProperty('privateEndpointId');
  });

  it.each<[string, unknown, string]>([
    [
      'not an object',
      [minimal],
      'the connection is [{"id":"/subscriptions/s/resourceGroups/rg/providers/Micros…; expected an object',
    ],
    ['no id', { properties: minimal.properties }, "id is missing; expected the connection's ARM ID"],
    [
      'an id that is not below a target',
      { ...minimal, id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/v' },
      'id is "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Key…; expected an ARM ID below the target resource',
    ],
    [
      'an id that is not an ARM ID',
      { ...minimal, id: 'conn-1' },
      'id is "conn-1"; expected an ARM ID below the target resource',
    ],
    [
      'no connection state',
      { id: minimal.id, properties: {} },
      'properties.privateLinkServiceConnectionState is missing; expected an object with status and description',
    ],
    [
      'no status',
      { id: minimal.id, properties: { privateLinkServiceConnectionState: {} } },
      'properties.privateLinkServiceConnectionState.status is missing; expected a status such as Pending',
    ],
    [
      'a description that is not text',
      { id: minimal.id, properties: { privateLinkServiceConnectionState: { status: 'Pending', description: 5 } } },
      'properties.privateLinkServiceConnectionState.description is 5; expected a string',
    ],
    [
      'groupIds that are not strings',
      { id: minimal.id, properties: { ...minimal.properties, groupIds: [1] } },
      'properties.groupIds is [1]; expected an array of strings',
    ],
    [
      'a private endpoint that is a string',
      { id: minimal.id, properties: { ...minimal.properties, privateEndpoint: 'pe' } },
      'properties.privateEndpoint is "pe"; expected an object with an id',
    ],
    [
      'a flattened state with a bad actionsRequired',
      { id: minimal.id, privateLinkServiceConnectionState: { status: 'Pending', actionsRequired: true } },
      'privateLinkServiceConnectionState.actionsRequired is true; expected a string',
    ],
  ])('names the field when given %s', (_label, raw, message) => {
    const attempt = () => normaliseConnection(raw);
    expect(attempt).toThrow(ConnectionShapeError);
    expect(attempt).toThrow(message);
  });

  it('accepts an unparsable id when the caller names the target', () => {
    const c = normaliseConnection(
      { ...minimal, id: 'conn-1' },
      { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/v' },
    );
    expect(c).toMatchObject({ name: 'conn-1', targetType: 'Microsoft.KeyVault/vaults' });
  });
});
