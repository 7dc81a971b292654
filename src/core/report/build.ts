/** The fleet report from the doctor's diagnoses: one row per target, the summary counted from the rows. */
import {
  diagnoseInDetail,
  type DiagnosisDetail,
  type DiagnosisReport,
  type Finding,
  type FindingStatus,
} from '../diagnose';
import { nameOf } from '../diagnose/names';
import type { ObservedConnection, ObservedEndpoint } from '../model';
import { compareText, normaliseDnsName, recordFqdn, resourceKey, sortedDistinctIps } from '../plan/dns/names';
import type { ObservationFailure } from '../plan/observation';
import { reportFailures } from '../plan/report';
import { tryParseResourceId } from '../resource-id';
import { fleetInputs, type FleetInputOptions, type TargetInputs } from './inputs';
import {
  TARGET_STATUSES,
  type ConnectionRow,
  type DnsRow,
  type EndpointRow,
  type FleetReport,
  type FleetSummary,
  type RegionRow,
  type TargetRow,
  type TargetStatus,
} from './types';

const STATUS_OF: Record<DiagnosisReport['status'], TargetStatus> = {
  error: 'broken',
  warning: 'needs-human',
  unknown: 'unknown',
  ok: 'healthy',
};

export interface FleetReportInput {
  observation: Parameters<typeof fleetInputs>[0];
  options: FleetInputOptions;
  /** When the observation was made. */
  generatedAt: Date;
}

export function buildFleetReport({ observation, options, generatedAt }: FleetReportInput): FleetReport {
  const targets = fleetInputs(observation, options)
    .map(targetRow)
    .filter(isReported)
    .sort(
      (a, b) =>
        TARGET_STATUSES.indexOf(a.status) - TARGET_STATUSES.indexOf(b.status) ||
        compareText(a.name, b.name) ||
        compareText(a.id.toLowerCase(), b.id.toLowerCase()),
    );
  const failures = distinctFailures(observation.failures);
  return {
    generatedAt: generatedAt.toISOString(),
    summary: summaryOf(targets),
    targets,
    failures: reportFailures(failures),
    complete: failures.length === 0,
  };
}

function targetRow(group: TargetInputs): TargetRow {
  const details = group.inputs.map(diagnoseInDetail);
  const findings = distinctFindings(details.flatMap((d) => d.report.findings));
  const counts: Record<FindingStatus, number> = { ok: 0, warning: 0, error: 0, info: 0, unknown: 0 };
  for (const finding of findings) counts[finding.status] += 1;
  const endpoints = group.inputs[0]?.endpoints ?? [];
  const connections = group.inputs[0]?.connections ?? [];
  return {
    id: group.targetId,
    name: (group.target?.name ?? nameOf(group.targetId)).toLowerCase(),
    type: group.target?.type ?? null,
    status: statusOf(counts, details),
    counts,
    endpoints: [...endpoints].sort(byId).map(endpointRow),
    connections: [...connections].sort(byId).map(connectionRow),
    dns: details.flatMap(dnsRows),
    failover: details.flatMap(regionRows),
    findings,
  };
}

/**
 * A target without any private endpoint or connection is a row only when a check finds something (a stale record of
 * an endpoint deleted since): the listings return every account and vault, Private Link or not.
 */
function isReported(row: TargetRow): boolean {
  return row.endpoints.length > 0 || row.connections.length > 0 || row.status !== 'healthy';
}

/** The doctor's rule over the merged findings: error, then warning, then unknown; info never counts. */
function statusOf(counts: Record<FindingStatus, number>, details: DiagnosisDetail[]): TargetStatus {
  if (details.length === 0) return 'unknown';
  if (counts.error > 0) return STATUS_OF.error;
  if (counts.warning > 0) return STATUS_OF.warning;
  return counts.unknown > 0 ? STATUS_OF.unknown : STATUS_OF.ok;
}

function summaryOf(targets: readonly TargetRow[]): FleetSummary {
  const count = (status: TargetStatus) => targets.filter((t) => t.status === status).length;
  return {
    targets: targets.length,
    healthy: count('healthy'),
    needsHuman: count('needs-human'),
    broken: count('broken'),
    unknown: count('unknown'),
    endpoints: new Set(targets.flatMap((t) => t.endpoints.map((e) => resourceKey(e.id)))).size,
  };
}

function endpointRow(endpoint: ObservedEndpoint): EndpointRow {
  return {
    id: endpoint.id,
    name: nameOf(endpoint.id),
    provisioningState: endpoint.provisioningState,
    connectionStatus: endpoint.connectionStatus,
    actionsRequired: endpoint.actionsRequired ?? null,
    managedByZoneGroup: endpoint.managedByZoneGroup,
    subnetId: endpoint.subnetId ?? null,
    ips: endpoint.ipConfigurations.map((c) => ({ member: c.memberName, ip: c.ipAddress, fqdns: [...c.fqdns] })),
  };
}

function connectionRow(connection: ObservedConnection): ConnectionRow {
  return {
    id: connection.id,
    name: connection.name,
    endpointId: connection.privateEndpointId ?? null,
    status: connection.status,
    description: connection.description,
    actionsRequired: connection.actionsRequired ?? null,
  };
}

function dnsRows(detail: DiagnosisDetail): DnsRow[] {
  return detail.records.map(({ endpoint, claim, zone, record, state }): DnsRow => {
    const parsed = zone ? tryParseResourceId(zone.id) : undefined;
    return {
      fqdn: recordFqdn(normaliseDnsName(zone?.name ?? claim.zone), normaliseDnsName(claim.name)),
      source: claim.source,
      endpointId: endpoint.id,
      expectedIp: claim.ip,
      zoneCopy:
        zone && parsed
          ? {
              zoneId: zone.id,
              subscriptionId: parsed.subscriptionId,
              resourceGroup: parsed.resourceGroup ?? '',
              zone: zone.name,
            }
          : null,
      recordIps: record ? sortedDistinctIps(record.ips) : [],
      state,
    };
  });
}

function regionRows(detail: DiagnosisDetail): RegionRow[] {
  return detail.regions.map(({ region, member, unmappedBy, blockedBy, finding }) => ({
    region: region.name,
    failoverPriority: region.failoverPriority,
    member,
    status: finding.status,
    ready: finding.status === 'ok',
    unmappedBy,
    blockedBy,
    message: finding.message,
    action: finding.action,
  }));
}

/** Per-endpoint diagnoses of one alias target repeat target-wide findings: each is kept once. */
function distinctFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.check}|${f.status}|${f.subject.toLowerCase()}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function distinctFailures(failures: readonly ObservationFailure[]): ObservationFailure[] {
  const distinct = new Map(failures.map((f) => [`${f.stage}|${f.resourceId.toLowerCase()}`, f]));
  return [...distinct.values()];
}

function byId(a: { id: string }, b: { id: string }): number {
  return compareText(a.id.toLowerCase(), b.id.toLowerCase());
}
