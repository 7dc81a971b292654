/**
 * Acting on a plan, in the order Azure needs: connection decisions, endpoint refreshes, then DNS planned again from
 * what those changed (an approved endpoint now claims its records; a refreshed one has a new region's IP), creates and
 * updates before deletes. Every change passes the scope guard before the first ARM call.
 */
import { emptyCallCount, type ObservedRecordSet } from '../core/model';
import {
  isConnectionChange,
  isDnsChange,
  isRefresh,
  planReconcile,
  type ConnectionChange,
  type DnsChange,
  type EndpointRefreshChange,
  type Observation,
  type PlanConflict,
  type PlannedChange,
  type ReconcilePlan,
} from '../core/plan';
import { resourceKey } from '../core/plan/dns/names';
import type { DnsRecordChange } from '../core/plan/dns/types';
import { assertInScope, isInScope, type Scope } from '../core/scope';
import type { EngineContext } from './context';
import { writeRecord } from './dns-write';
import { describeError } from './failures';
import { reobserveEndpoints, reobserveFormerClaimants, withRecordSets } from './reobserve';
import type { AppliedChange, ApplyResult, ProgressEvent } from './types';

/** The parts of a plan; each activity acts on one, the CLI on all. */
export type ApplyPart = 'connections' | 'refreshes' | 'dns';
export const APPLY_PARTS: readonly ApplyPart[] = ['connections', 'refreshes', 'dns'];

export interface ApplyOptions {
  /** Plan only: nothing is written, every change comes back `skipped`. */
  dryRun: boolean;
  onProgress?: (event: ProgressEvent) => void;
  /** Default: every part. */
  parts?: readonly ApplyPart[];
}

export async function applyPlan(
  ctx: EngineContext,
  observation: Observation,
  plan: ReconcilePlan,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const parts = new Set(options.parts ?? APPLY_PARTS);
  const selected = plan.changes.filter((change) => parts.has(partOf(change)));
  guardChanges(ctx.scope, selected);
  if (options.dryRun) {
    return {
      dryRun: true,
      changes: selected.map((change) => ({ ...change, outcome: 'skipped', detail: 'dry run: nothing written' })),
      conflicts: plan.conflicts,
      skipped: plan.skipped,
      failures: observation.failures,
      calls: emptyCallCount(),
    };
  }
  const { value, calls } = await ctx.arm.meter.measure(() =>
    run(ctx, observation, plan, selected, parts, options.onProgress),
  );
  return { dryRun: false, ...value, calls };
}

/** Throws OutOfScopeError for the first change outside the scope, before anything is written. */
export function guardChanges(scope: Scope, changes: readonly PlannedChange[]): void {
  for (const change of changes) {
    if (isRefresh(change)) assertInScope(scope, change.resourceId, 'resource');
    else if (isConnectionChange(change)) {
      assertInScope(scope, change.targetId, 'resource');
      assertInScope(scope, change.resourceId, 'resource');
    } else assertInScope(scope, change.record.zoneId, 'dns');
  }
}

type RunResult = Omit<ApplyResult, 'dryRun' | 'calls'>;

async function run(
  ctx: EngineContext,
  observation: Observation,
  plan: ReconcilePlan,
  selected: PlannedChange[],
  parts: ReadonlySet<ApplyPart>,
  onProgress: ApplyOptions['onProgress'],
): Promise<RunResult> {
  const results: AppliedChange[] = [];
  let total = selected.length;
  const report = (change: AppliedChange): void => {
    results.push(change);
    onProgress?.({ index: results.length, total, change });
  };

  for (const change of selected.filter(isConnectionChange)) report(await decide(ctx, change));
  for (const change of selected.filter(isRefresh)) report(await refresh(ctx, change));

  let current = observation;
  let dnsChanges = selected.filter(isDnsChange);
  let { conflicts, skipped } = plan;
  const touched = touchedEndpoints(ctx.scope, results);
  if (parts.has('dns') && touched.length > 0) {
    current = await reobserveEndpoints(ctx, observation, touched);
    const replanned = planReconcile(ctx, current);
    const fresh = replanned.changes.filter(isDnsChange);
    const freshIds = new Set(fresh.map((c) => resourceKey(c.resourceId)));
    const gone = dnsChanges.filter((c) => !freshIds.has(resourceKey(c.resourceId)));
    total += fresh.length - dnsChanges.length + gone.length;
    for (const change of gone)
      report({
        ...change,
        outcome: 'unchanged',
        detail: 'not needed once DNS was planned again after approvals and refreshes',
      });
    guardChanges(ctx.scope, fresh);
    dnsChanges = fresh;
    ({ conflicts, skipped } = replanned);
  }

  const raceConflicts: PlanConflict[] = [];
  const write = async (change: DnsChange): Promise<void> => {
    const replan = (zoneId: string, name: string, records: ObservedRecordSet[]): DnsRecordChange | undefined => {
      current = withRecordSets(current, zoneId, [name], records);
      return sameRecordIn(planReconcile(ctx, current), change)?.record;
    };
    const written = await writeRecord(ctx, change.record, replan);
    if (written.conflict) raceConflicts.push(written.conflict);
    report({
      ...change,
      kind: dnsKind(written.record.action) ?? change.kind,
      reason: written.record.reason,
      record: written.record,
      outcome: written.outcome,
      ...(written.error ? { error: written.error } : {}),
      ...(written.detail ? { detail: written.detail } : {}),
    });
  };
  // Creates and updates before deletes; and the deletes checked once more against the endpoints that held the records.
  for (const change of dnsChanges.filter((c) => c.kind !== 'dns-delete')) await write(change);
  let deletes = dnsChanges.filter((c) => c.kind === 'dns-delete');
  if (deletes.length > 0) {
    current = await reobserveFormerClaimants(
      ctx,
      current,
      deletes.map((c) => c.record),
    );
    const still = new Set(
      planReconcile(ctx, current)
        .changes.filter((c) => c.kind === 'dns-delete')
        .map((c) => resourceKey(c.resourceId)),
    );
    for (const change of deletes.filter((c) => !still.has(resourceKey(c.resourceId)))) {
      report({
        ...change,
        outcome: 'unchanged',
        detail: 'not deleted: an endpoint claims it again, or cannot be read, since it was planned',
      });
    }
    deletes = deletes.filter((c) => still.has(resourceKey(c.resourceId)));
  }
  for (const change of deletes) await write(change);
  return { changes: results, conflicts: [...conflicts, ...raceConflicts], skipped, failures: current.failures };
}

function partOf(change: PlannedChange): ApplyPart {
  if (isRefresh(change)) return 'refreshes';
  return isConnectionChange(change) ? 'connections' : 'dns';
}

async function decide(ctx: EngineContext, change: ConnectionChange): Promise<AppliedChange> {
  try {
    const decision = change.kind === 'connection-approve' ? 'approve' : 'reject';
    // The plan decided a connection in this status (Pending); one a person decided since is theirs.
    const update = await ctx.arm.connections.decide(change.connection, decision, change.description, {
      expectedStatus: change.connection.status,
    });
    switch (update.outcome) {
      case 'approved':
      case 'rejected':
        return { ...change, outcome: 'done' };
      case 'unchanged':
        return { ...change, outcome: 'unchanged', detail: `already ${update.connection.status}` };
      case 'cannot-approve-rejected':
        return {
          ...change,
          outcome: 'skipped',
          detail: 'the connection was rejected meanwhile and cannot be approved again: recreate the private endpoint',
        };
      case 'disconnected':
        return { ...change, outcome: 'skipped', detail: 'the requesting endpoint is gone (Disconnected)' };
      case 'changed-meanwhile':
        return {
          ...change,
          outcome: 'skipped',
          detail: `no longer ${change.connection.status} (now ${update.connection.status}): decided by someone else since the plan; left as it is`,
        };
    }
  } catch (error) {
    return { ...change, outcome: 'failed', error: describeError(ctx, error) };
  }
}

async function refresh(ctx: EngineContext, change: EndpointRefreshChange): Promise<AppliedChange> {
  try {
    const refreshed = await ctx.arm.endpoints.refreshEndpoint(change.resourceId);
    return refreshed.outcome === 'refreshed'
      ? { ...change, outcome: 'done' }
      : { ...change, outcome: 'unchanged', detail: 'no longer asks for Recreate' };
  } catch (error) {
    return { ...change, outcome: 'failed', error: describeError(ctx, error) };
  }
}

/** Endpoints whose claims an approval or refresh may have changed, when we may read them. */
function touchedEndpoints(scope: Scope, results: readonly AppliedChange[]): string[] {
  const ids = new Map<string, string>();
  for (const result of results) {
    if (result.outcome !== 'done' && result.outcome !== 'unchanged') continue;
    const id =
      result.kind === 'endpoint-refresh'
        ? result.resourceId
        : isConnectionChange(result)
          ? result.connection.privateEndpointId
          : undefined;
    if (id && isInScope(scope, id, 'resource')) ids.set(resourceKey(id), id);
  }
  return [...ids.values()];
}

function sameRecordIn(plan: ReconcilePlan, change: DnsChange): DnsChange | undefined {
  return plan.changes.filter(isDnsChange).find((c) => resourceKey(c.resourceId) === resourceKey(change.resourceId));
}

function dnsKind(action: DnsRecordChange['action']): DnsChange['kind'] | undefined {
  return action === 'keep' ? undefined : `dns-${action}`;
}
