/**
 * One notion of an incomplete run, for every report (CLI JSON, HTTP responses, orchestration outcomes): what could
 * not be read, in ARM's words, and `complete` only when nothing is missing. A run that could not see everything is
 * never presented as a clean one.
 */
import type { ObservationFailure } from './observation';
import type { ReconcilePlan } from './changes';

export interface ReportedFailure {
  /** What was being read (`endpoints`, `endpoint`, `zones`, `records`, `targets`, `connections`) or written. */
  stage: string;
  resourceId: string;
  code: string;
  message: string;
}

export function reportFailures(failures: readonly ObservationFailure[]): ReportedFailure[] {
  return failures.map(({ stage, resourceId, code, message }) => ({ stage, resourceId, code, message }));
}

export interface PlanReport extends ReconcilePlan {
  failures: ReportedFailure[];
  complete: boolean;
}

export function planReport(plan: ReconcilePlan, failures: readonly ObservationFailure[]): PlanReport {
  return {
    changes: plan.changes,
    conflicts: plan.conflicts,
    skipped: plan.skipped,
    failures: reportFailures(failures),
    complete: failures.length === 0,
  };
}
