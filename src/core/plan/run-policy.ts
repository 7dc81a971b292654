/**
 * What a run may do, declared once by its kind and handed to the planner (as external-dns hands its sync / upsert-only
 * policy to `plan.Calculate`): every entry point (HTTP plan, HTTP and event-driven reconcile, CLI plan and apply) builds
 * its policy with `runPolicy` and gets the same answer for the same question.
 *
 * | run                         | records nobody claims                 | refreshes of endpoints of another in-scope target |
 * | --------------------------- | ------------------------------------- | ------------------------------------------------- |
 * | target (function app, CLI)  | deletes those written for its own     | (none: its endpoints are its target's)            |
 * | endpoint, function app      | deletes those written for its own     | left to the target's run, which it starts         |
 * | subscription, function app  | left to the orphan sweep              | left to the target's run, which it starts         |
 * | endpoint, CLI               | deletes those written for its own     | refreshed here                                    |
 * | scope / subscription, CLI   | left to the orphan sweep              | refreshed here                                    |
 *
 * A dry run plans exactly what its kind would do and writes nothing (and starts no other run).
 */
import type { PlanContext } from './plan-reconcile';
import { isInScope } from '../scope';
import { subjectKind, type SubjectKind } from '../arm-identity';
import { resourceType, tryParseResourceId } from '../resource-id';
import type { EndpointRefreshChange, PlanSkip, ReconcilePlan } from './changes';
import { isRefresh } from './change-kinds';
import { resourceKey } from './dns/names';

/** `target` and `endpoint`: a run about one resource; `subscription`: a pass over a subscription or the whole scope. */
export type RunKind = SubjectKind | 'subscription';

/** The function app has one durable run per target; the CLI has none. */
export type RunEntry = 'function-app' | 'cli';

export interface RunPolicy {
  kind: RunKind;
  entry: RunEntry;
  /**
   * `delete`: a focused run deletes records it wrote for its own endpoints that none of them claims any more.
   * `orphan-sweep`: a subscription-wide pass deletes nothing; records nobody claims are the sweep's, marked first and
   * deleted after the grace period (the CLI's `sweep` is how a person deletes them at once).
   */
  unclaimedRecords: 'delete' | 'orphan-sweep';
  /**
   * `target-run`: an endpoint whose target is in scope is refreshed only by that target's own run, which this run
   * starts. The target's run refreshes an endpoint and then deletes the records of the regions it lost; another run
   * refreshing the same endpoint meanwhile (after the region came back) would make it claim a name again between that
   * run's last check and its delete. One run per target makes the refresh and the delete one sequence.
   * `here`: refreshed by this run (a target's own run; the CLI, which has no durable runs to hand them to: a person
   * running `apply` while the function app runs accepts that race).
   * Endpoints of targets outside the scope (a SaaS provider's service) have no run of their own: refreshed here.
   */
  refreshes: 'here' | 'target-run';
  /** Plan only: nothing is written and no other run is started. */
  dryRun: boolean;
}

export function runPolicy(run: { kind: RunKind; entry: RunEntry; dryRun: boolean }): RunPolicy {
  return {
    ...run,
    unclaimedRecords: run.kind === 'subscription' ? 'orphan-sweep' : 'delete',
    refreshes: run.entry === 'function-app' && run.kind !== 'target' ? 'target-run' : 'here',
  };
}

/** The policy's post-processing of a plan (like external-dns' policies: a function from changes to changes). */
export function applyRunPolicy(ctx: Pick<PlanContext, 'scope'>, plan: ReconcilePlan, policy: RunPolicy): ReconcilePlan {
  const swept = policy.unclaimedRecords === 'orphan-sweep' ? leaveUnclaimedToTheSweep(plan) : plan;
  return policy.refreshes === 'target-run' ? handRefreshesToTargetRuns(ctx, swept) : swept;
}

function leaveUnclaimedToTheSweep(plan: ReconcilePlan): ReconcilePlan {
  const deletes = plan.changes.filter((c) => c.kind === 'dns-delete');
  if (deletes.length === 0) return plan;
  return {
    ...plan,
    changes: plan.changes.filter((c) => c.kind !== 'dns-delete'),
    skipped: [
      ...plan.skipped,
      ...deletes.map((c): PlanSkip => ({
        resourceId: c.resourceId,
        cause: 'left-to-orphan-sweep',
        reason: `${c.reason}; left to the orphan sweep, which deletes it after the grace period`,
      })),
    ],
  };
}

function handRefreshesToTargetRuns(ctx: Pick<PlanContext, 'scope'>, plan: ReconcilePlan): ReconcilePlan {
  const handed = plan.changes.filter(isRefresh).filter((c) => targetHasItsOwnRun(ctx, c.target));
  if (handed.length === 0) return plan;
  const targets = new Map(handed.map((c) => [resourceKey(c.target), c.target]));
  const isHanded = new Set<EndpointRefreshChange>(handed);
  return {
    ...plan,
    changes: plan.changes.filter((c) => !(isRefresh(c) && isHanded.has(c))),
    skipped: [
      ...plan.skipped,
      ...handed.map((c): PlanSkip => ({
        resourceId: c.resourceId,
        cause: 'left-to-target-run',
        reason: `${c.reason}; left to the run of its target, which this run starts`,
      })),
    ],
    targetRuns: [...new Set([...(plan.targetRuns ?? []), ...targets.values()])],
  };
}

/** An in-scope private link target (an ARM ID, not a Private Link Service alias) has a run of its own. */
function targetHasItsOwnRun(ctx: Pick<PlanContext, 'scope'>, target: string): boolean {
  const parsed = tryParseResourceId(target);
  if (!parsed || !resourceType(parsed) || !parsed.resourceGroup || subjectKind(parsed) !== 'target') return false;
  return isInScope(ctx.scope, target, 'resource');
}
