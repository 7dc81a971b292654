/**
 * The two-hubs scenario read back through the real SDK clients, as issue 18's placement will read it: each zone
 * copy's links, each network's peerings, and the two endpoints to one account.
 */
import type { VirtualNetworkPeering } from '@azure/arm-network';
import type { VirtualNetworkLink } from '@azure/arm-privatedns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TWO_HUBS_FACTS } from '../../src/scenarios/two-hubs';
import { WORKLOAD_SUBSCRIPTION } from '../../src/scenarios/world';
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ scenario: 'two-hubs' }, WORKLOAD_SUBSCRIPTION);
});
afterAll(() => h.close());

function part(id: string, type: string): string {
  const parts = id.split('/');
  return parts[parts.findIndex((p) => p.toLowerCase() === type.toLowerCase()) + 1] as string;
}

async function links(zoneId: string): Promise<VirtualNetworkLink[]> {
  const listed: VirtualNetworkLink[] = [];
  for await (const link of h.dns.virtualNetworkLinks.list(part(zoneId, 'resourceGroups'), TWO_HUBS_FACTS.zone))
    listed.push(link);
  return listed;
}

async function peerings(vnetId: string): Promise<VirtualNetworkPeering[]> {
  const listed: VirtualNetworkPeering[] = [];
  for await (const p of h.network.virtualNetworkPeerings.list(
    part(vnetId, 'resourceGroups'),
    part(vnetId, 'virtualNetworks'),
  ))
    listed.push(p);
  return listed;
}

describe.each(['east', 'west'] as const)('the two-hubs world, %s region', (name) => {
  const region = TWO_HUBS_FACTS[name];
  const other = TWO_HUBS_FACTS[name === 'east' ? 'west' : 'east'];

  it("has its own copy of the zone, linked only to its own hub's network", async () => {
    expect(region.dnsResourceGroup).toBe(`rg-dns-${name}`);
    const zone = await h.dns.privateZones.get(region.dnsResourceGroup, TWO_HUBS_FACTS.zone);
    expect(zone).toMatchObject({ id: region.zoneId, numberOfVirtualNetworkLinks: 1, numberOfRecordSets: 1 });
    expect((await links(region.zoneId)).map((l) => [l.id, l.virtualNetwork?.id, l.virtualNetworkLinkState])).toEqual([
      [region.linkId, region.hubNetworkId, 'Completed'],
    ]);
    expect(region.hubNetworkId).not.toBe(other.hubNetworkId);
  });

  it('peers its spoke with its hub both ways, Connected, and with nothing else', async () => {
    const fromHub = await peerings(region.hubNetworkId);
    const fromSpoke = await peerings(region.spokeNetworkId);
    expect(fromHub.map((p) => [p.id, p.remoteVirtualNetwork?.id, p.peeringState, p.peeringSyncLevel])).toEqual([
      [region.peeringIds[0], region.spokeNetworkId, 'Connected', 'FullyInSync'],
    ]);
    expect(fromSpoke.map((p) => [p.id, p.remoteVirtualNetwork?.id, p.peeringState, p.allowForwardedTraffic])).toEqual([
      [region.peeringIds[1], region.hubNetworkId, 'Connected', true],
    ]);
  });

  it('has an approved endpoint in the spoke with an IP for the account and each region, and no zone group', async () => {
    const endpointName = part(region.endpointId, 'privateEndpoints');
    const endpointGroup = part(region.endpointId, 'resourceGroups');
    const endpoint = await h.network.privateEndpoints.get(endpointGroup, endpointName);
    expect(endpoint.subnet?.id).toBe(region.subnetId);
    expect(endpoint.privateLinkServiceConnections?.[0]).toMatchObject({
      privateLinkServiceId: TWO_HUBS_FACTS.accountId,
      privateLinkServiceConnectionState: { status: 'Approved' },
    });
    expect(
      Object.fromEntries((endpoint.customDnsConfigs ?? []).map((c) => [c.fqdn?.split('.')[0], c.ipAddresses?.[0]])),
    ).toEqual(region.records);
    const groups = [];
    for await (const g of h.network.privateDnsZoneGroups.list(endpointName, endpointGroup)) groups.push(g);
    expect(groups).toEqual([]);
  });
});

describe('the two-hubs world', () => {
  it('holds one account in West US and East US, reached from both spokes, and no A records yet', async () => {
    expect(TWO_HUBS_FACTS.regions).toEqual(['West US', 'East US']);
    expect(Object.keys(TWO_HUBS_FACTS.east.records)).toEqual([
      'twohubs-cosmos',
      'twohubs-cosmos-westus',
      'twohubs-cosmos-eastus',
    ]);
    // The same names, different IPs: one name cannot serve both spokes from one zone.
    expect(TWO_HUBS_FACTS.east.records['twohubs-cosmos']).not.toBe(TWO_HUBS_FACTS.west.records['twohubs-cosmos']);
    for (const region of [TWO_HUBS_FACTS.east, TWO_HUBS_FACTS.west]) {
      const records = [];
      for await (const r of h.dns.recordSets.listByType(region.dnsResourceGroup, TWO_HUBS_FACTS.zone, 'A'))
        records.push(r);
      expect(records).toEqual([]);
    }
  });
});
