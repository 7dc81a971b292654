/**
 * Microsoft.DocumentDB/mongoClusters (Cosmos DB for MongoDB vCore): clusters (GET/list/PUT/PATCH/DELETE, ARM
 * `Azure-AsyncOperation` long-running operations), their private endpoint connections (`groupIds` array) and private
 * link resources, and the private link target for group `MongoCluster`.
 */
import type { ArmResponse, RequestContext } from '../context';
import { resourceNotFound } from '../errors';
import type { EmulatorProvider } from '../provider';
import type { EmulatorState } from '../state';
import { armTimestamp, loadModel, requireResourceGroup, saveModel } from './documentdb-store';
import { connectionsOf, privateLinkTarget, registerConnectionRoutes, type ConnectionKit } from './documentdb-target-connections';
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

const CLUSTERS = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DocumentDB/mongoClusters';
const CLUSTER = `${CLUSTERS}/{mongoClusterName}`;

/** Requests carry any bearer token, so changes are attributed to the emulator itself. */
function changedBy(now: Date): Pick<SystemData, 'lastModifiedAt' | 'lastModifiedBy' | 'lastModifiedByType'> {
  return { lastModifiedAt: armTimestamp(now), lastModifiedBy: 'privatelink-autopilot-emulator', lastModifiedByType: 'Application' };
}

function createdBy(now: Date): SystemData {
  return { createdAt: armTimestamp(now), createdBy: 'privatelink-autopilot-emulator', createdByType: 'Application', ...changedBy(now) };
}

const mongoConnections: ConnectionKit<MongoConnection> = {
  targetType: MONGO_CLUSTER_TYPE,
  targetTemplate: CLUSTER,
  render: mongoConnectionBody,
  create: (attachment, _groupId, state, now) => ({
    name: attachment.connectionName,
    privateEndpointId: attachment.endpointId,
    state,
    provisioningState: 'Succeeded',
    systemData: createdBy(now),
  }),
  touch: (connection, now) => ({ ...connection, systemData: { ...connection.systemData, ...changedBy(now) } }),
  groups: (state, targetId) => [mongoPrivateLinkGroup(requireCluster(state, targetId).id)],
  refreshTarget: (state, targetId) => {
    const cluster = loadModel<MongoCluster>(state, targetId);
    if (cluster !== undefined) saveCluster(state, cluster);
  },
  approveRejectedMessage: 'A rejected private endpoint connection cannot be approved. Delete the private endpoint and create it again.',
  updateLro: { style: 'network', initialStatus: 202 },
  deleteLro: { style: 'network', initialStatus: 202 },
  lists: 'paged',
  location: (state, targetId) => requireCluster(state, targetId).location,
};

export const mongoClustersProvider: EmulatorProvider = {
  name: 'Microsoft.DocumentDB/mongoClusters',
  register(api) {
    api.route('GET', '/subscriptions/{subscriptionId}/providers/Microsoft.DocumentDB/mongoClusters', (ctx) =>
      listed(ctx, ctx.state.listInSubscription(ctx.params.subscriptionId ?? '', MONGO_CLUSTER_TYPE).map((r) => r.id)),
    );
    api.route('GET', CLUSTERS, (ctx) => listed(ctx, ctx.state.children(requireResourceGroup(ctx), MONGO_CLUSTER_TYPE).map((r) => r.id)));
    api.route('GET', CLUSTER, (ctx) => ({ status: 200, body: render(ctx.state, existingCluster(ctx).id) }));
    api.route('PUT', CLUSTER, (ctx) => writeCluster(ctx, 'replace'));
    api.route('PATCH', CLUSTER, (ctx) => writeCluster(ctx, 'merge'));
    api.route('DELETE', CLUSTER, deleteCluster);
    registerConnectionRoutes(api, mongoConnections);
    api.registerPrivateLinkTarget(MONGO_CLUSTER_TYPE, privateLinkTarget(mongoConnections));
  },
};

function listed(ctx: RequestContext, ids: string[]): ArmResponse {
  return { status: 200, body: ctx.page(ids.map((id) => render(ctx.state, id))) };
}

function requestedClusterId(ctx: RequestContext): string {
  return `${requireResourceGroup(ctx)}/providers/Microsoft.DocumentDB/mongoClusters/${ctx.params.mongoClusterName ?? ''}`;
}

function existingCluster(ctx: RequestContext): MongoCluster {
  const cluster = loadModel<MongoCluster>(ctx.state, requestedClusterId(ctx));
  if (cluster === undefined) throw resourceNotFound(MONGO_CLUSTER_TYPE, ctx.params.mongoClusterName ?? '', ctx.params.resourceGroupName);
  return cluster;
}

function requireCluster(state: EmulatorState, id: string): MongoCluster {
  const cluster = loadModel<MongoCluster>(state, id);
  if (cluster === undefined) throw resourceNotFound(MONGO_CLUSTER_TYPE, id.split('/').pop() ?? id);
  return cluster;
}

function render(state: EmulatorState, id: string): Record<string, unknown> {
  const cluster = requireCluster(state, id);
  return renderMongoCluster(cluster, connectionsOf(state, mongoConnections, cluster.id));
}

function saveCluster(state: EmulatorState, cluster: MongoCluster): void {
  saveModel(state, cluster.id, MONGO_CLUSTER_TYPE, cluster, renderMongoCluster(cluster, connectionsOf(state, mongoConnections, cluster.id)));
}

function writeCluster(ctx: RequestContext, mode: 'replace' | 'merge'): ArmResponse {
  const id = requestedClusterId(ctx);
  const previous = loadModel<MongoCluster>(ctx.state, id);
  if (previous === undefined && mode === 'merge') throw resourceNotFound(MONGO_CLUSTER_TYPE, ctx.params.mongoClusterName ?? '', ctx.params.resourceGroupName);
  const next =
    previous === undefined
      ? createMongoCluster(ctx.body, { id, name: ctx.params.mongoClusterName ?? '', systemData: createdBy(ctx.now()) })
      : updateMongoCluster(previous, ctx.body, mode, changedBy(ctx.now()));
  saveCluster(ctx.state, next);
  return ctx.startLro({
    style: 'network',
    resourceId: next.id,
    location: next.location,
    initialStatus: previous === undefined ? 201 : 200,
    initialBody: () => render(ctx.state, next.id),
    complete: () => {
      saveCluster(ctx.state, { ...requireCluster(ctx.state, next.id), provisioningState: 'Succeeded' });
      ctx.emit({ kind: 'write', resourceId: next.id, operationName: `${MONGO_CLUSTER_TYPE}/write`, created: previous === undefined });
    },
    fail: () => {
      if (previous === undefined) ctx.state.delete(next.id);
      else saveCluster(ctx.state, previous);
    },
    resultBody: () => render(ctx.state, next.id),
  });
}

function deleteCluster(ctx: RequestContext): ArmResponse {
  const cluster = loadModel<MongoCluster>(ctx.state, requestedClusterId(ctx));
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
