import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCatalogue, type CatalogueEntry } from '../../../src/core/catalogue';
import { BUILT_IN_CATALOGUE } from '../../../src/core/catalogue-data';
import { type FqdnMapping, mapFqdn, preferredZone, type ZoneCandidate } from '../../../src/core/fqdn';

const catalogue = buildCatalogue([]);

function mapped(mapping: FqdnMapping): Extract<FqdnMapping, { kind: 'mapped' }> {
  if (mapping.kind !== 'mapped') throw new Error(`expected a mapping, got unmapped: ${mapping.reason}`);
  return mapping;
}

describe('mapFqdn: built-in rows', () => {
  it.each<[string, string, string]>([
    // Cosmos DB, every API, global and regional names
    ['acct.documents.azure.com', 'privatelink.documents.azure.com', 'acct'],
    ['acct-westus.documents.azure.com', 'privatelink.documents.azure.com', 'acct-westus'],
    ['acct.sqlx.cosmos.azure.com', 'privatelink.sqlx.cosmos.azure.com', 'acct'],
    ['acct-eastus.mongo.cosmos.azure.com', 'privatelink.mongo.cosmos.azure.com', 'acct-eastus'],
    ['acct.cassandra.cosmos.azure.com', 'privatelink.cassandra.cosmos.azure.com', 'acct'],
    ['acct-northeurope.gremlin.cosmos.azure.com', 'privatelink.gremlin.cosmos.azure.com', 'acct-northeurope'],
    ['x.table.cosmos.azure.com', 'privatelink.table.cosmos.azure.com', 'x'],
    ['acct.analytics.cosmos.azure.com', 'privatelink.analytics.cosmos.azure.com', 'acct'],
    ['c-grp.abc.postgres.cosmos.azure.com', 'privatelink.postgres.cosmos.azure.com', 'c-grp.abc'],
    // Cosmos DB in Government and China
    ['acct-usgovvirginia.documents.azure.us', 'privatelink.documents.azure.us', 'acct-usgovvirginia'],
    ['acct.mongo.cosmos.azure.us', 'privatelink.mongo.cosmos.azure.us', 'acct'],
    ['acct.cassandra.cosmos.azure.us', 'privatelink.cassandra.cosmos.azure.us', 'acct'],
    ['acct.gremlin.cosmos.azure.us', 'privatelink.gremlin.cosmos.azure.us', 'acct'],
    ['acct.table.cosmos.azure.us', 'privatelink.table.cosmos.azure.us', 'acct'],
    ['acct-chinanorth2.documents.azure.cn', 'privatelink.documents.azure.cn', 'acct-chinanorth2'],
    ['acct.mongo.cosmos.azure.cn', 'privatelink.mongo.cosmos.azure.cn', 'acct'],
    ['acct.cassandra.cosmos.azure.cn', 'privatelink.cassandra.cosmos.azure.cn', 'acct'],
    ['acct.gremlin.cosmos.azure.cn', 'privatelink.gremlin.cosmos.azure.cn', 'acct'],
    ['acct.table.cosmos.azure.cn', 'privatelink.table.cosmos.azure.cn', 'acct'],
    // Mongo vCore
    ['mycluster.mongocluster.cosmos.azure.com', 'privatelink.mongocluster.cosmos.azure.com', 'mycluster'],
    // Key Vault: both public suffixes, every cloud
    ['kv.vault.azure.net', 'privatelink.vaultcore.azure.net', 'kv'],
    ['kv.vaultcore.azure.net', 'privatelink.vaultcore.azure.net', 'kv'],
    ['kv.vault.usgovcloudapi.net', 'privatelink.vaultcore.usgovcloudapi.net', 'kv'],
    ['kv.vaultcore.usgovcloudapi.net', 'privatelink.vaultcore.usgovcloudapi.net', 'kv'],
    ['kv.vault.azure.cn', 'privatelink.vaultcore.azure.cn', 'kv'],
    ['kv.vaultcore.azure.cn', 'privatelink.vaultcore.azure.cn', 'kv'],
    ['hsm.managedhsm.azure.net', 'privatelink.managedhsm.azure.net', 'hsm'],
    // Storage, including secondaries and China
    ['acct.blob.core.windows.net', 'privatelink.blob.core.windows.net', 'acct'],
    ['acct-secondary.blob.core.windows.net', 'privatelink.blob.core.windows.net', 'acct-secondary'],
    ['acct.table.core.windows.net', 'privatelink.table.core.windows.net', 'acct'],
    ['acct.queue.core.windows.net', 'privatelink.queue.core.windows.net', 'acct'],
    ['acct.file.core.windows.net', 'privatelink.file.core.windows.net', 'acct'],
    ['acct.web.core.windows.net', 'privatelink.web.core.windows.net', 'acct'],
    ['acct.dfs.core.windows.net', 'privatelink.dfs.core.windows.net', 'acct'],
    ['acct.blob.core.chinacloudapi.cn', 'privatelink.blob.core.chinacloudapi.cn', 'acct'],
    // Templated rows
    ['srv.database.windows.net', 'privatelink.database.windows.net', 'srv'],
    ['mi1.a1b2c3d4e5f6.database.windows.net', 'privatelink.a1b2c3d4e5f6.database.windows.net', 'mi1'],
    ['cache1.westus2.redis.azure.net', 'privatelink.redis.azure.net', 'cache1'],
    ['happy-sea-0a1b.3.azurestaticapps.net', 'privatelink.3.azurestaticapps.net', 'happy-sea-0a1b'],
    ['happy-sea-0a1b.azurestaticapps.net', 'privatelink.azurestaticapps.net', 'happy-sea-0a1b'],
    ['happy-sea-0a1b.preview.azurestaticapps.net', 'privatelink.azurestaticapps.net', 'happy-sea-0a1b.preview'],
    ['aks-dns-1a2b.hcp.eastus.azmk8s.io', 'privatelink.eastus.azmk8s.io', 'aks-dns-1a2b.hcp'],
    // Names the footnotes put in the parent zone
    ['app.scm.azurewebsites.net', 'privatelink.azurewebsites.net', 'app.scm'],
    ['app.azurewebsites.net', 'privatelink.azurewebsites.net', 'app'],
    ['reg.westus.data.azurecr.io', 'privatelink.azurecr.io', 'reg.westus.data'],
    ['reg.azurecr.io', 'privatelink.azurecr.io', 'reg'],
    // Other rows
    ['pg1.postgres.database.azure.com', 'privatelink.postgres.database.azure.com', 'pg1'],
    ['my1.mysql.database.azure.com', 'privatelink.mysql.database.azure.com', 'my1'],
    ['c1.redis.cache.windows.net', 'privatelink.redis.cache.windows.net', 'c1'],
    ['cfg.azconfig.io', 'privatelink.azconfig.io', 'cfg'],
    ['ns.servicebus.windows.net', 'privatelink.servicebus.windows.net', 'ns'],
    ['topic1.westus-1.eventgrid.azure.net', 'privatelink.eventgrid.azure.net', 'topic1.westus-1'],
    ['search1.search.windows.net', 'privatelink.search.windows.net', 'search1'],
    ['guid.workspace.eastus.api.azureml.ms', 'privatelink.api.azureml.ms', 'guid.workspace.eastus'],
    ['ml-ws-eastus-guid.eastus.notebooks.azure.net', 'privatelink.notebooks.azure.net', 'ml-ws-eastus-guid.eastus'],
    ['ai1.cognitiveservices.azure.com', 'privatelink.cognitiveservices.azure.com', 'ai1'],
    ['ai1.openai.azure.com', 'privatelink.openai.azure.com', 'ai1'],
    ['ai1.services.ai.azure.com', 'privatelink.services.ai.azure.com', 'ai1'],
  ])('%s → %s / %s', (fqdn, zone, name) => {
    const result = mapped(mapFqdn(catalogue, fqdn));
    expect([result.zone, result.name]).toEqual([zone, name]);
  });
});

describe('mapFqdn: name forms', () => {
  it.each<[string, string, string]>([
    ['acct.privatelink.documents.azure.com', 'privatelink.documents.azure.com', 'acct'],
    ['acct-westus.privatelink.documents.azure.com.', 'privatelink.documents.azure.com', 'acct-westus'],
    ['kv.privatelink.vaultcore.azure.net', 'privatelink.vaultcore.azure.net', 'kv'],
    ['ACCT-WestUS.Documents.Azure.COM.', 'privatelink.documents.azure.com', 'acct-westus'],
    ['  acct.documents.azure.com..', 'privatelink.documents.azure.com', 'acct'],
    ['mi1.privatelink.a1b2c3.database.windows.net', 'privatelink.a1b2c3.database.windows.net', 'mi1'],
    ['c.privatelink.mongocluster.azure.com', 'privatelink.mongocluster.cosmos.azure.com', 'c'],
  ])('%s → %s / %s', (fqdn, zone, name) => {
    const result = mapped(mapFqdn(catalogue, fqdn));
    expect([result.zone, result.name]).toEqual([zone, name]);
  });

  it.each<[string, RegExp]>([
    ['acct.documents.azure.org', /no catalogue entry/],
    ['example.com', /no catalogue entry/],
    ['documents.azure.com', /no catalogue entry/],
    ['privatelink.documents.azure.com', /no catalogue entry/],
    ['kv.privatelink.vault.azure.net', /no catalogue entry/],
    ['ci1.eastus.instances.azureml.ms', /no catalogue entry/],
    ['x.aznbcontent.net', /no catalogue entry/],
    ['acct..documents.azure.com', /is not a DNS name/],
    ['acct documents.azure.com', /is not a DNS name/],
    ['', /is not a DNS name/],
  ])('%j is unmapped (%s)', (fqdn, reason) => {
    const result = mapFqdn(catalogue, fqdn);
    expect(result.kind).toBe('unmapped');
    expect(result.kind === 'unmapped' && result.reason).toMatch(reason);
  });
});

describe('mapFqdn: precedence', () => {
  const ext = (
    service: string,
    zone: string,
    suffix: string,
    resourceType = 'Microsoft.Example/things',
  ): CatalogueEntry => ({
    service,
    resourceType,
    groupIds: ['g'],
    zones: [{ zone, publicSuffixes: [suffix] }],
  });

  it('the longest suffix wins, whatever shorter suffixes an extension adds', () => {
    const withShorter = buildCatalogue([ext('Wide', 'privatelink.cosmos.azure.com', 'cosmos.azure.com')]);
    expect(mapped(mapFqdn(withShorter, 'x.table.cosmos.azure.com')).zone).toBe('privatelink.table.cosmos.azure.com');
    expect(mapped(mapFqdn(withShorter, 'x.other.cosmos.azure.com'))).toMatchObject({
      zone: 'privatelink.cosmos.azure.com',
      name: 'x.other',
    });
  });

  it('an extension overrides a built-in row for the same suffix', () => {
    const overridden = buildCatalogue([ext('Custom', 'privatelink.custom.example', 'documents.azure.com')]);
    expect(mapped(mapFqdn(overridden, 'acct.documents.azure.com'))).toMatchObject({
      zone: 'privatelink.custom.example',
      name: 'acct',
    });
  });

  it("the endpoint's target type and group ID choose between matches", () => {
    const competing = buildCatalogue([ext('Other', 'privatelink.other.example', 'table.cosmos.azure.com')]);
    expect(mapped(mapFqdn(competing, 'acct.table.cosmos.azure.com')).zone).toBe('privatelink.other.example');
    const inContext = mapFqdn(competing, 'acct.table.cosmos.azure.com', {
      resourceType: 'Microsoft.DocumentDB/databaseAccounts',
      groupId: 'Table',
    });
    expect(mapped(inContext).zone).toBe('privatelink.table.cosmos.azure.com');
  });

  it('equal matches that disagree are unmapped as ambiguous, unless the context decides', () => {
    const twins = buildCatalogue([
      ext('One', 'privatelink.one.example', 'x.example', 'Microsoft.Example/ones'),
      ext('Two', 'privatelink.two.example', 'x.example', 'Microsoft.Example/twos'),
    ]);
    const result = mapFqdn(twins, 'a.x.example');
    expect(result).toMatchObject({ kind: 'unmapped', fqdn: 'a.x.example' });
    expect(result.kind === 'unmapped' && result.reason).toMatch(
      /^ambiguous: catalogue extension\[0\] \(One\) as a in privatelink.one.example, catalogue extension\[1\] \(Two\) as a in privatelink.two.example;/,
    );
    expect(mapped(mapFqdn(twins, 'a.x.example', { resourceType: 'microsoft.example/twos' })).zone).toBe(
      'privatelink.two.example',
    );
  });

  it('rows that agree (Event Hubs and Service Bus share a zone) are not ambiguous', () => {
    expect(mapped(mapFqdn(catalogue, 'ns.servicebus.windows.net')).zone).toBe('privatelink.servicebus.windows.net');
  });
});

describe('alternative zones and preferredZone', () => {
  const candidatesOf = (fqdn: string): ZoneCandidate[] => mapped(mapFqdn(catalogue, fqdn)).candidates;

  it.each<[string, ZoneCandidate[]]>([
    [
      'mycluster.mongocluster.cosmos.azure.com',
      [
        { zone: 'privatelink.mongocluster.cosmos.azure.com', name: 'mycluster', recommended: true },
        { zone: 'privatelink.mongocluster.azure.com', name: 'mycluster', recommended: false },
      ],
    ],
    [
      'app.scm.azurewebsites.net',
      [
        { zone: 'scm.privatelink.azurewebsites.net', name: 'app', recommended: false },
        { zone: 'privatelink.azurewebsites.net', name: 'app.scm', recommended: true },
      ],
    ],
    ['app.azurewebsites.net', [{ zone: 'privatelink.azurewebsites.net', name: 'app', recommended: true }]],
    [
      'reg.westus.data.azurecr.io',
      [
        { zone: 'westus.data.privatelink.azurecr.io', name: 'reg', recommended: false },
        { zone: 'privatelink.azurecr.io', name: 'reg.westus.data', recommended: true },
      ],
    ],
    [
      'aks-1.sub1.privatelink.eastus.azmk8s.io',
      [
        { zone: 'sub1.privatelink.eastus.azmk8s.io', name: 'aks-1', recommended: false },
        { zone: 'privatelink.eastus.azmk8s.io', name: 'aks-1.sub1', recommended: true },
      ],
    ],
  ])('candidates for %s', (fqdn, expected) => {
    expect(candidatesOf(fqdn)).toEqual(expected);
  });

  it.each<[string, string[], string, string]>([
    ['mycluster.mongocluster.cosmos.azure.com', [], 'privatelink.mongocluster.cosmos.azure.com', 'mycluster'],
    [
      'mycluster.mongocluster.cosmos.azure.com',
      ['PrivateLink.MongoCluster.Azure.com.'],
      'privatelink.mongocluster.azure.com',
      'mycluster',
    ],
    [
      'mycluster.mongocluster.cosmos.azure.com',
      ['privatelink.mongocluster.azure.com', 'privatelink.mongocluster.cosmos.azure.com'],
      'privatelink.mongocluster.cosmos.azure.com',
      'mycluster',
    ],
    ['reg.westus.data.azurecr.io', ['privatelink.azurecr.io'], 'privatelink.azurecr.io', 'reg.westus.data'],
    [
      'reg.westus.data.azurecr.io',
      ['privatelink.azurecr.io', 'westus.data.privatelink.azurecr.io'],
      'westus.data.privatelink.azurecr.io',
      'reg',
    ],
    ['app.scm.azurewebsites.net', ['unrelated.example'], 'privatelink.azurewebsites.net', 'app.scm'],
  ])('%s with zones %j → %s / %s', (fqdn, existing, zone, name) => {
    expect(preferredZone(candidatesOf(fqdn), existing)).toMatchObject({ zone, name });
  });

  it('gives nothing for no candidates', () => {
    expect(preferredZone([], ['privatelink.documents.azure.com'])).toBeUndefined();
  });
});

describe('properties', () => {
  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?$/).filter((l) => l !== 'privatelink');
  const variableValue = (variable: string): fc.Arbitrary<string> =>
    variable === 'partitionid'
      ? fc.stringMatching(/^[0-9]{1,3}$/)
      : fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/).filter((v) => v !== 'privatelink');
  const fill = (pattern: string, values: Record<string, string>): string =>
    pattern.toLowerCase().replace(/\{(\w+)\}/g, (_, v: string) => values[v.toLowerCase()] as string);

  /** Every (rule, public suffix) of the built-in catalogue, with values for its variables. */
  const suffixCase = fc
    .constantFrom(
      ...BUILT_IN_CATALOGUE.flatMap((entry) =>
        entry.zones.flatMap((rule) => (rule.publicSuffixes ?? []).map((suffix) => ({ entry, rule, suffix }))),
      ),
    )
    .chain((c) => {
      const variables = [...new Set([...c.suffix.toLowerCase().matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string))];
      return fc.record(Object.fromEntries(variables.map((v) => [v, variableValue(v)]))).map((values) => ({
        ...c,
        suffixName: fill(c.suffix, values),
        zoneName: fill(c.rule.zone, values),
      }));
    });

  it("for every row, <label>.<suffix> is <label> in the row's zone, and the private name maps back to itself", () => {
    fc.assert(
      fc.property(suffixCase, label, (c, host) => {
        const result = mapped(mapFqdn(catalogue, `${host}.${c.suffixName}`));
        expect([result.zone, result.name]).toEqual([c.zoneName, host]);
        const again = mapped(mapFqdn(catalogue, `${result.name}.${result.zone}`));
        expect([again.zone, again.name]).toEqual([c.zoneName, host]);
      }),
      { numRuns: 300 },
    );
  });

  it('mapping ignores case and trailing dots', () => {
    fc.assert(
      fc.property(
        suffixCase,
        label,
        fc.array(fc.boolean(), { minLength: 1 }),
        fc.integer({ min: 0, max: 2 }),
        (c, host, flips, dots) => {
          const fqdn = `${host}.${c.suffixName}`;
          const recased =
            [...fqdn].map((ch, i) => (flips[i % flips.length] ? ch.toUpperCase() : ch)).join('') + '.'.repeat(dots);
          expect(mapFqdn(catalogue, recased)).toEqual(mapFqdn(catalogue, fqdn));
        },
      ),
    );
  });

  it('names under an unknown suffix are always unmapped', () => {
    fc.assert(
      fc.property(
        fc.array(label, { minLength: 1, maxLength: 5 }),
        fc.constantFrom('test', 'invalid', 'example', 'localhost'),
        (labels, tld) => {
          expect(mapFqdn(catalogue, `${labels.join('.')}.${tld}`).kind).toBe('unmapped');
        },
      ),
    );
  });
});
