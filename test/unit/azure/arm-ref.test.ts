import { describe, expect, it } from 'vitest';
import { resourceRef } from '../../../src/azure/arm-ref';
import { mapBounded } from '../../../src/core/map-bounded';

describe('resourceRef', () => {
  it('splits an ID into the arguments SDK operations take', () => {
    const id = '/subscriptions/s1/resourceGroups/RG/providers/Microsoft.DocumentDB/databaseAccounts/acct/privateEndpointConnections/pe.1';
    expect(resourceRef(id, 'connection.id')).toEqual({
      id,
      subscriptionId: 's1',
      resourceGroup: 'RG',
      type: 'Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections',
      name: 'pe.1',
      names: ['acct', 'pe.1'],
    });
  });

  it.each([
    ['a malformed ID (the published example NIC typo)', '/subscriptions/subId/resourceGroups/rg1/provders/Microsoft.Network/networkInterfaces/nic', undefined],
    ['a subscription-level ID', '/subscriptions/s1/providers/Microsoft.Network/privateEndpoints/pe', undefined],
    ['another type', '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv', 'Microsoft.Network/privateEndpoints'],
  ])('rejects %s, naming the field', (_name, id, type) => {
    expect(() => resourceRef(id, 'networkInterfaces[0].id', type)).toThrow(/^networkInterfaces\[0\]\.id: expected /);
  });

  it('compares the expected type case-insensitively', () => {
    expect(resourceRef('/subscriptions/s/resourceGroups/rg/providers/microsoft.network/PRIVATEENDPOINTS/pe', 'id', 'Microsoft.Network/privateEndpoints').name).toBe('pe');
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
