import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildCatalogue,
  CatalogueError,
  type CatalogueEntry,
  catalogueTargetTypes,
  type CloudName,
  findEntries,
  parseCatalogueExtensions,
} from '../../../src/core/catalogue';
import { BUILT_IN_CATALOGUE } from '../../../src/core/catalogue-data';

const ROOT = join(__dirname, '..', '..', '..');
const SETTING = 'AUTOPILOT_CATALOGUE_EXTENSIONS';

interface ReferenceRow {
  line: string;
  resourceType: string;
  groupIds: string[];
  zones: string[];
  suffixes: string[];
  cloud: CloudName;
}

const splitCell = (cell: string): string[] =>
  cell
    .replace(/<sup>.*?<\/sup>/g, '')
    .split(/<\/?br\s*\/?>/)
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part.length > 0);

const cloudOf = (zone: string): CloudName =>
  zone.endsWith('.us') || zone.endsWith('usgovcloudapi.net')
    ? 'AzureUSGovernment'
    : zone.endsWith('.cn')
      ? 'AzureChinaCloud'
      : 'AzureCloud';

/** Every row of the reference table: the zone-values tables (4 columns) and the Cosmos DB API table (3 columns). */
function referenceRows(): ReferenceRow[] {
  const text = readFileSync(join(ROOT, 'test/fixtures/reference/private-dns-zone-values.md'), 'utf8');
  const rows: ReferenceRow[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line
      .split('|')
      .slice(1)
      .map((c) => c.trim());
    const typeMatch = /\((Microsoft\.[A-Za-z]+\/[A-Za-z0-9]+)\)/.exec(cells[0] ?? '');
    if (typeMatch && cells.length >= 4) {
      const zones = splitCell(cells[2] ?? '');
      rows.push({
        line,
        resourceType: typeMatch[1] as string,
        groupIds: splitCell(cells[1] ?? ''),
        zones,
        suffixes: splitCell(cells[3] ?? ''),
        cloud: cloudOf(zones[0] ?? ''),
      });
    } else if ((cells[2] ?? '').startsWith('privatelink.')) {
      rows.push({
        line,
        resourceType: 'Microsoft.DocumentDB/databaseAccounts',
        groupIds: splitCell(cells[1] ?? ''),
        zones: splitCell(cells[2] ?? ''),
        suffixes: [],
        cloud: 'AzureCloud',
      });
    }
  }
  return rows;
}

/**
 * Public suffixes the reference lists that are deliberately not suffixes of their own (docs/catalogue.md says why);
 * fqdn.test.ts checks where the first two go.
 */
const NOT_SEPARATE_SUFFIXES = new Set([
  'scm.azurewebsites.net',
  '{regionname}.data.azurecr.io',
  'instances.azureml.ms',
  'aznbcontent.net',
  'inference.ml.azure.com',
]);

describe('built-in catalogue against the reference table', () => {
  const rows = referenceRows();
  const catalogue = buildCatalogue([]);

  it('reads every row of the reference table', () => {
    expect(rows).toHaveLength(55);
  });

  it.each(rows.map((row) => [row.line, row] as const))('covers %s', (_, row) => {
    for (const groupId of row.groupIds) {
      const entries = findEntries(catalogue, row.resourceType, groupId).filter(
        (e) => (e.cloud ?? 'AzureCloud') === row.cloud,
      );
      expect(entries, `${row.resourceType} / ${groupId} in ${row.cloud}`).not.toHaveLength(0);
      const rules = entries.flatMap((e) => e.zones);
      const zones = rules.flatMap((r) => [r.zone, ...(r.alternativeZones ?? [])]).map((z) => z.toLowerCase());
      const suffixes = rules.flatMap((r) => r.publicSuffixes ?? []).map((s) => s.toLowerCase());
      for (const zone of row.zones) expect(zones).toContain(zone);
      for (const suffix of row.suffixes) {
        if (!NOT_SEPARATE_SUFFIXES.has(suffix)) expect(suffixes).toContain(suffix);
      }
    }
  });

  it('every suffix left out on purpose is still in the reference table', () => {
    const listed = new Set(rows.flatMap((r) => r.suffixes));
    for (const suffix of NOT_SEPARATE_SUFFIXES) expect(listed).toContain(suffix);
  });

  it.each([
    [
      'Mongo vCore',
      'Microsoft.DocumentDB/mongoClusters',
      'MongoCluster',
      ['privatelink.mongocluster.cosmos.azure.com', 'privatelink.mongocluster.azure.com'],
    ],
    [
      'Cosmos SqlDedicated',
      'Microsoft.DocumentDB/databaseAccounts',
      'SqlDedicated',
      ['privatelink.sqlx.cosmos.azure.com'],
    ],
    [
      'Cosmos Analytical',
      'Microsoft.DocumentDB/databaseAccounts',
      'Analytical',
      ['privatelink.analytics.cosmos.azure.com'],
    ],
  ])('%s has its zones', (_, type, groupId, zones) => {
    const entry = findEntries(catalogue, type, groupId)[0];
    const rule = entry?.zones[0];
    expect([rule?.zone, ...(rule?.alternativeZones ?? [])]).toEqual(zones);
  });

  it('the built-in rows pass the same validation as extensions', () => {
    expect(parseCatalogueExtensions(JSON.stringify(BUILT_IN_CATALOGUE), 'built-in')).toEqual(BUILT_IN_CATALOGUE);
  });
});

describe('findEntries', () => {
  const catalogue = buildCatalogue([]);

  it.each([
    [
      'Microsoft.DocumentDB/databaseAccounts',
      'Sql',
      ['documents.azure.com', 'documents.azure.us', 'documents.azure.cn'],
    ],
    [
      'MICROSOFT.DOCUMENTDB/DATABASEACCOUNTS',
      'sql',
      ['documents.azure.com', 'documents.azure.us', 'documents.azure.cn'],
    ],
    ['Microsoft.Storage/storageAccounts', 'blob_secondary', ['blob.core.windows.net', 'blob.core.chinacloudapi.cn']],
    ['Microsoft.Storage/storageAccounts', 'Table', ['table.core.windows.net']],
    [
      'Microsoft.DocumentDB/databaseAccounts',
      'Table',
      ['table.cosmos.azure.com', 'table.cosmos.azure.us', 'table.cosmos.azure.cn'],
    ],
    [
      'Microsoft.KeyVault/vaults',
      'vault',
      [
        'vault.azure.net',
        'vaultcore.azure.net',
        'vault.usgovcloudapi.net',
        'vaultcore.usgovcloudapi.net',
        'vault.azure.cn',
        'vaultcore.azure.cn',
      ],
    ],
    ['Microsoft.Unknown/things', 'x', []],
  ])('%s / %s → %j', (type, groupId, suffixes) => {
    expect(
      findEntries(catalogue, type, groupId).flatMap((e) => e.zones.flatMap((z) => z.publicSuffixes ?? [])),
    ).toEqual(suffixes);
  });
});

describe('catalogueTargetTypes', () => {
  it('lists the known target types in lower case, extensions included, alias-only entries adding none', () => {
    const types = catalogueTargetTypes(
      buildCatalogue([
        {
          service: 'Data Factory',
          resourceType: 'Microsoft.DataFactory/factories',
          groupIds: ['dataFactory'],
          zones: [{ zone: 'privatelink.datafactory.azure.net', publicSuffixes: ['datafactory.azure.net'] }],
        },
        {
          service: 'SaaS',
          aliasPattern: 'svc.{guid}.{region}.azure.privatelinkservice',
          zones: [{ zone: 'privatelink.saas.example', aliasRecord: '*' }],
        },
      ]),
    );
    for (const type of [
      'microsoft.documentdb/databaseaccounts',
      'microsoft.documentdb/mongoclusters',
      'microsoft.keyvault/vaults',
      'microsoft.network/privatelinkservices',
      'microsoft.datafactory/factories',
    ]) {
      expect(types).toContain(type);
    }
    expect([...types].every((t) => t === t.toLowerCase())).toBe(true);
    expect(types.size).toBe(new Set(BUILT_IN_CATALOGUE.map((e) => e.resourceType)).size + 1);
  });
});

describe('parseCatalogueExtensions', () => {
  it.each([undefined, null, '', '  '])('treats %j as no extensions', (value) => {
    expect(parseCatalogueExtensions(value, SETTING)).toEqual([]);
  });

  it('accepts the raw setting text or the parsed array', () => {
    const entries = [
      {
        service: 'Data Factory',
        resourceType: 'Microsoft.DataFactory/factories',
        groupIds: ['dataFactory'],
        zones: [{ zone: 'privatelink.datafactory.azure.net', publicSuffixes: ['datafactory.azure.net'] }],
      },
    ];
    expect(parseCatalogueExtensions(JSON.stringify(entries), SETTING)).toEqual(entries);
    expect(parseCatalogueExtensions(entries, SETTING)).toEqual(entries);
  });

  it('accepts text that starts with a UTF-8 byte-order mark (a file read into the setting)', () => {
    const entries = [
      {
        service: 'Data Factory',
        resourceType: 'Microsoft.DataFactory/factories',
        groupIds: ['dataFactory'],
        zones: [{ zone: 'privatelink.datafactory.azure.net', publicSuffixes: ['datafactory.azure.net'] }],
      },
    ];
    expect(parseCatalogueExtensions(`\ufeff${JSON.stringify(entries)}`, SETTING)).toEqual(entries);
  });

  it('accepts every JSON example in docs/catalogue.md', () => {
    const doc = readFileSync(join(ROOT, 'docs/catalogue.md'), 'utf8');
    const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const example of examples) {
      const entries = parseCatalogueExtensions(example, SETTING);
      expect(entries.length).toBeGreaterThan(0);
      expect(() => buildCatalogue(entries)).not.toThrow();
    }
  });

  const valid = {
    service: 'S',
    resourceType: 'Microsoft.X/things',
    groupIds: ['g'],
    zones: [{ zone: 'privatelink.x.example.com', publicSuffixes: ['x.example.com'] }],
  };
  const withRule = (rule: Record<string, unknown>, extra: Record<string, unknown> = {}) => [
    { ...valid, ...extra, zones: [rule] },
  ];

  it.each<[string, unknown, string]>([
    ['text that is not JSON', '[{', `${SETTING}: expected a JSON array of catalogue entries (`],
    ['a non-array', { service: 'x' }, `${SETTING}: expected a JSON array of catalogue entries, got {"service":"x"}`],
    ['an entry that is not an object', [valid, 'x'], `${SETTING}[1]: expected an object`],
    [
      'a missing service',
      [{ ...valid, service: undefined }],
      `${SETTING}[0].service: expected a non-empty description`,
    ],
    [
      'an unknown field',
      [{ ...valid, publicSuffix: 'x' }],
      `${SETTING}[0].publicSuffix: expected one of the fields service, cloud, resourceType, groupIds, aliasPattern, zones (unknown field)`,
    ],
    [
      'an unknown cloud',
      [{ ...valid, cloud: 'Mars' }],
      `${SETTING}[0].cloud: expected one of AzureCloud, AzureUSGovernment, AzureChinaCloud, got "Mars"`,
    ],
    [
      'a malformed resource type',
      [{ ...valid, resourceType: 'vaults' }],
      `${SETTING}[0].resourceType: expected a resource type such as Microsoft.KeyVault/vaults, got "vaults"`,
    ],
    [
      'group IDs that are not strings',
      [{ ...valid, groupIds: ['g', 3] }],
      `${SETTING}[0].groupIds[1]: expected group IDs`,
    ],
    [
      'no resource type and no alias',
      [{ ...valid, resourceType: undefined }],
      `${SETTING}[0].resourceType: expected a private link resource type such as Microsoft.KeyVault/vaults, or an aliasPattern`,
    ],
    ['zones that are not an array', [{ ...valid, zones: {} }], `${SETTING}[0].zones: expected an array`],
    [
      'an unknown rule field',
      withRule({ zone: 'privatelink.x.com', publicSuffixes: ['x.com'], zones: [] }),
      `${SETTING}[0].zones[0].zones: expected one of the fields zone, publicSuffixes, alternativeZones, aliasRecord (unknown field)`,
    ],
    [
      'a zone with an empty label',
      withRule({ zone: 'privatelink..x.com', publicSuffixes: ['x.com'] }),
      `${SETTING}[0].zones[0].zone: expected a DNS name pattern such as privatelink.{region}.example.com, not an empty label`,
    ],
    [
      'a suffix with bad characters',
      withRule({ zone: 'privatelink.x.com', publicSuffixes: ['x y.com'] }),
      `${SETTING}[0].zones[0].publicSuffixes[0]: expected a DNS name pattern`,
    ],
    [
      'a rule with neither suffixes nor alias record',
      withRule({ zone: 'privatelink.x.com' }),
      `${SETTING}[0].zones[0]: expected publicSuffixes (a non-empty list) or an aliasRecord`,
    ],
    [
      'a zone variable no suffix gives',
      withRule({ zone: 'privatelink.{region}.x.com', publicSuffixes: ['x.com'] }),
      `${SETTING}[0].zones[0].zone: expected only variables that publicSuffixes[0] (x.com) also has; {region} has no value`,
    ],
    [
      'an alias record without an alias pattern',
      withRule({ zone: 'privatelink.x.com', aliasRecord: '*' }),
      `${SETTING}[0].zones[0].aliasRecord: expected an aliasPattern on the entry`,
    ],
    [
      'an alias entry without an alias record',
      withRule(
        { zone: 'privatelink.x.com', publicSuffixes: ['x.com'] },
        { aliasPattern: 'a.{guid}.azure.privatelinkservice' },
      ),
      `${SETTING}[0].zones: expected at least one zone with an aliasRecord`,
    ],
    [
      'an upper-case alias record',
      withRule(
        { zone: 'privatelink.x.com', aliasRecord: 'WWW' },
        { aliasPattern: 'a.{guid}.azure.privatelinkservice' },
      ),
      `${SETTING}[0].zones[0].aliasRecord: expected a lower-case record name such as "*", "@" or "www", got "WWW"`,
    ],
    [
      'an alternative zone with a variable of its own',
      withRule({
        zone: 'privatelink.x.com',
        publicSuffixes: ['x.com'],
        alternativeZones: ['privatelink.{region}.y.com'],
      }),
      `${SETTING}[0].zones[0].alternativeZones[0]: expected only variables that zone (privatelink.x.com) also has; {region} has no value`,
    ],
  ])('rejects %s, naming where and what was expected', (_, value, message) => {
    let error: unknown;
    try {
      parseCatalogueExtensions(value, SETTING);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CatalogueError);
    expect((error as Error).message.startsWith(message)).toBe(true);
  });

  it('buildCatalogue rejects an invalid entry passed directly, naming it', () => {
    const entry = {
      service: 'S',
      resourceType: 'Microsoft.X/things',
      zones: [{ zone: 'privatelink.{x}.com', publicSuffixes: ['a.com'] }],
    } as CatalogueEntry;
    expect(() => buildCatalogue([entry])).toThrow('catalogue extension[0].zones[0].zone: expected only variables');
  });
});
