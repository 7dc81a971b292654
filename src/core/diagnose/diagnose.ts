/**
 * Microsoft's Cosmos DB private endpoint troubleshooting checklist, automated for a target or one endpoint:
 * connection status, API support, outstanding `actionsRequired`, every FQDN's record, zone links, stale records and
 * failover readiness. Pure: the caller observes, this judges, and each finding says who must do what.
 */
import { apiSupportFindings, targetObservedFindings } from './api-support';
import { actionsRequiredFindings, connectionFindings } from './connections';
import { failoverFindings, failoverRegions, type RegionReadiness } from './failover';
import { fqdnMappingFindings, missingZoneFindings, provisioningFindings, recordFindings } from './record-findings';
import { observationFindings } from './observation';
import { evaluateRecords, type RecordCheck } from './records';
import { staleRecordFindings } from './stale';
import { type DiagnosisInput, type DiagnosisReport, type Finding, type FindingStatus } from './types';
import { buildWorld } from './world';
import { zoneLinkFindings } from './zone-links';

export function diagnose(input: DiagnosisInput): DiagnosisReport {
  return diagnoseInDetail(input).report;
}

/** The report with what it judged: each record an endpoint needs, and each region's failover readiness. */
export interface DiagnosisDetail {
  report: DiagnosisReport;
  records: RecordCheck[];
  regions: RegionReadiness[];
}

export function diagnoseInDetail(input: DiagnosisInput): DiagnosisDetail {
  const world = buildWorld(input);
  const records = evaluateRecords(world);
  const regions = failoverRegions(world, records);
  // In the order of CHECKS: the checklist's order.
  const findings = [
    ...observationFindings(world),
    ...targetObservedFindings(world),
    ...connectionFindings(world),
    ...actionsRequiredFindings(world),
    ...apiSupportFindings(world),
    ...provisioningFindings(world),
    ...fqdnMappingFindings(world),
    ...missingZoneFindings(world, records),
    ...recordFindings(world, records),
    ...zoneLinkFindings(world),
    ...staleRecordFindings(world),
    ...failoverFindings(world, regions),
  ];
  return { report: summarise(input.subject, findings), records, regions };
}

function summarise(subject: DiagnosisInput['subject'], findings: Finding[]): DiagnosisReport {
  const counts: Record<FindingStatus, number> = { ok: 0, warning: 0, error: 0, info: 0, unknown: 0 };
  for (const finding of findings) counts[finding.status] += 1;
  const status = counts.error > 0 ? 'error' : counts.warning > 0 ? 'warning' : counts.unknown > 0 ? 'unknown' : 'ok';
  return { subject: { kind: subject.kind, id: subject.id }, status, counts, findings };
}
