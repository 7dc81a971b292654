/**
 * Azure Cosmos DB for MongoDB vCore clusters (`Microsoft.DocumentDB/mongoClusters`) and their private link side.
 *
 * Private link facts, from Microsoft's published material:
 * - group `MongoCluster`, zone `privatelink.mongocluster.cosmos.azure.com` (private endpoint DNS zone values;
 *   MongoClusters_PrivateLinkResourceList);
 * - the endpoint serves the cluster's node host, not its `mongodb+srv` name (which only carries SRV records): nodes are
 *   named `fc-<12 hex>-000` and resolve as `fc-<12 hex>-000.global.mongocluster.cosmos.azure.com`, CNAMEd into the
 *   private zone as record `fc-<12 hex>-000.global`. The emulator derives the hex from the cluster's ID;
 * - connections carry `groupIds` (an array) (MongoClusters_PrivateEndpointConnectionPut).
 */
import { createHash } from 'node:crypto';
import { armIdKey } from '../arm-id';
import type { ConnectionState } from './documentdb-connection-state';
import type { PrivateLinkGroup } from './documentdb-private-link';
import { ArmError } from '../errors';
import { isJsonObject, objectField, stringField, tagsField, type JsonObject } from '../json';

export const MONGO_CLUSTER_TYPE = 'Microsoft.DocumentDB/mongoClusters';
const MONGO_CONNECTION_TYPE = `${MONGO_CLUSTER_TYPE}/privateEndpointConnections`;
const MONGO_GROUP_ID = 'MongoCluster';
const MONGO_PUBLIC_SUFFIX = 'mongocluster.cosmos.azure.com';

export interface SystemData {
  createdBy: string;
  createdByType: string;
  createdAt: string;
  lastModifiedBy: string;
  lastModifiedByType: string;
  lastModifiedAt: string;
}

export interface MongoCluster {
  id: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  /** Caller-settable `properties` as last written, without write-only secrets. */
  settings: JsonObject;
  provisioningState: 'Succeeded' | 'Updating' | 'InProgress';
  systemData: SystemData;
}

export interface MongoConnection {
  name: string;
  privateEndpointId: string;
  state: ConnectionState;
  provisioningState: string;
  systemData: SystemData;
}

const CLUSTER_NAME = /^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$/;
const COMPUTED_PROPERTIES = new Set([
  'provisioningState',
  'clusterStatus',
  'connectionString',
  'privateEndpointConnections',
  'replica',
  'infrastructureVersion',
]);

function validateClusterName(name: string): void {
  if (!CLUSTER_NAME.test(name)) {
    throw new ArmError(
      400,
      'BadRequest',
      `Mongo cluster name "${name}" is invalid: expected 3-40 characters of lower-case letters, digits and hyphens, starting and ending with a letter or digit.`,
      'mongoClusterName',
    );
  }
}

/** Keeps what the caller set, minus computed fields and the administrator password (write-only in the API). */
function settingsFrom(properties: JsonObject): JsonObject {
  const settings = Object.fromEntries(Object.entries(properties).filter(([key]) => !COMPUTED_PROPERTIES.has(key)));
  if (isJsonObject(settings.administrator)) {
    const { password: _password, ...administrator } = settings.administrator;
    settings.administrator = administrator;
  }
  return settings;
}

export function createMongoCluster(
  body: unknown,
  context: { id: string; name: string; systemData: SystemData },
): MongoCluster {
  validateClusterName(context.name);
  const request = objectField(body, 'body');
  return {
    id: context.id,
    name: context.name,
    location: stringField(request.location, 'location'),
    tags: tagsField(request.tags) ?? {},
    settings: settingsFrom(objectField(request.properties ?? {}, 'properties')),
    provisioningState: 'InProgress',
    systemData: context.systemData,
  };
}

export function updateMongoCluster(
  cluster: MongoCluster,
  body: unknown,
  mode: 'replace' | 'merge',
  modified: Pick<SystemData, 'lastModifiedAt' | 'lastModifiedBy' | 'lastModifiedByType'>,
): MongoCluster {
  const request = objectField(body, 'body');
  const properties = settingsFrom(objectField(request.properties ?? {}, 'properties'));
  const tags = tagsField(request.tags);
  return {
    ...cluster,
    tags: tags ?? (mode === 'replace' ? {} : cluster.tags),
    settings: mode === 'replace' ? properties : { ...cluster.settings, ...properties },
    provisioningState: 'Updating',
    systemData: { ...cluster.systemData, ...modified },
  };
}

function hexDigest(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

/** The cluster's first node, `fc-<12 hex>-000`, stable for a given cluster ID. */
export function mongoNodeName(clusterId: string): string {
  return `fc-${hexDigest(armIdKey(clusterId)).slice(0, 12)}-000`;
}

export function mongoPrivateLinkGroup(clusterId: string): PrivateLinkGroup {
  const member = mongoNodeName(clusterId);
  return {
    groupId: MONGO_GROUP_ID,
    requiredMembers: [{ requiredMemberName: member, fqdns: [`${member}.global.${MONGO_PUBLIC_SUFFIX}`] }],
    requiredZoneNames: [`privatelink.${MONGO_PUBLIC_SUFFIX}`],
  };
}

export function mongoConnectionBody(clusterId: string, connection: MongoConnection): Record<string, unknown> {
  return {
    name: connection.name,
    id: `${clusterId}/privateEndpointConnections/${connection.name}`,
    type: MONGO_CONNECTION_TYPE,
    systemData: connection.systemData,
    properties: {
      provisioningState: connection.provisioningState,
      privateEndpoint: { id: connection.privateEndpointId },
      groupIds: [MONGO_GROUP_ID],
      privateLinkServiceConnectionState: { ...connection.state },
    },
  };
}

export function renderMongoCluster(
  cluster: MongoCluster,
  connections: readonly MongoConnection[],
): Record<string, unknown> {
  return {
    id: cluster.id,
    name: cluster.name,
    type: MONGO_CLUSTER_TYPE,
    tags: cluster.tags,
    systemData: cluster.systemData,
    location: cluster.location,
    properties: {
      publicNetworkAccess: 'Enabled',
      serverVersion: '7.0',
      ...cluster.settings,
      provisioningState: cluster.provisioningState,
      clusterStatus: 'Ready',
      infrastructureVersion: '2.0',
      connectionString: `mongodb+srv://<user>:<password>@${cluster.name}.global.${MONGO_PUBLIC_SUFFIX}/?tls=true&authMechanism=SCRAM-SHA-256&retrywrites=false&maxIdleTimeMS=120000`,
      privateEndpointConnections: connections.map((connection) => mongoConnectionBody(cluster.id, connection)),
    },
  };
}
