/**
 * The shared world every hand-written scenario lives in, so that `demo` can hold them all at once: one workload
 * subscription with a hub resource group of private DNS zones, one spoke network per scenario, and a separate
 * provider subscription for a SaaS Private Link Service.
 */
import {
  cosmosAccount,
  cosmosRecords,
  firstEndpointIps,
  privateDnsZone,
  privateEndpoint,
  resourceGroup,
  virtualNetwork,
  virtualNetworkLink,
  type Built,
  type PrivateEndpointSpec,
} from './arm-steps';

/** The customer's workload subscription: endpoints, targets and the hub DNS zones. */
export const WORKLOAD_SUBSCRIPTION = '00000000-0000-0000-0000-00000000000a';
/** A SaaS provider's subscription (Elastic Cloud style): holds the Private Link Service endpoints reach by alias. */
export const PROVIDER_SUBSCRIPTION = '00000000-0000-0000-0000-00000000000b';

export const ZONES = {
  cosmosSql: 'privatelink.documents.azure.com',
  keyVault: 'privatelink.vaultcore.azure.net',
  mongoCluster: 'privatelink.mongocluster.cosmos.azure.com',
  elasticEastUs: 'privatelink.eastus.azure.elastic-cloud.com',
} as const;

export const DNS_RESOURCE_GROUP = 'rg-dns';

export function dnsResourceGroup(): Built {
  return resourceGroup(WORKLOAD_SUBSCRIPTION, DNS_RESOURCE_GROUP, 'westus');
}

/** A zone in the hub DNS resource group. */
export function hubZone(zone: string): Built {
  return privateDnsZone(dnsResourceGroup().id, zone);
}

export interface SpokeEndpointSpec extends Omit<PrivateEndpointSpec, 'resourceGroupId' | 'location' | 'subnetId'> {
  /** The spoke's subnet by its short name; its first subnet when omitted. */
  subnet?: string;
}

export interface Spoke {
  resourceGroup: Built;
  network: Built;
  subnetId(subnet?: string): string;
  subnetPrefix(subnet?: string): string;
  /** The spoke network's link to a hub zone, `link-vnet-<name>`. */
  link(zone: Built): Built;
  /** A private endpoint in the spoke's resource group, location and subnet. */
  endpoint(spec: SpokeEndpointSpec): Built;
}

/**
 * A scenario's own part of the workload subscription: resource group `rg-<name>` and network `vnet-<name>` on
 * `10.<octet>.0.0/16`, whose subnets `snet-<subnet>` take `10.<octet>.1.0/24`, `10.<octet>.2.0/24`, … in order.
 */
export function workloadSpoke(
  name: string,
  location: string,
  octet: number,
  subnets: readonly string[] = ['endpoints'],
): Spoke {
  const group = resourceGroup(WORKLOAD_SUBSCRIPTION, `rg-${name}`, location);
  const prefixes = new Map(subnets.map((subnet, i) => [subnet, `10.${octet}.${i + 1}.0/24`]));
  const network = virtualNetwork({
    resourceGroupId: group.id,
    name: `vnet-${name}`,
    location,
    addressPrefix: `10.${octet}.0.0/16`,
    subnets: [...prefixes].map(([subnet, addressPrefix]) => ({ name: `snet-${subnet}`, addressPrefix })),
  });
  const subnetPrefix = (subnet = subnets[0] ?? ''): string => {
    const prefix = prefixes.get(subnet);
    if (prefix === undefined)
      throw new Error(`spoke ${name}: no subnet "${subnet}"; expected one of ${subnets.join(', ')}`);
    return prefix;
  };
  const subnetId = (subnet = subnets[0] ?? ''): string => {
    subnetPrefix(subnet);
    return `${network.id}/subnets/snet-${subnet}`;
  };
  return {
    resourceGroup: group,
    network,
    subnetId,
    subnetPrefix,
    link: (zone) => virtualNetworkLink(zone.id, `link-vnet-${name}`, network.id),
    endpoint: ({ subnet, ...spec }) =>
      privateEndpoint({ ...spec, resourceGroupId: group.id, location, subnetId: subnetId(subnet) }),
  };
}

export interface ConvergedCosmos {
  account: Built;
  endpoint: Built;
  /** The endpoint's IPs as the emulator allocates them: the account, then each region by failover priority. */
  ips: string[];
  records: Built[];
}

/** A NoSQL account in the spoke's resource group, its endpoint `pe-<name>` (group `Sql`), and an owned A record per member. */
export function convergedCosmos(
  spoke: Spoke,
  zone: Built,
  name: string,
  regions: readonly string[],
  subnet?: string,
): ConvergedCosmos {
  const account = cosmosAccount(spoke.resourceGroup.id, name, regions);
  const endpoint = spoke.endpoint({ name: `pe-${name}`, subnet, target: account.id, groupIds: ['Sql'] });
  const ips = firstEndpointIps(spoke.subnetPrefix(subnet), 1 + regions.length);
  return { account, endpoint, ips, records: cosmosRecords(zone.id, name, regions, endpoint.id, ips) };
}
