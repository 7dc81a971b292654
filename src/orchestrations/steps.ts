/** Building blocks the orchestrators share: typed, retried step calls, the closing step, the outcome line. */
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import type { OutcomeForEvents } from '../core/outcome-events';
import {
  RERUN_EVENT,
  STEP,
  type IncompleteRun,
  type PassStatus,
  type StepInput,
  type StepName,
  type StepOutput,
} from './contract';
import { outcomeLine, thrownFailure, type OutcomeFailure, type RunOutcome } from './outcome';

/** Transient failures that escape an activity (ARM unreachable for a while, a worker recycled) are retried by durable. */
export function activityRetry(): df.RetryOptions {
  const retry = new df.RetryOptions(5_000, 4);
  retry.backoffCoefficient = 2;
  retry.maxRetryIntervalInMilliseconds = 60_000;
  return retry;
}

export type Step<T> = Generator<Task, T, unknown>;

/**
 * Calls a step (an activity) with retries, its input and output typed by the step contract; a step that still fails
 * becomes a failure of the outcome, never an exception. The one cast: durable hands back what the activity returned.
 */
export function* callStep<K extends StepName>(
  context: OrchestrationContext,
  step: K,
  input: StepInput<K>,
  resourceId: string,
  failures: OutcomeFailure[],
): Step<StepOutput<K> | undefined> {
  try {
    return (yield context.df.callActivityWithRetry(step, activityRetry(), input)) as StepOutput<K>;
  } catch (error) {
    failures.push(thrownFailure(step, resourceId, error));
    return undefined;
  }
}

export function setPhase(context: OrchestrationContext, status: PassStatus & Record<string, unknown>): void {
  context.df.setCustomStatus(status);
}

/**
 * The closing step: a window in which a rerun event (raised while the pass ran, or now) makes the instance run once
 * more. Published as `phase: 'closing'` so starters know an event raised now may race the window's end. While a
 * connection awaits someone else's approval the window is the follow-up interval (`awaiting-approval`), and after an
 * incomplete run it is the wait before the next attempt (`retrying`): either ends in another pass, so no event raised
 * into it can be lost.
 */
export function* closing(
  context: OrchestrationContext,
  pass: number,
  seconds: number,
  phase: 'closing' | 'awaiting-approval' | 'retrying' = 'closing',
  incomplete?: IncompleteRun,
): Step<'rerun' | 'timer'> {
  setPhase(context, { phase, pass, ...(incomplete ? { incomplete } : {}) });
  const rerun = yield* rerunBefore(context, new Date(context.df.currentUtcDateTime.getTime() + seconds * 1000));
  return rerun ? 'rerun' : 'timer';
}

/**
 * Waits for a rerun event until `until`: the event's task when one comes first (the timer is cancelled), else
 * undefined. A durable task is yielded once, so each wait makes its own timer.
 */
export function* rerunBefore(context: OrchestrationContext, until: Date): Step<Task | undefined> {
  const rerun: Task = context.df.waitForExternalEvent(RERUN_EVENT);
  const window = context.df.createTimer(until);
  const first = yield context.df.Task.any([rerun, window]);
  if (first === window) return undefined;
  window.cancel();
  return rerun;
}

/** The outcome line, once per run (not again on each replay). */
export function logOutcome(context: OrchestrationContext, outcome: RunOutcome): void {
  if (!context.df.isReplaying) context.log(outcomeLine(outcome));
}

/**
 * The run's outcome events: state events once, when the run ends (`final`: it will not continue as new), a drift
 * repair from the pass that made it. One attempt, no retry: the activity counts and logs a topic's failure itself, and
 * whatever else goes wrong with it never fails or holds up the run.
 */
export function* publishOutcome(context: OrchestrationContext, outcome: OutcomeForEvents, final: boolean): Step<void> {
  if (!final && (outcome.drift ?? []).length === 0) return;
  const at = context.df.currentUtcDateTime.toISOString();
  const input: StepInput<typeof STEP.publishOutcomeEvents> = { outcome, final, at };
  try {
    yield context.df.callActivity(STEP.publishOutcomeEvents, input);
  } catch {
    // Counted and logged by the activity where it could; a run never fails for its events.
  }
}
