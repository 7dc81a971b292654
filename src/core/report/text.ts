/** What the Markdown and HTML pages both say about a row, worded once. */
import type { Finding, FindingStatus } from '../diagnose';
import { nameOf } from '../diagnose/names';
import type { DnsRow, FleetReport, RegionRow, TargetRow, TargetStatus } from './types';

export const STATUS_LABELS: Record<TargetStatus, string> = {
  broken: 'broken',
  'needs-human': 'needs a human',
  unknown: 'unknown',
  healthy: 'healthy',
};

/** What each summary count means, as the pages explain it. */
export const STATUS_MEANINGS: Record<TargetStatus, string> = {
  broken: 'some check failed (an error): private access is broken for some client, record or region',
  'needs-human': 'no error, but some check warns: someone should act (see each finding)',
  unknown: 'nothing known to be wrong, but something the checks need could not be read',
  healthy: 'every check passed',
};

export const SUMMARY_KEYS: ReadonlyArray<[TargetStatus, keyof FleetReport['summary']]> = [
  ['healthy', 'healthy'],
  ['needs-human', 'needsHuman'],
  ['broken', 'broken'],
  ['unknown', 'unknown'],
];

const FINDING_ORDER: readonly FindingStatus[] = ['error', 'warning', 'unknown', 'info', 'ok'];

/** The findings someone must read (errors, warnings, unknowns, then infos that say something), worst first. */
export function notableFindings(row: TargetRow): Finding[] {
  return row.findings
    .filter((f) => f.status !== 'ok')
    .map((f, n) => ({ f, n }))
    .sort((a, b) => FINDING_ORDER.indexOf(a.f.status) - FINDING_ORDER.indexOf(b.f.status) || a.n - b.n)
    .map(({ f }) => f);
}

/** `Resource type` → its last segment: `Microsoft.DocumentDB/databaseAccounts` → `databaseAccounts`. */
export function shortType(type: string | null): string {
  return type ? (type.split('/').pop() ?? type) : 'not read';
}

export function dnsState(row: DnsRow): string {
  switch (row.state) {
    case 'ok':
      return 'ok';
    case 'missing':
      return 'missing';
    case 'wrong-ip':
      return `wrong IP (${row.recordIps.join(', ') || 'none'})`;
    case 'extra-ips':
      return `extra IPs (${row.recordIps.join(', ')})`;
    case 'zone-group':
      return "zone group's";
    case 'zone-missing':
      return 'no zone in scope';
  }
}

/** `rg-dns/privatelink.documents.azure.com`, the copy of the zone a record was judged in. */
export function zoneCopyLabel(row: DnsRow): string {
  return row.zoneCopy ? `${row.zoneCopy.resourceGroup}/${row.zoneCopy.zone}` : 'no zone in scope';
}

export function regionState(region: RegionRow): string {
  if (region.ready) return 'ready';
  if (region.unmappedBy.length > 0) return `not mapped by ${region.unmappedBy.map(nameOf).join(', ')}`;
  if (region.status === 'warning') return 'being set up';
  if (region.status === 'info') return 'not verified';
  return `not ready (${region.blockedBy.map(nameOf).join(', ')})`;
}

/** Problems only: how many DNS rows are not ok (a zone group's records are Azure's, not a problem here). */
export function dnsProblems(row: TargetRow): number {
  return row.dns.filter((d) => d.state !== 'ok' && d.state !== 'zone-group').length;
}

export function regionsNotReady(row: TargetRow): number {
  return row.failover.filter((r) => !r.ready).length;
}

export function incompleteNote(report: FleetReport): string {
  const n = report.failures.length;
  return (
    `INCOMPLETE: ${n} read${n === 1 ? '' : 's'} failed (listed below), so targets may be missing from this report ` +
    'or judged unknown. Run it again once they can be read.'
  );
}
