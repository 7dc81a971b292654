/**
 * Activities about one resource (an event's subject) or one subscription (an HTTP request): observe it, then decide
 * its connections, refresh its endpoints and reconcile its records, each on its own so an orchestration can retry one
 * step without repeating the others.
 */
import { inputObject, oneOf, optionalBoolean, resourceIdField, subscriptionIdField, type InputRecord } from '../core/input';
import { planReconcile, type Observation, type ReconcilePlan } from '../core/plan';
import type { ApplyPart, ApplyResult, EngineContext, OperationState } from '../engine';
import { applyPlan, observe, operationInProgress, withinSubscription } from '../engine';
import type { ContextFactory } from './dependencies';

export interface ObserveTargetResult {
  observation: Observation;
  plan: ReconcilePlan;
}

export function observeTarget(makeContext: ContextFactory) {
  return async (input: unknown): Promise<ObserveTargetResult> => {
    const where = 'observeTarget: input';
    const fields = inputObject(where, input, ['resourceId']);
    const resourceId = resourceIdField(where, fields, 'resourceId');
    const ctx = makeContext();
    const observation = await observe(ctx, { resourceId });
    return { observation, plan: planReconcile(ctx, observation) };
  };
}

/** Whether the resource's own operation (a region being added, an endpoint being created) is still running. */
export function checkOperationInProgress(makeContext: ContextFactory) {
  return async (input: unknown): Promise<OperationState> => {
    const where = 'checkOperationInProgress: input';
    const resourceId = resourceIdField(where, inputObject(where, input, ['resourceId']), 'resourceId');
    return operationInProgress(makeContext(), resourceId);
  };
}

export const applyApprovals = (makeContext: ContextFactory) => actOn('applyApprovals', 'connections', makeContext);
export const refreshEndpoints = (makeContext: ContextFactory) => actOn('refreshEndpoints', 'refreshes', makeContext);
export const reconcileEndpointDns = (makeContext: ContextFactory) => actOn('reconcileEndpointDns', 'dns', makeContext);

/**
 * Observe the resource (or the whole of one subscription of the scope), plan, act on one part. Idempotent: a second
 * call finds nothing left to do.
 */
function actOn(activity: string, part: ApplyPart, makeContext: ContextFactory) {
  return async (input: unknown): Promise<ApplyResult> => {
    const where = `${activity}: input`;
    const fields = inputObject(where, input, ['resourceId', 'subscriptionId', 'dryRun']);
    const subject = subjectOf(where, fields);
    const askedDryRun = optionalBoolean(where, fields, 'dryRun') ?? false;
    const ctx = subject.subscriptionId ? withinSubscription(makeContext(), subject.subscriptionId) : makeContext();
    const observation = await observe(ctx, { ...(subject.resourceId ? { resourceId: subject.resourceId } : {}), connections: part === 'connections' });
    return applyPlan(ctx, observation, planReconcile(ctx, observation), { dryRun: dryRun(ctx, askedDryRun), parts: [part] });
  };
}

type Subject = { resourceId: string; subscriptionId?: undefined } | { subscriptionId: string; resourceId?: undefined };

function subjectOf(where: string, fields: InputRecord): Subject {
  return oneOf(where, fields, ['resourceId', 'subscriptionId']) === 'resourceId'
    ? { resourceId: resourceIdField(where, fields, 'resourceId') }
    : { subscriptionId: subscriptionIdField(where, fields, 'subscriptionId') };
}

export function dryRun(ctx: EngineContext, asked: boolean): boolean {
  return ctx.settings.dryRun || asked;
}
