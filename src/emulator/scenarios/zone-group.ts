import type { Scenario } from '../contracts';
import { cosmosAccount, privateDnsZoneGroup, privateEndpoint, resourceGroup, virtualNetwork, virtualNetworkLink } from './arm-steps';
import { dnsResourceGroup, hubZone, WORKLOAD_SUBSCRIPTION, ZONES } from './world';

const rg = resourceGroup(WORKLOAD_SUBSCRIPTION, 'rg-zonegroup', 'westus');
const dnsRg = dnsResourceGroup();
const vnet = virtualNetwork({
  resourceGroupId: rg.id,
  name: 'vnet-zonegroup',
  location: 'westus',
  addressPrefix: '10.5.0.0/16',
  subnets: [{ name: 'snet-endpoints', addressPrefix: '10.5.1.0/24' }],
});
const account = cosmosAccount(rg.id, 'zonegroup-cosmos', ['West US']);
const zone = hubZone(ZONES.cosmosSql);
const link = virtualNetworkLink(zone.id, 'link-vnet-zonegroup', vnet.id);
const endpoint = privateEndpoint({
  resourceGroupId: rg.id,
  name: 'pe-zonegroup-cosmos',
  location: 'westus',
  subnetId: vnet.subnetIds['snet-endpoints'] as string,
  target: account.id,
  groupIds: ['Sql'],
});
const zoneGroup = privateDnsZoneGroup(endpoint.id, 'default', [zone.id]);

export const ZONE_GROUP_FACTS = { accountId: account.id, endpointId: endpoint.id, zoneGroupId: zoneGroup.id, zoneId: zone.id };

export const zoneGroupScenario: Scenario = {
  name: 'zone-group',
  description:
    'A Cosmos DB account whose private endpoint has a private DNS zone group: Azure (the emulator) writes and removes ' +
    'its records in privatelink.documents.azure.com, and privatelink-autopilot must leave them alone.',
  steps: [rg, dnsRg, vnet, account, zone, link, endpoint, zoneGroup].map((b) => b.step),
};
