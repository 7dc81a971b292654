/**
 * Narrow questions to the planner, asked while a plan is being applied: about a few record names, from the observation
 * as it is now. Each answers from the same rows and rules as `planReconcile` (so the answer cannot drift from the
 * plan's), but only the names asked about are filed: a re-check costs what it asks, not what the estate holds.
 */
import { recordNameKey, recordSetKey, recordSetKeyOfId } from '../arm-identity';
import type { ObservedEndpoint } from '../model';
import { ownershipOf } from './dns/ownership';
import { isProvisioning } from './dns/rows';
import { resourceKey } from './dns/names';
import type { DnsRecordChange } from './dns/types';
import { isDnsChange } from './change-kinds';
import type { DnsChange, PlanSkip, ReconcilePlan } from './changes';
import type { Observation } from './observation';
import { claimsOfObservation, planReconcile, type PlanContext } from './plan-reconcile';
import type { RunPolicy } from './run-policy';

export interface RecordName {
  zoneId: string;
  name: string;
}

/**
 * Which of these planned deletes are still to be made, asked just before making them (after the endpoints that held
 * the records were read again): a delete stays only when the record is still planned for deletion. The others come
 * back with why not: an endpoint claims the name again, or some endpoint's claims are unknown.
 */
export function stillSafeDeletes(
  ctx: PlanContext,
  observation: Observation,
  deletes: readonly DnsChange[],
  policy: RunPolicy,
): { safe: DnsChange[]; held: Array<{ change: DnsChange; skip?: PlanSkip }> } {
  const plan = planNames(
    ctx,
    observation,
    deletes.map((d) => d.record),
    policy,
  );
  const stillDeleted = new Set(
    plan.changes.filter((c) => c.kind === 'dns-delete').map((c) => resourceKey(c.resourceId)),
  );
  const safe: DnsChange[] = [];
  const held: Array<{ change: DnsChange; skip?: PlanSkip }> = [];
  for (const change of deletes) {
    const key = resourceKey(change.resourceId);
    if (stillDeleted.has(key)) safe.push(change);
    else {
      const skip = plan.skipped.find((s) => resourceKey(s.resourceId) === key);
      held.push({ change, ...(skip ? { skip } : {}) });
    }
  }
  return { safe, held };
}

/**
 * The change one record needs now, asked after a write of it failed with 412 and its name was read again (the
 * observation holds that fresh read); undefined when nothing is left to do.
 */
export function recordChangeNow(
  ctx: PlanContext,
  observation: Observation,
  record: RecordName,
  policy: RunPolicy,
): DnsRecordChange | undefined {
  const key = nameKey(record);
  return planNames(ctx, observation, [record], policy)
    .changes.filter(isDnsChange)
    .find((c) => nameKey(c.record) === key)?.record;
}

/**
 * The plan of these names alone: their records, and the endpoints that claim them or whose claims are unknown (still
 * provisioning, which may hold their deletes). Connections and refreshes are not this question's.
 */
function planNames(
  ctx: PlanContext,
  observation: Observation,
  names: readonly RecordName[],
  policy: RunPolicy,
): ReconcilePlan {
  const keys = new Set(names.map(nameKey));
  const zoneNames = new Map(observation.zones.map((z) => [resourceKey(z.id), z.name]));
  const claimedNames = new Set(
    names.flatMap((n) => {
      const zone = zoneNames.get(resourceKey(n.zoneId));
      return zone ? [recordNameKey({ zone, name: n.name })] : [];
    }),
  );
  const claimsOf = claimsOfObservation(ctx, observation);
  const asked: Observation = {
    ...observation,
    records: observation.records.filter((r) => keys.has(nameKey(r))),
    endpoints: observation.endpoints.filter(
      (e) => isProvisioning(e) || claimsOf(e).claims.some((c) => claimedNames.has(recordNameKey(c))),
    ),
    connections: [],
  };
  const plan = planReconcile(ctx, asked, policy);
  const about = (resourceId: string) => keys.has(recordIdKey(resourceId));
  return {
    changes: plan.changes.filter((c) => isDnsChange(c) && about(c.resourceId)),
    conflicts: plan.conflicts.filter((c) => about(c.resourceId)),
    skipped: plan.skipped.filter((s) => about(s.resourceId)),
  };
}

function nameKey(record: RecordName): string {
  return recordSetKey(record.zoneId, record.name);
}

function recordIdKey(id: string): string {
  return recordSetKeyOfId(id) ?? '';
}

/**
 * Endpoints listed without their zone groups (`zoneGroupsUnread`) that this plan's record writes rest on, or that claim
 * a record without our ownership metadata (what a zone group writes, which the plan must report as the zone group's):
 * a zone group's records are Azure's, so no write may rest on "no zone group" unread. Reading them only turns writes
 * into skips, so one round is enough.
 */
export function zoneGroupsToRead(ctx: PlanContext, observation: Observation, plan: ReconcilePlan): string[] {
  const unread = new Map(observation.endpoints.filter((e) => e.zoneGroupsUnread).map((e) => [resourceKey(e.id), e]));
  if (unread.size === 0) return [];
  const justifying = new Set<string>();
  for (const change of plan.changes) {
    if (change.kind !== 'dns-create' && change.kind !== 'dns-update') continue;
    for (const id of change.record.endpoints) if (unread.has(resourceKey(id))) justifying.add(resourceKey(id));
  }
  const foreign = new Set(
    observation.records.filter((r) => ownershipOf(r, ctx.settings.instanceId).kind !== 'ours').map(recordNameKey),
  );
  if (foreign.size > 0) {
    const claimsOf = claimsOfObservation(ctx, observation);
    for (const [key, endpoint] of unread)
      if (claimsOf(endpoint).claims.some((c) => foreign.has(recordNameKey(c)))) justifying.add(key);
  }
  return [...justifying].map((key) => (unread.get(key) as ObservedEndpoint).id);
}
