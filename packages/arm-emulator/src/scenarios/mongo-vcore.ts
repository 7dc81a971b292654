import type { Scenario } from '../contracts';
import { mongoCluster } from './arm-steps';
import { dnsResourceGroup, hubZone, workloadSpoke, ZONES } from './world';

const spoke = workloadSpoke('mongo', 'eastus', 2);
const cluster = mongoCluster(spoke.resourceGroup.id, 'mongo-vcore-demo', 'eastus');
const zone = hubZone(ZONES.mongoCluster);
const endpoint = spoke.endpoint({ name: 'pe-mongo-vcore', target: cluster.id, groupIds: ['MongoCluster'] });

export const MONGO_VCORE_FACTS = {
  clusterId: cluster.id,
  endpointId: endpoint.id,
  zoneId: zone.id,
  expectedIp: '10.2.1.4',
};

export const mongoVcore: Scenario = {
  name: 'mongo-vcore',
  description:
    'A Cosmos DB for MongoDB vCore cluster with an auto-approved private endpoint (group MongoCluster) and the zone ' +
    'privatelink.mongocluster.cosmos.azure.com, but no record yet: plan creates one.',
  steps: [spoke.resourceGroup, dnsResourceGroup(), spoke.network, cluster, zone, spoke.link(zone), endpoint].map(
    (b) => b.step,
  ),
};
