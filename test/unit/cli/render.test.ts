import { describe, expect, it } from 'vitest';
import { shortName, shortenIds, table } from '../../../src/cli/commands/render';

describe('CLI rendering helpers', () => {
  it.each([
    ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-kv', 'pe-kv'],
    [
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.documents.azure.com/A/acct-westus',
      'acct-westus.privatelink.documents.azure.com',
    ],
    [
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.x.net/A/@',
      'privatelink.x.net',
    ],
    [
      'eastus-prod-001-privatelink-service.guid.eastus.azure.privatelinkservice',
      'eastus-prod-001-privatelink-service.guid.eastus.azure.privatelinkservice',
    ],
  ])('shortName(%s) = %s', (id, expected) => {
    expect(shortName(id)).toBe(expected);
  });

  it('shortens every ARM ID in a sentence, leaving the rest', () => {
    expect(
      shortenIds(
        'claimed by /subscriptions/s/resourcegroups/rg/providers/microsoft.network/privateendpoints/pe-a: Pending, and /subscriptions/s/x/pe-b',
      ),
    ).toBe('claimed by pe-a: Pending, and pe-b');
  });

  it('pads every column but the last', () => {
    expect(
      table(
        ['A', 'LONG HEADER'],
        [
          ['value', 'x'],
          ['v', 'free text'],
        ],
      ),
    ).toEqual(['  A      LONG HEADER', '  value  x', '  v      free text']);
  });
});
