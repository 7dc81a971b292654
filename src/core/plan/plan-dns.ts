/**
 * The pure DNS planner: observed endpoints, zones and A record sets in, a plan of record changes out. Like
 * external-dns's plan, it files current and desired records into rows keyed by zone and name and reads each row's
 * change off it; ownership, conflicts and safety holds are decided per row, never by I/O.
 */
import { planRow, type RowContext } from './dns/decide';
import { sortedDistinct } from './dns/names';
import { endpointFacts, fileRows, isProvisioning } from './dns/rows';
import { sortSkipped } from './dns/sort';
import type { DnsConflict, DnsPlan, DnsPlanInput, DnsPlanOptions, DnsRecordChange, DnsSkip } from './dns/types';
import { OWNERSHIP_MODES, type ObservedEndpoint } from '../model';

export type * from './dns/types';
export { applyPlanToRecords, limitDeletions, summarisePlan, type DnsPlanSummary } from './dns/post-process';

export function planDns(input: DnsPlanInput): DnsPlan {
  const context = rowContext(input.options, input.endpoints, input.possibleZones);
  const filed = fileRows(input.endpoints, input.zones, input.records, input.claimsOf, input.placement);
  const changes: DnsRecordChange[] = [];
  const conflicts: DnsConflict[] = [];
  const skipped: DnsSkip[] = [...filed.skipped];
  for (const row of filed.rows) {
    const outcome = planRow(row, context);
    if (outcome.kind === 'change') changes.push(outcome.change);
    else if (outcome.kind === 'conflict') conflicts.push(outcome.conflict);
    else skipped.push(outcome.skip);
  }
  return {
    changes,
    conflicts,
    skipped: sortSkipped(skipped),
    disconnectedEndpoints: sortedDistinct(
      input.endpoints
        .filter((e) => e.connectionStatus.trim().toLowerCase() === 'disconnected')
        .map((e) => e.id.toLowerCase()),
    ),
    provisioningEndpoints: context.holds.map((hold) => hold.endpointId),
  };
}

function rowContext(
  options: DnsPlanOptions,
  endpoints: ObservedEndpoint[],
  possibleZones: DnsPlanInput['possibleZones'],
): RowContext {
  if (!OWNERSHIP_MODES.includes(options.ownershipMode)) {
    throw new Error(
      `options.ownershipMode: expected one of ${OWNERSHIP_MODES.join(', ')}, got "${String(options.ownershipMode)}"`,
    );
  }
  if (typeof options.instanceId !== 'string' || options.instanceId.trim() === '' || options.instanceId.includes(',')) {
    throw new Error(
      `options.instanceId: expected a non-empty name without commas, got "${String(options.instanceId)}"`,
    );
  }
  if (!Number.isInteger(options.ttlSeconds) || options.ttlSeconds < 0) {
    throw new Error(`options.ttlSeconds: expected a whole number of seconds ≥ 0, got ${String(options.ttlSeconds)}`);
  }
  const seen = new Set<string>();
  for (const endpoint of endpoints) {
    const id = endpointFacts(endpoint).id;
    if (seen.has(id))
      throw new Error(`endpoints: endpoint ${endpoint.id} is listed twice; expected each endpoint once`);
    seen.add(id);
  }
  return {
    mode: options.ownershipMode,
    instanceId: options.instanceId,
    ttlSeconds: options.ttlSeconds,
    deletable: options.deletable ?? (() => true),
    ...(options.orphanGrace ? { orphanGrace: orphanGraceOf(options.orphanGrace) } : {}),
    holds: endpoints
      .filter(isProvisioning)
      .map((e) => ({
        endpointId: e.id.toLowerCase(),
        failed: e.provisioningState.trim().toLowerCase() === 'failed',
        covers: possibleZones?.(e) ?? (() => true),
      }))
      .sort((a, b) => a.endpointId.localeCompare(b.endpointId)),
  };
}

function orphanGraceOf(grace: NonNullable<DnsPlanOptions['orphanGrace']>): NonNullable<RowContext['orphanGrace']> {
  const nowMs = Date.parse(grace.now);
  if (typeof grace.now !== 'string' || Number.isNaN(nowMs)) {
    throw new Error(`options.orphanGrace.now: expected an ISO timestamp, got "${String(grace.now)}"`);
  }
  if (!Number.isFinite(grace.graceMinutes) || grace.graceMinutes < 0) {
    throw new Error(
      `options.orphanGrace.graceMinutes: expected a number of minutes ≥ 0, got ${String(grace.graceMinutes)}`,
    );
  }
  return { now: new Date(nowMs).toISOString(), nowMs, graceMinutes: grace.graceMinutes };
}
