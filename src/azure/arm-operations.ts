/**
 * The RBAC actions the adapters in this folder need, and why: the deployment's custom roles are exactly these (see
 * infra/core/roles.bicep), and test/infra proves the list against every request the adapters send to the emulator.
 *
 * Two roles, so that record writes are granted only where the zones are:
 * - `workload`: on each in-scope subscription (endpoints, NICs, targets and their connections);
 * - `dns-zones`: on the DNS zone resource groups (or the zone subscription when no group is configured).
 *
 * Not granted: `Microsoft.Resources/subscriptions/read`. Only the CLI lists subscriptions (`engine/subscriptions.ts`),
 * when no scope is configured; the function app refuses to run without `AUTOPILOT_SCOPE_SUBSCRIPTIONS`.
 */

export type RoleScope = 'workload' | 'dns-zones';

export interface ArmPermission {
  action: string;
  scope: RoleScope;
  why: string;
}

/** What the adapters' requests are authorised against: one action per request shape (method and path). */
export const ARM_OPERATIONS: readonly ArmPermission[] = [
  {
    action: 'Microsoft.Network/privateEndpoints/read',
    scope: 'workload',
    why: "list a subscription's endpoints; read one endpoint to observe or refresh it",
  },
  {
    action: 'Microsoft.Network/privateEndpoints/write',
    scope: 'workload',
    why: 'refresh: PUT the endpoint again with the same payload when it asks for Recreate',
  },
  {
    action: 'Microsoft.Network/locations/operations/read',
    scope: 'workload',
    why: "poll the refresh PUT's Azure-AsyncOperation until it ends",
  },
  {
    action: 'Microsoft.Network/networkInterfaces/read',
    scope: 'workload',
    why: "the endpoint's NIC: each member's IP and FQDNs, static or dynamic allocation",
  },
  {
    action: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/read',
    scope: 'workload',
    why: 'endpoints with a zone group have Azure-managed records: leave them alone',
  },
  {
    action: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/read',
    scope: 'workload',
    why: "an endpoint's network's peerings: which hub's zone copy serves it when several hubs hold the zone",
  },
  {
    action: 'Microsoft.DocumentDB/databaseAccounts/read',
    scope: 'workload',
    why: 'list Cosmos DB accounts; read kind, API, server version and regions',
  },
  {
    action: 'Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections/read',
    scope: 'workload',
    why: 'list and read Cosmos DB connections to decide them',
  },
  {
    action: 'Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections/write',
    scope: 'workload',
    why: 'approve or reject a Cosmos DB connection by policy',
  },
  {
    action: 'Microsoft.DocumentDB/locations/operationsStatus/read',
    scope: 'workload',
    why: 'poll a Cosmos DB connection state change (202 Enqueued)',
  },
  {
    action: 'Microsoft.DocumentDB/mongoClusters/read',
    scope: 'workload',
    why: 'list Mongo vCore clusters; read location and tags for the policy',
  },
  {
    action: 'Microsoft.DocumentDB/mongoClusters/privateEndpointConnections/read',
    scope: 'workload',
    why: 'list and read Mongo vCore connections to decide them',
  },
  {
    action: 'Microsoft.DocumentDB/mongoClusters/privateEndpointConnections/write',
    scope: 'workload',
    why: 'approve or reject a Mongo vCore connection by policy',
  },
  {
    action: 'Microsoft.KeyVault/vaults/read',
    scope: 'workload',
    why: 'list Key Vaults; read location and tags for the policy',
  },
  {
    action: 'Microsoft.KeyVault/vaults/privateEndpointConnections/read',
    scope: 'workload',
    why: 'list and read Key Vault connections to decide them',
  },
  {
    action: 'Microsoft.KeyVault/vaults/privateEndpointConnections/write',
    scope: 'workload',
    why: 'approve or reject a Key Vault connection by policy',
  },
  {
    action: 'Microsoft.Network/privateLinkServices/read',
    scope: 'workload',
    why: 'list Private Link Services; read location and tags for the policy',
  },
  {
    action: 'Microsoft.Network/privateLinkServices/privateEndpointConnections/read',
    scope: 'workload',
    why: "list and read a Private Link Service's connections to decide them",
  },
  {
    action: 'Microsoft.Network/privateLinkServices/privateEndpointConnections/write',
    scope: 'workload',
    why: 'approve or reject a connection to a Private Link Service by policy',
  },
  {
    action: 'Microsoft.Storage/storageAccounts/read',
    scope: 'workload',
    why: 'a storage account an in-scope endpoint targets: location and tags for the policy',
  },
  {
    action: 'Microsoft.Storage/storageAccounts/privateEndpointConnections/read',
    scope: 'workload',
    why: "list and read a storage account's connections to decide them",
  },
  {
    action: 'Microsoft.Storage/storageAccounts/privateEndpointConnections/write',
    scope: 'workload',
    why: 'approve or reject a storage account connection by policy',
  },
  {
    action: 'Microsoft.Network/privateDnsZones/read',
    scope: 'dns-zones',
    why: 'list the privatelink.* zones of the zone resource groups',
  },
  {
    action: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks/read',
    scope: 'dns-zones',
    why: 'which virtual networks resolve each zone copy: where each endpoint is placed (planning, diagnosis)',
  },
  {
    action: 'Microsoft.Network/privateDnsZones/A/read',
    scope: 'dns-zones',
    why: 'list A record sets with etags and ownership metadata',
  },
  {
    action: 'Microsoft.Network/privateDnsZones/A/write',
    scope: 'dns-zones',
    why: 'create and update records (If-None-Match / If-Match); mark orphans',
  },
  {
    action: 'Microsoft.Network/privateDnsZones/A/delete',
    scope: 'dns-zones',
    why: 'delete owned records no endpoint claims (If-Match)',
  },
];

export interface LinkedPermission extends ArmPermission {
  /** The request whose authorisation ARM extends to a resource the request references. */
  checkedWith: string;
}

/**
 * Linked access: actions ARM checks on resources a request references, which no request of ours names. Microsoft's
 * "Azure RBAC permissions for Azure Private Link" lists them for creating or updating a private endpoint.
 */
export const LINKED_ACCESS: readonly LinkedPermission[] = [
  {
    action: 'Microsoft.Network/virtualNetworks/subnets/join/action',
    scope: 'workload',
    checkedWith: 'Microsoft.Network/privateEndpoints/write',
    why: 'the refresh PUT places the endpoint in its subnet again',
  },
  {
    action: 'Microsoft.DocumentDB/databaseAccounts/PrivateEndpointConnectionsApproval/action',
    scope: 'workload',
    checkedWith: 'Microsoft.Network/privateEndpoints/write',
    why: 'the refresh PUT of an automatically approved Cosmos DB endpoint (the region-change refresh) re-asserts its approval',
  },
  {
    action: 'Microsoft.Network/applicationSecurityGroups/joinIpConfiguration/action',
    scope: 'workload',
    checkedWith: 'Microsoft.Network/privateEndpoints/write',
    why: "the refresh PUT keeps the endpoint's application security groups",
  },
];

/**
 * Requests Azure answers at a URL for which Microsoft documents no RBAC action, so no role can name one: the
 * deployment cannot grant it, and docs/deploy.md lists it as unverified.
 */
export const UNDOCUMENTED_OPERATIONS: readonly { action: string; why: string }[] = [
  {
    action: 'Microsoft.DocumentDB/locations/mongoClusterAzureAsyncOperation/read',
    why: 'polling a Mongo vCore connection state change (Azure-AsyncOperation of MongoClusters_PrivateEndpointConnectionPut); the permissions reference lists no such action',
  },
];

/** The actions of one custom role: the operations and linked access of that scope. */
export function roleActions(scope: RoleScope): string[] {
  return [...ARM_OPERATIONS, ...LINKED_ACCESS].filter((p) => p.scope === scope).map((p) => p.action);
}
