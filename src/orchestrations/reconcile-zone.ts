/**
 * The run of one zone copy that record events start (someone wrote or deleted an A record set in it). It waits until
 * the events pause so that a storm of events lands in one pass, reads the written records once each, and then either reconciles
 * the DNS of the claimants of changed records of ours or makes one pass over the zone copy (core/drift decides which).
 * Events raised while it runs are collected in its closing window and make it run once more, with them.
 * Deterministic: every read and write is an activity; time comes from the durable context.
 */
import type { OrchestrationContext } from 'durable-functions';
import { driftRepair, recordsToRead, type RecordVerdict } from '../core/drift';
import { InputError, inputObject, optionalBoolean, optionalCount, resourceIdField } from '../core/input';
import { isPlainObject } from '../core/plain-object';
import type { ApplyResult } from '../engine';
import { RECONCILE_ZONE, STEP, type RecordEventNote } from './contract';
import { outcomeOfApplies, withDrift, type OutcomeFailure, type RunOutcome } from './outcome';
import { callStep, logOutcome, publishOutcome, rerunBefore, setPhase, type Step } from './steps';
import { timingOf, type Timing } from './timing';

export interface ZoneRunInput {
  zoneId: string;
  dryRun?: boolean;
  /** What the events so far said (the first event's, or those collected in the previous pass's closing window). */
  notes?: RecordEventNote[];
  pass?: number;
  /** Passes made again because the one before could not do everything (as reconcileTarget's). */
  retries?: number;
  /** Make a pass over the zone copy whatever the notes say (a retry after one that had more events than it lists). */
  rescan?: boolean;
  timing?: Partial<Timing>;
}

/** Past this many notes a pass stops listing them: it makes one pass over the zone copy anyway. */
export const MAX_NOTES = 500;

const WHERE = `${RECONCILE_ZONE}: input`;

export function* reconcileZoneOrchestrator(context: OrchestrationContext): Step<RunOutcome> {
  const input = readInput(context.df.getInput());
  const timing = timingOf(input);
  const pass = input.pass ?? 1;
  const dryRun = input.dryRun ?? false;
  const notes = new Notes(input.notes ?? [], input.rescan ?? false);
  setPhase(context, { phase: 'waiting', pass, state: 'coalescing' });
  yield* collect(context, notes, timing.coalesceSeconds, timing.maxCoalesceSeconds);
  setPhase(context, { phase: 'running', pass });

  const failures: OutcomeFailure[] = [];
  const results: ApplyResult[] = [];
  const written = notes.ids('written');
  const deleted = notes.ids('deleted');
  const toRead = recordsToRead(written, deleted, notes.overflowed);
  let verdicts: RecordVerdict[] = [];
  if (toRead.length > 0) {
    const inspected = yield* callStep(context, STEP.inspectRecords, { recordSetIds: toRead }, input.zoneId, failures);
    verdicts = inspected?.verdicts ?? toRead.map((recordSetId) => ({ recordSetId, verdict: 'unread' as const }));
    if (inspected) results.push({ ...emptyResult(dryRun), failures: inspected.failures, calls: inspected.calls });
  }
  const repair = driftRepair(deleted, verdicts, notes.overflowed);
  // Why this pass repairs as it does, for whoever looks at the instance.
  setPhase(context, { phase: 'running', pass, state: repair.reason });
  let takenOver: string[] = [];
  if (repair.zonePass) {
    const zonePass = yield* callStep(
      context,
      STEP.reconcileZoneDns,
      { zoneId: input.zoneId, dryRun, takenOverCandidates: written },
      input.zoneId,
      failures,
    );
    if (zonePass) {
      const { takenOver: found, ...result } = zonePass;
      results.push(result);
      takenOver = found;
    }
  }
  for (const resourceId of repair.claimants) {
    const result = yield* callStep(context, STEP.reconcileEndpointDns, { resourceId, dryRun }, resourceId, failures);
    if (result) results.push(result);
  }

  const outcome = withDrift(
    outcomeOfApplies(
      { orchestration: RECONCILE_ZONE, instanceId: context.df.instanceId, resourceId: input.zoneId, pass, dryRun },
      results,
      failures,
    ),
    results,
    takenOver,
  );
  logOutcome(context, outcome);

  // An incomplete pass runs again after 1, 2, 4, 8, 16 minutes with what it was asked and what came meanwhile (no other
  // event may come for those records); the periodic pass is the backstop after that.
  const retries = input.retries ?? 0;
  const retry = !outcome.complete && !dryRun && retries < timing.maxRetries;
  const next = retry ? notes : new Notes([]);
  const seconds = retry ? timing.retrySeconds * 2 ** retries : timing.closingSeconds;
  setPhase(context, { phase: retry ? 'retrying' : 'closing', pass });
  yield* collect(context, next, seconds, seconds);
  const rerun = retry || next.size > 0;
  yield* publishOutcome(context, outcome, !rerun);
  if (rerun) {
    const { notes: _notes, rescan: _rescan, retries: _retries, ...rest } = input;
    context.df.continueAsNew({
      ...rest,
      notes: next.list(),
      pass: pass + 1,
      ...(next.overflowed ? { rescan: true } : {}),
      ...(retry ? { retries: retries + 1 } : {}),
    });
  }
  return outcome;
}

/**
 * Takes the rerun events, each with the note its record event gave, until none has come for `quietSeconds` or
 * `maxSeconds` have passed. Each wait is a new timer (a durable task is yielded once), the previous one cancelled.
 */
function* collect(context: OrchestrationContext, notes: Notes, quietSeconds: number, maxSeconds: number): Step<void> {
  const now = () => context.df.currentUtcDateTime.getTime();
  const last = now() + maxSeconds * 1000;
  for (;;) {
    const until = Math.min(now() + quietSeconds * 1000, last);
    if (until <= now()) return;
    const rerun = yield* rerunBefore(context, new Date(until));
    if (!rerun) return;
    notes.add(noteOf(rerun.result));
  }
}

class Notes {
  private readonly byKey = new Map<string, RecordEventNote>();
  /** A rerun event without a readable note, or more than a pass lists: the zone copy gets a pass. */
  overflowed: boolean;

  constructor(initial: readonly RecordEventNote[], overflowed = false) {
    this.overflowed = overflowed;
    for (const note of initial) this.add(note);
  }

  add(note: RecordEventNote | undefined): void {
    if (!note || this.byKey.size >= MAX_NOTES) {
      this.overflowed = true;
      return;
    }
    const key = `${note.change}|${note.recordSetId.toLowerCase()}`;
    if (!this.byKey.has(key)) this.byKey.set(key, note);
  }

  get size(): number {
    return this.byKey.size + (this.overflowed ? 1 : 0);
  }

  ids(change: RecordEventNote['change']): string[] {
    return [...this.byKey.values()].filter((n) => n.change === change).map((n) => n.recordSetId);
  }

  list(): RecordEventNote[] {
    return [...this.byKey.values()];
  }
}

function noteOf(data: unknown): RecordEventNote | undefined {
  const note = isPlainObject(data) ? data.note : undefined;
  if (!isPlainObject(note) || typeof note.recordSetId !== 'string') return undefined;
  return note.change === 'written' || note.change === 'deleted'
    ? { recordSetId: note.recordSetId, change: note.change }
    : undefined;
}

function emptyResult(dryRun: boolean): ApplyResult {
  return { dryRun, changes: [], conflicts: [], skipped: [], failures: [], calls: { reads: 0, writes: 0, deletes: 0 } };
}

function readInput(raw: unknown): ZoneRunInput {
  const fields = inputObject(WHERE, raw, ['zoneId', 'dryRun', 'notes', 'pass', 'retries', 'rescan', 'timing']);
  const zoneId = resourceIdField(WHERE, fields, 'zoneId');
  const dryRun = optionalBoolean(WHERE, fields, 'dryRun');
  const pass = optionalCount(WHERE, fields, 'pass');
  const retries = optionalCount(WHERE, fields, 'retries');
  const rescan = optionalBoolean(WHERE, fields, 'rescan');
  if (fields.notes !== undefined && !Array.isArray(fields.notes))
    throw new InputError(WHERE, 'notes', 'an array of {recordSetId, change}', fields.notes);
  const notes = (fields.notes ?? []).map((n) => noteOf({ note: n }));
  if (notes.some((n) => n === undefined))
    throw new InputError(WHERE, 'notes', 'an array of {recordSetId, change: "written" | "deleted"}', fields.notes);
  return {
    zoneId,
    ...(dryRun === undefined ? {} : { dryRun }),
    ...(pass === undefined ? {} : { pass }),
    ...(retries === undefined ? {} : { retries }),
    ...(rescan === undefined ? {} : { rescan }),
    notes: notes as RecordEventNote[],
    ...(isPlainObject(fields.timing) ? { timing: fields.timing as Partial<Timing> } : {}),
  };
}
