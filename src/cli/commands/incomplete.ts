/**
 * One notion of an incomplete run for every engine command: something could not be read, so the result may be
 * missing what it would have shown. The JSON carries `failures` (empty when complete) and `complete`; the command
 * prints what and why, and exits 1 — a run that could not see everything never ends like a clean one.
 */
import { reportFailures, type ObservationFailure, type PlanSkip, type ReportedFailure } from '../../core/plan';
import { CliFailure, EXIT_FAILURE } from '../exit';

export interface Completeness {
  failures: ReportedFailure[];
  complete: boolean;
}

export function completeness(failures: readonly ObservationFailure[]): Completeness {
  const distinct = new Map(failures.map((f) => [`${f.stage}|${f.resourceId.toLowerCase()}`, f]));
  return { failures: reportFailures([...distinct.values()]), complete: distinct.size === 0 };
}

/** Ends the command with exit 1 when anything could not be read; says how many, and which deletes that held. */
export function failIfIncomplete(
  command: string,
  failures: readonly ObservationFailure[],
  skipped: readonly PlanSkip[] = [],
): void {
  const unreadable = new Set(failures.map((f) => f.resourceId.toLowerCase())).size;
  if (unreadable === 0) return;
  const held = skipped.filter((s) => s.cause === 'observation-failed').length;
  const consequence = held > 0 ? `, so ${held} DNS delete(s) were held` : '';
  throw new CliFailure(
    `${command}: incomplete: ${unreadable} resource(s) could not be read${consequence}; run again when they can be`,
    EXIT_FAILURE,
  );
}
