import { describe, expect, it } from 'vitest';
import { createPlacer, type PlacementFacts } from '../../../../src/core/plan/dns/placement';
import type { ObservedEndpoint, ObservedZone } from '../../../../src/core/model';
import { COSMOS_ZONE, endpoint, zoneId } from './dns.fixtures';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001';
const network = (name: string) => `${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/${name}`;
const EAST = zoneId(COSMOS_ZONE, 'rg-dns-east');
const WEST = zoneId(COSMOS_ZONE, 'rg-dns-west');

function copy(resourceGroup: string, linked?: string[]): ObservedZone {
  return {
    id: zoneId(COSMOS_ZONE, resourceGroup),
    name: COSMOS_ZONE,
    ...(linked ? { linkedVirtualNetworkIds: linked.map(network) } : {}),
  };
}

function inNetwork(vnet: string | undefined, location = 'eastus'): ObservedEndpoint {
  return {
    ...endpoint('pe-app'),
    location,
    ...(vnet ? { subnetId: `${network(vnet)}/subnets/endpoints` } : {}),
  };
}

const connected = (from: string, to: string, state = 'Connected') => ({
  networkId: network(from),
  remoteNetworkId: network(to),
  state,
});

describe('placement: which copies of a zone serve an endpoint', () => {
  const cases: Array<{
    name: string;
    endpoint: ObservedEndpoint;
    copies: ObservedZone[];
    facts?: PlacementFacts;
    expected: { rule: string; zoneIds: string[] } | 'ambiguous';
  }> = [
    {
      name: 'a copy linked to the endpoint network serves it',
      endpoint: inNetwork('vnet-hub-east'),
      copies: [copy('rg-dns-east', ['vnet-hub-east']), copy('rg-dns-west', ['vnet-hub-west'])],
      expected: { rule: 'linked', zoneIds: [EAST] },
    },
    {
      name: 'links compare case-insensitively',
      endpoint: inNetwork('VNET-HUB-WEST'),
      copies: [copy('rg-dns-east', ['vnet-hub-east']), copy('rg-dns-west', ['vnet-hub-west'])],
      expected: { rule: 'linked', zoneIds: [WEST] },
    },
    {
      name: 'a link beats a peering',
      endpoint: inNetwork('vnet-spoke'),
      copies: [copy('rg-dns-east', ['vnet-hub-east']), copy('rg-dns-west', ['vnet-spoke'])],
      facts: { peerings: [connected('vnet-spoke', 'vnet-hub-east')] },
      expected: { rule: 'linked', zoneIds: [WEST] },
    },
    {
      name: 'else a copy linked to a Connected peer of the endpoint network (a hub for its spoke)',
      endpoint: inNetwork('vnet-spoke-west'),
      copies: [copy('rg-dns-east', ['vnet-hub-east']), copy('rg-dns-west', ['vnet-hub-west'])],
      facts: { peerings: [connected('vnet-spoke-west', 'vnet-hub-west'), connected('vnet-other', 'vnet-hub-east')] },
      expected: { rule: 'peered', zoneIds: [WEST] },
    },
    {
      name: 'a peering not Connected does not count',
      endpoint: inNetwork('vnet-spoke-west'),
      copies: [copy('rg-dns-east', ['vnet-hub-east']), copy('rg-dns-west', ['vnet-hub-west'])],
      facts: { peerings: [connected('vnet-spoke-west', 'vnet-hub-west', 'Initiated')] },
      expected: 'ambiguous',
    },
    {
      name: 'else the single copy in scope, linked or not (one hub: unchanged)',
      endpoint: inNetwork('vnet-elsewhere'),
      copies: [copy('rg-dns-east', ['vnet-hub-east'])],
      expected: { rule: 'single-copy', zoneIds: [EAST] },
    },
    {
      name: 'the single copy even when the endpoint network is unknown',
      endpoint: inNetwork(undefined),
      copies: [copy('rg-dns-east')],
      expected: { rule: 'single-copy', zoneIds: [EAST] },
    },
    {
      name: 'else the setting, by the endpoint region',
      endpoint: inNetwork('vnet-onprem-forwarded', 'West US'),
      copies: [copy('rg-dns-east', ['vnet-hub-east']), copy('rg-dns-west', ['vnet-hub-west'])],
      facts: {
        rules: [
          { match: 'region', value: 'eastus', resourceGroup: 'rg-dns-east' },
          { match: 'region', value: 'westus', resourceGroup: 'rg-dns-west' },
        ],
      },
      expected: { rule: 'setting', zoneIds: [WEST] },
    },
    {
      name: 'the setting, by the endpoint subscription; the first matching entry with a copy wins',
      endpoint: inNetwork(undefined),
      copies: [copy('rg-dns-east'), copy('rg-dns-west')],
      facts: {
        rules: [
          { match: 'subscription', value: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg-dns-none' },
          { match: 'subscription', value: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg-dns-east' },
          { match: 'region', value: 'eastus', resourceGroup: 'rg-dns-west' },
        ],
      },
      expected: { rule: 'setting', zoneIds: [EAST] },
    },
    {
      name: 'several copies, no link, no peering, no setting: ambiguous',
      endpoint: inNetwork('vnet-app'),
      copies: [copy('rg-dns-east', ['vnet-hub-east']), copy('rg-dns-west', ['vnet-hub-west'])],
      facts: { rules: [{ match: 'region', value: 'northeurope', resourceGroup: 'rg-dns-east' }] },
      expected: 'ambiguous',
    },
  ];

  it.each(cases)('$name', ({ endpoint: e, copies, facts, expected }) => {
    const placed = createPlacer(facts)(e, copies);
    if (expected === 'ambiguous') expect(placed.kind).toBe('ambiguous');
    else expect(placed).toEqual({ kind: 'served', ...expected });
  });

  it('names the copies and what was missing when it cannot place an endpoint', () => {
    const placed = createPlacer()(inNetwork('vnet-app'), [copy('rg-dns-west'), copy('rg-dns-east', ['vnet-hub-east'])]);
    expect(placed).toEqual({
      kind: 'ambiguous',
      copies: [EAST, WEST],
      reason:
        `the scope holds 2 copies of the zone (${EAST}, ${WEST}): none is linked to its virtual network ${network('vnet-app')} ` +
        'or to a network peered with it; the links of 1 of them were not read; AUTOPILOT_DNS_ZONE_PLACEMENT names none ' +
        'of them for its region eastus or subscription 00000000-0000-0000-0000-000000000001',
    });
  });
});
