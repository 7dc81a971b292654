/** What one run read from ARM, as plain JSON: the input of every plan (activities pass it between each other). */
import type { ArmCallCount, ObservedConnection, ObservedEndpoint, ObservedRecordSet, ObservedZone, TargetSummary } from '../model';

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

/** Failures that leave some endpoint's claims unknown: records it may claim must not be deleted meanwhile. */
export function claimsUnknown(failures: readonly ObservationFailure[]): ObservationFailure[] {
  return failures.filter((f) => f.stage === 'endpoint' || f.stage === 'endpoints');
}
