import type { ArmCallCount } from '../azure/clients';
import type { TargetSummary } from '../azure/connections';
import type { ObservedConnection, ObservedEndpoint, ObservedRecordSet, ObservedZone } from '../core/model';
import type { PlanConflict, PlanSkip, PlannedChange } from '../core/plan/changes';

/**
 * What a failed read was about. `endpoint` and `endpoints` failures leave claims unknown, so every plan made from the
 * observation holds its DNS deletes; the others only leave their part unobserved.
 */
export type ObservationStage = 'endpoints' | 'endpoint' | 'zones' | 'records' | 'targets' | 'connections';

export interface ObservationFailure {
  stage: ObservationStage;
  /** What could not be read: a subscription, an endpoint, a zone or a target. */
  resourceId: string;
  code: string;
  message: string;
  transient: boolean;
}

/** The one resource a run is about (`--resource`, an event's subject) and what it concerns. */
export interface ResourceFocus {
  resourceId: string;
  kind: 'target' | 'endpoint';
  /** The target (ARM ID or Private Link Service alias); absent when an endpoint could not be read. */
  targetId?: string;
  /** Lower-case IDs of the endpoints whose records, refreshes and connections the run may change. */
  endpointIds: string[];
}

/** Everything one run read from ARM, as plain JSON (activities pass it between each other). */
export interface Observation {
  focus?: ResourceFocus;
  endpoints: ObservedEndpoint[];
  zones: ObservedZone[];
  records: ObservedRecordSet[];
  targets: TargetSummary[];
  connections: ObservedConnection[];
  failures: ObservationFailure[];
  calls: ArmCallCount;
}

export type ChangeOutcome = 'done' | 'failed' | 'skipped' | 'unchanged';

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
