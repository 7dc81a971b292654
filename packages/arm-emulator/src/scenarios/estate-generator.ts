/**
 * Large, realistic estates for benchmarks: per subscription, one spoke network per endpoint "lane", one hub DNS
 * resource group per lane (each with its own privatelink.documents.azure.com linked to that spoke, so the endpoints of
 * one account never fight over a record), Cosmos DB accounts with endpoints in every lane, converged records, and
 * extra records that no endpoint claims (half stamped as ours, half hand-made, chosen by the seed). With `hubs`, the
 * first subscription holds one hub per lane instead (a resource group with the lane's zone and a hub network linked to
 * it), and every subscription's lane spoke is peered both ways with that hub: the regional-hub layout, one connectivity
 * subscription for the whole estate.
 */
import type { Scenario, ScenarioStep } from '../contracts';
import { createSeededRandom } from '../seeded-random';
import {
  aRecord,
  cosmosAccount,
  cosmosRecords,
  firstEndpointIps,
  ownedBy,
  privateDnsZone,
  privateEndpoint,
  privateEndpointId,
  resourceGroup,
  virtualNetwork,
  virtualNetworkLink,
  virtualNetworkPeering,
} from './arm-steps';

export interface EstateOptions {
  subscriptions: number;
  accountsPerSubscription: number;
  /** Each endpoint of an account lives in its own spoke network and DNS zone. */
  endpointsPerAccount: number;
  regionsPerAccount: number;
  /** Unclaimed records added to every zone. */
  extraRecordsPerZone: number;
  seed: number;
  /**
   * Regional hubs: each lane's zone lives in the first subscription only, linked to a hub network of its own
   * (`vnet-hub-<lane>`) that every subscription's lane spoke is peered with both ways; endpoints resolve through a
   * peering. Default false.
   */
  hubs?: boolean;
}

const REGION_POOL = [
  'West US',
  'East US',
  'Central US',
  'West Europe',
  'North Europe',
  'UK South',
  'Southeast Asia',
  'East Asia',
  'Japan East',
  'Australia East',
  'Canada Central',
  'Brazil South',
];
const ZONE = 'privatelink.documents.azure.com';
/** Private DNS's limit on record sets per zone. */
const MAX_RECORD_SETS_PER_ZONE = 25_000;

const LIMITS: Record<Exclude<keyof EstateOptions, 'hubs'>, [number, number] | undefined> = {
  subscriptions: [1, 4095],
  accountsPerSubscription: [1, 256],
  endpointsPerAccount: [1, 256],
  regionsPerAccount: [1, REGION_POOL.length],
  extraRecordsPerZone: [0, MAX_RECORD_SETS_PER_ZONE],
  seed: undefined,
};

export function estateSubscriptionId(index: number): string {
  return `00000000-0000-0000-0001-${(index + 1).toString(16).padStart(12, '0')}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** `172.16.0.0` + offset: outside every spoke, so no endpoint can ever claim these. */
function strayIp(offset: number): string {
  return `172.${16 + Math.floor(offset / 65536)}.${Math.floor(offset / 256) % 256}.${offset % 256}`;
}

function validate(options: EstateOptions): void {
  if (options.hubs !== undefined && typeof options.hubs !== 'boolean')
    throw new RangeError(`estate option "hubs": expected true or false, got ${JSON.stringify(options.hubs)}`);
  for (const [field, range] of Object.entries(LIMITS) as Array<
    [Exclude<keyof EstateOptions, 'hubs'>, [number, number] | undefined]
  >) {
    const value = options[field];
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new RangeError(`estate option "${field}": expected an integer, got ${JSON.stringify(value)}`);
    }
    if (range && (value < range[0] || value > range[1])) {
      throw new RangeError(
        `estate option "${field}": expected an integer from ${range[0]} to ${range[1]}, got ${value}`,
      );
    }
  }
  const recordsPerZone =
    (options.hubs ? options.subscriptions : 1) * options.accountsPerSubscription * (1 + options.regionsPerAccount) +
    options.extraRecordsPerZone;
  if (recordsPerZone > MAX_RECORD_SETS_PER_ZONE) {
    throw new RangeError(
      `estate options: ${options.hubs ? 'subscriptions × ' : ''}accountsPerSubscription × (1 + regionsPerAccount) + extraRecordsPerZone = ${recordsPerZone} ` +
        `record sets per zone; Private DNS allows ${MAX_RECORD_SETS_PER_ZONE}`,
    );
  }
}

export function generateEstate(options: EstateOptions): Scenario {
  validate(options);
  const random = createSeededRandom(options.seed);
  const steps: ScenarioStep[] = [];
  const lanes = Array.from({ length: options.endpointsPerAccount }, (_v, lane) => lane);
  const accounts = Array.from({ length: options.accountsPerSubscription }, (_v, a) => a);

  const hubLanes = options.hubs
    ? lanes.map((lane) => {
        const subscriptionId = estateSubscriptionId(0);
        const dns = resourceGroup(subscriptionId, `rg-estate-dns-${pad(lane, 3)}`, 'westus');
        const zone = privateDnsZone(dns.id, ZONE);
        const network = virtualNetwork({
          resourceGroupId: dns.id,
          name: `vnet-hub-${pad(lane, 3)}`,
          location: 'westus',
          addressPrefix: `192.168.${lane}.0/24`,
          subnets: [{ name: 'snet-shared', addressPrefix: `192.168.${lane}.0/26` }],
        });
        return { dns, zone, network, link: virtualNetworkLink(zone.id, `link-vnet-hub-${pad(lane, 3)}`, network.id) };
      })
    : undefined;

  for (let s = 0; s < options.subscriptions; s++) {
    const subscriptionId = estateSubscriptionId(s);
    const network = resourceGroup(subscriptionId, 'rg-estate-network', 'westus');
    const data = resourceGroup(subscriptionId, 'rg-estate-data', 'westus');
    const laneWorld = lanes.map((lane) => {
      const spoke = virtualNetwork({
        resourceGroupId: network.id,
        name: `vnet-spoke-${pad(lane, 3)}`,
        location: 'westus',
        addressPrefix: `10.${lane}.0.0/16`,
        subnets: accounts.map((a) => ({ name: `snet-a${pad(a, 3)}`, addressPrefix: `10.${lane}.${a}.0/24` })),
      });
      const hub = hubLanes?.[lane];
      if (hub) {
        // The hub's own resources once, in the first subscription; every subscription's spoke is peered with it.
        const first = s === 0;
        return {
          lane,
          spoke,
          zone: hub.zone,
          groups: first ? [hub.dns] : [],
          networks: first ? [spoke, hub.network] : [spoke],
          zones: first ? [hub.zone] : [],
          wiring: [
            ...(first ? [hub.link] : []),
            virtualNetworkPeering(hub.network.id, `peer-hub-to-s${pad(s, 4)}-spoke-${pad(lane, 3)}`, spoke.id),
            virtualNetworkPeering(spoke.id, `peer-spoke-to-hub-${pad(lane, 3)}`, hub.network.id),
          ],
        };
      }
      const dns = resourceGroup(subscriptionId, `rg-estate-dns-${pad(lane, 3)}`, 'westus');
      const zone = privateDnsZone(dns.id, ZONE);
      const link = virtualNetworkLink(zone.id, `link-vnet-spoke-${pad(lane, 3)}`, spoke.id);
      return { lane, spoke, zone, groups: [dns], networks: [spoke], zones: [zone], wiring: [link] };
    });
    steps.push(network.step, data.step);
    for (const part of ['groups', 'networks', 'zones', 'wiring'] as const)
      steps.push(...laneWorld.flatMap((l) => l[part].map((b) => b.step)));

    for (const a of accounts) {
      const name = `est-s${pad(s, 4)}-a${pad(a, 3)}`;
      const regions = random.shuffle([...REGION_POOL]).slice(0, options.regionsPerAccount);
      const account = cosmosAccount(data.id, name, regions);
      steps.push(account.step);
      for (const { lane, spoke, zone } of laneWorld) {
        const endpoint = privateEndpoint({
          resourceGroupId: network.id,
          name: `pe-${name}-${pad(lane, 3)}`,
          location: 'westus',
          subnetId: spoke.subnetIds[`snet-a${pad(a, 3)}`] as string,
          target: account.id,
          groupIds: ['Sql'],
        });
        const ips = firstEndpointIps(`10.${lane}.${a}.0/24`, 1 + regions.length);
        steps.push(endpoint.step, ...cosmosRecords(zone.id, name, regions, endpoint.id, ips).map((r) => r.step));
      }
    }

    // With hubs, the zones are the first subscription's: their stale records once.
    for (const { lane, zone } of hubLanes && s > 0 ? [] : laneWorld) {
      for (let k = 0; k < options.extraRecordsPerZone; k++) {
        const retiredEndpoint = privateEndpointId(network.id, `pe-retired-${pad(lane, 3)}-${pad(k, 5)}`);
        const metadata = random.next() < 0.5 ? ownedBy([retiredEndpoint]) : { owner: 'hand-made' };
        steps.push(aRecord(zone.id, `stale-${pad(k, 5)}`, [strayIp(k)], metadata).step);
      }
    }
  }

  const o = options;
  return {
    name: `estate-${o.subscriptions}x${o.accountsPerSubscription}x${o.endpointsPerAccount}x${o.regionsPerAccount}+${o.extraRecordsPerZone}-seed${o.seed}`,
    description:
      `${o.subscriptions} subscription(s) × ${o.accountsPerSubscription} Cosmos DB account(s), ${o.endpointsPerAccount} endpoint(s) per ` +
      `account in ${o.regionsPerAccount} region(s), converged records plus ${o.extraRecordsPerZone} unclaimed record(s) per zone.`,
    steps,
  };
}
