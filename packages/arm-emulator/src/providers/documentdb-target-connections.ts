/**
 * The provider side of private endpoint connections, shared by Cosmos DB accounts, Mongo vCore clusters and Key
 * Vaults: the private link target seam (attach, detach, status) and the `privateEndpointConnections` and
 * `privateLinkResources` routes. What differs per service (body shape, long-running style, paging) comes in the
 * target's `TargetKit`.
 */
import type { ArmResponse, RequestContext } from '../context';
import { ArmError, parentResourceNotFound, resourceNotFound } from '../errors';
import type { PrivateLinkTarget, RequiredMember, TargetConnectionState } from '../private-link';
import type { ProviderApi } from '../provider';
import type { Handler } from '../router';
import type { EmulatorState } from '../state';
import {
  applyConnectionStateRequest,
  initialConnectionState,
  requestedConnectionState,
} from './documentdb-connection-state';
import { privateLinkResourceBody, type PrivateLinkGroup } from './documentdb-private-link';
import { loadModel, saveModel } from './documentdb-store';
import {
  connectionType,
  connectionsOf,
  refreshTarget,
  registerTargetReads,
  requireTarget,
  type TargetConnectionModel,
  type TargetKit,
  type TargetModel,
} from './documentdb-targets';

/**
 * Everything a target type serves: its reads, its writes (PUT, PATCH where the service has one, DELETE), its
 * connection and private link resource routes, and the private link target that endpoints connect to.
 */
export function registerTarget<T extends TargetModel, C extends TargetConnectionModel>(
  api: ProviderApi,
  kit: TargetKit<T, C>,
  writes: { PUT: Handler; PATCH?: Handler; DELETE: Handler },
): void {
  registerTargetReads(api, kit);
  api.route('PUT', kit.targetTemplate, writes.PUT);
  if (writes.PATCH !== undefined) api.route('PATCH', kit.targetTemplate, writes.PATCH);
  api.route('DELETE', kit.targetTemplate, writes.DELETE);
  registerConnectionRoutes(api, kit);
  api.registerPrivateLinkTarget(kit.targetType, privateLinkTarget(kit));
}

function connectionId(targetId: string, name: string): string {
  return `${targetId}/privateEndpointConnections/${name}`;
}

function saveConnection<T extends TargetModel, C extends TargetConnectionModel>(
  state: EmulatorState,
  kit: TargetKit<T, C>,
  targetId: string,
  connection: C,
): void {
  saveModel(
    state,
    connectionId(targetId, connection.name),
    connectionType(kit),
    connection,
    kit.renderConnection(targetId, connection),
  );
  refreshTarget(state, kit, targetId);
}

/** Cosmos DB region changes: every connection of the target asks its endpoint to be PUT again. */
export function flagConnectionsForRecreate<T extends TargetModel, C extends TargetConnectionModel>(
  ctx: RequestContext,
  kit: TargetKit<T, C>,
  targetId: string,
): void {
  const now = ctx.now();
  for (const connection of connectionsOf<C>(ctx.state, kit, targetId)) {
    saveConnection(
      ctx.state,
      kit,
      targetId,
      kit.touchConnection({ ...connection, state: { ...connection.state, actionsRequired: 'Recreate' } }, now),
    );
  }
}

function privateLinkTarget<T extends TargetModel, C extends TargetConnectionModel>(
  kit: TargetKit<T, C>,
): PrivateLinkTarget {
  return {
    requiredMembers(ctx, targetId, groupIds) {
      const [groupId, ...others] = groupIds;
      if (groupId === undefined || others.length > 0) {
        throw new ArmError(
          400,
          'OnlyOneGroupIdPermitted',
          `The private link service connection has the group Ids [${groupIds.join(', ')}]. Exactly one group Id is permitted when connecting to a first-party resource (${targetId}).`,
          'properties.privateLinkServiceConnections[0].properties.groupIds',
        );
      }
      return membersOf(resolveGroup(kit, ctx.state, targetId, groupId));
    },
    onEndpointAttached(ctx, attachment) {
      const groupId = resolveGroup(kit, ctx.state, attachment.targetId, attachment.groupIds[0] ?? '').groupId;
      const existing = loadModel<C>(ctx.state, connectionId(attachment.targetId, attachment.connectionName));
      const connection =
        existing === undefined
          ? kit.createConnection(
              attachment,
              groupId,
              initialConnectionState(attachment.manual, attachment.requestMessage),
              ctx.now(),
            )
          : kit.touchConnection({ ...existing, state: { ...existing.state, actionsRequired: 'None' } }, ctx.now());
      saveConnection(ctx.state, kit, attachment.targetId, connection);
      return publicState(connection);
    },
    onEndpointDetached(ctx, detachment) {
      if (ctx.state.delete(connectionId(detachment.targetId, detachment.connectionName)))
        refreshTarget(ctx.state, kit, detachment.targetId);
    },
    connectionStatus(state, detachment) {
      const connection = loadModel<C>(state, connectionId(detachment.targetId, detachment.connectionName));
      return connection === undefined ? undefined : publicState(connection);
    },
  };
}

function publicState(connection: TargetConnectionModel): TargetConnectionState {
  return { status: connection.state.status, description: connection.state.description };
}

function resolveGroup<T extends TargetModel, C extends TargetConnectionModel>(
  kit: TargetKit<T, C>,
  state: EmulatorState,
  targetId: string,
  groupId: string,
): PrivateLinkGroup {
  const groups = kit.groups(requireTarget(state, kit, targetId));
  const group = groups.find((candidate) => candidate.groupId.toLowerCase() === groupId.toLowerCase());
  if (group === undefined) {
    throw new ArmError(
      400,
      'PrivateEndpointBadRequest',
      `Call to ${kit.targetType} failed. Error message: Invalid group Id '${groupId}'; this resource supports ${groups.map((g) => g.groupId).join(', ')}.`,
      'properties.privateLinkServiceConnections[0].properties.groupIds',
    );
  }
  return group;
}

function membersOf(group: PrivateLinkGroup): RequiredMember[] {
  return group.requiredMembers.map((member) => ({
    groupId: group.groupId,
    memberName: member.requiredMemberName,
    fqdns: member.fqdns,
  }));
}

/** `privateEndpointConnections` GET/list/PUT/DELETE and `privateLinkResources` GET/list under the kit's target. */
function registerConnectionRoutes<T extends TargetModel, C extends TargetConnectionModel>(
  api: ProviderApi,
  kit: TargetKit<T, C>,
): void {
  const connections = `${kit.targetTemplate}/privateEndpointConnections`;
  const connection = `${connections}/{privateEndpointConnectionName}`;
  api.route('GET', connections, (ctx) =>
    list(
      ctx,
      kit,
      connectionsOf<C>(ctx.state, kit, targetOf(ctx, kit)).map((c) => kit.renderConnection(targetOf(ctx, kit), c)),
    ),
  );
  api.route('GET', connection, (ctx) => ({
    status: 200,
    body: kit.renderConnection(targetOf(ctx, kit), existingConnection(ctx, kit)),
  }));
  api.route('PUT', connection, (ctx) => putConnection(ctx, kit));
  api.route('DELETE', connection, (ctx) => deleteConnection(ctx, kit));

  const resources = `${kit.targetTemplate}/privateLinkResources`;
  // A target has a handful of groups: every service answers them as one page.
  api.route('GET', resources, (ctx) => ({ status: 200, body: { value: linkResources(ctx, kit) } }));
  api.route('GET', `${resources}/{groupName}`, (ctx) => {
    const wanted = (ctx.params.groupName ?? '').toLowerCase();
    const found = linkResources(ctx, kit).find((resource) => String(resource.name).toLowerCase() === wanted);
    if (found === undefined)
      throw resourceNotFound(`${kit.targetType}/privateLinkResources`, ctx.params.groupName ?? '');
    return { status: 200, body: found };
  });
}

function list<T extends TargetModel, C extends TargetConnectionModel>(
  ctx: RequestContext,
  kit: TargetKit<T, C>,
  items: Array<Record<string, unknown>>,
): ArmResponse {
  if (kit.connectionLists === 'one-page') return { status: 200, body: { value: items } };
  const page = ctx.page(items);
  return {
    status: 200,
    body: kit.connectionLists === 'paged' ? page : { value: page.value, nextLink: page.nextLink ?? null },
  };
}

function linkResources<T extends TargetModel, C extends TargetConnectionModel>(
  ctx: RequestContext,
  kit: TargetKit<T, C>,
): Array<Record<string, unknown>> {
  const targetId = targetOf(ctx, kit);
  return kit
    .groups(requireTarget(ctx.state, kit, targetId))
    .map((group) => privateLinkResourceBody(targetId, kit.targetType, group));
}

/** The target's stored ID (its creation casing) for this request; 404 `ParentResourceNotFound` when it does not exist. */
function targetOf<T extends TargetModel, C extends TargetConnectionModel>(
  ctx: RequestContext,
  kit: TargetKit<T, C>,
): string {
  const requested = kit.targetTemplate.replace(/\{(\w+)\}/g, (_match, name: string) => ctx.params[name] ?? '');
  const target = ctx.state.get(requested);
  if (target === undefined || target.type.toLowerCase() !== kit.targetType.toLowerCase()) {
    throw parentResourceNotFound(kit.targetType, requested.split('/').pop() ?? '');
  }
  return target.id;
}

function existingConnection<T extends TargetModel, C extends TargetConnectionModel>(
  ctx: RequestContext,
  kit: TargetKit<T, C>,
): C {
  const name = ctx.params.privateEndpointConnectionName ?? '';
  const found = loadModel<C>(ctx.state, connectionId(targetOf(ctx, kit), name));
  if (found === undefined) throw resourceNotFound(connectionType(kit), name);
  return found;
}

function putConnection<T extends TargetModel, C extends TargetConnectionModel>(
  ctx: RequestContext,
  kit: TargetKit<T, C>,
): ArmResponse {
  const targetId = targetOf(ctx, kit);
  const current = existingConnection(ctx, kit);
  const change = applyConnectionStateRequest(current.state, requestedConnectionState(ctx.body), {
    approveRejectedMessage: kit.approveRejectedMessage,
  });
  if (!change.changed) return { status: 200, body: kit.renderConnection(targetId, current) };
  const id = connectionId(targetId, current.name);
  const apply = (): void => {
    const latest = loadModel<C>(ctx.state, id);
    if (latest === undefined) throw resourceNotFound(connectionType(kit), current.name);
    saveConnection(
      ctx.state,
      kit,
      targetId,
      kit.touchConnection(
        {
          ...latest,
          state: { ...change.state, actionsRequired: latest.state.actionsRequired },
          provisioningState: 'Succeeded',
        },
        ctx.now(),
      ),
    );
    ctx.emit({ kind: 'write', resourceId: id, operationName: `${connectionType(kit)}/write` });
  };
  if (kit.updateLro === undefined) {
    apply();
    return { status: 200, body: kit.renderConnection(targetId, loadModel<C>(ctx.state, id) ?? current) };
  }
  saveConnection(ctx.state, kit, targetId, { ...current, provisioningState: 'Updating' });
  return ctx.startLro({
    ...kit.updateLro,
    resourceId: id,
    location: requireTarget(ctx.state, kit, targetId).location,
    complete: apply,
    fail: () => {
      const latest = loadModel<C>(ctx.state, id);
      if (latest !== undefined) saveConnection(ctx.state, kit, targetId, { ...latest, provisioningState: 'Succeeded' });
    },
    resultBody: () => {
      const latest = loadModel<C>(ctx.state, id);
      return latest === undefined ? undefined : kit.renderConnection(targetId, latest);
    },
  });
}

function deleteConnection<T extends TargetModel, C extends TargetConnectionModel>(
  ctx: RequestContext,
  kit: TargetKit<T, C>,
): ArmResponse {
  const targetId = targetOf(ctx, kit);
  const name = ctx.params.privateEndpointConnectionName ?? '';
  const id = connectionId(targetId, name);
  const current = loadModel<C>(ctx.state, id);
  if (current === undefined) return { status: 204 };
  saveConnection(ctx.state, kit, targetId, { ...current, provisioningState: 'Deleting' });
  return ctx.startLro({
    ...kit.deleteLro,
    resourceId: id,
    location: requireTarget(ctx.state, kit, targetId).location,
    complete: () => {
      if (ctx.state.delete(id)) refreshTarget(ctx.state, kit, targetId);
      ctx.emit({ kind: 'delete', resourceId: id, operationName: `${connectionType(kit)}/delete` });
    },
    fail: () => {
      const latest = loadModel<C>(ctx.state, id);
      if (latest !== undefined) saveConnection(ctx.state, kit, targetId, { ...latest, provisioningState: 'Succeeded' });
    },
  });
}
