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
  /**
   * A run about one resource reads records by name: the record sets it read (ARM IDs), those not in `records` absent.
   * Absent for whole-scope observations, which read whole zones.
   */
  recordSetIds?: string[];
}

/** Failures that leave some endpoint's claims unknown: records it may claim must not be deleted meanwhile. */
export function claimsUnknown(failures: readonly ObservationFailure[]): ObservationFailure[] {
  return failures.filter((f) => f.stage === 'endpoint' || f.stage === 'endpoints');
}

/**
 * What one step of a run about one resource read of private DNS, handed to the next step of the same run (activities
 * run one after another) so it reads again only what it does not know: the zones in scope, and the record names read
 * by GET with those of them that exist. Stale data is safe: every write is conditional on the etag (or on absence)
 * that was read, and a 412 reads the name again.
 */
export interface EarlierReads {
  zones: ObservedZone[];
  /** ARM IDs (`<zone ID>/A/<name>`) of the record sets read by name; those not in `records` did not exist. */
  recordSetIds: string[];
  records: ObservedRecordSet[];
  /**
   * The focus's target and its connections, and the endpoints read: a later step that does not decide connections
   * finds the endpoints through them without reading the target again, and a step that writes no record (the
   * refreshes: `refreshEndpoint` reads each endpoint again before writing it) need not read the endpoints again.
   */
  target?: TargetSummary;
  connections?: ObservedConnection[];
  endpoints?: ObservedEndpoint[];
}
