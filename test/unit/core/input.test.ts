/** What one step of a run hands the next (`earlier`): placement's reads survive the trip, and bad ones are named. */
import { describe, expect, it } from 'vitest';
import { InputError, optionalEarlierReads } from '../../../src/core/input';

const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111';
const ZONE_ID = `${SUB}/resourceGroups/rg-dns-east/providers/Microsoft.Network/privateDnsZones/privatelink.documents.azure.com`;
const network = (name: string) => `${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/${name}`;

const earlier = (extra: Record<string, unknown>) => ({
  earlier: {
    zones: [{ id: ZONE_ID, name: 'privatelink.documents.azure.com' }],
    recordSetIds: [],
    records: [],
    ...extra,
  },
});

describe('optionalEarlierReads: what placement read', () => {
  it('keeps the zone links, the peerings and the networks they were read of', () => {
    const read = optionalEarlierReads(
      'step',
      {
        earlier: {
          zones: [{ id: ZONE_ID, name: 'privatelink.documents.azure.com', linkedVirtualNetworkIds: [network('hub')] }],
          recordSetIds: [],
          records: [],
          peerings: [{ networkId: network('spoke'), remoteNetworkId: network('hub'), state: 'Connected' }],
          peeringNetworkIds: [network('spoke')],
        },
      },
      'earlier',
    );
    expect(read?.zones[0]?.linkedVirtualNetworkIds).toEqual([network('hub')]);
    expect(read?.peerings).toEqual([
      { networkId: network('spoke'), remoteNetworkId: network('hub'), state: 'Connected' },
    ]);
    expect(read?.peeringNetworkIds).toEqual([network('spoke')]);
  });

  it('names the field of a peering that is not one', () => {
    const bad = earlier({
      peerings: [{ networkId: 'not-an-id', remoteNetworkId: network('hub'), state: 'Connected' }],
    });
    expect(() => optionalEarlierReads('step', bad, 'earlier')).toThrow(InputError);
    expect(() => optionalEarlierReads('step', bad, 'earlier')).toThrow(/step\.earlier\.peerings\[0\].*networkId/);
  });
});
