/**
 * Check 4: every FQDN an Approved endpoint serves has its A record, pointing at that endpoint's IP. Also the findings
 * that explain why a record cannot be judged: the endpoint is provisioning, an FQDN maps to no zone, or no zone of
 * the name is in scope. Each action names who can fix the record, which depends on who owns it.
 */
import { zoneUnreadable } from './observation';
import { isProvisioning } from '../plan/dns/rows';
import { normaliseDnsName, recordFqdn, sortedDistinctIps } from '../plan/dns/names';
import { ownershipOf } from '../plan/dns/ownership';
import type { ObservedEndpoint, ObservedRecordSet, ObservedZone } from '../model';
import { recordSetId } from '../plan/changes';
import { sameResourceId, tryParseResourceId } from '../resource-id';
import { nameOf, normaliseIp, virtualNetworkOf } from './names';
import { checkableEndpoints, hasFailed, zonesServing, type RecordCheck } from './records';
import type { DiagnosisOptions, Finding } from './types';
import { isApproved, type World } from './world';

export function provisioningFindings(world: World): Finding[] {
  return world.endpoints.flatMap((endpoint): Finding[] => {
    const state = endpoint.provisioningState.trim();
    const base = { check: 'endpoint-provisioning' as const, subject: endpoint.id };
    if (hasFailed(endpoint)) {
      return [
        {
          ...base,
          status: 'error',
          message: `private endpoint ${nameOf(endpoint.id)} is in provisioningState Failed`,
          action: `the endpoint's owner deletes private endpoint ${nameOf(endpoint.id)} and creates it again`,
        },
      ];
    }
    if (!isProvisioning(endpoint)) return [];
    return [
      {
        ...base,
        status: 'warning',
        message:
          `private endpoint ${nameOf(endpoint.id)} is still provisioning (provisioningState ${state || 'unknown'}, ` +
          `${endpoint.ipConfigurations.length} IP configurations): its IPs and FQDNs are not known yet, so its DNS is not checked`,
        action: `re-run \`privatelink-autopilot doctor --resource ${world.input.subject.id}\` once it has finished`,
      },
    ];
  });
}

export function fqdnMappingFindings(world: World): Finding[] {
  return checkableEndpoints(world).flatMap((endpoint) =>
    world.claimsOf(endpoint).unmapped.map((unmapped): Finding => ({
      check: 'fqdn-mapping',
      status: 'warning',
      subject: endpoint.id,
      message: `${unmapped.fqdn} on ${nameOf(endpoint.id)} maps to no private DNS zone: ${unmapped.reason}`,
      action:
        'add a catalogue entry for it to AUTOPILOT_CATALOGUE_EXTENSIONS, or a DNS admin creates its record by hand',
    })),
  );
}

/** One finding per endpoint and zone name that no zone in scope has. */
export function missingZoneFindings(world: World, checks: RecordCheck[]): Finding[] {
  const byZone = new Map<string, { endpoint: ObservedEndpoint; zone: string; names: string[] }>();
  for (const check of checks.filter((c) => c.state === 'zone-missing')) {
    const zone = normaliseDnsName(check.claim.zone);
    const key = `${check.endpoint.id.toLowerCase()}|${zone}`;
    const entry = byZone.get(key) ?? { endpoint: check.endpoint, zone, names: [] };
    entry.names.push(recordFqdn(zone, check.claim.name));
    byZone.set(key, entry);
  }
  return [...byZone.values()].map(({ endpoint, zone, names }): Finding => {
    const network = virtualNetworkOf(endpoint.subnetId);
    const unreadable = zoneUnreadable(world, zone);
    if (unreadable) {
      return {
        check: 'dns-zone',
        status: 'unknown',
        subject: endpoint.id,
        message: `whether private DNS zone ${zone} holds ${names.join(', ')} (for ${nameOf(endpoint.id)}) is unknown: ${nameOf(unreadable.resourceId)} could not be read (${unreadable.code})`,
        action: `run \`privatelink-autopilot doctor --resource ${world.input.subject.id}\` again once it can be read`,
      };
    }
    return {
      check: 'dns-zone',
      status: 'error',
      subject: endpoint.id,
      message: `no private DNS zone ${zone} is in scope, so ${names.join(', ')} (for ${nameOf(endpoint.id)}) cannot be written`,
      action:
        `a DNS admin creates private DNS zone ${zone} in a resource group of AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS (or, if it ` +
        'exists elsewhere, adds that resource group to the setting)' +
        `${network ? ` and links it to virtual network ${nameOf(network)}` : ''}, then runs \`privatelink-autopilot apply --resource ${endpoint.id}\``,
    };
  });
}

export function recordFindings(world: World, checks: RecordCheck[]): Finding[] {
  return checks.flatMap((check): Finding[] => {
    const { endpoint, zone } = check;
    if (!zone) return check.state === 'zone-group' ? [zoneGroupOutOfScope(check)] : [];
    const judged = copyJudged(world, endpoint, zone);
    return recordFinding(world, check, zone).map((f) => (judged ? { ...f, message: `${f.message}; ${judged}` } : f));
  });
}

/** With several copies of the zone, which one this verdict is about and why it serves the endpoint. */
function copyJudged(world: World, endpoint: ObservedEndpoint, zone: ObservedZone): string {
  const copies = world.copiesNamed(zone.name);
  if (copies.length < 2) return '';
  const placed = world.place(endpoint, zone.name);
  const copy = `judged in the copy in ${resourceGroupOf(zone.id)}`;
  if (placed.kind === 'ambiguous') {
    return `${copy}, one of ${copies.length} copies, none of which can be said to serve ${nameOf(endpoint.id)} (zone-placement-ambiguous): each is judged`;
  }
  const why: Record<typeof placed.rule, string> = {
    linked: 'linked to its virtual network',
    peered: 'linked to a network its virtual network is peered with',
    'single-copy': 'the only copy',
    setting: 'named by AUTOPILOT_DNS_ZONE_PLACEMENT',
  };
  return `${copy}, which serves ${nameOf(endpoint.id)} (${why[placed.rule]})`;
}

function recordFinding(world: World, check: RecordCheck, zone: ObservedZone): Finding[] {
  const { endpoint, claim, record } = check;
  const fqdn = recordFqdn(normaliseDnsName(zone.name), normaliseDnsName(claim.name));
  const ip = normaliseIp(claim.ip);
  const base = { check: 'dns-record' as const, subject: recordSetId(zone.id, normaliseDnsName(claim.name)) };
  const current = record ? describeIps(record.ips) : '(no record)';
  const endpointName = nameOf(endpoint.id);
  switch (check.state) {
    case 'ok':
      return [{ ...base, status: 'ok', message: `${fqdn} → ${ip} (${endpointName}, for ${claim.source})`, action: '' }];
    case 'zone-group':
      return [
        {
          ...base,
          status: 'info',
          message: `${fqdn} is managed by the private DNS zone group of ${endpointName} (now ${current}; the endpoint's IP is ${ip}): the autopilot leaves it to Azure`,
          action: '',
        },
      ];
    case 'missing':
      return [
        {
          ...base,
          status: 'error',
          message: `no A record ${fqdn} for ${claim.source} (${endpointName}, IP ${ip}): clients resolving through zone ${zone.name} get no private address`,
          action: `create A record ${claim.name} → ${ip} in zone ${zone.name}; the autopilot does it: \`privatelink-autopilot apply --resource ${endpoint.id}\``,
        },
      ];
    case 'wrong-ip':
      return [
        {
          ...base,
          status: 'error',
          message: `${fqdn} points at ${current}, not at ${endpointName}'s IP ${ip}${rivals(world, check)}`,
          action: fixAction(record as ObservedRecordSet, `point it at ${ip}`, endpoint.id, world.input.options),
        },
      ];
    case 'extra-ips':
      return [
        {
          ...base,
          status: 'warning',
          message: `${fqdn} lists ${current}: besides ${endpointName}'s IP ${ip}, clients may be sent to addresses that are not this endpoint's${rivals(world, check)}`,
          action: fixAction(record as ObservedRecordSet, `leave only ${ip}`, endpoint.id, world.input.options),
        },
      ];
    case 'zone-missing':
      return [];
  }
}

function zoneGroupOutOfScope({ endpoint, claim }: RecordCheck): Finding {
  const fqdn = recordFqdn(normaliseDnsName(claim.zone), normaliseDnsName(claim.name));
  return {
    check: 'dns-record',
    status: 'info',
    subject: endpoint.id,
    message: `${fqdn} is managed by the private DNS zone group of ${nameOf(endpoint.id)} in a zone outside the autopilot's scope: not checked`,
    action: '',
  };
}

/** Who may fix a record decides the action: ours or adoptable → apply; otherwise a person (or the other instance). */
function fixAction(record: ObservedRecordSet, fix: string, endpointId: string, options: DiagnosisOptions): string {
  const apply = `the autopilot does it: \`privatelink-autopilot apply --resource ${endpointId}\``;
  const ownership = ownershipOf(record, options.instanceId);
  if (ownership.kind === 'ours') return `${fix}; ${apply}`;
  if (ownership.kind === 'other-instance') {
    const owner = ownership.instance ? `autopilot instance ${ownership.instance}` : 'another privatelink-autopilot';
    return `${fix}: the record belongs to ${owner}, so run apply there, or a DNS admin changes it by hand`;
  }
  if (options.ownershipMode === 'owned-only') {
    return (
      `${fix}: the record has no privatelink-autopilot ownership metadata and AUTOPILOT_OWNERSHIP_MODE is owned-only, so a ` +
      `DNS admin changes it by hand, or set AUTOPILOT_OWNERSHIP_MODE=adopt and run \`privatelink-autopilot apply --resource ${endpointId}\``
    );
  }
  return `${fix}; ${apply} (ownership mode ${options.ownershipMode} adopts the record)`;
}

/** Other Approved endpoints that claim the same name with other IPs: one zone cannot serve both networks. */
function rivals(world: World, check: RecordCheck): string {
  const judged = check.zone;
  const zone = normaliseDnsName(check.claim.zone);
  const name = normaliseDnsName(check.claim.name);
  const ip = normaliseIp(check.claim.ip);
  const others = world.input.endpoints
    .filter((e) => isApproved(e) && !sameResourceId(e.id, check.endpoint.id))
    // An endpoint another copy of the zone serves is no rival: its network resolves through that copy.
    .filter((e) => !judged || zonesServing(world, e, zone).some((z) => sameResourceId(z.id, judged.id)))
    .flatMap((e) =>
      world
        .claimsOf(e)
        .claims.filter(
          (c) => normaliseDnsName(c.zone) === zone && normaliseDnsName(c.name) === name && normaliseIp(c.ip) !== ip,
        )
        .map((c) => `${nameOf(e.id)} claims it with ${normaliseIp(c.ip)}`),
    );
  if (others.length === 0) return '';
  return `; ${others.join(', ')}: each virtual network needs its own ${zone} zone`;
}

function describeIps(ips: string[]): string {
  return ips.length === 0 ? '(no IPs)' : sortedDistinctIps(ips.map(normaliseIp)).join(', ');
}

function resourceGroupOf(id: string): string {
  return tryParseResourceId(id)?.resourceGroup ?? id;
}
