/** Small worlds for the DNS planner tests: a stand-in claims resolver and builders for endpoints, zones and records. */
import {
  ENDPOINTS_METADATA_KEY,
  INSTANCE_METADATA_KEY,
  ORPHANED_SINCE_METADATA_KEY,
  OWNERSHIP_METADATA_KEY,
  OWNERSHIP_METADATA_VALUE,
  type ClaimsResolver,
  type EndpointClaims,
  type ObservedEndpoint,
  type ObservedRecordSet,
  type ObservedZone,
} from '../../../../src/core/model';

export const INSTANCE = 'prod';
const SUBSCRIPTION = '/subscriptions/00000000-0000-0000-0000-000000000001';

/** Public suffix → privatelink zone; enough of the catalogue to exercise the planner without depending on it. */
const ZONE_BY_SUFFIX: Record<string, string> = {
  'documents.azure.com': 'privatelink.documents.azure.com',
  'vault.azure.net': 'privatelink.vaultcore.azure.net',
  'blob.core.windows.net': 'privatelink.blob.core.windows.net',
};

export const claimsOf: ClaimsResolver = (endpoint) => {
  const result: EndpointClaims = { claims: [], unmapped: [] };
  for (const ipConfiguration of endpoint.ipConfigurations) {
    for (const fqdn of ipConfiguration.fqdns) {
      const [name, ...rest] = fqdn.toLowerCase().split('.');
      const zone = ZONE_BY_SUFFIX[rest.join('.')];
      if (name === undefined || zone === undefined) {
        result.unmapped.push({ endpointId: endpoint.id, fqdn, reason: `no catalogue entry for ${fqdn}` });
        continue;
      }
      result.claims.push({ zone, name, ip: ipConfiguration.ipAddress, endpointId: endpoint.id, source: fqdn });
    }
  }
  return result;
};

export function zoneId(zone: string, resourceGroup = 'rg-dns'): string {
  return `${SUBSCRIPTION}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/privateDnsZones/${zone}`;
}

export function zone(name: string, resourceGroup = 'rg-dns'): ObservedZone {
  return { id: zoneId(name, resourceGroup), name };
}

export function endpointId(name: string): string {
  return `${SUBSCRIPTION}/resourceGroups/rg-app/providers/Microsoft.Network/privateEndpoints/${name}`;
}

/** How the planner names an endpoint in its output. */
export function endpointKey(name: string): string {
  return endpointId(name).toLowerCase();
}

export interface EndpointSpec {
  /** FQDN → IP. */
  ips?: Record<string, string>;
  status?: string;
  provisioningState?: string;
  zoneGroup?: boolean;
}

export function endpoint(name: string, spec: EndpointSpec = {}): ObservedEndpoint {
  return {
    id: endpointId(name),
    provisioningState: spec.provisioningState ?? 'Succeeded',
    connectionStatus: spec.status ?? 'Approved',
    target: `${SUBSCRIPTION}/resourceGroups/rg-data/providers/Microsoft.DocumentDB/databaseAccounts/acct`,
    groupIds: ['Sql'],
    ipConfigurations: Object.entries(spec.ips ?? {}).map(([fqdn, ipAddress]) => ({
      groupId: 'Sql',
      memberName: fqdn.split('.')[0] ?? '',
      fqdns: [fqdn],
      ipAddress,
    })),
    managedByZoneGroup: spec.zoneGroup ?? false,
  };
}

export interface RecordSpec {
  metadata?: Record<string, string>;
  ttl?: number;
  etag?: string;
  resourceGroup?: string;
}

export function record(zoneName: string, name: string, ips: string[], spec: RecordSpec = {}): ObservedRecordSet {
  return {
    zoneId: zoneId(zoneName, spec.resourceGroup),
    zone: zoneName,
    name,
    ips,
    ttl: spec.ttl ?? 10,
    metadata: spec.metadata ?? {},
    ...(spec.etag === undefined ? {} : { etag: spec.etag }),
  };
}

/** Metadata as this instance writes it for the named endpoints. */
export function ours(endpointNames: string[], extra: Record<string, string> = {}): Record<string, string> {
  return {
    [OWNERSHIP_METADATA_KEY]: OWNERSHIP_METADATA_VALUE,
    [INSTANCE_METADATA_KEY]: INSTANCE,
    [ENDPOINTS_METADATA_KEY]: endpointNames.map(endpointKey).join(','),
    ...extra,
  };
}

export function orphanedAt(since: string, endpointNames: string[] = []): Record<string, string> {
  return ours(endpointNames, { [ORPHANED_SINCE_METADATA_KEY]: since });
}

export const COSMOS_ZONE = 'privatelink.documents.azure.com';
export const VAULT_ZONE = 'privatelink.vaultcore.azure.net';
