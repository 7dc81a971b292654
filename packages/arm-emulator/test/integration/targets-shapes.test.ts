/**
 * For every Microsoft example under test/fixtures/reference/rest-examples/{documentdb,keyvault} whose route these
 * providers serve, the emulator's HTTP answer has the example's key structure. Extra keys are allowed only where
 * listed, each a property the service's spec defines and this particular example happens to leave out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_GET_EXTRAS, CREATE_MIN_EXTRAS } from '../../../../test/support/cosmos-account-examples';
import { compareKeyStructure } from '../../../../test/support/key-structure';
import { restExample } from '../../../../test/support/rest-examples';
import { FAST, SUB, startTargetsWorld, type TargetsWorld } from './targets-support';

const RG = 'rg-shapes';
const ACCOUNTS = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DocumentDB/databaseAccounts`;
const CLUSTER = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DocumentDB/mongoClusters/shapes`;
const VAULT = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/kv-shapes`;
const COSMOS_API = 'api-version=2025-04-15';

let world: TargetsWorld;
let subnetId: string;

beforeAll(async () => {
  world = await startTargetsWorld();
  subnetId = await world.subnet(RG);
});
afterAll(async () => {
  await world?.close();
});

async function endpoint(name: string, targetId: string, groupId: string): Promise<void> {
  await world.network.privateEndpoints.beginCreateOrUpdateAndWait(
    RG,
    name,
    {
      location: 'westus',
      subnet: { id: subnetId },
      privateLinkServiceConnections: [{ name: 'c', privateLinkServiceId: targetId, groupIds: [groupId] }],
    },
    FAST,
  );
}

function expectShape(
  file: string,
  status: string,
  actual: unknown,
  options: { allowedExtra?: string[]; mapPaths?: string[] } = {},
): void {
  const example = restExample(file).responses[status]?.body;
  expect(example, `${file} has a ${status} body`).toBeDefined();
  expect(compareKeyStructure(example, actual, options)).toEqual({ missing: [], unexpected: [] });
}

describe('Cosmos DB examples', () => {
  let accountId: string;
  let connectionName: string;

  beforeAll(async () => {
    const get = restExample('documentdb/CosmosDBDatabaseAccountGet.2025-04-15.json').responses['200']?.body as {
      identity: unknown;
      properties: { backupPolicy: unknown };
    };
    const created = await world.raw('PUT', `${ACCOUNTS}/ddb1?${COSMOS_API}`, {
      location: 'westus',
      identity: get.identity,
      properties: {
        databaseAccountOfferType: 'Standard',
        locations: [{ locationName: 'eastus', failoverPriority: 0 }],
        enableAnalyticalStorage: true,
        backupPolicy: get.properties.backupPolicy,
      },
    });
    await world.waitForOperation(created);
    accountId = (created.body as { id: string }).id;
    await endpoint('pe-ddb1', accountId, 'Sql');
    const list = (await world.raw('GET', `${ACCOUNTS}/ddb1/privateEndpointConnections?${COSMOS_API}`)).body as {
      value: Array<{ name: string }>;
    };
    connectionName = list.value[0]?.name ?? '';
  });

  it('CosmosDBDatabaseAccountCreateMin: the first answer to a PUT', async () => {
    const example = restExample('documentdb/CosmosDBDatabaseAccountCreateMin.2025-04-15.json');
    const first = await world.raw('PUT', `${ACCOUNTS}/ddbmin?${COSMOS_API}`, example.parameters.createUpdateParameters);
    expect(first.status).toBe(200);
    expectShape('documentdb/CosmosDBDatabaseAccountCreateMin.2025-04-15.json', '200', first.body, {
      allowedExtra: CREATE_MIN_EXTRAS,
    });
    await world.waitForOperation(first);
  });

  it('CosmosDBDatabaseAccountGet', async () => {
    expectShape(
      'documentdb/CosmosDBDatabaseAccountGet.2025-04-15.json',
      '200',
      (await world.raw('GET', `${ACCOUNTS}/ddb1?${COSMOS_API}`)).body,
      {
        mapPaths: ['identity.userAssignedIdentities'],
        allowedExtra: ACCOUNT_GET_EXTRAS,
      },
    );
  });

  it('CosmosDBPrivateEndpointConnectionGet and ListGet', async () => {
    const one = await world.raw('GET', `${ACCOUNTS}/ddb1/privateEndpointConnections/${connectionName}?${COSMOS_API}`);
    expectShape('documentdb/CosmosDBPrivateEndpointConnectionGet.2025-04-15.json', '200', one.body);
    const all = await world.raw('GET', `${ACCOUNTS}/ddb1/privateEndpointConnections?${COSMOS_API}`);
    expectShape('documentdb/CosmosDBPrivateEndpointConnectionListGet.2025-04-15.json', '200', all.body);
  });

  it('CosmosDBPrivateEndpointConnectionUpdate: approving an approved connection answers 200 at once', async () => {
    const example = restExample('documentdb/CosmosDBPrivateEndpointConnectionUpdate.2025-04-15.json');
    const answer = await world.raw(
      'PUT',
      `${ACCOUNTS}/ddb1/privateEndpointConnections/${connectionName}?${COSMOS_API}`,
      example.parameters.parameters,
    );
    expect(answer.status).toBe(200);
    expectShape('documentdb/CosmosDBPrivateEndpointConnectionUpdate.2025-04-15.json', '200', answer.body);
  });

  it('CosmosDBPrivateLinkResourceGet and ListGet', async () => {
    expectShape(
      'documentdb/CosmosDBPrivateLinkResourceGet.2025-04-15.json',
      '200',
      (await world.raw('GET', `${ACCOUNTS}/ddb1/privateLinkResources/sql?${COSMOS_API}`)).body,
    );
    expectShape(
      'documentdb/CosmosDBPrivateLinkResourceListGet.2025-04-15.json',
      '200',
      (await world.raw('GET', `${ACCOUNTS}/ddb1/privateLinkResources?${COSMOS_API}`)).body,
    );
  });
});

describe('Mongo vCore examples', () => {
  it('MongoClusters_PrivateEndpointConnectionList and _PrivateEndpointConnectionPut', async () => {
    const created = await world.raw('PUT', `${CLUSTER}?api-version=2024-07-01`, {
      location: 'westus',
      properties: { serverVersion: '7.0' },
    });
    await world.waitForOperation(created);
    const clusterId = (created.body as { id: string }).id;
    await world.network.privateEndpoints.beginCreateOrUpdateAndWait(
      RG,
      'pe-vcore',
      {
        location: 'westus',
        subnet: { id: subnetId },
        manualPrivateLinkServiceConnections: [
          { name: 'c', privateLinkServiceId: clusterId, groupIds: ['MongoCluster'], requestMessage: 'hello' },
        ],
      },
      FAST,
    );
    const list = await world.raw('GET', `${CLUSTER}/privateEndpointConnections?api-version=2025-09-01`);
    expectShape(
      'documentdb/mongoclusters/MongoClusters_PrivateEndpointConnectionList.2025-09-01.json',
      '200',
      list.body,
    );

    const example = restExample('documentdb/mongoclusters/MongoClusters_PrivateEndpointConnectionPut.2024-07-01.json');
    const name = (list.body as { value: Array<{ name: string }> }).value[0]?.name ?? '';
    const path = `${CLUSTER}/privateEndpointConnections/${name}?api-version=2024-07-01`;
    const accepted = await world.raw('PUT', path, example.parameters.resource);
    expect(accepted.status).toBe(202);
    expect(Object.keys(accepted.headers)).toEqual(
      expect.arrayContaining(Object.keys(example.responses['202']?.headers ?? {}).map((h) => h.toLowerCase())),
    );
    await world.waitForOperation(accepted);
    expectShape(
      'documentdb/mongoclusters/MongoClusters_PrivateEndpointConnectionPut.2024-07-01.json',
      '200',
      (await world.raw('GET', path)).body,
    );
  });
});

describe('Key Vault examples', () => {
  const API = 'api-version=2025-05-01';
  let connectionName: string;

  beforeAll(async () => {
    const created = await world.raw('PUT', `${VAULT}?${API}`, {
      location: 'westus',
      properties: { tenantId: '00000000-0000-0000-0000-000000000001', sku: { family: 'A', name: 'standard' } },
    });
    await endpoint('pe-kv', (created.body as { id: string }).id, 'vault');
    const list = (await world.raw('GET', `${VAULT}/privateEndpointConnections?${API}`)).body as {
      value: Array<{ name: string }>;
    };
    connectionName = list.value[0]?.name ?? '';
  });

  it('getPrivateEndpointConnection, listPrivateEndpointConnection, putPrivateEndpointConnection', async () => {
    const path = `${VAULT}/privateEndpointConnections/${connectionName}?${API}`;
    expectShape('keyvault/getPrivateEndpointConnection.2025-05-01.json', '200', (await world.raw('GET', path)).body);
    expectShape(
      'keyvault/listPrivateEndpointConnection.2025-05-01.json',
      '200',
      (await world.raw('GET', `${VAULT}/privateEndpointConnections?${API}`)).body,
    );
    const example = restExample('keyvault/putPrivateEndpointConnection.2025-05-01.json');
    const put = await world.raw('PUT', path, example.parameters.properties);
    expect(put.status).toBe(200);
    expectShape('keyvault/putPrivateEndpointConnection.2025-05-01.json', '200', put.body);
  });

  it('listPrivateLinkResources', async () => {
    expectShape(
      'keyvault/listPrivateLinkResources.2025-05-01.json',
      '200',
      (await world.raw('GET', `${VAULT}/privateLinkResources?${API}`)).body,
    );
  });
});
