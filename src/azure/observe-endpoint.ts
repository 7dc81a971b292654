import type { NetworkInterface, PrivateEndpoint, PrivateLinkServiceConnection } from '@azure/arm-network';
import type { ObservedEndpoint, ObservedIpConfiguration } from '../core/model';

export interface ZoneGroupInfo {
  /** Lower-case zone names the endpoint's private DNS zone groups manage. */
  zones: string[];
}

/**
 * Translates the SDK's endpoint and NIC models into the planner's terms. The NIC's
 * `privateLinkConnectionProperties` are authoritative (they carry group and member names); `customDnsConfigs` fill in
 * FQDNs the NIC does not list. Both are empty while Azure provisions the endpoint, and the result says so.
 */
export function toObservedEndpoint(
  endpoint: PrivateEndpoint,
  nics: NetworkInterface[],
  zoneGroups: ZoneGroupInfo[] | undefined,
): ObservedEndpoint {
  if (!endpoint.id) throw new Error('private endpoint: "id" is missing from the ARM response');
  const connection = primaryConnection(endpoint);
  const state = connection?.privateLinkServiceConnectionState as
    { status?: string; actionsRequired?: string; actionRequired?: string } | undefined;
  const zones = (zoneGroups ?? []).flatMap((g) => g.zones).map((z) => z.toLowerCase());
  return {
    id: endpoint.id,
    location: endpoint.location,
    provisioningState: endpoint.provisioningState ?? 'Unknown',
    connectionStatus: state?.status ?? 'Unknown',
    actionsRequired: state?.actionsRequired ?? state?.actionRequired,
    target: connection?.privateLinkServiceId ?? '',
    groupIds: connection?.groupIds ?? [],
    ipConfigurations: ipConfigurationsOf(endpoint, nics),
    managedByZoneGroup: (zoneGroups ?? []).length > 0,
    zoneGroupZones: zones.length > 0 ? [...new Set(zones)].sort() : undefined,
    subnetId: endpoint.subnet?.id,
  };
}

/** An endpoint has one connection, automatic or manual; ARM allows lists, and the first is the one that matters. */
export function primaryConnection(endpoint: PrivateEndpoint): PrivateLinkServiceConnection | undefined {
  return endpoint.privateLinkServiceConnections?.[0] ?? endpoint.manualPrivateLinkServiceConnections?.[0];
}

function ipConfigurationsOf(endpoint: PrivateEndpoint, nics: NetworkInterface[]): ObservedIpConfiguration[] {
  const byIp = new Map<string, ObservedIpConfiguration>();
  const defaultGroup = primaryConnection(endpoint)?.groupIds?.[0] ?? '';
  for (const nic of nics) {
    for (const ipc of nic.ipConfigurations ?? []) {
      const ip = ipc.privateIPAddress;
      if (!ip) continue;
      const link = ipc.privateLinkConnectionProperties;
      byIp.set(ip, {
        groupId: link?.groupId ?? defaultGroup,
        memberName: link?.requiredMemberName ?? '',
        fqdns: withoutCaseDuplicates(link?.fqdns ?? []),
        ipAddress: ip,
      });
    }
  }
  for (const dns of endpoint.customDnsConfigs ?? []) {
    for (const ip of dns.ipAddresses ?? []) {
      const existing = byIp.get(ip);
      const fqdn = dns.fqdn;
      if (existing) {
        if (fqdn && !existing.fqdns.some((f) => f.toLowerCase() === fqdn.toLowerCase())) existing.fqdns.push(fqdn);
      } else {
        byIp.set(ip, { groupId: defaultGroup, memberName: '', fqdns: fqdn ? [fqdn] : [], ipAddress: ip });
      }
    }
  }
  return [...byIp.values()].sort((a, b) => compareIp(a.ipAddress, b.ipAddress));
}

function withoutCaseDuplicates(fqdns: readonly string[]): string[] {
  const seen = new Set<string>();
  return fqdns.filter((fqdn) => {
    const key = fqdn.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function compareIp(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return a.localeCompare(b);
}
