/**
 * The fleet report: the doctor's checks for every target in scope, as one JSON document
 * `{"generatedAt", "summary", "targets", "failures", "complete"}`. Markdown and HTML render this and nothing else.
 */
import type { Finding, FindingStatus, RecordState } from '../diagnose';
import type { ReportedFailure } from '../plan/report';

/**
 * A target's verdict, from the doctor's status (the worst finding; `info` never counts):
 * - `broken`: some finding is an error (private access fails now for some client, region or record);
 * - `needs-human`: no error, but some finding is a warning (a connection Pending, actionsRequired, a stale or extra
 *   record, an endpoint or region still provisioning): someone should look;
 * - `unknown`: no error or warning, but something the checks need could not be read;
 * - `healthy`: every check passed.
 */
export type TargetStatus = 'broken' | 'needs-human' | 'unknown' | 'healthy';
/** Worst first: the order rows are listed in. */
export const TARGET_STATUSES: readonly TargetStatus[] = ['broken', 'needs-human', 'unknown', 'healthy'];

export interface FleetSummary {
  targets: number;
  healthy: number;
  needsHuman: number;
  broken: number;
  unknown: number;
  /** Private endpoints attached to the targets listed (each once). */
  endpoints: number;
}

export interface EndpointIp {
  /** `requiredMemberName`, e.g. `acct-westus`; empty when unknown. */
  member: string;
  ip: string;
  fqdns: string[];
}

export interface EndpointRow {
  id: string;
  name: string;
  provisioningState: string;
  /** The connection's status as the endpoint sees it. */
  connectionStatus: string;
  actionsRequired: string | null;
  /** Azure's private DNS zone group writes its records; the autopilot leaves them alone. */
  managedByZoneGroup: boolean;
  subnetId: string | null;
  ips: EndpointIp[];
}

export interface ConnectionRow {
  id: string;
  name: string;
  endpointId: string | null;
  /** As the target sees it: Approved, Pending, Rejected, Disconnected, ... */
  status: string;
  description: string;
  actionsRequired: string | null;
}

/** Which copy of a zone a record was looked for in: zones of one name may exist in several resource groups (hubs). */
export interface ZoneCopy {
  zoneId: string;
  subscriptionId: string;
  resourceGroup: string;
  zone: string;
}

export interface DnsRow {
  /** The private name, e.g. `acct-westus.privatelink.documents.azure.com`. */
  fqdn: string;
  /** The public FQDN (or alias) the claim comes from. */
  source: string;
  endpointId: string;
  /** The endpoint's IP the record must hold. */
  expectedIp: string;
  /** The copy checked; null when no zone of the name is in scope. */
  zoneCopy: ZoneCopy | null;
  /** What the record holds now; empty when it does not exist. */
  recordIps: string[];
  state: RecordState;
}

/** Failover readiness of one Cosmos DB region: the Cosmos DB how-to's "mapped to all private endpoints" limitation. */
export interface RegionRow {
  region: string;
  failoverPriority: number;
  member: string;
  /** The doctor's failover-readiness status for the region: ok only when every Approved endpoint maps it with DNS. */
  status: FindingStatus;
  ready: boolean;
  /** Approved endpoints with no IP for the region's member. */
  unmappedBy: string[];
  /** Every endpoint that keeps the region from being ready (unmapped, a missing record, failed, provisioning). */
  blockedBy: string[];
  message: string;
  action: string;
}

export interface TargetRow {
  /** ARM ID, or the Private Link Service alias an endpoint reaches it by. */
  id: string;
  name: string;
  /** Null when the target could not be read (another tenant, no access, an alias). */
  type: string | null;
  status: TargetStatus;
  counts: Record<FindingStatus, number>;
  endpoints: EndpointRow[];
  connections: ConnectionRow[];
  dns: DnsRow[];
  failover: RegionRow[];
  /** In the doctor's checklist order; each with what to do. */
  findings: Finding[];
}

/** How the report can be had: the JSON document, Markdown for a ticket, or the self-contained HTML page. */
export const REPORT_FORMATS = ['json', 'markdown', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface FleetReport {
  /** ISO 8601, UTC. */
  generatedAt: string;
  summary: FleetSummary;
  /** Worst status first, then by name and ID. */
  targets: TargetRow[];
  /** What could not be read, each once. */
  failures: ReportedFailure[];
  /** False when anything could not be read: rows may be missing or judged unknown. */
  complete: boolean;
}
