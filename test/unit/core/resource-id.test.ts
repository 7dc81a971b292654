import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatResourceId,
  normaliseResourceId,
  parentResource,
  parseArmResourceId,
  parseResourceId,
  type ResourceId,
  ResourceIdError,
  resourceName,
  resourceType,
  sameResourceId,
  topLevelResource,
  tryParseResourceId,
} from '../../../src/core/resource-id';

const SUB = '00000000-0000-0000-0000-000000000001';
const RG_PREFIX = `/subscriptions/${SUB}/resourceGroups/rg1`;

describe('parseResourceId', () => {
  it.each<[string, string, ResourceId]>([
    ['subscription', `/subscriptions/${SUB}`, { subscriptionId: SUB, segments: [] }],
    ['resource group', RG_PREFIX, { subscriptionId: SUB, resourceGroup: 'rg1', segments: [] }],
    [
      'subscription-level provider',
      `/subscriptions/${SUB}/providers/Microsoft.Resources/tags/default`,
      { subscriptionId: SUB, provider: 'Microsoft.Resources', segments: [{ type: 'tags', name: 'default' }] },
    ],
    [
      'top-level resource',
      `${RG_PREFIX}/providers/Microsoft.DocumentDB/databaseAccounts/acct`,
      {
        subscriptionId: SUB,
        resourceGroup: 'rg1',
        provider: 'Microsoft.DocumentDB',
        segments: [{ type: 'databaseAccounts', name: 'acct' }],
      },
    ],
    [
      'private endpoint connection',
      `${RG_PREFIX}/providers/Microsoft.DocumentDB/databaseAccounts/acct/privateEndpointConnections/pe1.abc`,
      {
        subscriptionId: SUB,
        resourceGroup: 'rg1',
        provider: 'Microsoft.DocumentDB',
        segments: [
          { type: 'databaseAccounts', name: 'acct' },
          { type: 'privateEndpointConnections', name: 'pe1.abc' },
        ],
      },
    ],
    [
      'A record set in a private DNS zone',
      `${RG_PREFIX}/providers/Microsoft.Network/privateDnsZones/privatelink.documents.azure.com/A/acct-westus`,
      {
        subscriptionId: SUB,
        resourceGroup: 'rg1',
        provider: 'Microsoft.Network',
        segments: [
          { type: 'privateDnsZones', name: 'privatelink.documents.azure.com' },
          { type: 'A', name: 'acct-westus' },
        ],
      },
    ],
    [
      'zone group of a private endpoint, trailing slash',
      `${RG_PREFIX}/providers/Microsoft.Network/privateEndpoints/pe1/privateDnsZoneGroups/default/`,
      {
        subscriptionId: SUB,
        resourceGroup: 'rg1',
        provider: 'Microsoft.Network',
        segments: [
          { type: 'privateEndpoints', name: 'pe1' },
          { type: 'privateDnsZoneGroups', name: 'default' },
        ],
      },
    ],
    [
      'keywords in any case',
      `/SUBSCRIPTIONS/${SUB}/RESOURCEGROUPS/rg1/PROVIDERS/Microsoft.KeyVault/vaults/kv`,
      {
        subscriptionId: SUB,
        resourceGroup: 'rg1',
        provider: 'Microsoft.KeyVault',
        segments: [{ type: 'vaults', name: 'kv' }],
      },
    ],
  ])('parses a %s ID', (_, input, expected) => {
    expect(parseResourceId(input)).toEqual(expected);
  });

  it.each<[string, string, RegExp]>([
    ['an empty string', '', /the ID — expected a non-empty string/],
    [
      'no leading slash',
      'subscriptions/x',
      /the start "subscriptions" — expected the ID to start with \/subscriptions\//,
    ],
    ['the wrong first segment', '/tenants/x', /segment 1 "tenants" — expected "subscriptions"/],
    ['a missing subscription ID', '/subscriptions', /the subscription ID — expected a subscription ID/],
    [
      'a double slash',
      `/subscriptions/${SUB}//resourceGroups/rg`,
      /segment 3 \(empty after "00000000-0000-0000-0000-000000000001", from "\/\/"\)/,
    ],
    [
      'a missing resource group name',
      `/subscriptions/${SUB}/resourceGroups`,
      /the resource group name — expected a name after \/resourceGroups\//,
    ],
    [
      'an unknown keyword after the subscription',
      `/subscriptions/${SUB}/locations/westus`,
      /segment 3 "locations" — expected "resourceGroups" or "providers"/,
    ],
    [
      'an unknown keyword after the resource group',
      `${RG_PREFIX}/resources/x`,
      /segment 5 "resources" — expected "providers" after/,
    ],
    ['a missing namespace', `${RG_PREFIX}/providers`, /the provider namespace — expected a namespace/],
    [
      'a type without a name',
      `${RG_PREFIX}/providers/Microsoft.Network/privateEndpoints/pe1/privateDnsZoneGroups`,
      /the last segment "privateDnsZoneGroups" \(a type without a name\) — expected a name after \/privateDnsZoneGroups\//,
    ],
  ])('rejects %s, naming the bad segment', (_, input, message) => {
    expect(() => parseResourceId(input)).toThrow(ResourceIdError);
    expect(() => parseResourceId(input)).toThrow(message);
  });

  it('tryParseResourceId returns undefined instead of throwing', () => {
    expect(
      tryParseResourceId('eastus2-prod-001-privatelink-service.abc.eastus2.azure.privatelinkservice'),
    ).toBeUndefined();
    expect(tryParseResourceId(RG_PREFIX)?.resourceGroup).toBe('rg1');
  });
});

describe('formatResourceId', () => {
  it('uses the standard key casing and keeps the names as given', () => {
    const id = parseResourceId(
      `/SUBSCRIPTIONS/${SUB}/resourcegroups/RG1/providers/Microsoft.Network/privateEndpoints/PE1/`,
    );
    expect(formatResourceId(id)).toBe(
      `/subscriptions/${SUB}/resourceGroups/RG1/providers/Microsoft.Network/privateEndpoints/PE1`,
    );
  });

  it.each<[string, ResourceId, string]>([
    [
      'an empty name',
      { subscriptionId: SUB, provider: 'Microsoft.Network', segments: [{ type: 'privateEndpoints', name: '' }] },
      'segments[0].name',
    ],
    ['a name with a slash', { subscriptionId: SUB, resourceGroup: 'a/b', segments: [] }, 'resourceGroup'],
    ['segments without a provider', { subscriptionId: SUB, segments: [{ type: 'vaults', name: 'kv' }] }, 'provider'],
  ])('rejects %s, naming the field', (_, id, field) => {
    expect(() => formatResourceId(id)).toThrow(`: ${field} — expected`);
  });
});

describe('derived parts', () => {
  const connection = parseResourceId(
    `${RG_PREFIX}/providers/Microsoft.DocumentDB/databaseAccounts/acct/privateEndpointConnections/c1`,
  );
  const diagnostic = parseResourceId(
    `${RG_PREFIX}/providers/Microsoft.KeyVault/vaults/kv/providers/Microsoft.Insights/diagnosticSettings/d1`,
  );

  it.each<[string, ResourceId, string | undefined]>([
    ['a child resource', connection, 'Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections'],
    [
      'a record set',
      parseResourceId(`${RG_PREFIX}/providers/Microsoft.Network/privateDnsZones/z.com/A/www`),
      'Microsoft.Network/privateDnsZones/A',
    ],
    ['an extension resource', diagnostic, 'Microsoft.Insights/diagnosticSettings'],
    ['a resource group', parseResourceId(RG_PREFIX), undefined],
  ])('resourceType of %s', (_, id, expected) => {
    expect(resourceType(id)).toBe(expected);
  });

  it('parentResource, topLevelResource and resourceName', () => {
    expect(formatResourceId(parentResource(connection) as ResourceId)).toBe(
      `${RG_PREFIX}/providers/Microsoft.DocumentDB/databaseAccounts/acct`,
    );
    expect(formatResourceId(topLevelResource(connection))).toBe(
      `${RG_PREFIX}/providers/Microsoft.DocumentDB/databaseAccounts/acct`,
    );
    expect(resourceName(connection)).toBe('c1');
    expect(parentResource(topLevelResource(connection))).toBeUndefined();
  });

  it("an extension resource's parent is the resource it extends", () => {
    expect(formatResourceId(parentResource(diagnostic) as ResourceId)).toBe(
      `${RG_PREFIX}/providers/Microsoft.KeyVault/vaults/kv`,
    );
  });
});

describe('equality', () => {
  it.each<[string, string, boolean]>([
    [
      `${RG_PREFIX}/providers/Microsoft.KeyVault/vaults/KV`,
      `/subscriptions/${SUB.toUpperCase()}/resourcegroups/RG1/providers/microsoft.keyvault/VAULTS/kv/`,
      true,
    ],
    [
      `${RG_PREFIX}/providers/Microsoft.KeyVault/vaults/kv1`,
      `${RG_PREFIX}/providers/Microsoft.KeyVault/vaults/kv2`,
      false,
    ],
    ['Some.Alias.azure.privatelinkservice', 'some.alias.AZURE.privatelinkservice', true],
  ])('sameResourceId(%s, %s) is %s', (a, b, expected) => {
    expect(sameResourceId(a, b)).toBe(expected);
    expect(sameResourceId(b, a)).toBe(expected);
  });
});

describe('properties', () => {
  const nameChar = fc.constantFrom(...'abcXYZ019-_.()'.split(''));
  const name = fc.string({ unit: nameChar, minLength: 1, maxLength: 12 }).filter((n) => !n.endsWith('.'));
  const typeName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/).filter((t) => t.toLowerCase() !== 'providers');
  const namespace = fc.tuple(typeName, typeName).map(([a, b]) => `${a}.${b}`);
  const resourceId: fc.Arbitrary<ResourceId> = fc
    .record({
      subscriptionId: fc.uuid(),
      resourceGroup: fc.option(name, { nil: undefined }),
      provider: fc.option(namespace, { nil: undefined }),
      segments: fc.array(fc.record({ type: typeName, name }), { maxLength: 4 }),
    })
    .map((id) => {
      const out: ResourceId = {
        subscriptionId: id.subscriptionId,
        segments: id.provider === undefined ? [] : id.segments,
      };
      if (id.resourceGroup !== undefined) out.resourceGroup = id.resourceGroup;
      if (id.provider !== undefined) out.provider = id.provider;
      return out;
    });
  const randomCase = (text: string, flips: boolean[]): string =>
    [...text].map((c, i) => (flips[i % Math.max(flips.length, 1)] ? c.toUpperCase() : c.toLowerCase())).join('');

  it('parse(format(id)) gives the same ID, and format(parse(x)) gives x back', () => {
    fc.assert(
      fc.property(resourceId, (id) => {
        const text = formatResourceId(id);
        expect(parseResourceId(text)).toEqual(id);
        expect(formatResourceId(parseResourceId(text))).toBe(text);
        expect(formatResourceId(parseResourceId(`${text}/`))).toBe(text);
      }),
    );
  });

  it('normalising is idempotent', () => {
    fc.assert(
      fc.property(resourceId, (id) => {
        const once = normaliseResourceId(formatResourceId(id));
        expect(normaliseResourceId(once)).toBe(once);
      }),
    );
  });

  it('equality ignores case, and a changed name breaks it', () => {
    fc.assert(
      fc.property(resourceId, fc.array(fc.boolean(), { minLength: 1 }), (id, flips) => {
        const text = formatResourceId(id);
        const recased = randomCase(text, flips);
        expect(sameResourceId(text, recased)).toBe(true);
        expect(normaliseResourceId(recased)).toBe(normaliseResourceId(text));
        const renamed = `${text}${id.segments.length > 0 ? 'x' : '/providers/A.B/t/n'}`;
        expect(sameResourceId(text, renamed)).toBe(false);
      }),
    );
  });
});

describe('parseResourceId refuses what ARM would not accept or could misread in a URL', () => {
  const VAULT = `${RG_PREFIX}/providers/Microsoft.KeyVault/vaults`;

  it.each<[string, string, RegExp]>([
    ['a query', `${VAULT}/kv1?x=`, /the name of "vaults" — expected no "\?" \(a URL query\)/],
    ['a fragment', `${VAULT}/kv1#frag`, /the name of "vaults" — expected no "#" \(a URL fragment\)/],
    [
      'a percent escape',
      `${VAULT}/kv1%2F..%2Fother`,
      /the name of "vaults" — expected no "%" \(percent escapes are not decoded/,
    ],
    ['a backslash', `${VAULT}/kv1\\other`, /the name of "vaults" — expected no "\\" \(URLs read it as "\/"\)/],
    ['NUL', `${VAULT}/kv1\u0000`, /the name of "vaults" — expected no control character \(U\+0000\)/],
    ['a line feed', `${VAULT}/kv\n1`, /expected no control character \(U\+000A\)/],
    ['DEL', `${VAULT}/kv\u007f1`, /expected no control character \(U\+007F\)/],
    ['a C1 control', `${VAULT}/kv\u00851`, /expected no control character \(U\+0085\)/],
    ['a right-to-left override', `${VAULT}/kv\u202e1vk`, /expected no bidirectional control character \(U\+202E\)/],
    ['a left-to-right embedding', `${VAULT}/kv\u202a1`, /\(U\+202A\)/],
    ['a first strong isolate', `${VAULT}/kv\u20681`, /\(U\+2068\)/],
    ['a right-to-left mark', `${VAULT}/kv\u200f1`, /\(U\+200F\)/],
    ['an Arabic letter mark', `${VAULT}/kv\u061c1`, /\(U\+061C\)/],
    [
      'a dot-only name',
      `${VAULT}/..`,
      /the name of "vaults" — expected a name that is not only dots \(URLs read "\." and "\.\." as path steps\)/,
    ],
    [
      'a bidi control in the resource group',
      `/subscriptions/${SUB}/resourceGroups/rg\u202e1`,
      /the resource group name "rg\\u\{202E\}1" — expected no bidirectional control character \(U\+202E\)/,
    ],
    [
      'a query in the provider namespace',
      `${RG_PREFIX}/providers/Microsoft.KeyVault?x=/vaults/kv`,
      /the provider namespace "Microsoft\.KeyVault\?x=" — expected no "\?"/,
    ],
    [
      'a query in a type',
      `${RG_PREFIX}/providers/Microsoft.KeyVault/vaults?x=/kv`,
      /segment type "vaults\?x=" — expected no "\?"/,
    ],
  ])('refuses %s, naming the field', (_, input, message) => {
    expect(() => parseResourceId(input)).toThrow(ResourceIdError);
    expect(() => parseResourceId(input)).toThrow(message);
  });

  it('quotes the refused ID with its invisible characters escaped', () => {
    expect(() => parseResourceId(`${VAULT}/kv\u202e1`)).toThrow(`invalid resource ID "${VAULT}/kv\\u{202E}1"`);
    expect(() => parseResourceId(`${VAULT}/kv\u00001`)).toThrow(`invalid resource ID "${VAULT}/kv\\u{0000}1"`);
  });

  it.each<[string, string, RegExp]>([
    [
      'a subscription ID that is not a GUID',
      '/subscriptions/not-a-guid/resourceGroups/rg',
      /the subscription ID "not-a-guid" — expected a GUID such as 00000000-0000-0000-0000-000000000000/,
    ],
    [
      'a resource group of 91 characters',
      `/subscriptions/${SUB}/resourceGroups/${'r'.repeat(91)}`,
      /the resource group name — expected 1–90 characters, got 91/,
    ],
    [
      'a resource group ending in "."',
      `/subscriptions/${SUB}/resourceGroups/rg.`,
      /the resource group name "rg\." — expected letters, digits, "_", "-", "\.", "\(" and "\)", not ending in "\."/,
    ],
    [
      'a resource group with a space',
      `/subscriptions/${SUB}/resourceGroups/my rg`,
      /the resource group name "my rg" — expected letters, digits/,
    ],
    [
      'a provider namespace that is not dotted words',
      `${RG_PREFIX}/providers/Microsoft..KeyVault/vaults/kv`,
      /the provider namespace "Microsoft\.\.KeyVault" — expected words of letters and digits separated by "\."/,
    ],
    [
      'a type that is not a word',
      `${RG_PREFIX}/providers/Microsoft.KeyVault/va ults/kv`,
      /segment type "va ults" — expected letters and digits, starting with a letter/,
    ],
    [
      'a name of 261 characters',
      `${VAULT}/${'k'.repeat(261)}`,
      /the name of "vaults" — expected 1–260 characters, got 261/,
    ],
  ])('parseArmResourceId refuses %s', (_, input, message) => {
    expect(() => parseArmResourceId(input)).toThrow(ResourceIdError);
    expect(() => parseArmResourceId(input)).toThrow(message);
  });

  it('parseResourceId reads IDs from published examples, whose subscriptions are placeholders', () => {
    expect(
      parseResourceId('/subscriptions/{subscription-id}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv')
        .subscriptionId,
    ).toBe('{subscription-id}');
    expect(() => parseArmResourceId('/subscriptions/subId/resourceGroups/rg')).toThrow(
      /the subscription ID "subId" — expected a GUID/,
    );
  });

  it('refuses a 2 MB name at once, without quoting all of it', () => {
    const huge = `${VAULT}/${'k'.repeat(2 * 1024 * 1024)}`;
    const started = performance.now();
    const error = (() => {
      try {
        parseResourceId(huge);
        return undefined;
      } catch (e) {
        return e as Error;
      }
    })();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error?.message).toMatch(/the ID — expected at most 4096 characters, got 2097\d{3}/);
    expect(error?.message.length).toBeLessThan(400);
  });

  it.each<[string, string]>([
    ['a name with spaces', `${VAULT}/my vault`],
    ['a name with non-Latin letters', `${VAULT}/ключ-東京`],
    [
      'a wildcard record set',
      `${RG_PREFIX}/providers/Microsoft.Network/privateDnsZones/privatelink.westus.azure.elastic-cloud.com/A/*`,
    ],
    [
      'the apex record set',
      `${RG_PREFIX}/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net/A/@`,
    ],
    ['a resource group with Unicode letters and parentheses', `/subscriptions/${SUB}/resourceGroups/grüppe(1)_a-b.c`],
    ['a name of 260 characters', `${VAULT}/${'k'.repeat(260)}`],
  ])('accepts %s', (_, input) => {
    expect(formatResourceId(parseArmResourceId(input))).toBe(input);
  });
});
