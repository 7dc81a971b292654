import type { Scenario } from '../contracts';
import { aRecord, API_VERSIONS, cosmosRegionsChange, deleteResource } from './arm-steps';
import { convergedCosmos, dnsResourceGroup, hubZone, workloadSpoke, ZONES } from './world';

const REGIONS_BEFORE = ['East US', 'West US', 'North Europe'];
/** The lowest-priority region goes, so the refreshed endpoint keeps the IPs of the members that stay. */
const REGIONS_AFTER = ['East US', 'West US'];
const RETIRED_REGIONS = ['West US'];

const spoke = workloadSpoke('orphans', 'eastus', 4, ['regions', 'retired']);
const zone = hubZone(ZONES.cosmosSql);

const shrinking = convergedCosmos(spoke, zone, 'orphans-regions', REGIONS_BEFORE, 'regions');
const retired = convergedCosmos(spoke, zone, 'orphans-retired', RETIRED_REGIONS, 'retired');

/** Written by hand long ago: no ownership metadata, claimed by nobody. */
const handMade = aRecord(zone.id, 'legacy-app', ['10.4.3.10'], { owner: 'team-legacy' });

export const ORPHANS_FACTS = {
  zoneId: zone.id,
  liveEndpointId: shrinking.endpoint.id,
  deletedEndpointId: retired.endpoint.id,
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
    "stayed), another account's endpoint was deleted (both its records stayed), and a hand-made record nobody claims.",
  steps: [
    ...[
      spoke.resourceGroup,
      dnsResourceGroup(),
      spoke.network,
      zone,
      spoke.link(zone),
      shrinking.account,
      shrinking.endpoint,
      ...shrinking.records,
    ].map((b) => b.step),
    ...[retired.account, retired.endpoint, ...retired.records, handMade].map((b) => b.step),
    cosmosRegionsChange(shrinking.account.id, REGIONS_AFTER),
    // The refresh an operator does after a region change: the same payload again clears actionsRequired "Recreate".
    shrinking.endpoint.step,
    deleteResource(retired.endpoint.id, API_VERSIONS.network),
  ],
};
