/**
 * Activities about one resource (an event's subject): observe it, then decide its connections, refresh its endpoints
 * and reconcile its records, each on its own so an orchestration can retry one step without repeating the others.
 */
import type { ApplyPart, ApplyResult, EngineContext } from '../engine';
import type { Observation } from '../core/plan';
import { applyPlan, observe } from '../engine';
import { planReconcile } from '../core/plan';
import type { ReconcilePlan } from '../core/plan/changes';
import type { ContextFactory } from './dependencies';
import { inputObject, optionalBoolean, resourceIdField } from './input';

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

/** Observe the resource, plan, act on one part. Idempotent: a second call finds nothing left to do. */
function actOnResource(activity: string, part: ApplyPart, makeContext: ContextFactory) {
  return async (input: unknown): Promise<ApplyResult> => {
    const fields = inputObject(activity, input, ['resourceId', 'dryRun']);
    const resourceId = resourceIdField(activity, fields, 'resourceId');
    const askedDryRun = optionalBoolean(activity, fields, 'dryRun') ?? false;
    const ctx = makeContext();
    const observation = await observe(ctx, { resourceId, connections: part === 'connections' });
    const result = await applyPlan(ctx, observation, planReconcile(ctx, observation), { dryRun: dryRun(ctx, askedDryRun), parts: [part] });
    return { ...result, calls: { ...ctx.arm.meter.calls } };
  };
}

export function dryRun(ctx: EngineContext, asked: boolean): boolean {
  return ctx.settings.dryRun || asked;
}
