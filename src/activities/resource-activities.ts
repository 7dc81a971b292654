/**
 * Activities about one resource (an event's subject) or one subscription (an HTTP request): observe it, then decide
 * its connections, refresh its endpoints and reconcile its records, each on its own so an orchestration can retry one
 * step without repeating the others.
 */
import {
  inputObject,
  oneOf,
  optionalBoolean,
  optionalEarlierReads,
  resourceIdField,
  subscriptionIdField,
  type InputRecord,
} from '../core/input';
import {
  isRefresh,
  planReconcile,
  type EarlierReads,
  type EndpointRefreshChange,
  type Observation,
  type ReconcilePlan,
} from '../core/plan';
import { isInScope, scopeFromSettings } from '../core/scope';
import type { ApplyPart, ApplyResult, EngineContext, OperationState } from '../engine';
import { applyPlan, focusKind, observe, operationInProgress, withinSubscription } from '../engine';
import type { ContextFactory } from './dependencies';

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
 * A step's result, and what it read of private DNS (about one resource): the next step of the same run takes it as
 * `earlier`, so it lists no zone and reads no record name again, and still sees a removed region's record that the
 * endpoint claimed before the refresh step and no longer does after it. Absent for subscription-wide runs.
 */
export type StepResult = ApplyResult & {
  earlier?: EarlierReads;
  /** Targets whose own run must refresh their endpoints (see handRefreshesToTargetRuns); the orchestration starts them. */
  targetRuns?: string[];
};

/**
 * Observe the resource (or the whole of one subscription of the scope), plan, act on one part. Idempotent: a second
 * call finds nothing left to do. The result's calls are everything the activity cost, reads included. About one
 * resource, the observation costs what that resource needs (its target, connections, endpoints and the record names
 * they claim); `earlier` (optional, with `resourceId`) is an earlier step's `earlier`, which spares reading it again.
 *
 * A subscription-wide run deletes no record: a record nobody claims is an orphan, and orphans are the sweep's, marked
 * first and deleted only after the grace period (a focused run may delete what it wrote for its own endpoints).
 */
function actOn(activity: string, part: ApplyPart, makeContext: ContextFactory) {
  return async (input: unknown): Promise<StepResult> => {
    const where = `${activity}: input`;
    const fields = inputObject(where, input, ['resourceId', 'subscriptionId', 'dryRun', 'earlier']);
    const subject = subjectOf(where, fields);
    const askedDryRun = optionalBoolean(where, fields, 'dryRun') ?? false;
    const earlier = subject.resourceId ? optionalEarlierReads(where, fields, 'earlier') : undefined;
    const ctx = subject.subscriptionId ? withinSubscription(makeContext(), subject.subscriptionId) : makeContext();
    let read: EarlierReads | undefined;
    let targetRuns: string[] = [];
    const { value, calls } = await ctx.arm.meter.measure(async () => {
      const observation = await observe(
        ctx,
        subject.resourceId
          ? {
              resourceId: subject.resourceId,
              connections: part === 'connections',
              ...(earlier ? { earlier, reuse: reuseFor(part) } : {}),
            }
          : { connections: part === 'connections' },
      );
      if (subject.resourceId) read = earlierReadsOf(observation, earlier);
      let plan = planReconcile(ctx, observation);
      if (subject.subscriptionId) plan = leaveOrphansToTheSweep(plan);
      const asDryRun = dryRun(ctx, askedDryRun);
      if (part === 'refreshes' && !asDryRun && !isTargetRun(subject))
        ({ plan, targetRuns } = handRefreshesToTargetRuns(ctx, plan));
      return applyPlan(ctx, observation, plan, { dryRun: asDryRun, parts: [part] });
    });
    return { ...value, calls, ...(read ? { earlier: read } : {}), ...(targetRuns.length > 0 ? { targetRuns } : {}) };
  };
}

/**
 * The approvals step reads everything (it decides connections); the refresh step takes the target, its connections and
 * the endpoints as read (it writes no record, and reads each endpoint again before refreshing it); the DNS step reads
 * the endpoints again (a refresh changed their IPs) but not the target.
 */
function reuseFor(part: ApplyPart): { target: boolean; endpoints: boolean } {
  return { target: part !== 'connections', endpoints: part === 'refreshes' };
}

function earlierReadsOf(observation: Observation, earlier: EarlierReads | undefined): EarlierReads {
  const target = observation.targets[0] ?? earlier?.target;
  const connections = observation.targets.length > 0 ? observation.connections : earlier?.connections;
  return {
    zones: observation.zones,
    recordSetIds: observation.recordSetIds ?? [],
    records: observation.records,
    ...(target ? { target } : {}),
    ...(connections ? { connections } : {}),
    endpoints: observation.endpoints,
  };
}

type Subject = { resourceId: string; subscriptionId?: undefined } | { subscriptionId: string; resourceId?: undefined };

function subjectOf(where: string, fields: InputRecord): Subject {
  return oneOf(where, fields, ['resourceId', 'subscriptionId']) === 'resourceId'
    ? { resourceId: resourceIdField(where, fields, 'resourceId') }
    : { subscriptionId: subscriptionIdField(where, fields, 'subscriptionId') };
}

function isTargetRun(subject: Subject): boolean {
  return subject.resourceId !== undefined && focusKind(subject.resourceId) === 'target';
}

/**
 * Only the target's own run refreshes its endpoints, when that target is in the scope (so it has a run of its own).
 * The target's run refreshes an endpoint and then deletes the records of the regions it lost; another run refreshing
 * the same endpoint meanwhile (after the region came back) would make it claim a name again between that run's last
 * check and its delete. One run per target makes the refresh and the delete one sequence. An endpoint's run and a
 * subscription's run start the target's run instead; endpoints of targets outside the scope (a SaaS provider's
 * service) have no such run and are refreshed where they are found.
 */
function handRefreshesToTargetRuns(
  ctx: EngineContext,
  plan: ReconcilePlan,
): { plan: ReconcilePlan; targetRuns: string[] } {
  const scope = scopeFromSettings(ctx.settings);
  const handed = new Set(plan.changes.filter(isRefresh).filter((c) => targetHasItsOwnRun(scope, c.target)));
  if (handed.size === 0) return { plan, targetRuns: [] };
  const targets = new Map([...handed].map((c) => [c.target.toLowerCase(), c.target]));
  return {
    plan: {
      ...plan,
      changes: plan.changes.filter((c) => !handed.has(c as EndpointRefreshChange)),
      skipped: [
        ...plan.skipped,
        ...[...handed].map((c) => ({
          resourceId: c.resourceId,
          cause: 'left-to-target-run',
          reason: `${c.reason}; left to the run of its target, which this run starts`,
        })),
      ],
    },
    targetRuns: [...targets.values()],
  };
}

function targetHasItsOwnRun(scope: ReturnType<typeof scopeFromSettings>, target: string): boolean {
  try {
    return isInScope(scope, target, 'resource') && focusKind(target) === 'target';
  } catch {
    return false;
  }
}

function leaveOrphansToTheSweep(plan: ReconcilePlan): ReconcilePlan {
  const deletes = plan.changes.filter((c) => c.kind === 'dns-delete');
  if (deletes.length === 0) return plan;
  return {
    ...plan,
    changes: plan.changes.filter((c) => c.kind !== 'dns-delete'),
    skipped: [
      ...plan.skipped,
      ...deletes.map((c) => ({
        resourceId: c.resourceId,
        cause: 'left-to-orphan-sweep',
        reason: `${c.reason}; left to the orphan sweep, which deletes it after the grace period`,
      })),
    ],
  };
}

export function dryRun(ctx: EngineContext, asked: boolean): boolean {
  return ctx.settings.dryRun || asked;
}
