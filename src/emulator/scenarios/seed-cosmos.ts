import type { Scenario } from '../contracts';
import {
  cosmosAccount,
  cosmosRecords,
  firstEndpointIps,
  privateEndpoint,
  resourceGroup,
  virtualNetwork,
  virtualNetworkLink,
} from './arm-steps';
import { dnsResourceGroup, hubZone, WORKLOAD_SUBSCRIPTION, ZONES } from './world';

const SUBNET_PREFIX = '10.0.1.0/24';
const REGIONS = ['West US', 'Central US', 'West Europe'];

const rg = resourceGroup(WORKLOAD_SUBSCRIPTION, 'rg-seed', 'westus');
const dnsRg = dnsResourceGroup();
const vnet = virtualNetwork({
  resourceGroupId: rg.id,
  name: 'vnet-seed',
  location: 'westus',
  addressPrefix: '10.0.0.0/16',
  subnets: [{ name: 'snet-endpoints', addressPrefix: SUBNET_PREFIX }],
});
const account = cosmosAccount(rg.id, 'seed-cosmos', REGIONS);
const zone = hubZone(ZONES.cosmosSql);
const link = virtualNetworkLink(zone.id, 'link-vnet-seed', vnet.id);
const endpoint = privateEndpoint({
  resourceGroupId: rg.id,
  name: 'pe-seed-cosmos',
  location: 'westus',
  subnetId: vnet.subnetIds['snet-endpoints'] as string,
  target: account.id,
  groupIds: ['Sql'],
});
const ips = firstEndpointIps(SUBNET_PREFIX, 1 + REGIONS.length);
const records = cosmosRecords(zone.id, 'seed-cosmos', REGIONS, endpoint.id, ips);

export const SEED_COSMOS_FACTS = {
  accountId: account.id,
  endpointId: endpoint.id,
  zoneId: zone.id,
  subnetId: vnet.subnetIds['snet-endpoints'] as string,
  regions: REGIONS,
  /** Record name → IP, as written by the scenario and allocated by the emulator. */
  records: Object.fromEntries(records.map((r, i) => [r.id.split('/').pop() as string, ips[i] as string])),
};

export const seedCosmos: Scenario = {
  name: 'seed-cosmos',
  description:
    'A Cosmos DB account in West US, Central US and West Europe with one auto-approved private endpoint (4 IPs) and ' +
    'its 4 A records in privatelink.documents.azure.com, written with privatelink-autopilot ownership metadata: a converged estate.',
  steps: [rg, dnsRg, vnet, account, zone, link, endpoint, ...records].map((b) => b.step),
};
