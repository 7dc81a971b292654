import type { ArmCallCount } from '../core/model';
import type { ChangeOutcome, ObservationFailure, PlanConflict, PlanSkip, PlannedChange } from '../core/plan';

export type AppliedChange = PlannedChange & {
  outcome: ChangeOutcome;
  /** Why it failed, in ARM's words (code: message). */
  error?: string;
  /** Why it was skipped or unchanged. */
  detail?: string;
};

export interface ApplyResult {
  dryRun: boolean;
  changes: AppliedChange[];
  conflicts: PlanConflict[];
  skipped: PlanSkip[];
  failures: ObservationFailure[];
  calls: ArmCallCount;
}

export interface ProgressEvent {
  /** 1-based position among the changes made so far. */
  index: number;
  /** The changes known so far (grows when DNS is planned again after approvals and refreshes). */
  total: number;
  change: AppliedChange;
}
