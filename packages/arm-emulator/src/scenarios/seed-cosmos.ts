import type { Scenario } from '../contracts';
import { convergedCosmos, dnsResourceGroup, hubZone, workloadSpoke, ZONES } from './world';

const REGIONS = ['West US', 'Central US', 'West Europe'];

const spoke = workloadSpoke('seed', 'westus', 0);
const zone = hubZone(ZONES.cosmosSql);
const { account, endpoint, ips, records } = convergedCosmos(spoke, zone, 'seed-cosmos', REGIONS);

export const SEED_COSMOS_FACTS = {
  accountId: account.id,
  endpointId: endpoint.id,
  zoneId: zone.id,
  subnetId: spoke.subnetId(),
  regions: REGIONS,
  /** Record name → IP, as written by the scenario and allocated by the emulator. */
  records: Object.fromEntries(records.map((r, i) => [r.id.split('/').pop() as string, ips[i] as string])),
};

export const seedCosmos: Scenario = {
  name: 'seed-cosmos',
  description:
    'A Cosmos DB account in West US, Central US and West Europe with one auto-approved private endpoint (4 IPs) and ' +
    'its 4 A records in privatelink.documents.azure.com, written with privatelink-autopilot ownership metadata: a converged estate.',
  steps: [
    spoke.resourceGroup,
    dnsResourceGroup(),
    spoke.network,
    account,
    zone,
    spoke.link(zone),
    endpoint,
    ...records,
  ].map((b) => b.step),
};
