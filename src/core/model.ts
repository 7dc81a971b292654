/**
 * Observed state and plans in domain terms. Adapters translate ARM payloads into these shapes; the pure core
 * (catalogue, planner, policy, router) reads and returns only these.
 */

/** Connection status as ARM spells it. Other strings are possible (providers add their own); treat them as not Approved. */
export type ConnectionStatus = 'Approved' | 'Pending' | 'Rejected' | 'Disconnected' | (string & {});

/** One private IP of an endpoint, from its NIC's `ipConfigurations[].properties.privateLinkConnectionProperties` or its `customDnsConfigs`. */
export interface ObservedIpConfiguration {
  /** e.g. `Sql`, `vault`, `MongoCluster`; empty for alias-based Private Link Services. */
  groupId: string;
  /** `requiredMemberName`, e.g. `acct` (global) or `acct-westus`; empty when unknown. */
  memberName: string;
  /** Public FQDNs this IP serves, e.g. `acct-westus.documents.azure.com`. May be empty (alias-based services). */
  fqdns: string[];
  ipAddress: string;
}

export interface ObservedEndpoint {
  /** ARM ID of the private endpoint. */
  id: string;
  location?: string;
  /** `Succeeded`, `Creating`, `Updating`, `Deleting`, `Failed`. */
  provisioningState: string;
  /** The status of the endpoint's connection (auto or manual) as the endpoint sees it. */
  connectionStatus: ConnectionStatus;
  /** `None`, `Recreate`, ... (Storage spells the field `actionRequired`; adapters fold both here). */
  actionsRequired?: string;
  /** ARM ID of the target (Cosmos account, vault, Private Link Service) or a Private Link Service alias. */
  target: string;
  groupIds: string[];
  /** Empty while Azure is still provisioning the endpoint: never read that as "no records needed". */
  ipConfigurations: ObservedIpConfiguration[];
  /** True when the endpoint has a private DNS zone group: Azure manages its records, we do not touch them. */
  managedByZoneGroup: boolean;
  /** Zone names that the zone group manages (lower case), when known. */
  zoneGroupZones?: string[];
  /**
   * True when the endpoint came from a listing that does not say whether it has a zone group (`managedByZoneGroup`
   * is then false until read): the engine reads its zone groups before writing any record it justifies.
   */
  zoneGroupsUnread?: boolean;
  /** ARM ID of the endpoint's subnet, for virtual-network link checks. */
  subnetId?: string;
}

/** An A record set in a private DNS zone. */
export interface ObservedRecordSet {
  /** ARM ID of the zone that holds the record (zones of one name may exist in several resource groups). */
  zoneId: string;
  /** Zone name, lower case, e.g. `privatelink.documents.azure.com`. */
  zone: string;
  /** Relative record name, lower case: `acct-westus`, `*` or `@`. */
  name: string;
  ips: string[];
  ttl: number;
  metadata: Record<string, string>;
  etag?: string;
}

export interface ObservedZone {
  id: string;
  /** Lower case. */
  name: string;
  /** ARM IDs of the virtual networks linked to the zone. */
  linkedVirtualNetworkIds?: string[];
}

/** A virtual network peering as its local network lists it (`virtualNetworkPeerings.list`). */
export interface ObservedPeering {
  /** ARM ID of the network that lists the peering. */
  networkId: string;
  /** ARM ID of the network on the other side. */
  remoteNetworkId: string;
  /** `Connected` once both sides exist; `Initiated` or `Disconnected` otherwise. */
  state: string;
}

/** What one endpoint IP needs in private DNS. */
export interface RecordClaim {
  /** Lower-case zone name. */
  zone: string;
  /** Lower-case relative record name. */
  name: string;
  ip: string;
  endpointId: string;
  /** The FQDN (or alias) this claim comes from, for explanations. */
  source: string;
}

export interface UnmappedFqdn {
  endpointId: string;
  fqdn: string;
  reason: string;
}

export interface EndpointClaims {
  claims: RecordClaim[];
  unmapped: UnmappedFqdn[];
}

/** Decides what records an endpoint needs; built from the service catalogue. Injected into the planner. */
export type ClaimsResolver = (endpoint: ObservedEndpoint) => EndpointClaims;

/**
 * Who may be touched:
 * - `owned-only`: only record sets that carry our ownership metadata are updated or deleted.
 * - `adopt`: record sets without ownership metadata that a live endpoint claims may be updated (and stamped as ours);
 *   unowned orphans are still never deleted.
 * - `adopt-and-delete`: as `adopt`, and unowned orphans may be deleted too.
 */
export const OWNERSHIP_MODES = ['owned-only', 'adopt', 'adopt-and-delete'] as const;
export type OwnershipMode = (typeof OWNERSHIP_MODES)[number];

export const OWNERSHIP_METADATA_KEY = 'managedBy';
export const OWNERSHIP_METADATA_VALUE = 'privatelink-autopilot';
export const INSTANCE_METADATA_KEY = 'autopilotInstance';
export const ENDPOINTS_METADATA_KEY = 'autopilotEndpoints';
export const ORPHANED_SINCE_METADATA_KEY = 'autopilotOrphanedSince';
/**
 * What the autopilot last wrote into the record (`<IPs, comma-separated>;ttl=<seconds>`): a record whose IPs or TTL no
 * longer match it was changed by someone else, which a record event can tell with one read (core/drift.ts).
 */
export const WRITTEN_METADATA_KEY = 'autopilotWritten';

/** A connection on a target (Cosmos account, Mongo vCore cluster, Key Vault, Private Link Service, Storage ...). */
export interface ObservedConnection {
  /** ARM ID of the connection. */
  id: string;
  name: string;
  /** ARM ID of the target resource (the connection's parent). */
  targetId: string;
  /** e.g. `Microsoft.DocumentDB/databaseAccounts`. */
  targetType: string;
  targetTags: Record<string, string>;
  /** ARM ID of the requesting private endpoint (may live in another tenant or subscription). */
  privateEndpointId?: string;
  groupIds: string[];
  status: ConnectionStatus;
  /** The requester's message while Pending; the approver's reason afterwards. */
  description: string;
  actionsRequired?: string;
  provisioningState?: string;
}

export type ApprovalAction = 'approve' | 'reject' | 'leave-pending';

/** ARM calls an operation cost, counted per HTTP attempt (retries included), as ARM's throttling counts them. */
export interface ArmCallCount {
  reads: number;
  writes: number;
  deletes: number;
}

export function emptyCallCount(): ArmCallCount {
  return { reads: 0, writes: 0, deletes: 0 };
}

export interface CosmosAccountFacts {
  /** `GlobalDocumentDB`, `MongoDB` or `Parse`. */
  kind: string;
  /** `Sql`, `MongoDB`, `Cassandra`, `Gremlin` or `Table`, from the kind and the capabilities. */
  api: string;
  capabilities: string[];
  /** MongoDB API version (`apiProperties.serverVersion`), e.g. `3.2`, `4.2`: 3.2 accounts cannot use private endpoints. */
  serverVersion?: string;
  /** The account's regions by failover priority, as ARM names them (`West US`). */
  regions: Array<{ name: string; failoverPriority: number; provisioningState?: string }>;
}

/** A private link target (Cosmos DB account, Key Vault, Mongo vCore cluster, Private Link Service ...) as observed. */
export interface TargetSummary {
  id: string;
  /** e.g. `Microsoft.KeyVault/vaults`. */
  type: string;
  name: string;
  location?: string;
  tags: Record<string, string>;
  /** ARM's provisioningState when the target reports one (`Updating` while a Cosmos DB region is added, say). */
  provisioningState?: string;
  /** Present for Cosmos DB accounts. */
  cosmos?: CosmosAccountFacts;
}
