import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatResourceId,
  normaliseResourceId,
  parentResource,
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
      { subscriptionId: SUB, resourceGroup: 'rg1', provider: 'Microsoft.DocumentDB', segments: [{ type: 'databaseAccounts', name: 'acct' }] },
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
      { subscriptionId: SUB, resourceGroup: 'rg1', provider: 'Microsoft.KeyVault', segments: [{ type: 'vaults', name: 'kv' }] },
    ],
  ])('parses a %s ID', (_, input, expected) => {
    expect(parseResourceId(input)).toEqual(expected);
  });

  it.each<[string, string, RegExp]>([
    ['an empty string', '', /the ID — expected a non-empty string/],
    ['no leading slash', 'subscriptions/x', /the start "subscriptions" — expected the ID to start with \/subscriptions\//],
    ['the wrong first segment', '/tenants/x', /segment 1 "tenants" — expected "subscriptions"/],
    ['a missing subscription ID', '/subscriptions', /the subscription ID — expected a subscription ID/],
    ['a double slash', `/subscriptions/${SUB}//resourceGroups/rg`, /segment 3 \(empty after "00000000-0000-0000-0000-000000000001", from "\/\/"\)/],
    ['a missing resource group name', `/subscriptions/${SUB}/resourceGroups`, /the resource group name — expected a name after \/resourceGroups\//],
    ['an unknown keyword after the subscription', `/subscriptions/${SUB}/locations/westus`, /segment 3 "locations" — expected "resourceGroups" or "providers"/],
    ['an unknown keyword after the resource group', `${RG_PREFIX}/resources/x`, /segment 5 "resources" — expected "providers" after/],
    ['a missing namespace', `${RG_PREFIX}/providers`, /the provider namespace — expected a namespace/],
    ['a type without a name', `${RG_PREFIX}/providers/Microsoft.Network/privateEndpoints/pe1/privateDnsZoneGroups`, /the last segment "privateDnsZoneGroups" \(a type without a name\) — expected a name after \/privateDnsZoneGroups\//],
  ])('rejects %s, naming the bad segment', (_, input, message) => {
    expect(() => parseResourceId(input)).toThrow(ResourceIdError);
    expect(() => parseResourceId(input)).toThrow(message);
  });

  it('tryParseResourceId returns undefined instead of throwing', () => {
    expect(tryParseResourceId('eastus2-prod-001-privatelink-service.abc.eastus2.azure.privatelinkservice')).toBeUndefined();
    expect(tryParseResourceId(RG_PREFIX)?.resourceGroup).toBe('rg1');
  });
});

describe('formatResourceId', () => {
  it('uses the standard key casing and keeps the names as given', () => {
    const id = parseResourceId(`/SUBSCRIPTIONS/${SUB}/resourcegroups/RG1/providers/Microsoft.Network/privateEndpoints/PE1/`);
    expect(formatResourceId(id)).toBe(`/subscriptions/${SUB}/resourceGroups/RG1/providers/Microsoft.Network/privateEndpoints/PE1`);
  });

  it.each<[string, ResourceId, string]>([
    ['an empty name', { subscriptionId: SUB, provider: 'Microsoft.Network', segments: [{ type: 'privateEndpoints', name: '' }] }, 'segments[0].name'],
    ['a name with a slash', { subscriptionId: SUB, resourceGroup: 'a/b', segments: [] }, 'resourceGroup'],
    ['segments without a provider', { subscriptionId: SUB, segments: [{ type: 'vaults', name: 'kv' }] }, 'provider'],
  ])('rejects %s, naming the field', (_, id, field) => {
    expect(() => formatResourceId(id)).toThrow(`: ${field} — expected`);
  });
});

describe('derived parts', () => {
  const connection = parseResourceId(`${RG_PREFIX}/providers/Microsoft.DocumentDB/databaseAccounts/acct/privateEndpointConnections/c1`);
  const diagnostic = parseResourceId(`${RG_PREFIX}/providers/Microsoft.KeyVault/vaults/kv/providers/Microsoft.Insights/diagnosticSettings/d1`);

  it.each<[string, ResourceId, string | undefined]>([
    ['a child resource', connection, 'Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections'],
    ['a record set', parseResourceId(`${RG_PREFIX}/providers/Microsoft.Network/privateDnsZones/z.com/A/www`), 'Microsoft.Network/privateDnsZones/A'],
    ['an extension resource', diagnostic, 'Microsoft.Insights/diagnosticSettings'],
    ['a resource group', parseResourceId(RG_PREFIX), undefined],
  ])('resourceType of %s', (_, id, expected) => {
    expect(resourceType(id)).toBe(expected);
  });

  it('parentResource, topLevelResource and resourceName', () => {
    expect(formatResourceId(parentResource(connection) as ResourceId)).toBe(`${RG_PREFIX}/providers/Microsoft.DocumentDB/databaseAccounts/acct`);
    expect(formatResourceId(topLevelResource(connection))).toBe(`${RG_PREFIX}/providers/Microsoft.DocumentDB/databaseAccounts/acct`);
    expect(resourceName(connection)).toBe('c1');
    expect(parentResource(topLevelResource(connection))).toBeUndefined();
  });

  it("an extension resource's parent is the resource it extends", () => {
    expect(formatResourceId(parentResource(diagnostic) as ResourceId)).toBe(`${RG_PREFIX}/providers/Microsoft.KeyVault/vaults/kv`);
  });
});

describe('equality', () => {
  it.each<[string, string, boolean]>([
    [`${RG_PREFIX}/providers/Microsoft.KeyVault/vaults/KV`, `/subscriptions/${SUB.toUpperCase()}/resourcegroups/RG1/providers/microsoft.keyvault/VAULTS/kv/`, true],
    [`${RG_PREFIX}/providers/Microsoft.KeyVault/vaults/kv1`, `${RG_PREFIX}/providers/Microsoft.KeyVault/vaults/kv2`, false],
    ['Some.Alias.azure.privatelinkservice', 'some.alias.AZURE.privatelinkservice', true],
  ])('sameResourceId(%s, %s) is %s', (a, b, expected) => {
    expect(sameResourceId(a, b)).toBe(expected);
    expect(sameResourceId(b, a)).toBe(expected);
  });
});

describe('properties', () => {
  const nameChar = fc.constantFrom(...'abcXYZ019-_.()'.split(''));
  const name = fc.string({ unit: nameChar, minLength: 1, maxLength: 12 });
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
      const out: ResourceId = { subscriptionId: id.subscriptionId, segments: id.provider === undefined ? [] : id.segments };
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
