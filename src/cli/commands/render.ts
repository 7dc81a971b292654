/** Human views of plans, apply results and sweeps: short names instead of full ARM IDs, one table per kind of change. */
import type { ArmCallCount } from '../../core/model';
import {
  claimsUnknown,
  type ConnectionChange,
  type DnsChange,
  type EndpointRefreshChange,
  type ObservationFailure,
  type OrphanRecord,
  type ReconcilePlan,
} from '../../core/plan';
import type { AppliedChange, ApplyResult } from '../../engine';

const ARM_ID = /\/subscriptions\/[^\s,;()"]+/gi;

/** `…/privateEndpoints/pe-kv` → `pe-kv`; record sets → `name.zone`. */
export function shortName(id: string): string {
  const parts = id.split('/').filter((p) => p.length > 0);
  const typeAt = parts.length - 2;
  if (parts[typeAt]?.toUpperCase() === 'A' && parts[typeAt - 2]?.toLowerCase() === 'privatednszones') {
    const name = parts[typeAt + 1] ?? '';
    const zone = parts[typeAt - 1] ?? '';
    return name === '@' ? zone : `${name}.${zone}`;
  }
  return parts[parts.length - 1] ?? id;
}

export function shortenIds(text: string): string {
  return text.replace(ARM_ID, (id) => shortName(id));
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[], indent = '  '): string[] {
  const last = headers.length - 1;
  const widths = headers.map((h, column) => Math.max(h.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    indent +
    cells
      .map((cell, column) => (column < last ? cell.padEnd(widths[column] ?? 0) : cell))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}

export function renderPlan(plan: ReconcilePlan): string {
  const refreshes = plan.changes.filter((c): c is EndpointRefreshChange => c.kind === 'endpoint-refresh');
  const dns = plan.changes.filter((c): c is DnsChange => c.kind.startsWith('dns-'));
  const connections = plan.changes.filter((c): c is ConnectionChange => c.kind.startsWith('connection-'));
  const lines = [
    `Plan: ${plural(plan.changes.length, 'change')} (${refreshes.length} endpoint refresh, ${dns.length} DNS, ${connections.length} connection), ` +
      `${plural(plan.conflicts.length, 'conflict')}, ${plan.skipped.length} left alone`,
  ];
  section(lines, 'Endpoint refreshes', refreshes.length, () =>
    table(
      ['ENDPOINT', 'TARGET', 'REASON'],
      refreshes.map((c) => [shortName(c.resourceId), shortName(c.target), c.reason]),
    ),
  );
  section(lines, 'DNS records', dns.length, () =>
    table(
      ['ACTION', 'RECORD', 'IPS', 'REASON'],
      dns.map((c) => [
        c.kind.slice(4),
        c.record.fqdn,
        (c.kind === 'dns-delete' ? c.record.previousIps : c.record.ips).join(', ') || '-',
        shortenIds(c.reason),
      ]),
    ),
  );
  section(lines, 'Connection decisions', connections.length, () =>
    table(
      ['DECISION', 'CONNECTION', 'TARGET', 'RULE', 'REASON'],
      connections.map((c) => [
        c.kind.slice(11),
        shortName(c.resourceId),
        shortName(c.targetId),
        c.rule ?? '(default)',
        shortenIds(c.reason),
      ]),
    ),
  );
  section(lines, 'Conflicts', plan.conflicts.length, () =>
    table(
      ['RECORD', 'REASON'],
      plan.conflicts.map((c) => [c.fqdn, shortenIds(c.reason)]),
    ),
  );
  section(lines, 'Left alone', plan.skipped.length, () =>
    table(
      ['CAUSE', 'RESOURCE', 'REASON'],
      plan.skipped.map((s) => [s.cause, shortName(s.resourceId), shortenIds(s.reason)]),
    ),
  );
  return `${lines.join('\n')}\n`;
}

export function progressLine(index: number, total: number, change: AppliedChange): string {
  const why = change.error ?? change.detail;
  return `[${index}/${total}] ${change.kind} ${shortName(change.resourceId)} … ${change.outcome}${why ? ` (${shortenIds(why)})` : ''}`;
}

export function renderApplyResult(result: ApplyResult): string {
  const count = (outcome: AppliedChange['outcome']) => result.changes.filter((c) => c.outcome === outcome).length;
  const lines = [
    `${result.dryRun ? 'Dry run' : 'Applied'}: ${count('done')} done, ${count('failed')} failed, ${count('unchanged')} unchanged, ${count('skipped')} skipped; ` +
      `ARM calls: ${describeCalls(result.calls)}`,
  ];
  const failed = result.changes.filter((c) => c.outcome === 'failed');
  section(lines, 'Failed', failed.length, () =>
    table(
      ['CHANGE', 'RESOURCE', 'ERROR'],
      failed.map((c) => [c.kind, shortName(c.resourceId), shortenIds(c.error ?? '')]),
    ),
  );
  section(lines, 'Conflicts', result.conflicts.length, () =>
    table(
      ['RECORD', 'REASON'],
      result.conflicts.map((c) => [c.fqdn, shortenIds(c.reason)]),
    ),
  );
  return `${lines.join('\n')}\n`;
}

export function renderSweep(orphans: readonly OrphanRecord[], dryRun: boolean, calls: ArmCallCount): string {
  const lines = [
    `Sweep${dryRun ? ' (dry run: nothing written; --delete to act)' : ''}: ${plural(orphans.length, 'orphaned record')}; ARM calls: ${describeCalls(calls)}`,
  ];
  section(lines, 'Orphaned records', orphans.length, () =>
    table(
      ['ACTION', 'OWNED', 'RECORD', 'IPS', 'OUTCOME', 'REASON'],
      orphans.map((o) => [
        o.action,
        o.owned ? 'yes' : 'no',
        shortName(o.resourceId),
        o.ips.join(', ') || '-',
        o.outcome ?? '-',
        shortenIds(o.error ?? o.detail ?? o.reason),
      ]),
    ),
  );
  return `${lines.join('\n')}\n`;
}

export function renderFailures(failures: readonly ObservationFailure[]): string {
  if (failures.length === 0) return '';
  const held = claimsUnknown(failures).length > 0 ? ' (an endpoint could not be read, so DNS deletes are held)' : '';
  const lines = [
    `warning: ${plural(failures.length, 'read')} failed; what they would have shown is not in the plan${held}:`,
  ];
  for (const f of failures) lines.push(`  ${f.stage} ${f.resourceId}: ${f.code}: ${f.message}`);
  return `${lines.join('\n')}\n`;
}

export function describeCalls(calls: ArmCallCount): string {
  return `${calls.reads} reads, ${calls.writes} writes, ${calls.deletes} deletes`;
}

function section(lines: string[], title: string, count: number, body: () => string[]): void {
  if (count === 0) return;
  lines.push('', `${title} (${count})`, ...body());
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
