import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  completeCosmosAccountOperation,
  cosmosApi,
  cosmosPrivateLinkFacts,
  createCosmosAccount,
  renderCosmosAccount,
  updateCosmosAccount,
  type CosmosAccount,
} from '../../src/providers/documentdb-account';
import { cosmosConnectionBody, type CosmosConnection } from '../../src/providers/documentdb-connections';
import {
  cosmosGroupIds,
  cosmosGroups,
  cosmosRequiredMemberNames,
  findCosmosGroup,
  privateLinkResourceBody,
} from '../../src/providers/documentdb-private-link';
import { regionDisplayName, regionKey } from '../../src/providers/documentdb-regions';
import { ArmError } from '../../src/errors';
import { ACCOUNT_GET_EXTRAS, CREATE_MIN_EXTRAS } from '../../../../test/support/cosmos-account-examples';
import { compareKeyStructure } from '../../../../test/support/key-structure';
import { exampleBody, restExample } from '../../../../test/support/rest-examples';

const RG_ID = '/subscriptions/subid/resourceGroups/rg1';
const ACCOUNT_ID = `${RG_ID}/providers/Microsoft.DocumentDB/databaseAccounts/ddb1`;
const NOW = '2025-01-02T03:04:05Z';

function newAccount(body: unknown, name = 'ddb1'): CosmosAccount {
  return createCosmosAccount(body, {
    id: `${RG_ID}/providers/Microsoft.DocumentDB/databaseAccounts/${name}`,
    name,
    instanceId: '00000000-0000-0000-0000-000000000001',
    now: NOW,
  });
}

function accountIn(regions: string[], extra: Record<string, unknown> = {}): CosmosAccount {
  return completeCosmosAccountOperation(
    newAccount({
      location: regions[0],
      ...extra,
      properties: {
        databaseAccountOfferType: 'Standard',
        locations: regions.map((locationName, failoverPriority) => ({ locationName, failoverPriority })),
        ...((extra.properties as object | undefined) ?? {}),
      },
    }),
  );
}

function thrown(action: () => unknown): ArmError {
  try {
    action();
  } catch (error) {
    if (error instanceof ArmError) return error;
    throw error;
  }
  throw new Error('expected an ArmError');
}

const connection: CosmosConnection = {
  name: 'pe1.5d393f64-ef64-46d0-9959-308321c44ac0',
  privateEndpointId: '/subscriptions/subid/resourceGroups/net/providers/Microsoft.Network/privateEndpoints/pe1',
  groupId: 'Sql',
  state: { status: 'Approved', description: 'Auto-approved', actionsRequired: 'None' },
  provisioningState: 'Succeeded',
};

describe('region names', () => {
  it.each([
    ['West US', 'westus', 'West US'],
    ['westus', 'westus', 'West US'],
    ['  West   Europe ', 'westeurope', 'West Europe'],
    ['SOUTHCENTRALUS', 'southcentralus', 'South Central US'],
    ['East US 2', 'eastus2', 'East US 2'],
    ['Mars Central', 'marscentral', 'Mars Central'],
  ])('%j → key %s, display %s', (input, key, display) => {
    expect(regionKey(input)).toBe(key);
    expect(regionDisplayName(input)).toBe(display);
  });
});

describe('Cosmos DB account bodies', () => {
  it('answers a minimal create like CosmosDBDatabaseAccountCreateMin', () => {
    const example = restExample('documentdb/CosmosDBDatabaseAccountCreateMin.2025-04-15.json');
    const params = example.parameters.createUpdateParameters;
    const body = renderCosmosAccount(newAccount(params), []);
    const diff = compareKeyStructure(example.responses['200']?.body, body, {
      allowedExtra: CREATE_MIN_EXTRAS,
    });
    expect(diff).toEqual({ missing: [], unexpected: [] });
    expect(body).toMatchObject({
      id: ACCOUNT_ID,
      name: 'ddb1',
      location: 'West US',
      type: 'Microsoft.DocumentDB/databaseAccounts',
      kind: 'GlobalDocumentDB',
      properties: {
        provisioningState: 'Initializing',
        locations: [
          {
            id: 'ddb1-southcentralus',
            locationName: 'South Central US',
            provisioningState: 'Initializing',
            failoverPriority: 0,
            isZoneRedundant: false,
          },
        ],
        failoverPolicies: [{ id: 'ddb1-southcentralus', locationName: 'South Central US', failoverPriority: 0 }],
      },
    });
  });

  it('answers a GET like CosmosDBDatabaseAccountGet once created', () => {
    const example = exampleBody('documentdb/CosmosDBDatabaseAccountGet.2025-04-15.json') as {
      identity: unknown;
      properties: Record<string, unknown>;
    };
    const account = accountIn(['eastus'], {
      location: 'westus',
      identity: example.identity,
      properties: {
        enableAnalyticalStorage: true,
        backupPolicy: example.properties.backupPolicy,
      },
    });
    const body = renderCosmosAccount(account, [connection]);
    const diff = compareKeyStructure(example, body, {
      mapPaths: ['identity.userAssignedIdentities'],
      allowedExtra: ACCOUNT_GET_EXTRAS,
    });
    expect(diff).toEqual({ missing: [], unexpected: [] });
    expect(body).toMatchObject({
      properties: {
        provisioningState: 'Succeeded',
        documentEndpoint: 'https://ddb1.documents.azure.com:443/',
        writeLocations: [
          {
            id: 'ddb1-eastus',
            locationName: 'East US',
            documentEndpoint: 'https://ddb1-eastus.documents.azure.com:443/',
          },
        ],
        privateEndpointConnections: [{ id: `${ACCOUNT_ID}/privateEndpointConnections/${connection.name}` }],
      },
    });
  });

  it('writes to the priority-0 region only, unless multi-region writes are on', () => {
    const single = renderCosmosAccount(accountIn(['West US', 'Central US']), []) as {
      properties: Record<string, Array<{ id: string }>>;
    };
    expect(single.properties.writeLocations?.map((l) => l.id)).toEqual(['ddb1-westus']);
    expect(single.properties.readLocations?.map((l) => l.id)).toEqual(['ddb1-westus', 'ddb1-centralus']);
    const multi = renderCosmosAccount(
      accountIn(['West US', 'Central US'], { properties: { enableMultipleWriteLocations: true } }),
      [],
    ) as {
      properties: Record<string, Array<{ id: string }>>;
    };
    expect(multi.properties.writeLocations?.map((l) => l.id)).toEqual(['ddb1-westus', 'ddb1-centralus']);
  });

  it('orders locations by failover priority, not by request order', () => {
    const account = newAccount({
      location: 'westus',
      properties: {
        databaseAccountOfferType: 'Standard',
        locations: [
          { locationName: 'Central US', failoverPriority: 1 },
          { locationName: 'West US', failoverPriority: 0 },
        ],
      },
    });
    expect(account.regions.map((r) => r.name)).toEqual(['West US', 'Central US']);
  });

  it('keeps the caller’s consistency level and fills in the rest', () => {
    const body = renderCosmosAccount(
      accountIn(['westus'], { properties: { consistencyPolicy: { defaultConsistencyLevel: 'Strong' } } }),
      [],
    );
    expect(body).toMatchObject({
      properties: {
        consistencyPolicy: { defaultConsistencyLevel: 'Strong', maxIntervalInSeconds: 5, maxStalenessPrefix: 100 },
      },
    });
  });

  it('ignores computed properties sent back by a GET → edit → PUT round trip', () => {
    const account = accountIn(['westus']);
    const roundTrip = renderCosmosAccount(account, [connection]);
    const { account: updated } = updateCosmosAccount(account, roundTrip, 'replace');
    expect(updated.settings).not.toHaveProperty('provisioningState');
    expect(updated.settings).not.toHaveProperty('privateEndpointConnections');
    expect(renderCosmosAccount(completeCosmosAccountOperation(updated), [connection])).toEqual(roundTrip);
  });

  it.each([
    ['no properties', { location: 'westus' }, 'properties'],
    [
      'no offer type',
      { location: 'westus', properties: { locations: [{ locationName: 'westus' }] } },
      'properties.databaseAccountOfferType',
    ],
    [
      'no locations',
      { location: 'westus', properties: { databaseAccountOfferType: 'Standard', locations: [] } },
      'properties.locations',
    ],
    [
      'no location',
      { properties: { databaseAccountOfferType: 'Standard', locations: [{ locationName: 'westus' }] } },
      'location',
    ],
    [
      'a region twice',
      {
        location: 'westus',
        properties: {
          databaseAccountOfferType: 'Standard',
          locations: [{ locationName: 'westus' }, { locationName: 'West US' }],
        },
      },
      'properties.locations',
    ],
    [
      'duplicate priorities',
      {
        location: 'westus',
        properties: {
          databaseAccountOfferType: 'Standard',
          locations: [
            { locationName: 'westus', failoverPriority: 0 },
            { locationName: 'eastus', failoverPriority: 0 },
          ],
        },
      },
      'properties.locations[].failoverPriority',
    ],
    [
      'a gap in priorities',
      {
        location: 'westus',
        properties: {
          databaseAccountOfferType: 'Standard',
          locations: [
            { locationName: 'westus', failoverPriority: 0 },
            { locationName: 'eastus', failoverPriority: 2 },
          ],
        },
      },
      'properties.locations[].failoverPriority',
    ],
    [
      'a negative priority',
      {
        location: 'westus',
        properties: {
          databaseAccountOfferType: 'Standard',
          locations: [{ locationName: 'westus', failoverPriority: -1 }],
        },
      },
      'properties.locations[0].failoverPriority',
    ],
    [
      'an unknown kind',
      {
        location: 'westus',
        kind: 'Graph',
        properties: { databaseAccountOfferType: 'Standard', locations: [{ locationName: 'westus' }] },
      },
      'kind',
    ],
  ])('rejects a create with %s, naming the field', (_case, body, field) => {
    const error = thrown(() => newAccount(body));
    expect(error.status).toBe(400);
    expect(error.target).toBe(field);
    expect(error.message).toContain(field);
  });

  it.each(['a', 'ab', 'Upper', 'has_underscore', '-leading', 'trailing-', 'double--hyphen', 'x'.repeat(45)])(
    'rejects account name %j',
    (name) => {
      expect(
        thrown(() =>
          newAccount(
            {
              location: 'westus',
              properties: { databaseAccountOfferType: 'Standard', locations: [{ locationName: 'westus' }] },
            },
            name,
          ),
        ).target,
      ).toBe('accountName');
    },
  );

  it('refuses to change the kind of an existing account', () => {
    const error = thrown(() => updateCosmosAccount(accountIn(['westus']), { kind: 'MongoDB' }, 'merge'));
    expect(error.target).toBe('kind');
  });
});

describe('Cosmos DB region changes', () => {
  const seed = () => accountIn(['West US', 'Central US', 'West Europe']);
  const locations = (names: string[]) => ({
    properties: { locations: names.map((locationName, failoverPriority) => ({ locationName, failoverPriority })) },
  });

  it('adds a region as Creating; it becomes a member only when the operation completes', () => {
    const { account, regionChange } = updateCosmosAccount(
      seed(),
      locations(['West US', 'Central US', 'West Europe', 'East US']),
      'merge',
    );
    expect(regionChange).toEqual({ added: ['East US'], removed: [] });
    expect(account.provisioningState).toBe('Updating');
    expect(account.regions.find((r) => r.name === 'East US')?.provisioningState).toBe('Creating');
    expect(cosmosPrivateLinkFacts(account).regions).toEqual(['West US', 'Central US', 'West Europe']);
    const done = completeCosmosAccountOperation(account);
    expect(done.provisioningState).toBe('Succeeded');
    expect(cosmosPrivateLinkFacts(done).regions).toEqual(['West US', 'Central US', 'West Europe', 'East US']);
  });

  it('removes a region as Deleting; it stays a member until the operation completes', () => {
    const { account, regionChange } = updateCosmosAccount(seed(), locations(['West US', 'Central US']), 'merge');
    expect(regionChange).toEqual({ added: [], removed: ['West Europe'] });
    expect(account.regions.find((r) => r.name === 'West Europe')?.provisioningState).toBe('Deleting');
    expect(cosmosPrivateLinkFacts(account).regions).toContain('West Europe');
    expect(cosmosPrivateLinkFacts(completeCosmosAccountOperation(account)).regions).toEqual(['West US', 'Central US']);
  });

  it('treats a new failover order of the same regions as no region change', () => {
    const { regionChange } = updateCosmosAccount(seed(), locations(['Central US', 'West US', 'West Europe']), 'merge');
    expect(regionChange).toEqual({ added: [], removed: [] });
  });

  it('leaves regions alone when a PATCH does not mention locations', () => {
    const { account, regionChange } = updateCosmosAccount(seed(), { tags: { team: 'data' } }, 'merge');
    expect(regionChange).toEqual({ added: [], removed: [] });
    expect(account.regions).toHaveLength(3);
    expect(account.tags).toEqual({ team: 'data' });
  });

  it('requires locations on a PUT', () => {
    expect(
      thrown(() =>
        updateCosmosAccount(
          seed(),
          { location: 'westus', properties: { databaseAccountOfferType: 'Standard' } },
          'replace',
        ),
      ).target,
    ).toBe('properties.locations');
  });
});

describe('Cosmos DB API and private link groups', () => {
  it.each([
    ['GlobalDocumentDB', [], 'Sql', ['Sql', 'SqlDedicated']],
    ['MongoDB', [], 'MongoDB', ['MongoDB']],
    ['GlobalDocumentDB', [{ name: 'EnableCassandra' }], 'Cassandra', ['Cassandra']],
    ['GlobalDocumentDB', [{ name: 'EnableGremlin' }], 'Gremlin', ['Gremlin', 'Sql']],
    ['GlobalDocumentDB', [{ name: 'EnableTable' }], 'Table', ['Table', 'Sql']],
    ['GlobalDocumentDB', [{ name: 'EnableServerless' }], 'Sql', ['Sql', 'SqlDedicated']],
  ] as const)('kind %s with capabilities %j is the %s API with groups %j', (kind, capabilities, api, groups) => {
    expect(cosmosApi(kind, { capabilities })).toBe(api);
    expect(cosmosGroupIds({ api, enableAnalyticalStorage: false })).toEqual(groups);
  });

  it('adds the Analytical group when analytical storage is on', () => {
    expect(cosmosGroupIds({ api: 'MongoDB', enableAnalyticalStorage: true })).toEqual(['MongoDB', 'Analytical']);
  });

  it('gives the global member and one per region, in the right zone per group', () => {
    const facts = {
      accountName: 'acct',
      api: 'Gremlin' as const,
      enableAnalyticalStorage: true,
      regions: ['West US', 'West Europe'],
    };
    expect(cosmosGroups(facts)).toEqual([
      {
        groupId: 'Gremlin',
        requiredMembers: [
          { requiredMemberName: 'acct', fqdns: ['acct.gremlin.cosmos.azure.com'] },
          { requiredMemberName: 'acct-westus', fqdns: ['acct-westus.gremlin.cosmos.azure.com'] },
          { requiredMemberName: 'acct-westeurope', fqdns: ['acct-westeurope.gremlin.cosmos.azure.com'] },
        ],
        requiredZoneNames: ['privatelink.gremlin.cosmos.azure.com'],
      },
      {
        groupId: 'Sql',
        requiredMembers: [
          { requiredMemberName: 'acct', fqdns: ['acct.documents.azure.com'] },
          { requiredMemberName: 'acct-westus', fqdns: ['acct-westus.documents.azure.com'] },
          { requiredMemberName: 'acct-westeurope', fqdns: ['acct-westeurope.documents.azure.com'] },
        ],
        requiredZoneNames: ['privatelink.documents.azure.com'],
      },
      {
        groupId: 'Analytical',
        requiredMembers: [
          { requiredMemberName: 'acct', fqdns: ['acct.analytics.cosmos.azure.com'] },
          { requiredMemberName: 'acct-westus', fqdns: ['acct-westus.analytics.cosmos.azure.com'] },
          { requiredMemberName: 'acct-westeurope', fqdns: ['acct-westeurope.analytics.cosmos.azure.com'] },
        ],
        requiredZoneNames: ['privatelink.analytics.cosmos.azure.com'],
      },
    ]);
  });

  it.each([
    ['MongoDB', 'mongodb', 'acct-westus.mongo.cosmos.azure.com', 'privatelink.mongo.cosmos.azure.com'],
    ['Cassandra', 'cassandra', 'acct-westus.cassandra.cosmos.azure.com', 'privatelink.cassandra.cosmos.azure.com'],
    ['Table', 'TABLE', 'acct-westus.table.cosmos.azure.com', 'privatelink.table.cosmos.azure.com'],
    ['Sql', 'sqldedicated', 'acct-westus.sqlx.cosmos.azure.com', 'privatelink.sqlx.cosmos.azure.com'],
  ] as const)('the %s API answers group name %j with %s in %s', (api, groupName, regionalFqdn, zone) => {
    const group = findCosmosGroup(
      { accountName: 'acct', api, enableAnalyticalStorage: false, regions: ['westus'] },
      groupName,
    );
    expect(group?.requiredMembers[1]?.fqdns).toEqual([regionalFqdn]);
    expect(group?.requiredZoneNames).toEqual([zone]);
  });

  it('has no group for an API the account does not expose', () => {
    expect(
      findCosmosGroup(
        { accountName: 'acct', api: 'MongoDB', enableAnalyticalStorage: false, regions: ['westus'] },
        'Sql',
      ),
    ).toBeUndefined();
  });

  it('lists private link resources like CosmosDBPrivateLinkResourceGet (with the .com zone)', () => {
    const example = exampleBody('documentdb/CosmosDBPrivateLinkResourceGet.2025-04-15.json');
    const group = findCosmosGroup(cosmosPrivateLinkFacts(accountIn(['West US'])), 'sql');
    if (group === undefined) throw new Error('Sql group missing');
    const body = privateLinkResourceBody(ACCOUNT_ID, 'Microsoft.DocumentDB/databaseAccounts', group);
    expect(compareKeyStructure(example, body)).toEqual({ missing: [], unexpected: [] });
    expect(body).toEqual({
      id: `${ACCOUNT_ID}/privateLinkResources/Sql`,
      name: 'Sql',
      type: 'Microsoft.DocumentDB/databaseAccounts/privateLinkResources',
      properties: {
        groupId: 'Sql',
        requiredMembers: ['ddb1', 'ddb1-westus'],
        requiredZoneNames: ['privatelink.documents.azure.com'],
      },
    });
  });

  it('required members: the account first, one per region, unique, lower case, DNS-label safe', () => {
    const regionName = fc.constantFrom(
      'West US',
      'westus2',
      'Central US',
      'West Europe',
      'East US',
      'Japan East',
      'UK South',
      'Brazil South',
    );
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]$/),
        fc.uniqueArray(regionName, { selector: regionKey, minLength: 1 }),
        (account, regions) => {
          const members = cosmosRequiredMemberNames(account, regions);
          expect(members[0]).toBe(account);
          expect(members).toHaveLength(regions.length + 1);
          expect(new Set(members).size).toBe(members.length);
          for (const member of members) expect(member).toMatch(/^[a-z0-9-]+$/);
        },
      ),
    );
  });
});

describe('Cosmos DB private endpoint connections', () => {
  it('have the key structure of CosmosDBPrivateEndpointConnectionGet, groupId a string', () => {
    const example = exampleBody('documentdb/CosmosDBPrivateEndpointConnectionGet.2025-04-15.json');
    const body = cosmosConnectionBody(ACCOUNT_ID, connection);
    expect(compareKeyStructure(example, body)).toEqual({ missing: [], unexpected: [] });
    expect(body).toMatchObject({
      type: 'Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections',
      properties: { groupId: 'Sql' },
    });
  });

  it('list items have the key structure of CosmosDBPrivateEndpointConnectionListGet', () => {
    const example = exampleBody('documentdb/CosmosDBPrivateEndpointConnectionListGet.2025-04-15.json');
    expect(compareKeyStructure(example, { value: [cosmosConnectionBody(ACCOUNT_ID, connection)] })).toEqual({
      missing: [],
      unexpected: [],
    });
  });
});
