/**
 * What the starters, the orchestrators and the activities agree on: orchestration names, instance IDs, the rerun event,
 * and the step contract (every activity's name, the input orchestrations send it and the output it returns). The
 * orchestrations call steps through `callStep` (./steps.ts); the handlers (src/activities) and their registrations are
 * typed by it, so a name, an input or an output that drifts fails to compile. Types and constants only: no I/O.
 */
import type { EarlierReads } from '../core/plan';
import type { OutcomeForEvents, PublishedOutcomeEvents } from '../core/outcome-events';
import type {
  ApplyResult,
  OperationState,
  RecordInspection,
  RunSubject,
  StepResult,
  SweepResult,
  ZonePassResult,
} from '../engine';

export const RECONCILE_TARGET = 'reconcileTarget';
export const ENDPOINT_DELETED = 'endpointDeleted';
export const SWEEP_ORPHANS = 'sweepOrphans';
/** What record events (writes and deletes of A record sets) start: one run per zone copy. */
export const RECONCILE_ZONE = 'reconcileZone';
/** The periodic level-triggered pass over every scope subscription (AUTOPILOT_RECONCILE_SCHEDULE). */
export const PERIODIC_RECONCILE = 'periodicReconcile';

/** Raised on a running instance when something changed again; the orchestrator runs once more at its closing step. */
export const RERUN_EVENT = 'rerun';

/** What starting a run did: a new instance, or a rerun event raised on the running one. */
export type SignalOutcome = 'started' | 'signalled';

/** What orchestrators publish as custom status, so starters can tell a pass from its closing step. */
export interface PassStatus {
  phase: 'waiting' | 'running' | 'closing' | 'awaiting-approval' | 'retrying';
  pass: number;
  /** Present while the resource's latest run could not read or do everything; kept after the instance ends. */
  incomplete?: IncompleteRun;
}

/**
 * A resource whose latest run was incomplete: the durable list health shows and the periodic pass restarts. It lives in
 * the resource's own instance (its custom status, and its input across continue-as-new), so it lasts until a run
 * completes, however long that takes; `since` is durable time (the local host's scaled clock, as in Azure).
 */
export interface IncompleteRun {
  /** The run's subject, as its outcome names it (a resource, or `/subscriptions/<id>`). */
  resourceId: string;
  subject: StepSubject;
  /** When the first of the incomplete runs in a row began. */
  since: string;
  /** The latest incomplete run's failures (the first MAX_INCOMPLETE_FAILURES). */
  failures: Array<{ stage: string; resourceId: string; code: string; message: string }>;
}

export const MAX_INCOMPLETE_FAILURES = 20;

/** The sweep is one singleton for the whole zone scope. */
export const SWEEP_INSTANCE_ID = 'sweep-orphans';
/** The periodic pass is one singleton for the whole scope. */
export const PERIODIC_INSTANCE_ID = 'periodic-reconcile';

/**
 * One instance per orchestration and resource (the router's orchestrationKey, or a subscription): storms coalesce and
 * two passes never run on one resource at once. Durable instance IDs may not contain "/", so keys are hashes.
 */
export function instanceIdFor(
  orchestration: typeof RECONCILE_TARGET | typeof ENDPOINT_DELETED | typeof RECONCILE_ZONE,
  key: string,
): string {
  const prefix = { [RECONCILE_TARGET]: 'reconcile', [ENDPOINT_DELETED]: 'cleanup', [RECONCILE_ZONE]: 'zone' }[
    orchestration
  ];
  return `${prefix}-${key.replace(/[^A-Za-z0-9-]/g, '-')}`;
}

/** What a record event tells its zone copy's run (the input of a new run, the data of a rerun event). */
export interface RecordEventNote {
  recordSetId: string;
  /** `written`: read it once to see whether it still holds what we wrote; `deleted`: its claimants are unknown. */
  change: 'written' | 'deleted';
}

// The step contract.

/** One resource (an event's subject) or one subscription (an HTTP request). */
export type StepSubject = RunSubject;

/** Observe, plan, act on one part; `earlier` is the previous step's `earlier` (about one resource only). */
export type ResourceStepInput = StepSubject & { dryRun: boolean; earlier?: EarlierReads };

/** What a resource step returns: the engine's `StepResult` (its result, what it read, the target runs to start). */
export type ResourceStepResult = StepResult;

export interface Steps {
  checkOperationInProgress: { input: { resourceId: string }; output: OperationState };
  applyApprovals: { input: ResourceStepInput; output: ResourceStepResult };
  refreshEndpoints: { input: ResourceStepInput; output: ResourceStepResult };
  reconcileEndpointDns: { input: ResourceStepInput; output: ResourceStepResult };
  cleanupDeletedEndpointDns: { input: { endpointId: string; dryRun: boolean }; output: ApplyResult };
  /** One read of each record that record events said was written (core/drift judgeRecord). */
  inspectRecords: { input: { recordSetIds: string[] }; output: RecordInspection };
  /** One zone copy for every endpoint of the scope: creates and fixes claimed records, deletes none. */
  reconcileZoneDns: {
    input: { zoneId: string; dryRun: boolean; takenOverCandidates: string[] };
    output: ZonePassResult;
  };
  findOrphans: { input: { now: string }; output: SweepResult };
  markOrDeleteOrphans: {
    input: { now: string; dryRun: boolean; zoneIds: string[]; maxDeletions: number };
    output: SweepResult;
  };
  /** Starts or signals the runs of targets (it needs the durable client, so it is registered on its own). */
  startTargetRuns: { input: { targetIds: string[] }; output: Record<string, SignalOutcome> };
  /** Publishes a run's outcome events (registered on its own: it logs its one failure line). Never throws for the topic. */
  publishOutcomeEvents: {
    input: { outcome: OutcomeForEvents; final: boolean; at: string };
    output: PublishedOutcomeEvents;
  };
}

export type StepName = keyof Steps;
export type StepInput<K extends StepName> = Steps[K]['input'];
export type StepOutput<K extends StepName> = Steps[K]['output'];

/** A registered step. Durable hands over stored JSON, so each handler checks its input (naming the field) first. */
export type StepHandler<K extends StepName> = (input: unknown) => Promise<StepOutput<K>>;

/** The step names, each its own constant, so that no orchestration or registration spells one out. */
export const STEP = {
  checkOperationInProgress: 'checkOperationInProgress',
  applyApprovals: 'applyApprovals',
  refreshEndpoints: 'refreshEndpoints',
  reconcileEndpointDns: 'reconcileEndpointDns',
  cleanupDeletedEndpointDns: 'cleanupDeletedEndpointDns',
  inspectRecords: 'inspectRecords',
  reconcileZoneDns: 'reconcileZoneDns',
  findOrphans: 'findOrphans',
  markOrDeleteOrphans: 'markOrDeleteOrphans',
  startTargetRuns: 'startTargetRuns',
  publishOutcomeEvents: 'publishOutcomeEvents',
} as const satisfies { readonly [K in StepName]: K };
