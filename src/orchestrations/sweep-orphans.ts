/**
 * The orphan sweep, zone by zone: find the records no live endpoint claims, then in each zone with work mark new
 * suspects and delete those unclaimed for longer than the grace, within one deletion budget for the whole run.
 * Each zone's step observes the endpoints again, so a record claimed since the survey is never deleted.
 */
import type { OrchestrationContext } from 'durable-functions';
import { inputObject, optionalBoolean } from '../core/input';
import { STEP } from './step-contract';
import type { SweepResult } from '../engine';
import { SWEEP_ORPHANS } from './names';
import { outcomeOfSweeps, type OutcomeFailure, type RunOutcome } from './outcome';
import { callStep, logOutcome, setPhase, type Step } from './steps';

const WHERE = `${SWEEP_ORPHANS}: input`;
const ZONE_SCOPE = 'the DNS zone scope';

export function* sweepOrphansOrchestrator(context: OrchestrationContext): Step<RunOutcome> {
  const dryRun = optionalBoolean(WHERE, inputObject(WHERE, context.df.getInput() ?? {}, ['dryRun']), 'dryRun') ?? false;
  const now = context.df.currentUtcDateTime.toISOString();
  const failures: OutcomeFailure[] = [];
  setPhase(context, { phase: 'running', pass: 1 });

  const survey = yield* callStep(context, STEP.findOrphans, { now }, ZONE_SCOPE, failures);
  const results: SweepResult[] = [];
  const zones = [
    ...new Set(
      (survey?.orphans ?? []).filter((o) => o.action === 'delete' || o.action === 'mark').map((o) => o.zoneId),
    ),
  ].sort();
  // The survey already applied AUTOPILOT_SWEEP_MAX_DELETIONS across the whole scope: its deletes are the run's budget.
  let budget = (survey?.orphans ?? []).filter((o) => o.action === 'delete').length;
  for (const zoneId of zones) {
    const swept = yield* callStep(
      context,
      STEP.markOrDeleteOrphans,
      { now, dryRun, zoneIds: [zoneId], maxDeletions: budget },
      zoneId,
      failures,
    );
    if (!swept) continue;
    results.push(swept);
    budget = Math.max(0, budget - swept.orphans.filter((o) => o.action === 'delete').length);
  }
  const reads = survey ? [{ ...survey, orphans: [] }] : [];
  const outcome = outcomeOfSweeps(
    { orchestration: SWEEP_ORPHANS, instanceId: context.df.instanceId, resourceId: ZONE_SCOPE, pass: 1, dryRun },
    [...reads, ...results],
    failures,
  );
  logOutcome(context, outcome);
  return outcome;
}
