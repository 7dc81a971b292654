/**
 * The orphan sweep's plan: records no live endpoint claims, over the whole zone scope. The timer marks first and
 * deletes after the grace; a person who asks deletes at once. Either way at most `maxDeletions` go per run, claimed
 * records are never deleted, and records we do not own are only reported.
 */
import { recordSetKey, recordSetKeyOfId } from '../arm-identity';
import type { ObservedRecordSet } from '../model';
import type { Scope } from '../scope';
import { recordSetId, type ChangeOutcome } from './changes';
import { compareText, resourceKey } from './dns/names';
import { ownershipOf } from './dns/ownership';
import type { DnsPlan, DnsRecordChange, DnsSkip } from './dns/types';
import { claimsUnknown, type Observation } from './observation';
import { limitDeletions, planDns } from './plan-dns';
import {
  claimsOfObservation,
  dnsOptions,
  placementOf,
  possibleZonesOf,
  unseenClaimants,
  unseenReason,
  type PlanContext,
} from './plan-reconcile';

export interface OrphanSweepOptions {
  /** ISO timestamp of this run: orphan marks carry it, the grace is counted from it. */
  now: string;
  /** Mark unclaimed records and delete them once unclaimed this long (the timer). Absent: delete at once (a person asked). */
  graceMinutes?: number;
  maxDeletions: number;
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

export interface OrphanSweepPlan {
  /** Every unclaimed record and what the sweep does with it, sorted by record ID. */
  orphans: OrphanRecord[];
  /** The writes behind the `delete` and `mark` orphans (a mark is an update of the record's metadata). */
  writes: DnsRecordChange[];
}

type SweepPlanContext = Pick<PlanContext, 'settings' | 'catalogue' | 'scope'>;

export function planOrphanSweep(
  ctx: SweepPlanContext,
  observation: Observation,
  options: OrphanSweepOptions,
): OrphanSweepPlan {
  const plan = sweepDnsPlan(ctx, observation, options);
  const recordAt = recordIndex(observation.records);
  const orphans: OrphanRecord[] = [];
  const writes: DnsRecordChange[] = [];
  for (const change of plan.changes) {
    if (change.endpoints.length > 0) continue;
    const action =
      change.action === 'delete'
        ? 'delete'
        : change.action === 'update'
          ? 'mark'
          : change.action === 'keep'
            ? 'wait'
            : undefined;
    if (!action) continue;
    orphans.push(orphanOf(ctx, recordAt(change.zoneId, change.name), change, action, change.reason));
    if (action !== 'wait') writes.push(change);
  }
  for (const skip of plan.skipped) {
    const action = skipAction(skip);
    const record = skip.zoneId && skip.name ? recordAt(skip.zoneId, skip.name) : undefined;
    if (action && record && skip.zoneId && skip.name)
      orphans.push(
        orphanOf(ctx, record, { zoneId: skip.zoneId, name: skip.name, fqdn: skip.fqdn }, action, skip.reason),
      );
  }
  return { orphans: orphans.sort((a, b) => compareText(resourceKey(a.resourceId), resourceKey(b.resourceId))), writes };
}

/** The write the plan makes for one record set (by ARM ID), if any. */
export function orphanWriteFor(plan: OrphanSweepPlan, recordSetResourceId: string): DnsRecordChange | undefined {
  const key = recordSetKeyOfId(recordSetResourceId);
  return plan.writes.find((c) => recordSetKey(c.zoneId, c.name) === key);
}

function sweepDnsPlan(ctx: SweepPlanContext, observation: Observation, options: OrphanSweepOptions): DnsPlan {
  const planned = planDns({
    endpoints: observation.endpoints,
    zones: observation.zones,
    records: observation.records,
    claimsOf: claimsOfObservation(ctx, observation),
    possibleZones: possibleZonesOf(ctx),
    placement: placementOf(ctx, observation),
    options: {
      ...dnsOptions(ctx),
      ...(options.graceMinutes === undefined
        ? {}
        : { orphanGrace: { now: options.now, graceMinutes: options.graceMinutes } }),
    },
  });
  const plan = holdUnseenClaims(planned, ctx);
  const unknown = claimsUnknown(observation.failures);
  if (unknown.length === 0) return limitDeletions(plan, options.maxDeletions);
  const what = unknown.map((f) => f.resourceId).join(', ');
  const held: DnsSkip[] = plan.changes
    .filter((c) => c.action === 'delete')
    .map((c) => heldChange(c, `delete held (${c.reason}): ${what} could not be observed, so its claims are unknown`));
  return { ...plan, changes: plan.changes.filter((c) => c.action !== 'delete'), skipped: [...plan.skipped, ...held] };
}

/** Orphan deletes and marks of records written for endpoints outside the scope, held (see `unseenClaimants`). */
function holdUnseenClaims(plan: DnsPlan, ctx: { scope: Scope }): DnsPlan {
  const held: DnsSkip[] = [];
  const changes = plan.changes.filter((c) => {
    if (c.endpoints.length > 0 || (c.action !== 'delete' && c.action !== 'update')) return true;
    const unseen = unseenClaimants(ctx.scope, c);
    if (unseen.length === 0) return true;
    held.push(heldChange(c, unseenReason(c.reason, unseen)));
    return false;
  });
  return { ...plan, changes, skipped: [...plan.skipped, ...held] };
}

function recordIndex(
  records: readonly ObservedRecordSet[],
): (zoneId: string, name: string) => ObservedRecordSet | undefined {
  const byKey = new Map(records.map((r) => [recordSetKey(r.zoneId, r.name), r]));
  return (zoneId, name) => byKey.get(recordSetKey(zoneId, name));
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

/** A change held back, reported as a skip with the planner's own cause for "claims may still appear". */
function heldChange(change: DnsRecordChange, reason: string): DnsSkip {
  const { zoneId, zone, name, fqdn } = change;
  return { cause: 'endpoint-provisioning', zoneId, zone, name, fqdn, endpoints: [], reason };
}
