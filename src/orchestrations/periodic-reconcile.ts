/**
 * The periodic level-triggered pass: every scope subscription reconciled as a subscription run (decide connections,
 * start the refreshes of targets that need one, create and fix records; delete none: a subscription run leaves records
 * nobody claims to the orphan sweep, core/plan run-policy). It is the backstop for lost events, for zones whose
 * subscription has no topic and for resources whose latest run was incomplete. In a converged estate it reads pages.
 */
import type { OrchestrationContext } from 'durable-functions';
import { inputObject, InputError, optionalBoolean } from '../core/input';
import { isGuid } from '../core/guid';
import type { ApplyResult } from '../engine';
import { PERIODIC_RECONCILE, STEP } from './contract';
import { outcomeOfApplies, withDrift, type OutcomeFailure, type RunOutcome } from './outcome';
import { callStep, logOutcome, publishOutcome, setPhase, type Step } from './steps';

export interface PeriodicInput {
  /** The scope subscriptions when the timer fired (the starter reads the settings; the orchestrator reads nothing). */
  subscriptionIds: string[];
  /** AUTOPILOT_DRY_RUN when the timer fired (the activities apply it anyway; the outcome says so). */
  dryRun: boolean;
}

const WHERE = `${PERIODIC_RECONCILE}: input`;
export const WHOLE_SCOPE = 'the scope';
const SUBSCRIPTION_STEPS = [STEP.applyApprovals, STEP.refreshEndpoints, STEP.reconcileEndpointDns] as const;

export function* periodicReconcileOrchestrator(context: OrchestrationContext): Step<RunOutcome> {
  const { subscriptionIds, dryRun } = readInput(context.df.getInput());
  const failures: OutcomeFailure[] = [];
  const results: ApplyResult[] = [];
  const targetRuns = new Set<string>();
  setPhase(context, { phase: 'running', pass: 1 });
  for (const subscriptionId of subscriptionIds) {
    const about = `/subscriptions/${subscriptionId}`;
    for (const step of SUBSCRIPTION_STEPS) {
      const result = yield* callStep(context, step, { subscriptionId, dryRun }, about, failures);
      if (result) results.push(result);
      for (const target of result?.targetRuns ?? []) targetRuns.add(target);
    }
  }
  if (targetRuns.size > 0)
    yield* callStep(context, STEP.startTargetRuns, { targetIds: [...targetRuns] }, WHOLE_SCOPE, failures);
  const base = outcomeOfApplies(
    { orchestration: PERIODIC_RECONCILE, instanceId: context.df.instanceId, resourceId: WHOLE_SCOPE, pass: 1, dryRun },
    results,
    failures,
  );
  // Every record it creates or fixes is one no event repaired: drift (a lost event, a zone without a topic).
  const outcome = withDrift(base, results, []);
  logOutcome(context, outcome);
  yield* publishOutcome(context, outcome, true);
  return outcome;
}

function readInput(raw: unknown): PeriodicInput {
  const fields = inputObject(WHERE, raw, ['subscriptionIds', 'dryRun']);
  const ids = fields.subscriptionIds;
  if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string' && isGuid(id)))
    throw new InputError(WHERE, 'subscriptionIds', 'an array of subscription IDs (GUIDs)', ids);
  return { subscriptionIds: ids, dryRun: optionalBoolean(WHERE, fields, 'dryRun') ?? false };
}
