/**
 * The engine's seam to Azure Resource Manager: what it needs, declared here and implemented in src/azure (over the
 * official SDK clients) or by any other backend. The engine never sees an SDK type, a client or an HTTP answer.
 */
import type {
  ArmCallCount,
  ObservedConnection,
  ObservedEndpoint,
  ObservedPeering,
  ObservedRecordSet,
  ObservedZone,
  TargetSummary,
} from '../core/model';
import type { DnsRecordChange } from '../core/plan';

/** An ARM failure in the terms callers act on: retry later (transient) or report (permanent), with ARM's own words. */
export interface ClassifiedError {
  transient: boolean;
  /** HTTP status; absent when no answer arrived (connection reset, timeout) or for a failed long-running operation. */
  status?: number;
  /** ARM's error code (`AnotherOperationInProgress`, `ResourceNotFound`, ...) or the socket error code (`ECONNRESET`). */
  code: string;
  message: string;
  /** From `Retry-After` (seconds, or an HTTP date) on throttled answers. */
  retryAfterSeconds?: number;
}

export interface EndpointReadFailure {
  endpointId: string;
  error: ClassifiedError;
}

export interface ObservedEndpoints {
  endpoints: ObservedEndpoint[];
  /**
   * Endpoints that could not be read (404: deleted meanwhile). Their records are unknown, not unclaimed: a caller that
   * plans deletes from this observation must hold them while any failure is listed.
   */
  failures: EndpointReadFailure[];
  calls: ArmCallCount;
}

export interface EndpointFilter {
  /** Keep endpoints with a connection (automatic or manual) to this resource ID or alias; compared case-insensitively. */
  targetId?: string;
}

export interface EndpointRefresh {
  /** `unchanged`: no connection asked for `Recreate`, so nothing was written. */
  outcome: 'refreshed' | 'unchanged';
  /** The endpoint after the PUT completed (or as found). */
  endpoint: ObservedEndpoint;
  calls: ArmCallCount;
}

export interface EndpointZoneGroups {
  endpointId: string;
  managedByZoneGroup: boolean;
  /** Lower-case zone names the groups manage. */
  zoneGroupZones: string[];
}

export interface EndpointPort {
  /**
   * Every endpoint of the subscription (optionally only those connected to one target), with their NICs, from the
   * subscription's listings (pages, not a read per endpoint). Listings do not say whether an endpoint has a private DNS
   * zone group: those endpoints come back with `zoneGroupsUnread`, for `zoneGroupsOf` before a write they justify.
   */
  observeSubscription(subscriptionId: string, filter?: EndpointFilter): Promise<ObservedEndpoints>;
  /** One endpoint by ID with its NICs and zone groups (three reads). */
  observeEndpoint(endpointId: string): Promise<{ endpoint: ObservedEndpoint; calls: ArmCallCount }>;
  /** One endpoint's failure does not stop the others. */
  observeEndpoints(endpointIds: readonly string[]): Promise<ObservedEndpoints>;
  /** Whether each endpoint has private DNS zone groups, and for which zones (one read each). */
  zoneGroupsOf(
    endpointIds: readonly string[],
  ): Promise<{ zoneGroups: EndpointZoneGroups[]; failures: EndpointReadFailure[]; calls: ArmCallCount }>;
  /** PUT of the same payload when a connection asks for `Recreate`, waiting for the long-running operation. Idempotent. */
  refreshEndpoint(endpointId: string): Promise<EndpointRefresh>;
}

export interface ZoneScope {
  subscriptionId: string;
  /** Resource groups that hold the zones; absent or empty = the whole subscription. */
  resourceGroups?: readonly string[];
}

/**
 * The outcome of one planned record change. `precondition-failed` (412) means someone changed the record since it was
 * observed (or created it meanwhile): re-read the zone and plan again, once, before reporting a conflict.
 */
export type DnsWriteResult =
  | { outcome: 'applied'; change: DnsRecordChange; record?: ObservedRecordSet; calls: ArmCallCount }
  | { outcome: 'unchanged'; change: DnsRecordChange; calls: ArmCallCount }
  | { outcome: 'precondition-failed'; change: DnsRecordChange; message: string; calls: ArmCallCount };

export interface ZoneListOptions {
  /** Read each zone's virtual network links too (one more read per zone); default true. A reconcile does not need them. */
  links?: boolean;
}

export interface DnsPort {
  /** The private link zones in scope, each with the virtual networks linked to it (unless `links: false`). */
  listZones(scope: ZoneScope, options?: ZoneListOptions): Promise<{ zones: ObservedZone[]; calls: ArmCallCount }>;
  /** ARM IDs of the virtual networks linked to the zone (its links, all pages). */
  listZoneLinks(zoneId: string): Promise<{ virtualNetworkIds: string[]; calls: ArmCallCount }>;
  /** Every A record set of the zone (all pages). */
  listRecordSets(zoneId: string): Promise<{ records: ObservedRecordSet[]; calls: ArmCallCount }>;
  /** The A record sets of these names that exist (a GET each; a name that does not exist is simply absent). */
  getRecordSets(
    zoneId: string,
    names: readonly string[],
  ): Promise<{ records: ObservedRecordSet[]; calls: ArmCallCount }>;
  /** Conditional on what was observed (If-None-Match on creates, If-Match with the etag on updates and deletes). */
  applyChange(change: DnsRecordChange): Promise<DnsWriteResult>;
}

export type ConnectionDecision = 'approve' | 'reject';

/**
 * - `approved` / `rejected`: written (and any long-running operation finished).
 * - `unchanged`: already in the wanted state; nothing written.
 * - `cannot-approve-rejected`: Azure refuses to approve a rejected connection; the endpoint must be recreated. Not retried.
 * - `disconnected`: the requesting endpoint is gone; the connection cannot change state.
 * - `changed-meanwhile`: no longer in the status the decision was made for (a person decided it since); left as it is.
 */
export type ConnectionUpdateOutcome =
  'approved' | 'rejected' | 'unchanged' | 'cannot-approve-rejected' | 'disconnected' | 'changed-meanwhile';

export interface DecideOptions {
  /**
   * The status the decision was made for (a plan decides Pending connections only). When the connection is found in
   * another status, other than the wanted one, nothing is written: a stale plan never overrides a person's decision.
   */
  expectedStatus?: string;
}

export interface ConnectionUpdate {
  outcome: ConnectionUpdateOutcome;
  /** The connection after the update (or as found, when nothing was written). */
  connection: ObservedConnection;
  calls: ArmCallCount;
}

export interface ConnectionPort {
  /** The target's identity, tags and provisioning state; for Cosmos DB also its API and regions. */
  getTarget(targetId: string): Promise<{ target: TargetSummary; calls: ArmCallCount }>;
  /** Every connection of the target; `known` saves reading the target itself when the caller already has it. */
  listConnections(
    targetId: string,
    known?: TargetSummary,
  ): Promise<{ connections: ObservedConnection[]; target: TargetSummary; calls: ArmCallCount }>;
  decide(
    connection: ObservedConnection,
    decision: ConnectionDecision,
    description: string,
    options?: DecideOptions,
  ): Promise<ConnectionUpdate>;
}

export interface TargetListFailure {
  subscriptionId: string;
  targetType: string;
  error: ClassifiedError;
}

export interface ListedTargets {
  targets: TargetSummary[];
  /**
   * The connections of the targets whose listing carries them inline (Cosmos DB accounts, Key Vaults, Mongo vCore
   * clusters, Private Link Services), by lower-case target ID: no read per target is needed for those.
   */
  connections?: Record<string, ObservedConnection[]>;
  /** One listing failing (say, a resource provider not registered) does not stop the others. */
  failures: TargetListFailure[];
  calls: ArmCallCount;
}

export interface TargetPort {
  /** Every private link target of the known types in the subscription. */
  listTargets(subscriptionId: string): Promise<ListedTargets>;
}

export interface NetworkPort {
  /** The peerings a virtual network lists (all pages), with their state: which hubs a spoke's DNS may resolve through. */
  listPeerings(virtualNetworkId: string): Promise<{ peerings: ObservedPeering[]; calls: ArmCallCount }>;
}

export interface SubscriptionPort {
  /** Lower-case IDs of the enabled subscriptions the credential can see. */
  listSubscriptions(): Promise<string[]>;
}

/** Counts the ARM calls of a unit of work, and of each operation within it, even while operations run concurrently. */
export interface CallMeter {
  readonly calls: ArmCallCount;
  measure<T>(work: () => Promise<T>): Promise<{ value: T; calls: ArmCallCount }>;
}

export interface ArmPorts {
  endpoints: EndpointPort;
  dns: DnsPort;
  connections: ConnectionPort;
  targets: TargetPort;
  networks: NetworkPort;
  subscriptions: SubscriptionPort;
  meter: CallMeter;
  classifyError(error: unknown): ClassifiedError;
}
