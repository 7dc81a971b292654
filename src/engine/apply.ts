/**
 * Acting on a plan, in the order Azure needs, one named phase each: connection decisions, endpoint refreshes, DNS
 * planned again from what those changed, creates and updates, the deletes still safe, the deletes. Every change passes
 * the scope guard before the first ARM call; the re-checks are narrow planner questions under the run's policy.
 */
import { emptyCallCount, type ObservedRecordSet } from '../core/model';
import {
  isConnectionChange,
  isDnsChange,
  isRefresh,
  planReconcile,
  recordChangeNow,
  stillSafeDeletes,
  type ConnectionChange,
  type DnsChange,
  type EndpointRefreshChange,
  type Observation,
  type PlanConflict,
  type PlanSkip,
  type PlannedChange,
  type ReconcilePlan,
  type RunPolicy,
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
  /** What the run may do; the re-checks ask under it too. Its `dryRun`: nothing is written, every change comes back `skipped`. */
  policy: RunPolicy;
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
  if (options.policy.dryRun) {
    return {
      dryRun: true,
      changes: selected.map((change) => ({ ...change, outcome: 'skipped', detail: 'dry run: nothing written' })),
      conflicts: plan.conflicts,
      skipped: plan.skipped,
      failures: observation.failures,
      calls: emptyCallCount(),
    };
  }
  const { value, calls } = await ctx.arm.meter.measure(async () => {
    const run = new Run(ctx, options.policy, observation, plan, selected.length, options.onProgress);
    await run.decideConnections(selected.filter(isConnectionChange));
    await run.refreshEndpoints(selected.filter(isRefresh));
    let dns = selected.filter(isDnsChange);
    if (parts.has('dns')) dns = await run.planDnsAgainAfterOwnChanges(dns);
    await run.writeCreatesAndUpdates(dns.filter((c) => c.kind !== 'dns-delete'));
    await run.writeDeletes(await run.deletesStillSafe(dns.filter((c) => c.kind === 'dns-delete')));
    return run.result();
  });
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

/** One application of a plan, phase by phase; `current` is the observation as the run has learned it since. */
class Run {
  private readonly results: AppliedChange[] = [];
  private readonly raceConflicts: PlanConflict[] = [];
  private conflicts: PlanConflict[];
  private skipped: PlanSkip[];

  constructor(
    private readonly ctx: EngineContext,
    private readonly policy: RunPolicy,
    private current: Observation,
    plan: ReconcilePlan,
    private total: number,
    private readonly onProgress: ApplyOptions['onProgress'],
  ) {
    this.conflicts = plan.conflicts;
    this.skipped = plan.skipped;
  }

  async decideConnections(changes: readonly ConnectionChange[]): Promise<void> {
    for (const change of changes) this.report(await decide(this.ctx, change));
  }

  async refreshEndpoints(changes: readonly EndpointRefreshChange[]): Promise<void> {
    for (const change of changes) this.report(await refresh(this.ctx, change));
  }

  /**
   * An approved endpoint now claims its records, a refreshed one has a new region's IP: their endpoints are read again
   * and DNS planned again from them (what was read stays, so a removed region's record is still there to delete).
   */
  async planDnsAgainAfterOwnChanges(planned: DnsChange[]): Promise<DnsChange[]> {
    const touched = touchedEndpoints(this.ctx.scope, this.results);
    if (touched.length === 0) return planned;
    this.current = await reobserveEndpoints(this.ctx, this.current, touched);
    const replanned = planReconcile(this.ctx, this.current, this.policy);
    const fresh = replanned.changes.filter(isDnsChange);
    const freshIds = new Set(fresh.map((c) => resourceKey(c.resourceId)));
    const gone = planned.filter((c) => !freshIds.has(resourceKey(c.resourceId)));
    this.total += fresh.length - planned.length + gone.length;
    for (const change of gone)
      this.report({
        ...change,
        outcome: 'unchanged',
        detail: 'not needed once DNS was planned again after approvals and refreshes',
      });
    guardChanges(this.ctx.scope, fresh);
    ({ conflicts: this.conflicts, skipped: this.skipped } = replanned);
    return fresh;
  }

  /** Before deletes, so that a name moving from one record to another is never missing in between. */
  async writeCreatesAndUpdates(changes: readonly DnsChange[]): Promise<void> {
    for (const change of changes) await this.write(change);
  }

  /**
   * Just before deleting: the endpoints that held the records are read again, and only the deletes still safe are
   * kept. The plan came from endpoints as they were read seconds ago; meanwhile another run may have made one claim
   * the name again (a region removed and added back, its endpoint refreshed in between).
   */
  async deletesStillSafe(deletes: readonly DnsChange[]): Promise<DnsChange[]> {
    if (deletes.length === 0) return [];
    this.current = await reobserveFormerClaimants(
      this.ctx,
      this.current,
      deletes.map((c) => c.record),
    );
    const { safe, held } = stillSafeDeletes(this.ctx, this.current, deletes, this.policy);
    for (const { change } of held)
      this.report({
        ...change,
        outcome: 'unchanged',
        detail: 'not deleted: an endpoint claims it again, or cannot be read, since it was planned',
      });
    return safe;
  }

  async writeDeletes(changes: readonly DnsChange[]): Promise<void> {
    for (const change of changes) await this.write(change);
  }

  result(): RunResult {
    return {
      changes: this.results,
      conflicts: [...this.conflicts, ...this.raceConflicts],
      skipped: this.skipped,
      failures: this.current.failures,
    };
  }

  /** A write conditional on what was read; on a 412 the name is read again and the record alone planned again. */
  private async write(change: DnsChange): Promise<void> {
    const planAgain = (zoneId: string, name: string, records: ObservedRecordSet[]): DnsRecordChange | undefined => {
      this.current = withRecordSets(this.current, zoneId, [name], records);
      return recordChangeNow(this.ctx, this.current, { zoneId, name }, this.policy);
    };
    const written = await writeRecord(this.ctx, change.record, planAgain);
    if (written.conflict) this.raceConflicts.push(written.conflict);
    this.report({
      ...change,
      kind: dnsKind(written.record.action) ?? change.kind,
      reason: written.record.reason,
      record: written.record,
      outcome: written.outcome,
      ...(written.error ? { error: written.error } : {}),
      ...(written.detail ? { detail: written.detail } : {}),
    });
  }

  private report(change: AppliedChange): void {
    this.results.push(change);
    this.onProgress?.({ index: this.results.length, total: this.total, change });
  }
}

type RunResult = Omit<ApplyResult, 'dryRun' | 'calls'>;

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

function dnsKind(action: DnsRecordChange['action']): DnsChange['kind'] | undefined {
  return action === 'keep' ? undefined : `dns-${action}`;
}
