/**
 * After a private endpoint is deleted: deletes of the records we wrote for it that no live endpoint claims any more.
 * Azure removes zone-group records itself; ours stay until someone deletes them.
 */
import { resourceKey } from './dns/names';
import type { Observation } from './observation';
import { planObserved, writtenFor, type PlanContext } from './plan-reconcile';
import type { ReconcilePlan } from './changes';

/** True when some observed record was written for the endpoint: only then is the rest of the scope worth reading. */
export function hasRecordsWrittenFor(observation: Pick<Observation, 'records'>, endpointId: string): boolean {
  return observation.records.some(writtenFor([endpointId]));
}

/**
 * `observation` holds every endpoint in scope (any of them may still claim a record) and the zones; the plan keeps
 * only deletes of records written for the deleted endpoint, each held while any endpoint's claims are unknown.
 */
export function planEndpointCleanup(
  ctx: PlanContext,
  observation: Observation,
  endpointId: string,
): { observation: Observation; plan: ReconcilePlan } {
  const focused: Observation = {
    ...observation,
    focus: { resourceId: endpointId, kind: 'endpoint', endpointIds: [resourceKey(endpointId)] },
  };
  const plan = planObserved(ctx, focused);
  return { observation: focused, plan: { ...plan, changes: plan.changes.filter((c) => c.kind === 'dns-delete') } };
}
