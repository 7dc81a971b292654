/**
 * Activities about one resource (an event's subject): observe it, then decide its connections, refresh its endpoints
 * and reconcile its records, each on its own so an orchestration can retry one step without repeating the others.
 */
import type { ApplyPart, ApplyResult, EngineContext } from '../engine';
import type { Observation } from '../core/plan';
import { applyPlan, observe } from '../engine';
import { planReconcile, recordSetId } from '../core/plan';
import type { ReconcilePlan } from '../core/plan/changes';
import type { ContextFactory } from './dependencies';
import { inputObject, optionalBoolean, optionalResourceIds, resourceIdField } from './input';

/**
 * A step's result, and what the next step of the same run should read besides what its resource's endpoints claim
 * then: the record sets this step (and the steps before it) read. Pass it on as the next step's `recordSetIds`; a
 * removed region's record, claimed before the refresh step and no longer after it, is then found by the DNS step.
 */
export type ResourceStepResult = ApplyResult & { recordSetIds: string[] };

export interface ObserveTargetResult {
  observation: Observation;
  plan: ReconcilePlan;
}

export function observeTarget(makeContext: ContextFactory) {
  return async (input: unknown): Promise<ObserveTargetResult> => {
    const fields = inputObject('observeTarget', input, ['resourceId']);
    const resourceId = resourceIdField('observeTarget', fields, 'resourceId');
    const ctx = makeContext();
    const observation = await observe(ctx, { resourceId });
    return { observation, plan: planReconcile(ctx, observation) };
  };
}

export const applyApprovals = (makeContext: ContextFactory) => actOnResource('applyApprovals', 'connections', makeContext);
export const refreshEndpoints = (makeContext: ContextFactory) => actOnResource('refreshEndpoints', 'refreshes', makeContext);
export const reconcileEndpointDns = (makeContext: ContextFactory) => actOnResource('reconcileEndpointDns', 'dns', makeContext);

/**
 * Observe the resource, plan, act on one part. Idempotent: a second call finds nothing left to do. The observation
 * costs what the resource needs (its target, connections, endpoints and claimed record names), so each step observing
 * on its own stays cheap; `recordSetIds` (optional) carries the record names an earlier step read.
 */
function actOnResource(activity: string, part: ApplyPart, makeContext: ContextFactory) {
  return async (input: unknown): Promise<ResourceStepResult> => {
    const fields = inputObject(activity, input, ['resourceId', 'dryRun', 'recordSetIds']);
    const resourceId = resourceIdField(activity, fields, 'resourceId');
    const askedDryRun = optionalBoolean(activity, fields, 'dryRun') ?? false;
    const earlier = optionalResourceIds(activity, fields, 'recordSetIds') ?? [];
    const ctx = makeContext();
    const observation = await observe(ctx, { resourceId, connections: part === 'connections', recordSetIds: earlier });
    const result = await applyPlan(ctx, observation, planReconcile(ctx, observation), { dryRun: dryRun(ctx, askedDryRun), parts: [part] });
    const read = observation.records.map((r) => recordSetId(r.zoneId, r.name));
    const recordSetIds = [...new Map([...earlier, ...read].map((id) => [id.toLowerCase(), id])).values()].sort();
    return { ...result, calls: { ...ctx.arm.meter.calls }, recordSetIds };
  };
}

export function dryRun(ctx: EngineContext, asked: boolean): boolean {
  return ctx.settings.dryRun || asked;
}
