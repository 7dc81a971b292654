import type { Scenario } from '../contracts';
import { cosmosAccount, privateDnsZoneGroup } from './arm-steps';
import { dnsResourceGroup, hubZone, workloadSpoke, ZONES } from './world';

const spoke = workloadSpoke('zonegroup', 'westus', 5);
const account = cosmosAccount(spoke.resourceGroup.id, 'zonegroup-cosmos', ['West US']);
const zone = hubZone(ZONES.cosmosSql);
const endpoint = spoke.endpoint({ name: 'pe-zonegroup-cosmos', target: account.id, groupIds: ['Sql'] });
const zoneGroup = privateDnsZoneGroup(endpoint.id, 'default', [zone.id]);

export const ZONE_GROUP_FACTS = {
  accountId: account.id,
  endpointId: endpoint.id,
  zoneGroupId: zoneGroup.id,
  zoneId: zone.id,
};

export const zoneGroupScenario: Scenario = {
  name: 'zone-group',
  description:
    'A Cosmos DB account whose private endpoint has a private DNS zone group: Azure (the emulator) writes and removes ' +
    'its records in privatelink.documents.azure.com, and privatelink-autopilot must leave them alone.',
  steps: [
    spoke.resourceGroup,
    dnsResourceGroup(),
    spoke.network,
    account,
    zone,
    spoke.link(zone),
    endpoint,
    zoneGroup,
  ].map((b) => b.step),
};
