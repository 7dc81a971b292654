/**
 * Check 7, failover readiness: a Cosmos DB account can fail over privately only to regions that every Approved
 * endpoint maps, with an IP for member `<account>-<region>` and that IP's DNS record. After a region is added, an
 * endpoint that was not PUT again lacks the member, so the account cannot fail over to the new region. The converse
 * (members for regions the account no longer has) leaves stale IPs and records behind.
 */
import { isProvisioning } from '../plan/dns/rows';
import { compareText, normaliseDnsName, recordFqdn, sortedDistinct } from '../plan/dns/names';
import type { ObservedEndpoint, ObservedIpConfiguration } from '../model';
import { needsRefresh } from '../plan/plan-reconcile';
import { normaliseFqdn } from '../fqdn';
import { nameOf, normaliseIp, regionSlug } from './names';
import { hasFailed, type RecordCheck } from './records';
import type { CosmosRegion, Finding } from './types';
import { isApproved, type World } from './world';

const COSMOS_ACCOUNT_TYPE = 'microsoft.documentdb/databaseaccounts';

interface Gap {
  /** The endpoint that leaves the region unready. */
  endpointId: string;
  /** The endpoint has no IP for the region's member: the Cosmos DB limitation's "not mapped". */
  unmapped?: true;
  problem: string;
  fix: string;
  /** Not known yet (the endpoint is still provisioning) rather than known to be missing. */
  unknown: boolean;
}

/** One region of a Cosmos DB account, judged: its finding, and which Approved endpoints do not map it. */
export interface RegionReadiness {
  region: CosmosRegion;
  /** `<account>-<region>`, the member each endpoint needs an IP for. */
  member: string;
  /** IDs of the Approved endpoints with no IP for the member, sorted. */
  unmappedBy: string[];
  /** IDs of every endpoint that keeps the region from being ready (unmapped, no record, failed, provisioning), sorted. */
  blockedBy: string[];
  finding: Finding;
}

export function failoverFindings(world: World, regions: readonly RegionReadiness[]): Finding[] {
  if (regions.length === 0) return [];
  const slugs = new Set(regions.map((r) => regionSlug(r.region.name)));
  return [
    ...regions.map((r) => r.finding),
    ...world.endpoints.filter(isApproved).flatMap((endpoint) => retiredMembers(world, endpoint, slugs)),
  ];
}

/** Every region of a Cosmos DB account with an Approved endpoint, by failover priority; none for other targets. */
export function failoverRegions(world: World, checks: RecordCheck[]): RegionReadiness[] {
  const target = world.target;
  if (!target?.cosmos || target.type.toLowerCase() !== COSMOS_ACCOUNT_TYPE) return [];
  const endpoints = world.endpoints.filter(isApproved);
  if (endpoints.length === 0) return [];
  const regions = [...target.cosmos.regions].sort(
    (a, b) => a.failoverPriority - b.failoverPriority || compareText(a.name, b.name),
  );
  const account = world.targetName;
  return regions.map((region): RegionReadiness => {
    const member = `${account}-${regionSlug(region.name)}`;
    const gaps = endpoints.flatMap((endpoint) => gapsOf(world, endpoint, member, checks));
    return {
      region,
      member,
      unmappedBy: sortedDistinct(gaps.filter((g) => g.unmapped).map((g) => g.endpointId)),
      blockedBy: sortedDistinct(gaps.map((g) => g.endpointId)),
      finding: regionFinding(world, region, member, endpoints, gaps),
    };
  });
}

function regionFinding(
  world: World,
  region: CosmosRegion,
  member: string,
  endpoints: ObservedEndpoint[],
  gaps: Gap[],
): Finding {
  const label = `${region.name} (failover priority ${region.failoverPriority})`;
  const base = { check: 'failover-readiness' as const, subject: world.targetId };
  if (gaps.length === 0) {
    const names = endpoints.map((e) => nameOf(e.id)).join(', ');
    return {
      ...base,
      status: 'ok',
      message: `${label}: member ${member} is mapped, with its DNS records, on every Approved endpoint (${names})`,
      action: '',
    };
  }
  const regionState = region.provisioningState?.trim();
  const regionSettling = regionState !== undefined && regionState !== '' && regionState.toLowerCase() !== 'succeeded';
  const problems = gaps.map((g) => g.problem).join('; ');
  const action = sortedDistinct(gaps.map((g) => g.fix)).join('; ');
  if (regionSettling) {
    return {
      ...base,
      status: 'warning',
      message: `${label} is still being set up (provisioningState ${regionState}) and not yet mapped: ${problems}`,
      action,
    };
  }
  if (gaps.every((g) => g.unknown)) {
    return { ...base, status: 'info', message: `failover to ${label} not verified: ${problems}`, action };
  }
  return {
    ...base,
    status: 'error',
    message: `the account cannot fail over to ${label} privately: ${problems}`,
    action,
  };
}

function gapsOf(world: World, endpoint: ObservedEndpoint, member: string, checks: RecordCheck[]): Gap[] {
  return endpointGaps(world, endpoint, member, checks).map((gap) => ({ endpointId: endpoint.id, ...gap }));
}

type EndpointGap = Omit<Gap, 'endpointId'>;

function endpointGaps(world: World, endpoint: ObservedEndpoint, member: string, checks: RecordCheck[]): EndpointGap[] {
  const endpointName = nameOf(endpoint.id);
  if (hasFailed(endpoint)) {
    return [
      {
        problem: `${endpointName} failed to provision`,
        fix: `delete private endpoint ${endpointName} and create it again`,
        unknown: false,
      },
    ];
  }
  if (isProvisioning(endpoint)) {
    return [
      {
        problem: `${endpointName} is still provisioning`,
        fix: `re-run \`privatelink-autopilot doctor --resource ${world.input.subject.id}\` once ${endpointName} has finished provisioning`,
        unknown: true,
      },
    ];
  }
  const apply = `\`privatelink-autopilot apply --resource ${endpoint.id}\``;
  const configurations = endpoint.ipConfigurations.filter((c) => memberOf(c) === member);
  if (configurations.length === 0) {
    const recreate = needsRefresh(endpoint) ? ' (it shows actionsRequired "Recreate")' : '';
    const records = zoneNamesOf(world, endpoint).map((zone) => recordFqdn(zone, member));
    const addRecords = records.length > 0 ? ` and add record ${records.join(', ')} for its new IP` : '';
    return [
      {
        unmapped: true,
        problem: `${endpointName} has no IP for member ${member}`,
        fix: `refresh endpoint ${endpointName}${recreate}${addRecords}; the autopilot does both: ${apply}`,
        unknown: false,
      },
    ];
  }
  if (endpoint.managedByZoneGroup) return [];
  return configurations.flatMap((configuration) => dnsGaps(endpoint, configuration, member, checks, apply));
}

function dnsGaps(
  endpoint: ObservedEndpoint,
  configuration: ObservedIpConfiguration,
  member: string,
  checks: RecordCheck[],
  apply: string,
): EndpointGap[] {
  const ip = normaliseIp(configuration.ipAddress);
  const fqdns = new Set(configuration.fqdns.map(normaliseFqdn));
  const mine = checks.filter(
    (c) => c.endpoint === endpoint && normaliseIp(c.claim.ip) === ip && fqdns.has(normaliseFqdn(c.claim.source)),
  );
  if (mine.length === 0) {
    return [
      {
        problem: `no DNS record can be derived for ${member} on ${nameOf(endpoint.id)} (its FQDNs map to no zone)`,
        fix: 'add a catalogue entry for its FQDNs to AUTOPILOT_CATALOGUE_EXTENSIONS',
        unknown: false,
      },
    ];
  }
  return mine.flatMap((check): EndpointGap[] => {
    const fqdn = recordFqdn(normaliseDnsName(check.claim.zone), normaliseDnsName(check.claim.name));
    switch (check.state) {
      case 'missing':
        return [{ problem: `record ${fqdn} is missing`, fix: `add record ${fqdn} → ${ip}: ${apply}`, unknown: false }];
      case 'wrong-ip':
        return [
          {
            problem: `record ${fqdn} points at ${(check.record?.ips ?? []).map(normaliseIp).join(', ')}, not at ${ip}`,
            fix: `point record ${fqdn} at ${ip} (see its dns-record finding for who can)`,
            unknown: false,
          },
        ];
      case 'zone-missing':
        return [
          {
            problem: `zone ${normaliseDnsName(check.claim.zone)} is not in scope`,
            fix: `a DNS admin creates private DNS zone ${normaliseDnsName(check.claim.zone)}, then ${apply}`,
            unknown: false,
          },
        ];
      case 'ok':
      case 'extra-ips':
      case 'zone-group':
        return [];
    }
  });
}

/** Members for regions the account no longer has: the endpoint still holds an IP (and maybe a record) for them. */
function retiredMembers(world: World, endpoint: ObservedEndpoint, regionSlugs: ReadonlySet<string>): Finding[] {
  if (isProvisioning(endpoint)) return [];
  const prefix = `${world.targetName}-`;
  const endpointName = nameOf(endpoint.id);
  return endpoint.ipConfigurations.flatMap((configuration): Finding[] => {
    const member = memberOf(configuration);
    if (!member.startsWith(prefix) || regionSlugs.has(member.slice(prefix.length))) return [];
    const records = zoneNamesOf(world, endpoint).map((zone) => recordFqdn(zone, member));
    const recordNote = records.length > 0 ? ` and removes the stale record ${records.join(', ')}` : '';
    return [
      {
        check: 'failover-readiness',
        status: 'warning',
        subject: endpoint.id,
        message: `${endpointName} still maps member ${member} (${normaliseIp(configuration.ipAddress)}), but ${world.targetName} no longer has region ${member.slice(prefix.length)}`,
        action: `PUT endpoint ${endpointName} again to drop the member; \`privatelink-autopilot apply --resource ${endpoint.id}\` does it${recordNote}`,
      },
    ];
  });
}

/** `requiredMemberName`, or when the NIC did not say, the first label of the first FQDN (`acct-westus.documents.azure.com`). */
function memberOf(configuration: ObservedIpConfiguration): string {
  const named = configuration.memberName.trim().toLowerCase();
  if (named) return named;
  const fqdn = configuration.fqdns[0];
  return fqdn ? (normaliseFqdn(fqdn).split('.')[0] ?? '') : '';
}

function zoneNamesOf(world: World, endpoint: ObservedEndpoint): string[] {
  return sortedDistinct(world.claimsOf(endpoint).claims.map((c) => normaliseDnsName(c.zone)));
}
