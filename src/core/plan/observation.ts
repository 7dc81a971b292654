/** What one run read from ARM, as plain JSON: the input of every plan (activities pass it between each other). */
import type { SubjectKind } from '../arm-identity';
import type {
  ArmCallCount,
  ObservedConnection,
  ObservedEndpoint,
  ObservedPeering,
  ObservedRecordSet,
  ObservedZone,
  TargetSummary,
} from '../model';
import { resourceName, tryParseResourceId } from '../resource-id';
import type { ReconcilePlan } from './changes';

/**
 * What a failed read was about. `endpoint` and `endpoints` failures leave claims unknown, so every plan made from the
 * observation holds its DNS deletes; the others only leave their part unobserved.
 */
export type ObservationStage =
  'endpoints' | 'endpoint' | 'zones' | 'records' | 'targets' | 'connections' | 'links' | 'peerings';

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
  kind: SubjectKind;
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
  /**
   * Every copy of the zones in scope as listed, with links where read, when some are not in `zones` (not asked for, or
   * their records could not be read): endpoints are placed among all of them, though only `zones` are planned.
   */
  zoneCopies?: ObservedZone[];
  /** The peerings of the endpoints' virtual networks, each network read once: where zone copies are placed. */
  peerings?: ObservedPeering[];
  /** ARM IDs of the networks whose peerings were read (those listing none included). */
  peeringNetworkIds?: string[];
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
  /** The peerings read and the networks they were read of (`Observation.peerings`, `peeringNetworkIds`). */
  peerings?: ObservedPeering[];
  peeringNetworkIds?: string[];
}

/**
 * The planner sees only the zones that were read, so a record in a zone that could not be read (or when the zones
 * could not be listed) comes out as "zone … is not in scope". Says what happened instead.
 */
export function explainUnreadableZones(plan: ReconcilePlan, failures: readonly ObservationFailure[]): ReconcilePlan {
  const listing = failures.find((f) => f.stage === 'zones');
  const unreadable = failures.flatMap((f) => {
    const parsed = f.stage === 'records' ? tryParseResourceId(f.resourceId) : undefined;
    const zone = parsed && resourceName(parsed)?.toLowerCase();
    return zone ? [{ zone, failure: f }] : [];
  });
  if (!listing && unreadable.length === 0) return plan;
  const why = (fqdn: string): string | undefined => {
    const name = fqdn.toLowerCase();
    const read = unreadable.find(({ zone }) => name === zone || name.endsWith(`.${zone}`));
    if (read)
      return `zone ${read.zone} could not be read (${read.failure.code}: ${read.failure.message}); nothing is planned in it`;
    if (listing)
      return `its zone could not be read: the private DNS zones of ${listing.resourceId} could not be listed (${listing.code}: ${listing.message}); nothing is planned in it`;
    return undefined;
  };
  return {
    ...plan,
    skipped: plan.skipped.map((skip) => {
      const reason = skip.cause === 'zone-not-in-scope' ? why(skip.resourceId) : undefined;
      return reason === undefined ? skip : { ...skip, cause: 'zone-unreadable', reason };
    }),
  };
}
