import type { PlacementFacts } from '../plan/dns/placement';
/**
 * What `doctor` (and `GET /api/diagnose`) is given and what it answers. The caller observes Azure and passes plain
 * data in; the diagnosis reads nothing else, so the same input always gives the same report.
 */
import type { SubjectKind } from '../arm-identity';
import type { ObservationFailure } from '../plan/observation';
import type {
  ClaimsResolver,
  ObservedConnection,
  ObservedEndpoint,
  ObservedRecordSet,
  ObservedZone,
  OwnershipMode,
} from '../model';

/** What was asked about: a private link target (Cosmos DB account, Key Vault, Mongo vCore cluster, Private Link Service) or one endpoint. */
export interface DiagnosisSubject {
  kind: SubjectKind;
  /** ARM ID of the target or of the private endpoint. */
  id: string;
}

/** One region of a Cosmos DB account. */
export interface CosmosRegion {
  /** As ARM names it in `locations[].locationName`, e.g. `West US 2`. */
  name: string;
  failoverPriority: number;
  /** `Succeeded`, or `Creating`/`Updating` while the region is being added; absent when unknown. */
  provisioningState?: string;
}

/** What a Cosmos DB account's GET says about private endpoint support and regions. */
export interface CosmosAccountFacts {
  /** `kind`: `GlobalDocumentDB`, `MongoDB` or `Parse`. */
  kind: string;
  /** `capabilities[].name`, e.g. `EnableCassandra`, `EnableGremlin`, `EnableTable`, `EnableMongo`, `EnableServerless`. */
  capabilities: string[];
  /** `apiProperties.serverVersion` for the MongoDB API, e.g. `3.2`, `3.6`, `4.2`. */
  serverVersion?: string;
  /** `locations[]`: every region the account has (read and write), the account's failover candidates. */
  regions: CosmosRegion[];
}

/**
 * The target as observed. Field names match the adapters' `TargetSummary` (src/azure/connection-backends.ts), so
 * its result can be passed as is.
 */
export interface DiagnosisTarget {
  id: string;
  /** e.g. `Microsoft.DocumentDB/databaseAccounts`. */
  type: string;
  /** Defaults to the last name of `id`. */
  name?: string;
  location?: string;
  tags: Record<string, string>;
  /** Present for Cosmos DB accounts (`Microsoft.DocumentDB/databaseAccounts`). */
  cosmos?: CosmosAccountFacts;
}

export interface DiagnosisOptions {
  /** AUTOPILOT_INSTANCE_ID: which records this autopilot owns. */
  instanceId: string;
  /** AUTOPILOT_OWNERSHIP_MODE: decides whether a wrong or stale record can be fixed by `apply`/`sweep` or needs a person. */
  ownershipMode: OwnershipMode;
}

export interface DiagnosisInput {
  subject: DiagnosisSubject;
  /**
   * The target (for an endpoint subject: the endpoint's target). Absent when it could not be read (another tenant,
   * no read access, a Private Link Service known only by its alias): API and failover checks are then skipped.
   */
  target?: DiagnosisTarget;
  /**
   * The private endpoints attached to the target, each once. For an endpoint subject it must contain that endpoint;
   * pass its siblings too when they can be read, or the records they claim look stale.
   */
  endpoints: ObservedEndpoint[];
  /** The target's private endpoint connections (empty when they could not be read). */
  connections: ObservedConnection[];
  /** The private DNS zones in scope, with their virtual network links when observed. */
  zones: ObservedZone[];
  /** The A record sets of those zones. */
  records: ObservedRecordSet[];
  /**
   * Zone names that hold the target's records according to the catalogue. Optional: without it only the zones the
   * endpoints' FQDNs map to are searched for stale records, so a target with no endpoint left shows none.
   */
  targetZoneNames?: string[];
  claimsOf: ClaimsResolver;
  /** The peerings read and the placement setting: which zone copies serve each endpoint (`plan/dns/placement.ts`). */
  placement?: PlacementFacts;
  options: DiagnosisOptions;
  /** What could not be read: the checks that depend on it are reported unknown, never judged on what is missing. */
  failures?: readonly ObservationFailure[];
}

/** `unknown`: the check could not be made because something it needs could not be read. */
export type FindingStatus = 'ok' | 'warning' | 'error' | 'info' | 'unknown';

/** Stable check IDs, in the order the report lists them. */
export const CHECKS = [
  'observation',
  'target-observed',
  'connection-status',
  'actions-required',
  'api-support',
  'endpoint-provisioning',
  'fqdn-mapping',
  'dns-zone',
  'dns-record',
  'zone-link',
  'stale-records',
  'failover-readiness',
] as const;
export type CheckId = (typeof CHECKS)[number];

export interface Finding {
  check: CheckId;
  status: FindingStatus;
  /** ARM ID of what the finding is about: a connection, an endpoint, a record set, a zone or the target. */
  subject: string;
  message: string;
  /** Who must do what; empty when nothing is to be done. */
  action: string;
}

export interface DiagnosisReport {
  subject: DiagnosisSubject;
  /**
   * The worst finding: `error` over `warning` over `unknown` over `ok`; `info` findings never make a report worse.
   * Never `ok` while something could not be checked.
   */
  status: 'ok' | 'warning' | 'error' | 'unknown';
  counts: Record<FindingStatus, number>;
  findings: Finding[];
}
