/**
 * The shape of one plan for everything the autopilot would do in a scope: endpoint refreshes, DNS record changes and connection
 * decisions. This is the shape `plan --json` prints and `apply` executes; plan-reconcile computes it from observations only.
 */
import { recordSetId } from '../arm-identity';
import type { DnsConflict, DnsPlanInput, DnsPlanOptions, DnsRecordChange, DnsSkipCause } from './plan-dns';
import type { ClaimsResolver, ObservedConnection, ObservedEndpoint, ObservedRecordSet, ObservedZone } from '../model';
import type { ApprovalPolicy, PolicyError } from '../policy';

export type ChangeKind =
  'endpoint-refresh' | 'dns-create' | 'dns-update' | 'dns-delete' | 'connection-approve' | 'connection-reject';

export interface EndpointRefreshChange {
  kind: 'endpoint-refresh';
  resourceId: string;
  reason: string;
  target: string;
}

export interface DnsChange {
  kind: 'dns-create' | 'dns-update' | 'dns-delete';
  /** ARM ID of the A record set. */
  resourceId: string;
  reason: string;
  record: DnsRecordChange;
}

export interface ConnectionChange {
  kind: 'connection-approve' | 'connection-reject';
  /** ARM ID of the connection on the target. */
  resourceId: string;
  reason: string;
  targetId: string;
  /** The text written on the connection. */
  description: string;
  rule: string | null;
  connection: ObservedConnection;
}

export type PlannedChange = EndpointRefreshChange | DnsChange | ConnectionChange;

/** Why a change was not made: the DNS planner's causes, and those of the plan around it (connections, reads, runs). */
export type PlanSkipCause =
  | DnsSkipCause
  | 'zone-unreadable'
  | 'observation-failed'
  | 'claimant-outside-scope'
  | 'endpoint-failed'
  | 'endpoint-exists'
  | 'connection-left-pending'
  | 'connection-outside-scope'
  | 'cannot-approve-rejected'
  | 'left-to-orphan-sweep'
  | 'left-to-target-run';

export interface PlanSkip {
  resourceId: string;
  reason: string;
  /** A short machine-readable cause, printed by `plan` and matched by the outcome line. */
  cause: PlanSkipCause;
}

export type PlanConflict = DnsConflict & { resourceId: string };

/** What becomes of a planned change when it is applied. */
export type ChangeOutcome = 'done' | 'failed' | 'skipped' | 'unchanged';

export interface ReconcilePlan {
  changes: PlannedChange[];
  conflicts: PlanConflict[];
  skipped: PlanSkip[];
  /** Targets whose own run must refresh endpoints this plan found (skips `left-to-target-run`): the run starts them. */
  targetRuns?: string[];
}

export interface ReconcileInput {
  endpoints: ObservedEndpoint[];
  zones: ObservedZone[];
  records: ObservedRecordSet[];
  connections: ObservedConnection[];
  /** A policy that failed to load approves nothing. */
  policy: ApprovalPolicy | PolicyError;
  claimsOf: ClaimsResolver;
  possibleZones?: DnsPlanInput['possibleZones'];
  placement?: DnsPlanInput['placement'];
  dns: DnsPlanOptions;
}

export { recordSetId };
