import type { PlacementFacts } from './placement';
import type { ClaimsResolver, ObservedEndpoint, ObservedRecordSet, ObservedZone, OwnershipMode } from '../../model';

export interface OrphanGrace {
  /** ISO timestamp of this run; the planner never reads the clock. */
  now: string;
  /** How long an unclaimed record stays marked before it is deleted. */
  graceMinutes: number;
}

export interface DnsPlanOptions {
  ownershipMode: OwnershipMode;
  /** Written to `autopilotInstance`; records stamped by another instance are never touched. */
  instanceId: string;
  ttlSeconds: number;
  /** Which unclaimed records this run may delete (e.g. only those of the resource an event named). Default: all. */
  deletable?: (record: ObservedRecordSet) => boolean;
  /** Without it, unclaimed records are deleted at once; with it, they are marked first and deleted after the grace. */
  orphanGrace?: OrphanGrace;
}

export interface DnsPlanInput {
  endpoints: ObservedEndpoint[];
  /** The zones in scope; the planner writes only into these and never creates zones. */
  zones: ObservedZone[];
  /** A record sets observed in the zones. */
  records: ObservedRecordSet[];
  claimsOf: ClaimsResolver;
  /**
   * The zones an endpoint could claim records in, from its target's service (a provisioning endpoint has no FQDNs
   * yet): its unknown claims hold deletes there only. Absent, or undefined for an endpoint: every zone.
   */
  possibleZones?: (endpoint: ObservedEndpoint) => ((zone: string) => boolean) | undefined;
  /** What decides which copies of a zone serve each endpoint (`placement.ts`); absent: links and copies alone. */
  placement?: PlacementFacts;
  options: DnsPlanOptions;
}

export type DnsChangeAction = 'create' | 'update' | 'delete' | 'keep';

export interface DnsRecordChange {
  action: DnsChangeAction;
  zoneId: string;
  zone: string;
  name: string;
  /** `name.zone` (or the zone for `@`), for people. */
  fqdn: string;
  /** The IPs the record has after the change (empty for a delete). */
  ips: string[];
  /** The IPs observed before the change (empty for a create). */
  previousIps: string[];
  ttl: number;
  /** The full metadata to write (for delete and keep: the metadata observed). */
  metadata: Record<string, string>;
  /** The etag observed, for If-Match; absent on creates, which use If-None-Match `*`. */
  etag?: string;
  reason: string;
  /** Lower-case IDs of the endpoints that justify the change. */
  endpoints: string[];
}

export interface DnsConflictClaimant {
  endpointId: string;
  ips: string[];
}

export interface DnsConflict {
  zoneId: string;
  zone: string;
  name: string;
  fqdn: string;
  claimants: DnsConflictClaimant[];
  /** The IPs the record keeps meanwhile; absent when no record exists. */
  currentIps?: string[];
  reason: string;
}

export type DnsSkipCause =
  | 'zone-group'
  | 'not-owned'
  | 'other-instance'
  | 'zone-not-in-scope'
  | 'not-approved'
  | 'endpoint-provisioning'
  | 'not-deletable'
  | 'deletion-limit'
  | 'unmapped-fqdn'
  | 'zone-placement-ambiguous';

export interface DnsSkip {
  cause: DnsSkipCause;
  /** Absent for FQDNs that map to no zone. */
  zoneId?: string;
  zone?: string;
  name?: string;
  /** The record's FQDN, or the unmapped FQDN. */
  fqdn: string;
  endpoints: string[];
  reason: string;
}

export interface DnsPlan {
  changes: DnsRecordChange[];
  conflicts: DnsConflict[];
  skipped: DnsSkip[];
  /** Lower-case IDs of endpoints whose connection is Disconnected, for clean-up. */
  disconnectedEndpoints: string[];
  /** Lower-case IDs of endpoints still provisioning; while any exists the plan holds every delete. */
  provisioningEndpoints: string[];
}
