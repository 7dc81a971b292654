/**
 * Two regional hubs, the standard multi-region layout (issue 18): each region has its own copy of
 * `privatelink.documents.azure.com` in its own DNS resource group, linked only to that region's hub network; a spoke in
 * each region is peered both ways (Connected) with its hub; one Cosmos DB account in West US and East US has one
 * auto-approved endpoint per spoke and no zone groups. No records: placing each endpoint's records in the copy that
 * serves its network is the autopilot's job.
 */
import type { Scenario } from '../contracts';
import {
  cosmosAccount,
  cosmosMembers,
  firstEndpointIps,
  privateDnsZone,
  resourceGroup,
  virtualNetworkPeering,
  type Built,
} from './arm-steps';
import { WORKLOAD_SUBSCRIPTION, workloadSpoke, ZONES, type Spoke } from './world';

const REGIONS = ['West US', 'East US'];
const ACCOUNT = 'twohubs-cosmos';

const data = resourceGroup(WORKLOAD_SUBSCRIPTION, 'rg-twohubs', 'westus');
const account = cosmosAccount(data.id, ACCOUNT, REGIONS);

interface Region {
  dnsGroup: Built;
  zone: Built;
  hub: Spoke;
  spoke: Spoke;
  link: Built;
  peerings: { hubToSpoke: Built; spokeToHub: Built };
  endpoint: Built;
  ips: string[];
}

function region(short: 'east' | 'west', location: string, hubOctet: number): Region {
  const dnsGroup = resourceGroup(WORKLOAD_SUBSCRIPTION, `rg-dns-${short}`, location);
  const zone = privateDnsZone(dnsGroup.id, ZONES.cosmosSql);
  const hub = workloadSpoke(`hub-${short}`, location, hubOctet, ['shared']);
  const spoke = workloadSpoke(`spoke-${short}`, location, hubOctet + 1);
  const endpoint = spoke.endpoint({ name: `pe-${ACCOUNT}-${short}`, target: account.id, groupIds: ['Sql'] });
  return {
    dnsGroup,
    zone,
    hub,
    spoke,
    link: hub.link(zone),
    peerings: {
      hubToSpoke: virtualNetworkPeering(hub.network.id, `peer-hub-${short}-to-spoke-${short}`, spoke.network.id, {
        allowForwardedTraffic: true,
      }),
      spokeToHub: virtualNetworkPeering(spoke.network.id, `peer-spoke-${short}-to-hub-${short}`, hub.network.id, {
        allowForwardedTraffic: true,
      }),
    },
    endpoint,
    ips: firstEndpointIps(spoke.subnetPrefix(), 1 + REGIONS.length),
  };
}

const east = region('east', 'eastus', 40);
const west = region('west', 'westus', 50);

function facts(r: Region) {
  return {
    dnsResourceGroup: r.dnsGroup.id.split('/').pop() as string,
    zoneId: r.zone.id,
    hubNetworkId: r.hub.network.id,
    spokeNetworkId: r.spoke.network.id,
    linkId: r.link.id,
    peeringIds: [r.peerings.hubToSpoke.id, r.peerings.spokeToHub.id],
    endpointId: r.endpoint.id,
    subnetId: r.spoke.subnetId(),
    /** Record name → the IP this region's endpoint holds for it (the account, then each region by failover priority). */
    records: Object.fromEntries(cosmosMembers(ACCOUNT, REGIONS).map((name, i) => [name, r.ips[i] as string])),
  };
}

export const TWO_HUBS_FACTS = {
  accountId: account.id,
  regions: REGIONS,
  zone: ZONES.cosmosSql,
  /** `AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS` for this world. */
  dnsResourceGroups: ['rg-dns-east', 'rg-dns-west'],
  east: facts(east),
  west: facts(west),
};

export const twoHubs: Scenario = {
  name: 'two-hubs',
  description:
    'Two regional hubs, each with its own privatelink.documents.azure.com in rg-dns-east / rg-dns-west linked only to ' +
    'its hub network; a spoke per region peered both ways (Connected) with its hub; one Cosmos DB account in West US ' +
    'and East US with an auto-approved endpoint in each spoke, no zone groups and no records yet.',
  steps: [
    data,
    east.dnsGroup,
    west.dnsGroup,
    account,
    ...[east, west].flatMap((r) => [
      r.hub.resourceGroup,
      r.spoke.resourceGroup,
      r.hub.network,
      r.spoke.network,
      r.zone,
      r.link,
      r.peerings.hubToSpoke,
      r.peerings.spokeToHub,
      r.endpoint,
    ]),
  ].map((b) => b.step),
};
