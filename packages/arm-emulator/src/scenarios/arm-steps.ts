/**
 * Builders for scenario steps: one ARM request each, in the REST shapes of Microsoft's published examples
 * (test/fixtures/reference/rest-examples). Each builder returns the resource's ID with the step so that later steps
 * can refer to it.
 */
import { armIdKey } from '../arm-id';
import type { ScenarioStep } from '../contracts';
import { EMULATOR_TENANT_ID } from '../events';
import { regionKey } from '../providers/documentdb-regions';

export const API_VERSIONS = {
  resources: '2021-04-01',
  network: '2024-05-01',
  privateDns: '2024-06-01',
  cosmosDb: '2025-04-15',
  keyVault: '2025-05-01',
  mongoCluster: '2024-07-01',
} as const;

/** `AUTOPILOT_INSTANCE_ID`'s default: records stamped with it are the default instance's to manage. */
export const DEFAULT_AUTOPILOT_INSTANCE = 'default';

/** TTL Azure gives records that a private DNS zone group writes; our records use the same. */
export const RECORD_TTL_SECONDS = 10;

export interface Built {
  id: string;
  step: ScenarioStep;
}

function put(path: string, apiVersion: string, body: unknown): ScenarioStep {
  return { method: 'PUT', path, apiVersion, body };
}

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

export function resourceGroup(subscriptionId: string, name: string, location: string): Built {
  const id = resourceGroupId(subscriptionId, name);
  return { id, step: put(id, API_VERSIONS.resources, { location }) };
}

export interface SubnetSpec {
  name: string;
  addressPrefix: string;
}

export interface VirtualNetworkSpec {
  resourceGroupId: string;
  name: string;
  location: string;
  addressPrefix: string;
  subnets: SubnetSpec[];
}

export function virtualNetwork(spec: VirtualNetworkSpec): Built & { subnetIds: Record<string, string> } {
  const id = `${spec.resourceGroupId}/providers/Microsoft.Network/virtualNetworks/${spec.name}`;
  const subnetIds = Object.fromEntries(spec.subnets.map((s) => [s.name, `${id}/subnets/${s.name}`]));
  const body = {
    location: spec.location,
    properties: {
      addressSpace: { addressPrefixes: [spec.addressPrefix] },
      subnets: spec.subnets.map((s) => ({
        name: s.name,
        properties: { addressPrefix: s.addressPrefix, privateEndpointNetworkPolicies: 'Disabled' },
      })),
    },
  };
  return { id, subnetIds, step: put(id, API_VERSIONS.network, body) };
}

export interface CosmosRegionSpec {
  /** Display name as Azure returns it, e.g. `West US`; listed in failover priority order. */
  name: string;
}

export function cosmosAccountId(resourceGroupIdValue: string, name: string): string {
  return `${resourceGroupIdValue}/providers/Microsoft.DocumentDB/databaseAccounts/${name}`;
}

function cosmosLocations(regions: readonly string[]): unknown[] {
  return regions.map((locationName, failoverPriority) => ({ locationName, failoverPriority, isZoneRedundant: false }));
}

/** A NoSQL account; `regions` in failover priority order (the first is the write region). */
export function cosmosAccount(resourceGroupIdValue: string, name: string, regions: readonly string[]): Built {
  const id = cosmosAccountId(resourceGroupIdValue, name);
  const [writeRegion] = regions;
  if (writeRegion === undefined) throw new Error(`cosmos account ${name}: regions must not be empty`);
  const body = {
    location: writeRegion,
    kind: 'GlobalDocumentDB',
    properties: {
      databaseAccountOfferType: 'Standard',
      createMode: 'Default',
      publicNetworkAccess: 'Disabled',
      locations: cosmosLocations(regions),
    },
  };
  return { id, step: put(id, API_VERSIONS.cosmosDb, body) };
}

/** Adds or removes regions the way `az cosmosdb update --locations` does: a PATCH of `properties.locations`. */
export function cosmosRegionsChange(accountId: string, regions: readonly string[]): ScenarioStep {
  return {
    method: 'PATCH',
    path: accountId,
    apiVersion: API_VERSIONS.cosmosDb,
    body: { properties: { locations: cosmosLocations(regions) } },
  };
}

export function keyVault(resourceGroupIdValue: string, name: string, location: string): Built {
  const id = `${resourceGroupIdValue}/providers/Microsoft.KeyVault/vaults/${name}`;
  const body = {
    location,
    properties: {
      tenantId: EMULATOR_TENANT_ID,
      sku: { family: 'A', name: 'standard' },
      accessPolicies: [],
      enableRbacAuthorization: true,
      publicNetworkAccess: 'Disabled',
    },
  };
  return { id, step: put(id, API_VERSIONS.keyVault, body) };
}

export function mongoCluster(resourceGroupIdValue: string, name: string, location: string): Built {
  const id = `${resourceGroupIdValue}/providers/Microsoft.DocumentDB/mongoClusters/${name}`;
  const body = {
    location,
    properties: {
      // Write-only in the real API; the emulator drops it. Not a secret.
      administrator: { userName: 'mongoAdmin', password: 'emulator-placeholder' },
      serverVersion: '7.0',
      compute: { tier: 'M30' },
      storage: { sizeGb: 128 },
      sharding: { shardCount: 1 },
      highAvailability: { targetMode: 'Disabled' },
      publicNetworkAccess: 'Disabled',
    },
  };
  return { id, step: put(id, API_VERSIONS.mongoCluster, body) };
}

export interface PrivateEndpointSpec {
  resourceGroupId: string;
  name: string;
  location: string;
  subnetId: string;
  /** ARM ID of the target, or a Private Link Service alias. */
  target: string;
  /** Omitted for Private Link Services, which have no groups. */
  groupIds?: string[];
  /** `manualPrivateLinkServiceConnections`: the connection waits Pending for the target's owner. */
  manual?: boolean;
  requestMessage?: string;
}

export function privateEndpointId(resourceGroupIdValue: string, name: string): string {
  return `${resourceGroupIdValue}/providers/Microsoft.Network/privateEndpoints/${name}`;
}

export function privateEndpoint(spec: PrivateEndpointSpec): Built {
  const id = privateEndpointId(spec.resourceGroupId, spec.name);
  const connection = {
    name: spec.name,
    properties: {
      privateLinkServiceId: spec.target,
      ...(spec.groupIds ? { groupIds: spec.groupIds } : {}),
      ...(spec.requestMessage ? { requestMessage: spec.requestMessage } : {}),
    },
  };
  const body = {
    location: spec.location,
    properties: {
      subnet: { id: spec.subnetId },
      [spec.manual ? 'manualPrivateLinkServiceConnections' : 'privateLinkServiceConnections']: [connection],
    },
  };
  return { id, step: put(id, API_VERSIONS.network, body) };
}

export function deleteResource(id: string, apiVersion: string): ScenarioStep {
  return { method: 'DELETE', path: id, apiVersion };
}

export function privateDnsZoneGroup(endpointId: string, name: string, zoneIds: string[]): Built {
  const id = `${endpointId}/privateDnsZoneGroups/${name}`;
  const body = {
    properties: {
      privateDnsZoneConfigs: zoneIds.map((zoneId) => ({
        name: (zoneId.split('/').pop() ?? zoneId).replace(/\./g, '-'),
        properties: { privateDnsZoneId: zoneId },
      })),
    },
  };
  return { id, step: put(id, API_VERSIONS.network, body) };
}

export function privateDnsZone(resourceGroupIdValue: string, zone: string): Built {
  const id = `${resourceGroupIdValue}/providers/Microsoft.Network/privateDnsZones/${zone}`;
  return { id, step: put(id, API_VERSIONS.privateDns, { location: 'global' }) };
}

export function virtualNetworkLink(zoneId: string, name: string, virtualNetworkId: string): Built {
  const id = `${zoneId}/virtualNetworkLinks/${name}`;
  const body = {
    location: 'global',
    properties: { virtualNetwork: { id: virtualNetworkId }, registrationEnabled: false },
  };
  return { id, step: put(id, API_VERSIONS.privateDns, body) };
}

export interface PeeringFlags {
  allowVirtualNetworkAccess?: boolean;
  allowForwardedTraffic?: boolean;
  allowGatewayTransit?: boolean;
  useRemoteGateways?: boolean;
}

/**
 * One direction of a virtual network peering (Microsoft.Network's VirtualNetworkPeeringCreate shape). Declare both
 * directions, the second after the first, for a Connected peering; one alone stays Initiated.
 */
export function virtualNetworkPeering(
  virtualNetworkId: string,
  name: string,
  remoteVirtualNetworkId: string,
  flags: PeeringFlags = {},
): Built {
  const id = `${virtualNetworkId}/virtualNetworkPeerings/${name}`;
  const body = {
    properties: {
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: false,
      allowGatewayTransit: false,
      useRemoteGateways: false,
      ...flags,
      remoteVirtualNetwork: { id: remoteVirtualNetworkId },
    },
  };
  return { id, step: put(id, API_VERSIONS.network, body) };
}

export function aRecord(zoneId: string, name: string, ips: readonly string[], metadata: Record<string, string>): Built {
  const id = `${zoneId}/A/${name}`;
  const body = {
    properties: {
      metadata,
      ttl: RECORD_TTL_SECONDS,
      aRecords: ips.map((ipv4Address) => ({ ipv4Address })),
    },
  };
  return { id, step: put(id, API_VERSIONS.privateDns, body) };
}

/**
 * The ownership stamp privatelink-autopilot writes on records it manages, as it appears on the wire (the app's
 * src/core/model.ts names these keys; a contract test in the app checks that it reads this stamp as its own).
 */
export function ownedBy(endpointIds: readonly string[]): Record<string, string> {
  return {
    managedBy: 'privatelink-autopilot',
    autopilotInstance: DEFAULT_AUTOPILOT_INSTANCE,
    autopilotEndpoints: endpointIds.map(armIdKey).sort().join(','),
  };
}

/**
 * The emulator hands out endpoint IPs in order from the subnet's fifth address (Azure reserves the first four), one
 * per required member: the global name first, then each region by failover priority.
 */
export function subnetHost(subnetPrefix: string, offset: number): string {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(subnetPrefix);
  if (!match) throw new Error(`subnet prefix: expected a.b.c.d/n, got "${subnetPrefix}"`);
  const base = match.slice(1, 5).reduce((value, octet) => value * 256 + Number(octet), 0);
  const address = base + offset;
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

export function firstEndpointIps(subnetPrefix: string, count: number): string[] {
  return Array.from({ length: count }, (_v, i) => subnetHost(subnetPrefix, 4 + i));
}

/** Cosmos DB's required members for the Sql group: the account, then `<account>-<region>` per region. */
export function cosmosMembers(accountName: string, regions: readonly string[]): string[] {
  return [accountName, ...regions.map((r) => `${accountName}-${regionKey(r)}`)];
}

/** A records for every member of a Cosmos DB endpoint, pointing at the IPs the emulator allocates. */
export function cosmosRecords(
  zoneId: string,
  accountName: string,
  regions: readonly string[],
  endpointId: string,
  ips: readonly string[],
): Built[] {
  return cosmosMembers(accountName, regions).map((member, i) => {
    const ip = ips[i];
    if (ip === undefined) throw new Error(`cosmos records for ${accountName}: no IP for member ${member}`);
    return aRecord(zoneId, member, [ip], ownedBy([endpointId]));
  });
}

export interface PrivateLinkServiceSpec {
  resourceGroupId: string;
  name: string;
  location: string;
  /** Subnet for the service's NAT IP configuration. */
  natSubnetId: string;
  /** Frontend of the provider's standard load balancer (not modelled by the emulator). */
  loadBalancerFrontendIpConfigurationId: string;
}

/** A provider-side Private Link Service, after Microsoft.Network's PrivateLinkServiceCreate example. */
export function privateLinkService(spec: PrivateLinkServiceSpec): Built {
  const id = `${spec.resourceGroupId}/providers/Microsoft.Network/privateLinkServices/${spec.name}`;
  const body = {
    location: spec.location,
    properties: {
      loadBalancerFrontendIpConfigurations: [{ id: spec.loadBalancerFrontendIpConfigurationId }],
      ipConfigurations: [
        {
          name: 'nat-ipconfig',
          properties: {
            privateIPAllocationMethod: 'Dynamic',
            privateIPAddressVersion: 'IPv4',
            primary: true,
            subnet: { id: spec.natSubnetId },
          },
        },
      ],
      visibility: { subscriptions: ['*'] },
      autoApproval: { subscriptions: [] },
      fqdns: [],
    },
  };
  return { id, step: put(id, API_VERSIONS.network, body) };
}
