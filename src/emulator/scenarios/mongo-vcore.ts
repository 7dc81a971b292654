import type { Scenario } from '../contracts';
import { mongoCluster, privateEndpoint, resourceGroup, virtualNetwork, virtualNetworkLink } from './arm-steps';
import { dnsResourceGroup, hubZone, WORKLOAD_SUBSCRIPTION, ZONES } from './world';

const rg = resourceGroup(WORKLOAD_SUBSCRIPTION, 'rg-mongo', 'eastus');
const dnsRg = dnsResourceGroup();
const vnet = virtualNetwork({
  resourceGroupId: rg.id,
  name: 'vnet-mongo',
  location: 'eastus',
  addressPrefix: '10.2.0.0/16',
  subnets: [{ name: 'snet-endpoints', addressPrefix: '10.2.1.0/24' }],
});
const cluster = mongoCluster(rg.id, 'mongo-vcore-demo', 'eastus');
const zone = hubZone(ZONES.mongoCluster);
const link = virtualNetworkLink(zone.id, 'link-vnet-mongo', vnet.id);
const endpoint = privateEndpoint({
  resourceGroupId: rg.id,
  name: 'pe-mongo-vcore',
  location: 'eastus',
  subnetId: vnet.subnetIds['snet-endpoints'] as string,
  target: cluster.id,
  groupIds: ['MongoCluster'],
});

export const MONGO_VCORE_FACTS = { clusterId: cluster.id, endpointId: endpoint.id, zoneId: zone.id, expectedIp: '10.2.1.4' };

export const mongoVcore: Scenario = {
  name: 'mongo-vcore',
  description:
    'A Cosmos DB for MongoDB vCore cluster with an auto-approved private endpoint (group MongoCluster) and the zone ' +
    'privatelink.mongocluster.cosmos.azure.com, but no record yet: plan creates one.',
  steps: [rg, dnsRg, vnet, cluster, zone, link, endpoint].map((b) => b.step),
};
