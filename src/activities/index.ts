/**
 * The durable activity handlers, by name: plain async functions, JSON in and JSON out, idempotent, each as thin as a
 * function file: check its input (naming the field), call one engine step, return its typed output. Registration with
 * durable-functions happens in functions/; the names, inputs and outputs are the step contract
 * (orchestrations/contract). What a run may do is not decided here: it is the run's policy (core/plan RunPolicy).
 */
import {
  inputObject,
  isoTimeField,
  oneOf,
  optionalBoolean,
  optionalCount,
  optionalEarlierReads,
  optionalResourceIds,
  resourceIdField,
  subscriptionIdField,
  type InputRecord,
} from '../core/input';
import { loadSettings } from '../core/settings';
import { createArmContext } from '../azure/ports';
import type {
  ApplyPart,
  ApplyResult,
  EngineContext,
  OperationState,
  RunSubject,
  StepResult,
  SweepResult,
} from '../engine';
import {
  cleanupDeletedEndpointDns as cleanup,
  dryRunFor,
  inspectRecords,
  operationInProgress,
  reconcileStep,
  reconcileZoneCopy,
  sweep,
  type RecordInspection,
  type ZonePassResult,
} from '../engine';
import { STEP, type StepHandler, type StepName } from '../orchestrations/contract';

/**
 * Builds the engine context for one activity invocation: fresh clients (so the result's call counts are the
 * invocation's own) and the settings as they are now. Tests pass their own.
 */
export type ContextFactory = () => EngineContext;

export function contextFromEnvironment(env: NodeJS.ProcessEnv = process.env): ContextFactory {
  return () => createArmContext({ settings: loadSettings(env) });
}

/**
 * The steps built here: all but startTargetRuns, which needs the durable client (functions/startTargetRuns.ts), and
 * publishOutcomeEvents, which logs through its invocation (functions/publishOutcomeEvents.ts).
 */
type OwnRegistration = typeof STEP.startTargetRuns | typeof STEP.publishOutcomeEvents;
export type ActivityName = Exclude<StepName, OwnRegistration>;
export type ActivityHandlers = { [K in ActivityName]: StepHandler<K> };

export const ACTIVITY_NAMES: readonly ActivityName[] = Object.values(STEP).filter(
  (name): name is ActivityName => name !== STEP.startTargetRuns && name !== STEP.publishOutcomeEvents,
);

export function buildActivities(makeContext: ContextFactory = contextFromEnvironment()): ActivityHandlers {
  return {
    checkOperationInProgress: checkOperationInProgress(makeContext),
    applyApprovals: applyApprovals(makeContext),
    refreshEndpoints: refreshEndpoints(makeContext),
    reconcileEndpointDns: reconcileEndpointDns(makeContext),
    cleanupDeletedEndpointDns: cleanupDeletedEndpointDns(makeContext),
    inspectRecords: inspectRecordsStep(makeContext),
    reconcileZoneDns: reconcileZoneDns(makeContext),
    findOrphans: findOrphans(makeContext),
    markOrDeleteOrphans: markOrDeleteOrphans(makeContext),
  };
}

/** Handlers reading their settings from the process environment, as the function app runs them. */
export const activities = buildActivities();

export { InputError } from '../core/input';
export { outcomeEventCounters, publishOutcomeEvents, type OutcomeEventCounters } from './outcome-events';

// Steps about one resource (an event's subject) or one subscription (an HTTP request): whether its own operation still
// runs, then decide its connections, refresh its endpoints and reconcile its records, each a step of its own so an
// orchestration can retry one without repeating the others.

/** Whether the resource's own operation (a region being added, an endpoint being created) is still running. */
function checkOperationInProgress(makeContext: ContextFactory) {
  return async (input: unknown): Promise<OperationState> => {
    const where = 'checkOperationInProgress: input';
    const resourceId = resourceIdField(where, inputObject(where, input, ['resourceId']), 'resourceId');
    return operationInProgress(makeContext(), resourceId);
  };
}

function applyApprovals(makeContext: ContextFactory) {
  return stepOf('applyApprovals', 'connections', makeContext);
}

function refreshEndpoints(makeContext: ContextFactory) {
  return stepOf('refreshEndpoints', 'refreshes', makeContext);
}

function reconcileEndpointDns(makeContext: ContextFactory) {
  return stepOf('reconcileEndpointDns', 'dns', makeContext);
}

/** `{resourceId | subscriptionId, dryRun?, earlier?}` → one `reconcileStep` on its part. */
function stepOf(activity: string, part: ApplyPart, makeContext: ContextFactory) {
  return async (input: unknown): Promise<StepResult> => {
    const where = `${activity}: input`;
    const fields = inputObject(where, input, ['resourceId', 'subscriptionId', 'dryRun', 'earlier']);
    const subject = subjectOf(where, fields);
    const dryRun = optionalBoolean(where, fields, 'dryRun') ?? false;
    const earlier = subject.resourceId ? optionalEarlierReads(where, fields, 'earlier') : undefined;
    return reconcileStep(makeContext(), { subject, part, dryRun, ...(earlier ? { earlier } : {}) });
  };
}

function subjectOf(where: string, fields: InputRecord): RunSubject {
  return oneOf(where, fields, ['resourceId', 'subscriptionId']) === 'resourceId'
    ? { resourceId: resourceIdField(where, fields, 'resourceId') }
    : { subscriptionId: subscriptionIdField(where, fields, 'subscriptionId') };
}

// Steps over the DNS zone scope: cleaning up after a deleted endpoint, and the orphan sweep.

function cleanupDeletedEndpointDns(makeContext: ContextFactory) {
  return async (input: unknown): Promise<ApplyResult> => {
    const where = 'cleanupDeletedEndpointDns: input';
    const fields = inputObject(where, input, ['endpointId', 'dryRun']);
    const endpointId = resourceIdField(where, fields, 'endpointId');
    const asked = optionalBoolean(where, fields, 'dryRun') ?? false;
    const ctx = makeContext();
    return cleanup(ctx, endpointId, { dryRun: dryRunFor(ctx, asked) });
  };
}

// Steps of record events (core/drift decides what they lead to).

/** `{recordSetIds}`: one read of each, judged against what the autopilot last wrote into it. */
function inspectRecordsStep(makeContext: ContextFactory) {
  return async (input: unknown): Promise<RecordInspection> => {
    const where = 'inspectRecords: input';
    const ids = optionalResourceIds(where, inputObject(where, input, ['recordSetIds']), 'recordSetIds') ?? [];
    return inspectRecords(makeContext(), ids);
  };
}

/** `{zoneId, dryRun?, takenOverCandidates?}`: the pass over one zone copy. */
function reconcileZoneDns(makeContext: ContextFactory) {
  return async (input: unknown): Promise<ZonePassResult> => {
    const where = 'reconcileZoneDns: input';
    const fields = inputObject(where, input, ['zoneId', 'dryRun', 'takenOverCandidates']);
    const zoneId = resourceIdField(where, fields, 'zoneId');
    const dryRun = optionalBoolean(where, fields, 'dryRun') ?? false;
    const takenOverCandidates = optionalResourceIds(where, fields, 'takenOverCandidates') ?? [];
    return reconcileZoneCopy(makeContext(), { zoneId, dryRun, takenOverCandidates });
  };
}

/** What the timer sweep would do now; writes nothing. */
function findOrphans(makeContext: ContextFactory) {
  return async (input: unknown): Promise<SweepResult> => {
    const where = 'findOrphans: input';
    const now = isoTimeField(where, inputObject(where, input, ['now']), 'now');
    const ctx = makeContext();
    return sweep(ctx, {
      now,
      graceMinutes: ctx.settings.sweepGraceMinutes,
      maxDeletions: ctx.settings.sweepMaxDeletions,
      delete: false,
    });
  };
}

/**
 * The timer sweep: marks unclaimed records of ours, deletes those unclaimed longer than the grace, at most the limit
 * per run. An orchestration going zone by zone passes the zones and what is left of the run's deletion budget.
 */
function markOrDeleteOrphans(makeContext: ContextFactory) {
  return async (input: unknown): Promise<SweepResult> => {
    const where = 'markOrDeleteOrphans: input';
    const fields = inputObject(where, input, ['now', 'dryRun', 'zoneIds', 'maxDeletions']);
    const now = isoTimeField(where, fields, 'now');
    const asked = optionalBoolean(where, fields, 'dryRun') ?? false;
    const zoneIds = optionalResourceIds(where, fields, 'zoneIds');
    const ctx = makeContext();
    const budget = optionalCount(where, fields, 'maxDeletions');
    return sweep(ctx, {
      now,
      graceMinutes: ctx.settings.sweepGraceMinutes,
      maxDeletions: Math.min(budget ?? ctx.settings.sweepMaxDeletions, ctx.settings.sweepMaxDeletions),
      delete: !dryRunFor(ctx, asked),
      ...(zoneIds ? { zoneIds } : {}),
    });
  };
}
