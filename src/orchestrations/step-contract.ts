/**
 * The step contract: every activity's name, the input orchestrations send it and the output it returns. The
 * orchestrations call steps through `callStep` (./steps.ts); the handlers (src/activities) and their registrations
 * (functions/activities.ts, functions/startTargetRuns.ts) are typed by it; so a name, an input or an output that
 * drifts fails to compile. Only types are imported: orchestrations load this module, and it loads no I/O.
 */
import type { EarlierReads } from '../core/plan';
import type { ApplyResult, OperationState, RunSubject, StepResult, SweepResult } from '../engine';
import type { SignalOutcome } from './names';

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
  findOrphans: { input: { now: string }; output: SweepResult };
  markOrDeleteOrphans: {
    input: { now: string; dryRun: boolean; zoneIds: string[]; maxDeletions: number };
    output: SweepResult;
  };
  /** Starts or signals the runs of targets (it needs the durable client, so it is registered on its own). */
  startTargetRuns: { input: { targetIds: string[] }; output: Record<string, SignalOutcome> };
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
  findOrphans: 'findOrphans',
  markOrDeleteOrphans: 'markOrDeleteOrphans',
  startTargetRuns: 'startTargetRuns',
} as const satisfies { readonly [K in StepName]: K };
