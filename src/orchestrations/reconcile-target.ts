/**
 * The runbook for one resource (a Cosmos DB account that gained a region, a Key Vault with a pending connection, an
 * endpoint written) or one subscription: wait while the resource's own operation runs, decide its connections,
 * refresh its endpoints, reconcile its DNS records, report, and run once more if it changed meanwhile (or, a few
 * times with growing waits, if it could not do everything).
 * Deterministic: every read and write is an activity; time comes from the durable context.
 */
import type { OrchestrationContext } from 'durable-functions';
import {
  inputObject,
  oneOf,
  optionalBoolean,
  optionalCount,
  resourceIdField,
  subscriptionIdField,
} from '../core/input';
import { isPlainObject } from '../core/plain-object';
import { MAX_INCOMPLETE_FAILURES, STEP, type IncompleteRun, type StepSubject } from './contract';
import type { EarlierReads } from '../core/plan';
import type { ApplyResult } from '../engine';
import { RECONCILE_TARGET } from './contract';
import { outcomeOfApplies, type OutcomeFailure, type RunOutcome } from './outcome';
import { callStep, closing, logOutcome, publishOutcome, setPhase, type Step } from './steps';
import { timingOf, type Timing } from './timing';

export interface ReconcileInput {
  resourceId?: string;
  subscriptionId?: string;
  dryRun?: boolean;
  /** Which pass of this instance (a rerun continues as new with pass + 1). */
  pass?: number;
  /** Passes made only to look again for an outside approval. */
  followUps?: number;
  /** Passes made again because the one before could not do everything. */
  retries?: number;
  timing?: Partial<Timing>;
  /** The resource's runs so far were incomplete: since when, and the latest failures (health shows them). */
  incomplete?: IncompleteRun;
}

const WHERE = `${RECONCILE_TARGET}: input`;
/** In this order: decide connections, refresh endpoints, then the records (which a refresh may change). */
const RESOURCE_STEPS = [STEP.applyApprovals, STEP.refreshEndpoints, STEP.reconcileEndpointDns] as const;

export function* reconcileTargetOrchestrator(context: OrchestrationContext): Step<RunOutcome> {
  const input = readInput(context.df.getInput());
  const timing = timingOf(input);
  const pass = input.pass ?? 1;
  const subject: StepSubject =
    input.resourceId !== undefined
      ? { resourceId: input.resourceId }
      : { subscriptionId: input.subscriptionId as string };
  const about = subject.resourceId ?? `/subscriptions/${subject.subscriptionId}`;
  const dryRun = input.dryRun ?? false;
  const failures: OutcomeFailure[] = [];
  const carried = input.incomplete ? { incomplete: input.incomplete } : {};
  setPhase(context, { phase: 'running', pass, ...carried });

  if (subject.resourceId !== undefined) {
    for (let polls = 0; polls < timing.maxBusyPolls; polls++) {
      const state = yield* callStep(
        context,
        STEP.checkOperationInProgress,
        { resourceId: subject.resourceId },
        about,
        failures,
      );
      if (!state?.busy) break;
      setPhase(context, { phase: 'waiting', pass, state: state.state, ...carried });
      yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + timing.busyPollSeconds * 1000));
    }
    setPhase(context, { phase: 'running', pass, ...carried });
  }

  const results: ApplyResult[] = [];
  // Each step hands the next what it read of private DNS: the next reads only what it does not know, and the DNS
  // step still finds a removed region's record, which the endpoint claimed before the refresh step and not after it.
  let earlier: EarlierReads | undefined;
  const targetRuns = new Set<string>();
  for (const step of RESOURCE_STEPS) {
    const handed = subject.resourceId !== undefined && earlier ? { earlier } : {};
    const result = yield* callStep(context, step, { ...subject, dryRun, ...handed }, about, failures);
    if (result) results.push(result);
    if (result?.earlier) earlier = result.earlier;
    for (const target of result?.targetRuns ?? []) targetRuns.add(target);
  }
  // Endpoints whose refresh belongs to their target's own run (so that one run refreshes and deletes for them).
  if (targetRuns.size > 0)
    yield* callStep(context, STEP.startTargetRuns, { targetIds: [...targetRuns] }, about, failures);
  const outcome = outcomeOfApplies(
    { orchestration: RECONCILE_TARGET, instanceId: context.df.instanceId, resourceId: about, pass, dryRun },
    results,
    failures,
  );
  logOutcome(context, outcome);

  const followUps = input.followUps ?? 0;
  const retries = input.retries ?? 0;
  const awaiting = outcome.awaitingApproval > 0 && followUps < timing.maxFollowUps;
  const retry = !outcome.complete && !dryRun && retries < timing.maxRetries;
  const [seconds, phase] = awaiting
    ? [timing.followUpSeconds, 'awaiting-approval' as const]
    : retry
      ? [timing.retrySeconds * 2 ** retries, 'retrying' as const]
      : [timing.closingSeconds, 'closing' as const];
  // A dry run changes nothing, so it neither starts nor ends a resource's incomplete streak.
  const incomplete = dryRun ? input.incomplete : incompleteAfter(input, subject, about, outcome, context);
  const next = yield* closing(context, pass, seconds, phase, incomplete);
  yield* publishOutcome(context, outcome, next !== 'rerun' && !awaiting && !retry);
  const { incomplete: _previous, ...rest } = input;
  const base = { ...rest, ...(incomplete ? { incomplete } : {}) };
  if (next === 'rerun') context.df.continueAsNew({ ...base, pass: pass + 1 });
  else if (awaiting)
    context.df.continueAsNew({
      ...base,
      pass: pass + 1,
      followUps: followUps + 1,
      ...(retry ? { retries: retries + 1 } : {}),
    });
  else if (retry) context.df.continueAsNew({ ...base, pass: pass + 1, retries: retries + 1 });
  return outcome;
}

/** The incomplete streak after this pass: kept (with this pass's failures) while incomplete, ended by a complete pass. */
function incompleteAfter(
  input: ReconcileInput,
  subject: StepSubject,
  about: string,
  outcome: RunOutcome,
  context: OrchestrationContext,
): IncompleteRun | undefined {
  if (outcome.complete) return undefined;
  return {
    resourceId: about,
    subject,
    since: input.incomplete?.since ?? context.df.currentUtcDateTime.toISOString(),
    failures: outcome.failures.slice(0, MAX_INCOMPLETE_FAILURES),
  };
}

function readInput(raw: unknown): ReconcileInput {
  const fields = inputObject(WHERE, raw, [
    'resourceId',
    'subscriptionId',
    'dryRun',
    'pass',
    'followUps',
    'retries',
    'timing',
    'incomplete',
  ]);
  const subject =
    oneOf(WHERE, fields, ['resourceId', 'subscriptionId']) === 'resourceId'
      ? { resourceId: resourceIdField(WHERE, fields, 'resourceId') }
      : { subscriptionId: subscriptionIdField(WHERE, fields, 'subscriptionId') };
  const dryRun = optionalBoolean(WHERE, fields, 'dryRun');
  const pass = optionalCount(WHERE, fields, 'pass');
  const followUps = optionalCount(WHERE, fields, 'followUps');
  const retries = optionalCount(WHERE, fields, 'retries');
  return {
    ...subject,
    ...(dryRun === undefined ? {} : { dryRun }),
    ...(pass === undefined ? {} : { pass }),
    ...(followUps === undefined ? {} : { followUps }),
    ...(retries === undefined ? {} : { retries }),
    ...(isPlainObject(fields.timing) ? { timing: fields.timing as Partial<Timing> } : {}),
    ...(incompleteField(fields.incomplete) ?? {}),
  };
}

/** What the orchestrator itself carried over (or the periodic pass handed on): a `since` and failures, else nothing. */
function incompleteField(value: unknown): { incomplete: IncompleteRun } | undefined {
  if (!isPlainObject(value)) return undefined;
  const candidate = value as Partial<IncompleteRun>;
  if (typeof candidate.since !== 'string' || Number.isNaN(Date.parse(candidate.since))) return undefined;
  if (typeof candidate.resourceId !== 'string' || !isPlainObject(candidate.subject)) return undefined;
  return {
    incomplete: {
      ...(candidate as IncompleteRun),
      failures: Array.isArray(candidate.failures) ? candidate.failures : [],
    },
  };
}
