/**
 * A reconcile run's calls, as external-dns' RunOnce makes them: read what the run concerns, plan it under the run's
 * policy (`observeAndPlan`, which the CLI and the HTTP plan call too), act on it. In the function app each step of a run
 * (decide connections, refresh endpoints, reconcile DNS) is one `reconcileStep`, so an orchestration can retry one
 * without repeating the others; idempotent, a second call finds nothing left to do.
 *
 * A whole-scope observation lists endpoints without their zone groups; when the plan's writes rest on some of them,
 * those are read and the plan made once more (learning of a zone group only turns writes into skips). Observation
 * itself never asks the planner what to read.
 */
import {
  planReconcile,
  runPolicy,
  zoneGroupsToRead,
  type EarlierReads,
  type Observation,
  type ReconcilePlan,
  type RunKind,
  type RunPolicy,
} from '../core/plan';
import type { Settings } from '../core/settings';
import { applyPlan, type ApplyPart } from './apply';
import { withinSubscription, type EngineContext } from './context';
import { focusKind, observe, readZoneGroups, type ObserveRequest } from './observe';
import type { ApplyResult } from './types';

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

export type RunSubject =
  { resourceId: string; subscriptionId?: undefined } | { subscriptionId: string; resourceId?: undefined };

export interface StepRequest {
  subject: RunSubject;
  part: ApplyPart;
  /** Asked for by the caller; the app's AUTOPILOT_DRY_RUN makes every run a dry run. */
  dryRun: boolean;
  /** What an earlier step of the same run read (about one resource only). */
  earlier?: EarlierReads;
}

/**
 * A step's result, and what it read of private DNS (about one resource): the next step of the same run takes it as
 * `earlier`, so it lists no zone and reads no record name again, and still sees a removed region's record that the
 * endpoint claimed before the refresh step and no longer does after it. Absent for subscription-wide runs.
 */
export type StepResult = ApplyResult & {
  earlier?: EarlierReads;
  /** Targets whose own run must refresh their endpoints (`RunPolicy.refreshes`); the orchestration starts them. */
  targetRuns?: string[];
};

export function runKindOf(subject: RunSubject): RunKind {
  return subject.resourceId === undefined ? 'subscription' : focusKind(subject.resourceId);
}

/** What a run of the function app about this subject may do. */
export function appRunPolicy(settings: Pick<Settings, 'dryRun'>, subject: RunSubject, askedDryRun: boolean): RunPolicy {
  return runPolicy({ kind: runKindOf(subject), entry: 'function-app', dryRun: settings.dryRun || askedDryRun });
}

/** The context a run about this subject works in: a subscription-wide run sees that one subscription of the scope. */
export function contextFor(ctx: EngineContext, subject: RunSubject): EngineContext {
  return subject.subscriptionId === undefined ? ctx : withinSubscription(ctx, subject.subscriptionId);
}

export async function reconcileStep(base: EngineContext, request: StepRequest): Promise<StepResult> {
  const { subject, part } = request;
  const ctx = contextFor(base, subject);
  const policy = appRunPolicy(ctx.settings, subject, request.dryRun);
  const earlier = subject.resourceId === undefined ? undefined : request.earlier;
  const { value, calls } = await ctx.arm.meter.measure(async () => {
    const { observation, plan } = await observeAndPlan(ctx, observeRequest(subject, part, earlier), policy);
    const result = await applyPlan(ctx, observation, plan, { policy, parts: [part] });
    const targetRuns = part === 'refreshes' && !policy.dryRun ? (plan.targetRuns ?? []) : [];
    const read = subject.resourceId === undefined ? undefined : earlierReadsOf(observation, earlier);
    return { result, targetRuns, read };
  });
  return {
    ...value.result,
    calls,
    ...(value.read ? { earlier: value.read } : {}),
    ...(value.targetRuns.length > 0 ? { targetRuns: value.targetRuns } : {}),
  };
}

/**
 * The approvals step reads everything (it decides connections); the refresh step takes the target, its connections and
 * the endpoints as read (it writes no record, and reads each endpoint again before refreshing it); the DNS step reads
 * the endpoints again (a refresh changed their IPs) but not the target.
 */
function observeRequest(subject: RunSubject, part: ApplyPart, earlier: EarlierReads | undefined): ObserveRequest {
  const connections = part === 'connections';
  if (subject.resourceId === undefined) return { connections };
  const reuse = { target: part !== 'connections', endpoints: part === 'refreshes' };
  return { resourceId: subject.resourceId, connections, ...(earlier ? { earlier, reuse } : {}) };
}

function earlierReadsOf(observation: Observation, earlier: EarlierReads | undefined): EarlierReads {
  const target = observation.targets[0] ?? earlier?.target;
  const connections = observation.targets.length > 0 ? observation.connections : earlier?.connections;
  return {
    zones: observation.zoneCopies ?? observation.zones,
    recordSetIds: observation.recordSetIds ?? [],
    records: observation.records,
    ...(target ? { target } : {}),
    ...(connections ? { connections } : {}),
    endpoints: observation.endpoints,
    ...(observation.peeringNetworkIds
      ? { peerings: observation.peerings ?? [], peeringNetworkIds: observation.peeringNetworkIds }
      : {}),
  };
}
