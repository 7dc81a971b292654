/**
 * The orphan sweep: records no live endpoint claims, over the whole zone scope, with every in-scope endpoint observed.
 * The timer marks first and deletes after the grace; a person who asks (`sweep --delete`) deletes at once. Either way
 * at most `maxDeletions` go per run, claimed records are never deleted, and records we do not own are only reported.
 */
import type { ArmCallCount } from '../azure/clients';
import { compareText, resourceKey } from '../core/plan/dns/names';
import { ownershipOf } from '../core/plan/dns/ownership';
import type { DnsPlan, DnsRecordChange, DnsSkip } from '../core/plan/dns/types';
import { limitDeletions, planDns } from '../core/plan/plan-dns';
import type { ObservedRecordSet } from '../core/model';
import { recordSetId, type DnsChange } from '../core/plan/changes';
import { assertInScope } from '../core/scope';
import { adaptersOf } from './adapters';
import type { EngineContext } from './context';
import { writeRecord } from './dns-write';
import { claimsUnknown } from './failures';
import { observe } from './observe';
import { claimsOfObservation, dnsOptions, unseenClaimants, unseenReason, type PlanContext } from '../core/plan/plan-reconcile';
import { withZoneRecords } from './reobserve';
import type { AppliedChange, ChangeOutcome, Observation, ObservationFailure, ProgressEvent } from './types';

export interface SweepOptions {
  /** ISO timestamp of this run: orphan marks carry it, the grace is counted from it. */
  now: string;
  /** Mark unclaimed records and delete them once unclaimed this long (the timer). Absent: delete at once (a person asked). */
  graceMinutes?: number;
  maxDeletions: number;
  /** False: report only, write nothing. */
  delete: boolean;
  onProgress?: (event: ProgressEvent) => void;
}

/**
 * - `delete`: unclaimed and ours (past the grace, if any): deleted.
 * - `mark`: unclaimed and ours, not yet marked: marked orphaned now.
 * - `wait`: marked, still within the grace.
 * - `defer`: would be deleted, but this run's deletion limit is reached.
 * - `hold`: would be deleted, but some endpoint's claims are unknown (still provisioning, or could not be read).
 * - `leave`: not ours to delete (no ownership metadata, or another instance's).
 */
export type OrphanAction = 'delete' | 'mark' | 'wait' | 'defer' | 'hold' | 'leave';

export interface OrphanRecord {
  /** ARM ID of the A record set. */
  resourceId: string;
  zoneId: string;
  fqdn: string;
  ips: string[];
  /** Carries this instance's ownership metadata. */
  owned: boolean;
  action: OrphanAction;
  reason: string;
  /** For `delete` and `mark` when the sweep writes. */
  outcome?: ChangeOutcome;
  error?: string;
  detail?: string;
}

export interface SweepResult {
  dryRun: boolean;
  orphans: OrphanRecord[];
  failures: ObservationFailure[];
  calls: ArmCallCount;
}

export async function sweep(ctx: EngineContext, options: SweepOptions): Promise<SweepResult> {
  const start = { ...ctx.clients.calls };
  const observation = await observe(ctx, { connections: false });
  const found = findOrphans(ctx, observation, options);
  if (!options.delete) return { dryRun: true, orphans: found, failures: observation.failures, calls: since(ctx, start) };
  const orphans = await writeOrphans(ctx, observation, found, options);
  return { dryRun: false, orphans, failures: observation.failures, calls: since(ctx, start) };
}

/** Pure: the orphans of an observation and what this sweep would do with each. */
export function findOrphans(ctx: Pick<PlanContext, 'settings' | 'catalogue' | 'scope'>, observation: Observation, options: Omit<SweepOptions, 'delete' | 'onProgress'>): OrphanRecord[] {
  const plan = sweepPlan(ctx, observation, options);
  const recordAt = recordIndex(observation.records);
  const orphans: OrphanRecord[] = [];
  for (const change of plan.changes) {
    if (change.endpoints.length > 0) continue;
    const action = change.action === 'delete' ? 'delete' : change.action === 'update' ? 'mark' : change.action === 'keep' ? 'wait' : undefined;
    if (action) orphans.push(orphanOf(ctx, recordAt(change.zoneId, change.name), change, action, change.reason));
  }
  for (const skip of plan.skipped) {
    const action = skipAction(skip);
    const record = skip.zoneId && skip.name ? recordAt(skip.zoneId, skip.name) : undefined;
    if (action && record && skip.zoneId && skip.name) orphans.push(orphanOf(ctx, record, { zoneId: skip.zoneId, name: skip.name, fqdn: skip.fqdn }, action, skip.reason));
  }
  return orphans.sort((a, b) => compareText(resourceKey(a.resourceId), resourceKey(b.resourceId)));
}

function sweepPlan(ctx: Pick<PlanContext, 'settings' | 'catalogue' | 'scope'>, observation: Observation, options: Omit<SweepOptions, 'delete' | 'onProgress'>): DnsPlan {
  const planned = planDns({
    endpoints: observation.endpoints,
    zones: observation.zones,
    records: observation.records,
    claimsOf: claimsOfObservation(ctx, observation),
    options: {
      ...dnsOptions(ctx),
      ...(options.graceMinutes === undefined ? {} : { orphanGrace: { now: options.now, graceMinutes: options.graceMinutes } }),
    },
  });
  const plan = holdUnseenClaims(planned, ctx);
  const unknown = claimsUnknown(observation.failures);
  if (unknown.length === 0) return limitDeletions(plan, options.maxDeletions);
  const what = unknown.map((f) => f.resourceId).join(', ');
  // Reported as `hold` through the planner's own cause for "claims may still appear".
  const held: DnsSkip[] = plan.changes
    .filter((c) => c.action === 'delete')
    .map((c) => ({ cause: 'endpoint-provisioning', zoneId: c.zoneId, zone: c.zone, name: c.name, fqdn: c.fqdn, endpoints: [], reason: `delete held (${c.reason}): ${what} could not be observed, so its claims are unknown` }));
  return { ...plan, changes: plan.changes.filter((c) => c.action !== 'delete'), skipped: [...plan.skipped, ...held] };
}

/** Orphan deletes and marks of records written for endpoints outside the scope, held (see `unseenClaimants`). */
function holdUnseenClaims(plan: DnsPlan, ctx: Pick<PlanContext, 'scope'>): DnsPlan {
  const held: DnsSkip[] = [];
  const changes = plan.changes.filter((c) => {
    if (c.endpoints.length > 0 || (c.action !== 'delete' && c.action !== 'update')) return true;
    const unseen = unseenClaimants(ctx.scope, c);
    if (unseen.length === 0) return true;
    held.push({ cause: 'endpoint-provisioning', zoneId: c.zoneId, zone: c.zone, name: c.name, fqdn: c.fqdn, endpoints: [], reason: unseenReason(c.reason, unseen) });
    return false;
  });
  return { ...plan, changes, skipped: [...plan.skipped, ...held] };
}

function recordIndex(records: readonly ObservedRecordSet[]): (zoneId: string, name: string) => ObservedRecordSet | undefined {
  const byKey = new Map(records.map((r) => [`${resourceKey(r.zoneId)}|${r.name.toLowerCase()}`, r]));
  return (zoneId, name) => byKey.get(`${resourceKey(zoneId)}|${name.toLowerCase()}`);
}

function skipAction(skip: DnsSkip): OrphanAction | undefined {
  if (skip.cause === 'deletion-limit') return 'defer';
  if (skip.cause === 'endpoint-provisioning') return 'hold';
  // Unclaimed records only: the same causes with claimants are about records a live endpoint still needs.
  if ((skip.cause === 'not-owned' || skip.cause === 'other-instance') && skip.endpoints.length === 0) return 'leave';
  return undefined;
}

function orphanOf(
  ctx: Pick<PlanContext, 'settings'>,
  record: ObservedRecordSet | undefined,
  where: { zoneId: string; name: string; fqdn: string },
  action: OrphanAction,
  reason: string,
): OrphanRecord {
  return {
    resourceId: recordSetId(where.zoneId, where.name),
    zoneId: where.zoneId,
    fqdn: where.fqdn,
    ips: record?.ips ?? [],
    owned: record !== undefined && ownershipOf(record, ctx.settings.instanceId).kind === 'ours',
    action,
    reason,
  };
}

async function writeOrphans(ctx: EngineContext, observation: Observation, found: OrphanRecord[], options: SweepOptions): Promise<OrphanRecord[]> {
  const adapters = adaptersOf(ctx);
  let current = observation;
  const plan = sweepPlan(ctx, observation, options);
  const changeFor = (plan: DnsPlan, resourceId: string): DnsRecordChange | undefined =>
    plan.changes.find((c) => c.endpoints.length === 0 && (c.action === 'delete' || c.action === 'update') && resourceKey(recordSetId(c.zoneId, c.name)) === resourceKey(resourceId));
  const toWrite = found.filter((o) => o.action === 'delete' || o.action === 'mark');
  for (const orphan of toWrite) assertInScope(ctx.scope, orphan.zoneId, 'dns');
  const results: OrphanRecord[] = [];
  let writtenCount = 0;
  for (const orphan of found) {
    const change = changeFor(plan, orphan.resourceId);
    if (!change) {
      results.push(orphan);
      continue;
    }
    const replan = (zoneId: string, records: ObservedRecordSet[]) => {
      current = withZoneRecords(current, zoneId, records);
      return changeFor(sweepPlan(ctx, current, options), orphan.resourceId);
    };
    const written = await writeRecord(adapters.dns, change, replan, ctx.log);
    const result: OrphanRecord = {
      ...orphan,
      outcome: written.outcome,
      ...(written.error ? { error: written.error } : {}),
      ...(written.detail ? { detail: written.detail } : {}),
    };
    results.push(result);
    writtenCount += 1;
    options.onProgress?.({ index: writtenCount, total: toWrite.length, change: { ...asChange(written.record), ...outcomeOf(result) } });
  }
  return results;
}

function asChange(record: DnsRecordChange): DnsChange {
  return { kind: record.action === 'delete' ? 'dns-delete' : 'dns-update', resourceId: recordSetId(record.zoneId, record.name), reason: record.reason, record };
}

function outcomeOf(orphan: OrphanRecord): Pick<AppliedChange, 'outcome' | 'error' | 'detail'> {
  return {
    outcome: orphan.outcome ?? 'skipped',
    ...(orphan.error ? { error: orphan.error } : {}),
    ...(orphan.detail ? { detail: orphan.detail } : {}),
  };
}

function since(ctx: EngineContext, start: ArmCallCount): ArmCallCount {
  const now = ctx.clients.calls;
  return { reads: now.reads - start.reads, writes: now.writes - start.writes, deletes: now.deletes - start.deletes };
}
