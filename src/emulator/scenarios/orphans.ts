import type { Scenario } from '../contracts';
import {
  aRecord,
  API_VERSIONS,
  cosmosAccount,
  cosmosRecords,
  cosmosRegionsChange,
  deleteResource,
  firstEndpointIps,
  privateEndpoint,
  resourceGroup,
  virtualNetwork,
  virtualNetworkLink,
} from './arm-steps';
import { dnsResourceGroup, hubZone, WORKLOAD_SUBSCRIPTION, ZONES } from './world';

const REGIONS_BEFORE = ['East US', 'West US', 'North Europe'];
/** The lowest-priority region goes, so the refreshed endpoint keeps the IPs of the members that stay. */
const REGIONS_AFTER = ['East US', 'West US'];
const RETIRED_REGIONS = ['West US'];

const rg = resourceGroup(WORKLOAD_SUBSCRIPTION, 'rg-orphans', 'eastus');
const dnsRg = dnsResourceGroup();
const vnet = virtualNetwork({
  resourceGroupId: rg.id,
  name: 'vnet-orphans',
  location: 'eastus',
  addressPrefix: '10.4.0.0/16',
  subnets: [
    { name: 'snet-regions', addressPrefix: '10.4.1.0/24' },
    { name: 'snet-retired', addressPrefix: '10.4.2.0/24' },
  ],
});
const zone = hubZone(ZONES.cosmosSql);
const link = virtualNetworkLink(zone.id, 'link-vnet-orphans', vnet.id);

const shrinking = cosmosAccount(rg.id, 'orphans-regions', REGIONS_BEFORE);
const shrinkingEndpoint = privateEndpoint({
  resourceGroupId: rg.id,
  name: 'pe-orphans-regions',
  location: 'eastus',
  subnetId: vnet.subnetIds['snet-regions'] as string,
  target: shrinking.id,
  groupIds: ['Sql'],
});
const shrinkingRecords = cosmosRecords(
  zone.id,
  'orphans-regions',
  REGIONS_BEFORE,
  shrinkingEndpoint.id,
  firstEndpointIps('10.4.1.0/24', 1 + REGIONS_BEFORE.length),
);

const retired = cosmosAccount(rg.id, 'orphans-retired', RETIRED_REGIONS);
const retiredEndpoint = privateEndpoint({
  resourceGroupId: rg.id,
  name: 'pe-orphans-retired',
  location: 'eastus',
  subnetId: vnet.subnetIds['snet-retired'] as string,
  target: retired.id,
  groupIds: ['Sql'],
});
const retiredRecords = cosmosRecords(
  zone.id,
  'orphans-retired',
  RETIRED_REGIONS,
  retiredEndpoint.id,
  firstEndpointIps('10.4.2.0/24', 1 + RETIRED_REGIONS.length),
);

/** Written by hand long ago: no ownership metadata, claimed by nobody. */
const handMade = aRecord(zone.id, 'legacy-app', ['10.4.3.10'], { owner: 'team-legacy' });

export const ORPHANS_FACTS = {
  zoneId: zone.id,
  liveEndpointId: shrinkingEndpoint.id,
  deletedEndpointId: retiredEndpoint.id,
  /** Owned records no live endpoint claims once the scenario has run. */
  ownedOrphans: ['orphans-regions-northeurope', 'orphans-retired', 'orphans-retired-westus'],
  /** A record without ownership metadata that no endpoint claims. */
  unownedOrphans: ['legacy-app'],
  /** Records the live endpoint still claims. */
  claimed: ['orphans-regions', 'orphans-regions-eastus', 'orphans-regions-westus'],
};

export const orphans: Scenario = {
  name: 'orphans',
  description:
    'Records left behind: North Europe was removed from a Cosmos DB account (its endpoint was refreshed, its record ' +
    'stayed), another account\'s endpoint was deleted (both its records stayed), and a hand-made record nobody claims.',
  steps: [
    ...[rg, dnsRg, vnet, zone, link, shrinking, shrinkingEndpoint, ...shrinkingRecords].map((b) => b.step),
    ...[retired, retiredEndpoint, ...retiredRecords, handMade].map((b) => b.step),
    cosmosRegionsChange(shrinking.id, REGIONS_AFTER),
    // The refresh an operator does after a region change: the same payload again clears actionsRequired "Recreate".
    shrinkingEndpoint.step,
    deleteResource(retiredEndpoint.id, API_VERSIONS.network),
  ],
};
