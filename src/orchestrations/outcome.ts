/**
 * The one structured line every orchestration run ends with (`autopilot.outcome {json}`), read by the workbook in
 * infra/monitoring: what changed by kind, what failed with ARM's code, what it cost, what is left for a person.
 * Pure, so that replays compute the same outcome and tests can check it.
 */
import { driftFound, type DriftFound } from '../core/drift';
import type { ArmCallCount } from '../core/model';
import type { ObservationFailure, PlanSkipCause } from '../core/plan';
import type { ApplyResult, SweepResult } from '../engine';

export const OUTCOME_PREFIX = 'autopilot.outcome ';

export interface OutcomeFailure {
  /** `endpoints`, `records`, … for reads; the change kind (`dns-create`, …) for writes; `activity` when a step threw. */
  stage: string;
  resourceId: string;
  code: string;
  message: string;
}

export interface RunOutcome {
  orchestration: string;
  instanceId: string;
  /** The resource (or subscription) the run was about; the zone scope for the sweep. */
  resourceId: string;
  pass: number;
  dryRun: boolean;
  /** Everything was read and every change made: never true while a read or a write failed. */
  complete: boolean;
  /** Changes made by kind (in a dry run: the changes that would have been made). */
  changes: Record<string, number>;
  failures: OutcomeFailure[];
  calls: ArmCallCount;
  /** Pending connections left for a person (the policy does not cover them, or their target is someone else's). */
  pendingForHuman: number;
  /** Of those, the ones whose target belongs to someone else (a SaaS provider's service): no event tells us when they decide. */
  awaitingApproval: number;
  conflicts: number;
  /** The connections behind `pendingForHuman` (the first MAX_LISTED), for outcome events and alerts. */
  pendingConnections: Array<{ resourceId: string; cause: string }>;
  /** The names in conflict behind `conflicts` (the first MAX_LISTED). */
  conflictNames: Array<{ resourceId: string; fqdn: string }>;
  /** Records a drift run put back or found taken over, and what it found (core/drift); only drift runs carry it. */
  drift?: Array<{ resourceId: string; found: DriftFound }>;
}

/** Lists in an outcome stop here, so that one line stays well under Application Insights' 32 KB message limit. */
export const MAX_LISTED = 20;

/**
 * What each skip leaves for a person: a connection the policy does not cover (`pending`), or one whose target is
 * someone else's, where no event tells us when they decide (`awaiting-approval`, also counted as pending). Every
 * cause is listed, so a new one cannot be left out of the outcome line unnoticed.
 */
const LEFT_FOR_A_PERSON: Readonly<Record<PlanSkipCause, 'pending' | 'awaiting-approval' | undefined>> = {
  'connection-left-pending': 'pending',
  'connection-outside-scope': 'awaiting-approval',
  'cannot-approve-rejected': undefined,
  'zone-group': undefined,
  'not-owned': undefined,
  'other-instance': undefined,
  'zone-not-in-scope': undefined,
  'not-approved': undefined,
  'endpoint-provisioning': undefined,
  'not-deletable': undefined,
  'deletion-limit': undefined,
  'unmapped-fqdn': undefined,
  'zone-placement-ambiguous': undefined,
  'zone-unreadable': undefined,
  'observation-failed': undefined,
  'claimant-outside-scope': undefined,
  'endpoint-failed': undefined,
  'endpoint-exists': undefined,
  'left-to-orphan-sweep': undefined,
  'left-to-target-run': undefined,
};

export interface RunIdentity {
  orchestration: string;
  instanceId: string;
  resourceId: string;
  pass: number;
  dryRun: boolean;
}

export function outcomeOfApplies(
  identity: RunIdentity,
  results: readonly ApplyResult[],
  thrown: OutcomeFailure[] = [],
): RunOutcome {
  const tallied = tally(results, thrown, (result) =>
    result.changes.map((change) => ({
      kind: change.kind,
      resourceId: change.resourceId,
      failed: change.outcome === 'failed',
      error: change.error,
      made: changeMade(change, identity.dryRun),
    })),
  );
  const skipped = results.flatMap((r) => r.skipped);
  const pending = distinctBy(
    skipped
      .filter((s) => LEFT_FOR_A_PERSON[s.cause] !== undefined)
      .map((s) => ({ resourceId: s.resourceId, cause: s.cause })),
  );
  const conflicts = distinctBy(
    results.flatMap((r) => r.conflicts.map((c) => ({ resourceId: c.resourceId, fqdn: c.fqdn }))),
  );
  return {
    ...identity,
    ...tallied,
    pendingForHuman: pending.length,
    awaitingApproval: pending.filter((p) => LEFT_FOR_A_PERSON[p.cause] === 'awaiting-approval').length,
    conflicts: conflicts.length,
    pendingConnections: pending.slice(0, MAX_LISTED),
    conflictNames: conflicts.slice(0, MAX_LISTED),
  };
}

export function outcomeOfSweeps(
  identity: RunIdentity,
  results: readonly SweepResult[],
  thrown: OutcomeFailure[] = [],
): RunOutcome {
  const tallied = tally(results, thrown, (result) =>
    result.orphans.flatMap((orphan) => {
      const kind = orphan.action === 'delete' ? 'dns-delete' : orphan.action === 'mark' ? 'dns-orphan-mark' : undefined;
      if (!kind) return [];
      // A dry run leaves the orphans it would act on without an outcome.
      const made = orphan.outcome === 'done' || (identity.dryRun && orphan.outcome === undefined);
      return [{ kind, resourceId: orphan.resourceId, failed: orphan.outcome === 'failed', error: orphan.error, made }];
    }),
  );
  return {
    ...identity,
    ...tallied,
    pendingForHuman: 0,
    awaitingApproval: 0,
    conflicts: 0,
    pendingConnections: [],
    conflictNames: [],
  };
}

/**
 * The outcome of a run that repairs drift, with what it found: each record it created or fixed (made, or in a dry run
 * planned) and each written record it left alone because someone took it over (the first MAX_LISTED).
 */
export function withDrift(
  outcome: RunOutcome,
  results: readonly ApplyResult[],
  takenOver: readonly string[],
): RunOutcome {
  const made = results.flatMap((r) =>
    r.changes.map((c) => ({
      kind: c.kind,
      resourceId: c.resourceId,
      made: changeMade(c, outcome.dryRun),
    })),
  );
  const drift = driftFound(
    made,
    takenOver.map((resourceId) => ({ resourceId })),
  ).slice(0, MAX_LISTED);
  return drift.length > 0 ? { ...outcome, drift } : outcome;
}

/** Whether an applied change counts as made: done, or in a dry run skipped (a dry run skips every change it would make). */
function changeMade(change: ApplyResult['changes'][number], dryRun: boolean): boolean {
  return dryRun ? change.outcome === 'skipped' : change.outcome === 'done';
}

/** A write a run made or tried, in the outcome's terms; `made` when it counts as a change. */
interface Write {
  kind: string;
  resourceId: string;
  failed: boolean;
  error: string | undefined;
  made: boolean;
}

/** Changes by kind, failures (thrown, then each result's reads and writes in order) and calls, over a run's results. */
function tally<R extends { failures: ObservationFailure[]; calls: ArmCallCount }>(
  results: readonly R[],
  thrown: OutcomeFailure[],
  writesOf: (result: R) => Write[],
): Pick<RunOutcome, 'complete' | 'changes' | 'failures' | 'calls'> {
  const changes: Record<string, number> = {};
  const failures: OutcomeFailure[] = [...thrown];
  for (const result of results) {
    failures.push(...result.failures.map(readFailure));
    for (const write of writesOf(result)) {
      if (write.failed)
        failures.push({ stage: write.kind, resourceId: write.resourceId, ...codeAndMessage(write.error) });
      if (write.made) changes[write.kind] = (changes[write.kind] ?? 0) + 1;
    }
  }
  return {
    complete: failures.length === 0,
    changes,
    failures: distinct(failures),
    calls: sumCalls(results.map((r) => r.calls)),
  };
}

export function outcomeLine(outcome: RunOutcome): string {
  return `${OUTCOME_PREFIX}${JSON.stringify(outcome)}`;
}

/** An activity that threw after its retries, in the outcome's terms. */
export function thrownFailure(stage: string, resourceId: string, error: unknown): OutcomeFailure {
  const message = error instanceof Error ? error.message : String(error);
  return { stage, resourceId, code: 'ActivityFailed', message };
}

function readFailure(failure: ObservationFailure): OutcomeFailure {
  return { stage: failure.stage, resourceId: failure.resourceId, code: failure.code, message: failure.message };
}

/** Changes carry their error as `CODE: message` (engine/failures.ts describeError). */
function codeAndMessage(error: string | undefined): { code: string; message: string } {
  const text = error ?? 'failed without a message';
  const match = /^([A-Za-z][\w.]*): ([\s\S]*)$/.exec(text);
  return match ? { code: match[1] as string, message: match[2] as string } : { code: 'Failed', message: text };
}

function sumCalls(calls: readonly ArmCallCount[]): ArmCallCount {
  return calls.reduce(
    (sum, c) => ({ reads: sum.reads + c.reads, writes: sum.writes + c.writes, deletes: sum.deletes + c.deletes }),
    { reads: 0, writes: 0, deletes: 0 },
  );
}

/** First of each resource (IDs compare without case). */
function distinctBy<T extends { resourceId: string }>(items: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(item.resourceId.toLowerCase())) seen.set(item.resourceId.toLowerCase(), item);
  return [...seen.values()];
}

function distinct(failures: OutcomeFailure[]): OutcomeFailure[] {
  const seen = new Map<string, OutcomeFailure>();
  for (const f of failures) seen.set(`${f.stage}|${f.resourceId.toLowerCase()}|${f.code}`, f);
  return [...seen.values()];
}
