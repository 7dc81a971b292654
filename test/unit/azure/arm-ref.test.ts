import { describe, expect, it } from 'vitest';
import { armPath, encodePathSegment, resourceRef } from '../../../src/azure/arm-ref';
import { mapBounded } from '../../../src/core/map-bounded';

const SUB = '00000000-0000-0000-0000-0000000000a1';

describe('resourceRef', () => {
  it('splits an ID into the arguments SDK operations take', () => {
    const id = `/subscriptions/${SUB}/resourceGroups/RG/providers/Microsoft.DocumentDB/databaseAccounts/acct/privateEndpointConnections/pe.1`;
    expect(resourceRef(id, 'connection.id')).toEqual({
      id,
      path: id,
      subscriptionId: SUB,
      resourceGroup: 'RG',
      type: 'Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections',
      name: 'pe.1',
      names: ['acct', 'pe.1'],
    });
  });

  it.each([
    [
      'a malformed ID (the published example NIC typo)',
      '/subscriptions/subId/resourceGroups/rg1/provders/Microsoft.Network/networkInterfaces/nic',
      undefined,
    ],
    ['a subscription-level ID', `/subscriptions/${SUB}/providers/Microsoft.Network/privateEndpoints/pe`, undefined],
    [
      'another type',
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv`,
      'Microsoft.Network/privateEndpoints',
    ],
    [
      'a subscription that is not a GUID',
      '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv',
      undefined,
    ],
    ['a query', `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1?x=`, undefined],
  ])('rejects %s, naming the field', (_name, id, type) => {
    expect(() => resourceRef(id, 'networkInterfaces[0].id', type)).toThrow(/^networkInterfaces\[0\]\.id: expected /);
  });

  it('compares the expected type case-insensitively', () => {
    expect(
      resourceRef(
        `/subscriptions/${SUB}/resourceGroups/rg/providers/microsoft.network/PRIVATEENDPOINTS/pe`,
        'id',
        'Microsoft.Network/privateEndpoints',
      ).name,
    ).toBe('pe');
  });
});

describe('ARM paths', () => {
  it('encode each segment of an ID, so no name can add a query, a fragment or a segment', () => {
    const id = `/subscriptions/${SUB}/resourceGroups/grüppe(1)/providers/Microsoft.KeyVault/vaults/my vault+東京`;
    expect(resourceRef(id, 'targetId').path).toBe(
      `/subscriptions/${SUB}/resourceGroups/gr%C3%BCppe(1)/providers/Microsoft.KeyVault/vaults/my%20vault%2B%E6%9D%B1%E4%BA%AC`,
    );
  });

  it.each<[string, string, string]>([
    ['a query', 'kv?x=', 'kv%3Fx%3D'],
    ['a fragment', 'kv#f', 'kv%23f'],
    ['a slash', 'a/b', 'a%2Fb'],
    ['a percent sign', '%2F', '%252F'],
    ['the apex record set, whose "@" is legal in a path segment', '@', '@'],
    ['a wildcard record set', '*', '*'],
  ])('encode %s', (_, segment, encoded) => {
    expect(encodePathSegment(segment)).toBe(encoded);
    expect(armPath(['subscriptions', SUB, segment])).toBe(`/subscriptions/${SUB}/${encoded}`);
  });

  it.each(['', '.', '..'])('refuse the segment %j, which a URL would drop or read as a step up', (segment) => {
    expect(() => encodePathSegment(segment)).toThrow(
      /ARM path segment: expected a non-empty segment other than "\." and "\.\."/,
    );
  });
});

describe('mapBounded', () => {
  it('keeps the input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapBounded([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('refuses a limit below one', async () => {
    await expect(mapBounded([1], 0, async (n) => n)).rejects.toThrow(/concurrency: expected a whole number ≥ 1, got 0/);
  });
});
