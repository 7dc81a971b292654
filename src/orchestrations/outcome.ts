/**
 * The one structured line every orchestration run ends with (`autopilot.outcome {json}`), read by the workbook in
 * infra/monitoring: what changed by kind, what failed with ARM's code, what it cost, what is left for a person.
 * Pure, so that replays compute the same outcome and tests can check it.
 */
import type { ArmCallCount } from '../core/model';
import type { ObservationFailure } from '../core/plan';
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
}

/** Lists in an outcome stop here, so that one line stays well under Application Insights' 32 KB message limit. */
export const MAX_LISTED = 20;

const PENDING_FOR_HUMAN = new Set(['connection-left-pending', 'connection-outside-scope']);

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
  const changes: Record<string, number> = {};
  const failures: OutcomeFailure[] = [...thrown];
  for (const result of results) {
    failures.push(...result.failures.map(readFailure));
    for (const change of result.changes) {
      if (change.outcome === 'failed')
        failures.push({ stage: change.kind, resourceId: change.resourceId, ...codeAndMessage(change.error) });
      const counts = identity.dryRun ? change.outcome === 'skipped' : change.outcome === 'done';
      if (counts) changes[change.kind] = (changes[change.kind] ?? 0) + 1;
    }
  }
  const skipped = results.flatMap((r) => r.skipped);
  const pending = distinctBy(
    skipped.filter((s) => PENDING_FOR_HUMAN.has(s.cause)).map((s) => ({ resourceId: s.resourceId, cause: s.cause })),
  );
  const conflicts = distinctBy(
    results.flatMap((r) => r.conflicts.map((c) => ({ resourceId: c.resourceId, fqdn: c.fqdn }))),
  );
  return {
    ...identity,
    complete: failures.length === 0,
    changes,
    failures: distinct(failures),
    calls: sumCalls(results.map((r) => r.calls)),
    pendingForHuman: pending.length,
    awaitingApproval: pending.filter((p) => p.cause === 'connection-outside-scope').length,
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
  const changes: Record<string, number> = {};
  const failures: OutcomeFailure[] = [...thrown];
  for (const result of results) {
    failures.push(...result.failures.map(readFailure));
    for (const orphan of result.orphans) {
      const kind = orphan.action === 'delete' ? 'dns-delete' : orphan.action === 'mark' ? 'dns-orphan-mark' : undefined;
      if (!kind) continue;
      if (orphan.outcome === 'failed')
        failures.push({ stage: kind, resourceId: orphan.resourceId, ...codeAndMessage(orphan.error) });
      if (orphan.outcome === 'done' || (identity.dryRun && orphan.outcome === undefined))
        changes[kind] = (changes[kind] ?? 0) + 1;
    }
  }
  return {
    ...identity,
    complete: failures.length === 0,
    changes,
    failures: distinct(failures),
    calls: sumCalls(results.map((r) => r.calls)),
    pendingForHuman: 0,
    awaitingApproval: 0,
    conflicts: 0,
    pendingConnections: [],
    conflictNames: [],
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
