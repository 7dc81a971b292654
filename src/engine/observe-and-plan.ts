/**
 * The first two calls of a run, as external-dns' RunOnce makes them: read what the run concerns, plan it under the
 * run's policy. A whole-scope observation lists endpoints without their zone groups; when the plan's writes rest on
 * some of them, those are read and DNS is planned once more (learning of a zone group only turns writes into skips).
 */
import { planReconcile, zoneGroupsToRead, type Observation, type ReconcilePlan, type RunPolicy } from '../core/plan';
import type { EngineContext } from './context';
import { observe, readZoneGroups, type ObserveRequest } from './observe';

export interface ObservedPlan {
  observation: Observation;
  plan: ReconcilePlan;
}

export async function observeAndPlan(
  ctx: EngineContext,
  request: ObserveRequest,
  policy: RunPolicy,
): Promise<ObservedPlan> {
  const observed = await observe(ctx, request);
  const plan = planReconcile(ctx, observed, policy);
  const unread = zoneGroupsToRead(ctx, observed, plan);
  if (unread.length === 0) return { observation: observed, plan };
  const observation = await readZoneGroups(ctx, observed, unread);
  return { observation, plan: planReconcile(ctx, observation, policy) };
}
