/**
 * The changes of one plan for everything the autopilot would do in a scope: endpoint refreshes, DNS record changes and connection
 * decisions. This is the shape `plan --json` prints and `apply` executes; it is computed from observations only.
 */
import { recordSetId } from '../arm-identity';
import {
  planDns,
  type DnsConflict,
  type DnsPlanInput,
  type DnsPlanOptions,
  type DnsRecordChange,
  type DnsSkip,
  type DnsSkipCause,
} from './plan-dns';
import type { ClaimsResolver, ObservedConnection, ObservedEndpoint, ObservedRecordSet, ObservedZone } from '../model';
import { decideSafely, type ApprovalPolicy, type PolicyError } from '../policy';

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
  dns: DnsPlanOptions;
}

export { recordSetId };

/** Endpoint refreshes, DNS changes and connection decisions from observed state; `planReconcile` adds what a run knows. */
export function planChanges(input: ReconcileInput): ReconcilePlan {
  const dnsPlan = planDns({
    endpoints: input.endpoints,
    zones: input.zones,
    records: input.records,
    claimsOf: input.claimsOf,
    ...(input.possibleZones ? { possibleZones: input.possibleZones } : {}),
    options: input.dns,
  });
  const changes: PlannedChange[] = [...input.endpoints.flatMap(refreshOf), ...dnsPlan.changes.flatMap(dnsChangeOf)];
  const skipped: PlanSkip[] = dnsPlan.skipped.map(dnsSkipOf);
  for (const connection of input.connections) {
    const outcome = connectionOutcome(connection, input.policy);
    if (outcome.kind === 'change') changes.push(outcome.change);
    else if (outcome.kind === 'skip') skipped.push(outcome.skip);
  }
  return {
    changes,
    conflicts: dnsPlan.conflicts.map((c) => ({ ...c, resourceId: recordSetId(c.zoneId, c.name) })),
    skipped,
  };
}

export function needsRefresh(endpoint: ObservedEndpoint): boolean {
  return endpoint.actionsRequired?.trim().toLowerCase() === 'recreate';
}

function refreshOf(endpoint: ObservedEndpoint): EndpointRefreshChange[] {
  if (!needsRefresh(endpoint)) return [];
  return [
    {
      kind: 'endpoint-refresh',
      resourceId: endpoint.id,
      target: endpoint.target,
      reason:
        'connection shows actionsRequired "Recreate" (the target changed, e.g. a Cosmos DB region was added or removed): ' +
        'PUT the endpoint with the same payload, then plan DNS again from its new IP configurations',
    },
  ];
}

function dnsChangeOf(change: DnsRecordChange): DnsChange[] {
  if (change.action === 'keep') return [];
  return [
    {
      kind: `dns-${change.action}`,
      resourceId: recordSetId(change.zoneId, change.name),
      reason: change.reason,
      record: change,
    },
  ];
}

function dnsSkipOf(skip: DnsSkip): PlanSkip {
  const resourceId = skip.zoneId && skip.name ? recordSetId(skip.zoneId, skip.name) : skip.fqdn;
  return { resourceId, reason: skip.reason, cause: skip.cause };
}

type ConnectionOutcome =
  { kind: 'change'; change: ConnectionChange } | { kind: 'skip'; skip: PlanSkip } | { kind: 'none' };

/** Only Pending connections are decided: the autopilot never revokes an approval a person or an earlier run made. */
function connectionOutcome(connection: ObservedConnection, policy: ApprovalPolicy | PolicyError): ConnectionOutcome {
  const status = connection.status.trim().toLowerCase();
  const decision = decideSafely(policy, connection);
  if (status === 'rejected' && decision.decision === 'approve') {
    return {
      kind: 'skip',
      skip: {
        resourceId: connection.id,
        cause: 'cannot-approve-rejected',
        reason: `policy would approve (${decision.reason}), but a rejected connection cannot be approved again: recreate the private endpoint`,
      },
    };
  }
  if (status !== 'pending') return { kind: 'none' };
  if (decision.decision === 'leave-pending') {
    return {
      kind: 'skip',
      skip: { resourceId: connection.id, cause: 'connection-left-pending', reason: decision.reason },
    };
  }
  return {
    kind: 'change',
    change: {
      kind: decision.decision === 'approve' ? 'connection-approve' : 'connection-reject',
      resourceId: connection.id,
      targetId: connection.targetId,
      reason: decision.reason,
      description: decision.description ?? decision.reason,
      rule: decision.rule,
      connection,
    },
  };
}
