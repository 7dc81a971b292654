/**
 * Microsoft.DocumentDB/mongoClusters (Cosmos DB for MongoDB vCore): clusters (GET/list/PUT/PATCH/DELETE, ARM
 * `Azure-AsyncOperation` long-running operations), their private endpoint connections (`groupIds` array) and private
 * link resources, and the private link target for group `MongoCluster`.
 */
import type { ArmResponse, RequestContext } from '../context';
import { resourceNotFound } from '../errors';
import type { EmulatorProvider } from '../provider';
import { armTimestamp, loadModel } from './documentdb-store';
import { registerTarget } from './documentdb-target-connections';
import {
  renderTarget,
  requestedTargetId,
  requestedTargetName,
  requireTarget,
  saveTarget,
  type TargetKit,
} from './documentdb-targets';
import {
  MONGO_CLUSTER_TYPE,
  createMongoCluster,
  mongoConnectionBody,
  mongoPrivateLinkGroup,
  renderMongoCluster,
  updateMongoCluster,
  type MongoCluster,
  type MongoConnection,
  type SystemData,
} from './mongo-cluster';

/** Requests carry any bearer token, so changes are attributed to the emulator itself. */
function changedBy(now: Date): Pick<SystemData, 'lastModifiedAt' | 'lastModifiedBy' | 'lastModifiedByType'> {
  return {
    lastModifiedAt: armTimestamp(now),
    lastModifiedBy: 'privatelink-autopilot-emulator',
    lastModifiedByType: 'Application',
  };
}

function createdBy(now: Date): SystemData {
  return {
    createdAt: armTimestamp(now),
    createdBy: 'privatelink-autopilot-emulator',
    createdByType: 'Application',
    ...changedBy(now),
  };
}

const clusters: TargetKit<MongoCluster, MongoConnection> = {
  targetType: MONGO_CLUSTER_TYPE,
  targetTemplate:
    '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DocumentDB/mongoClusters/{mongoClusterName}',
  renderTarget: renderMongoCluster,
  targetLists: 'paged',
  groups: (cluster) => [mongoPrivateLinkGroup(cluster.id)],
  renderConnection: mongoConnectionBody,
  createConnection: (attachment, _groupId, state, now) => ({
    name: attachment.connectionName,
    privateEndpointId: attachment.endpointId,
    state,
    provisioningState: 'Succeeded',
    systemData: createdBy(now),
  }),
  touchConnection: (connection, now) => ({
    ...connection,
    systemData: { ...connection.systemData, ...changedBy(now) },
  }),
  approveRejectedMessage:
    'A rejected private endpoint connection cannot be approved. Delete the private endpoint and create it again.',
  updateLro: { style: 'network', initialStatus: 202 },
  deleteLro: { style: 'network', initialStatus: 202 },
  connectionLists: 'paged',
};

export const mongoClustersProvider: EmulatorProvider = {
  name: 'Microsoft.DocumentDB/mongoClusters',
  register(api) {
    registerTarget(api, clusters, {
      PUT: (ctx) => writeCluster(ctx, 'replace'),
      PATCH: (ctx) => writeCluster(ctx, 'merge'),
      DELETE: deleteCluster,
    });
  },
};

function writeCluster(ctx: RequestContext, mode: 'replace' | 'merge'): ArmResponse {
  const id = requestedTargetId(ctx, clusters);
  const name = requestedTargetName(ctx, clusters);
  const previous = loadModel<MongoCluster>(ctx.state, id);
  if (previous === undefined && mode === 'merge')
    throw resourceNotFound(MONGO_CLUSTER_TYPE, name, ctx.params.resourceGroupName);
  const next =
    previous === undefined
      ? createMongoCluster(ctx.body, { id, name, systemData: createdBy(ctx.now()) })
      : updateMongoCluster(previous, ctx.body, mode, changedBy(ctx.now()));
  saveTarget(ctx.state, clusters, next);
  return ctx.startLro({
    style: 'network',
    resourceId: next.id,
    location: next.location,
    initialStatus: previous === undefined ? 201 : 200,
    initialBody: () => renderTarget(ctx.state, clusters, next.id),
    complete: () => {
      saveTarget(ctx.state, clusters, {
        ...requireTarget(ctx.state, clusters, next.id),
        provisioningState: 'Succeeded',
      });
      ctx.emit({
        kind: 'write',
        resourceId: next.id,
        operationName: `${MONGO_CLUSTER_TYPE}/write`,
        created: previous === undefined,
      });
    },
    fail: () => {
      if (previous === undefined) ctx.state.delete(next.id);
      else saveTarget(ctx.state, clusters, previous);
    },
    resultBody: () => renderTarget(ctx.state, clusters, next.id),
  });
}

function deleteCluster(ctx: RequestContext): ArmResponse {
  const cluster = loadModel<MongoCluster>(ctx.state, requestedTargetId(ctx, clusters));
  if (cluster === undefined) return { status: 204 };
  return ctx.startLro({
    style: 'network',
    resourceId: cluster.id,
    location: cluster.location,
    initialStatus: 202,
    complete: () => {
      ctx.state.delete(cluster.id);
      ctx.emit({ kind: 'delete', resourceId: cluster.id, operationName: `${MONGO_CLUSTER_TYPE}/delete` });
    },
  });
}
