import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCatalogue, parseCatalogueExtensions } from '../../../src/core/catalogue';
import { claimsResolver } from '../../../src/core/claims';
import type { ObservedEndpoint, ObservedIpConfiguration, RecordClaim } from '../../../src/core/model';

const SUB = '00000000-0000-0000-0000-000000000001';
const ENDPOINT_ID = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/privateEndpoints/pe-acct`;
const ENDPOINT_KEY = ENDPOINT_ID.toLowerCase();
const COSMOS_ID = `/subscriptions/${SUB}/resourceGroups/rg-data/providers/Microsoft.DocumentDB/databaseAccounts/acct`;
const ELASTIC_ALIAS =
  'eastus2-prod-002-privatelink-service.64359fdd-7893-4215-9929-ece3287e1371.eastus2.azure.privatelinkservice';

const elastic = parseCatalogueExtensions(
  [
    {
      service: 'Elastic Cloud',
      aliasPattern: '{region}-prod-{nnn}-privatelink-service.{guid}.{region}.azure.privatelinkservice',
      zones: [{ zone: 'privatelink.{region}.azure.elastic-cloud.com', aliasRecord: '*' }],
    },
  ],
  'AUTOPILOT_CATALOGUE_EXTENSIONS',
);
const catalogue = buildCatalogue(elastic);
const resolve = claimsResolver(catalogue);

const ipConfig = (
  groupId: string,
  memberName: string,
  fqdns: string[],
  ipAddress: string,
): ObservedIpConfiguration => ({ groupId, memberName, fqdns, ipAddress });

function endpoint(overrides: Partial<ObservedEndpoint>): ObservedEndpoint {
  return {
    id: ENDPOINT_ID,
    location: 'westus',
    provisioningState: 'Succeeded',
    connectionStatus: 'Approved',
    target: COSMOS_ID,
    groupIds: ['Sql'],
    ipConfigurations: [],
    managedByZoneGroup: false,
    ...overrides,
  };
}

const claim = (zone: string, name: string, ip: string, source: string): RecordClaim => ({
  zone,
  name,
  ip,
  endpointId: ENDPOINT_KEY,
  source,
});

describe('claimsResolver', () => {
  it('a Cosmos DB endpoint claims one record per IP: the global name and one per region', () => {
    const cosmos = endpoint({
      ipConfigurations: [
        ipConfig('Sql', 'acct', ['acct.documents.azure.com'], '10.0.1.4'),
        ipConfig('Sql', 'acct-westus', ['acct-westus.documents.azure.com'], '10.0.1.5'),
        ipConfig('Sql', 'acct-eastus', ['acct-eastus.documents.azure.com'], '10.0.1.6'),
        ipConfig('Sql', 'acct-northeurope', ['acct-northeurope.documents.azure.com'], '10.0.1.7'),
      ],
    });
    expect(resolve(cosmos)).toEqual({
      claims: [
        claim('privatelink.documents.azure.com', 'acct', '10.0.1.4', 'acct.documents.azure.com'),
        claim('privatelink.documents.azure.com', 'acct-westus', '10.0.1.5', 'acct-westus.documents.azure.com'),
        claim('privatelink.documents.azure.com', 'acct-eastus', '10.0.1.6', 'acct-eastus.documents.azure.com'),
        claim(
          'privatelink.documents.azure.com',
          'acct-northeurope',
          '10.0.1.7',
          'acct-northeurope.documents.azure.com',
        ),
      ],
      unmapped: [],
    });
  });

  it('lower-cases everything it returns', () => {
    const shouting = endpoint({
      id: ENDPOINT_ID.toUpperCase(),
      ipConfigurations: [
        ipConfig('Sql', 'ACCT', ['ACCT-WestUS.Documents.Azure.com.'], 'FD00::A'),
        ipConfig('Sql', 'x', ['X.Example.ORG'], '10.0.0.9'),
      ],
    });
    expect(resolve(shouting)).toEqual({
      claims: [claim('privatelink.documents.azure.com', 'acct-westus', 'fd00::a', 'acct-westus.documents.azure.com')],
      unmapped: [
        { endpointId: ENDPOINT_KEY, fqdn: 'x.example.org', reason: expect.stringMatching(/no catalogue entry/) },
      ],
    });
  });

  it('each FQDN of an IP configuration claims a record, and a record reached by two names is claimed once', () => {
    const vault = endpoint({
      target: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv`,
      ipConfigurations: [
        ipConfig(
          'vault',
          'default',
          ['kv.vault.azure.net', 'kv.vaultcore.azure.net', 'KV.vault.azure.net.'],
          '10.0.2.4',
        ),
      ],
    });
    expect(resolve(vault).claims).toEqual([
      claim('privatelink.vaultcore.azure.net', 'kv', '10.0.2.4', 'kv.vault.azure.net'),
    ]);

    const webApp = endpoint({
      target: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/app`,
      ipConfigurations: [
        ipConfig('sites', 'sites', ['app.azurewebsites.net', 'app.scm.azurewebsites.net'], '10.0.2.5'),
      ],
    });
    expect(resolve(webApp).claims).toEqual([
      claim('privatelink.azurewebsites.net', 'app', '10.0.2.5', 'app.azurewebsites.net'),
      claim('privatelink.azurewebsites.net', 'app.scm', '10.0.2.5', 'app.scm.azurewebsites.net'),
    ]);
  });

  it('uses an alternative zone that exists in scope (Mongo vCore)', () => {
    const mongo = endpoint({
      target: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.DocumentDB/mongoClusters/cluster1`,
      groupIds: ['MongoCluster'],
      ipConfigurations: [ipConfig('MongoCluster', 'cluster1', ['cluster1.mongocluster.cosmos.azure.com'], '10.0.3.4')],
    });
    expect(resolve(mongo).claims.map((c) => c.zone)).toEqual(['privatelink.mongocluster.cosmos.azure.com']);
    const withOldZone = claimsResolver(catalogue, { existingZoneNames: ['privatelink.mongocluster.azure.com'] });
    expect(withOldZone(mongo).claims).toEqual([
      {
        zone: 'privatelink.mongocluster.azure.com',
        name: 'cluster1',
        ip: '10.0.3.4',
        endpointId: ENDPOINT_KEY,
        source: 'cluster1.mongocluster.cosmos.azure.com',
      },
    ]);
  });

  it("an Elastic Cloud endpoint claims the wildcard record in its region's zone for each IP", () => {
    const elasticEndpoint = endpoint({
      location: 'eastus2',
      target: ELASTIC_ALIAS.toUpperCase(),
      groupIds: [],
      ipConfigurations: [ipConfig('', '', [], '10.1.0.5')],
    });
    expect(resolve(elasticEndpoint)).toEqual({
      claims: [claim('privatelink.eastus2.azure.elastic-cloud.com', '*', '10.1.0.5', ELASTIC_ALIAS)],
      unmapped: [],
    });
  });

  it('reports an alias no entry matches, instead of guessing', () => {
    const unknown = endpoint({
      target: 'someone-service.0000.westus.azure.privatelinkservice',
      groupIds: [],
      ipConfigurations: [ipConfig('', '', [], '10.1.0.6')],
    });
    expect(resolve(unknown)).toEqual({
      claims: [],
      unmapped: [
        {
          endpointId: ENDPOINT_KEY,
          fqdn: 'someone-service.0000.westus.azure.privatelinkservice',
          reason: expect.stringMatching(/no catalogue entry has an aliasPattern/),
        },
      ],
    });
  });

  it('a variable used twice in the alias pattern must match the same text both times', () => {
    const crossed = ELASTIC_ALIAS.replace('.eastus2.azure', '.westus2.azure');
    const result = resolve(endpoint({ target: crossed, ipConfigurations: [ipConfig('', '', [], '10.1.0.5')] }));
    expect(result.claims).toEqual([]);
    expect(result.unmapped.map((u) => u.fqdn)).toEqual([crossed]);
  });

  it('an endpoint still provisioning (no IP configurations) claims nothing and reports nothing', () => {
    expect(resolve(endpoint({ provisioningState: 'Creating' }))).toEqual({ claims: [], unmapped: [] });
  });

  it('without the Elastic extension the alias is unmapped', () => {
    const builtInOnly = claimsResolver(buildCatalogue([]));
    const result = builtInOnly(
      endpoint({ target: ELASTIC_ALIAS, ipConfigurations: [ipConfig('', '', [], '10.1.0.5')] }),
    );
    expect(result.claims).toEqual([]);
    expect(result.unmapped.map((u) => u.fqdn)).toEqual([ELASTIC_ALIAS]);
  });

  it('property: one claim per distinct (record, IP), all lower case, each IP from its own configuration', () => {
    const region = fc.constantFrom('westus', 'eastus', 'northeurope', 'westus2');
    const ip = fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 }))
      .map(([a, b]) => `10.0.${a}.${b}`);
    const config = fc.tuple(fc.option(region, { nil: undefined }), ip, fc.boolean()).map(([r, address, upper]) => {
      const name = r ? `acct-${r}` : 'acct';
      return ipConfig('Sql', name, [upper ? `${name}.DOCUMENTS.azure.com.` : `${name}.documents.azure.com`], address);
    });
    fc.assert(
      fc.property(fc.array(config, { maxLength: 6 }), (configs) => {
        const { claims, unmapped } = resolve(endpoint({ ipConfigurations: configs }));
        expect(unmapped).toEqual([]);
        const expected = new Set(configs.map((c) => `${c.memberName}|${c.ipAddress}`));
        expect(new Set(claims.map((c) => `${c.name}|${c.ip}`))).toEqual(expected);
        expect(claims).toHaveLength(expected.size);
        for (const c of claims) {
          expect(Object.values(c).every((v) => v === v.toLowerCase())).toBe(true);
          expect(c.zone).toBe('privatelink.documents.azure.com');
        }
      }),
    );
  });
});
