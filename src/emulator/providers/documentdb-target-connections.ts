/**
 * The provider side of private endpoint connections, shared by Cosmos DB accounts, Mongo vCore clusters and Key
 * Vaults: the private link target seam (attach, detach, status) and the `privateEndpointConnections` routes. What
 * differs per service (body shape, long-running style, paging) comes in a `ConnectionKit`.
 */
import type { ArmResponse, RequestContext } from '../context';
import { ArmError, parentResourceNotFound, resourceNotFound } from '../errors';
import type { LroStyle } from '../lro';
import type { EndpointAttachment, PrivateLinkTarget, RequiredMember, TargetConnectionState } from '../private-link';
import type { ProviderApi } from '../provider';
import type { EmulatorState } from '../state';
import {
  applyConnectionStateRequest,
  initialConnectionState,
  requestedConnectionState,
  type ConnectionState,
} from './documentdb-connection-state';
import { privateLinkResourceBody, type PrivateLinkGroup } from './documentdb-private-link';
import { childModels, loadModel, saveModel } from './documentdb-store';

export interface TargetConnectionModel {
  name: string;
  privateEndpointId: string;
  state: ConnectionState;
  provisioningState: string;
}

export interface ConnectionKit<C extends TargetConnectionModel> {
  /** e.g. `Microsoft.DocumentDB/databaseAccounts`. */
  targetType: string;
  /** Template of the target's ARM path, e.g. `/subscriptions/{subscriptionId}/.../databaseAccounts/{accountName}`. */
  targetTemplate: string;
  render(targetId: string, connection: C): Record<string, unknown>;
  create(attachment: EndpointAttachment, groupId: string, state: ConnectionState, now: Date): C;
  /** A changed connection (new state, re-attached endpoint): bump etags and modification times. */
  touch(connection: C, now: Date): C;
  /** The groups the target exposes now; throws `ArmError` 404 when the target is gone. */
  groups(state: EmulatorState, targetId: string): PrivateLinkGroup[];
  /** Re-renders the target's stored body after its connections changed (targets list their connections). */
  refreshTarget(state: EmulatorState, targetId: string): void;
  approveRejectedMessage: string;
  /** How a state change is answered: a long-running operation (Cosmos DB, Mongo vCore) or at once (Key Vault). */
  updateLro?: { style: LroStyle; initialStatus: number };
  deleteLro: { style: LroStyle; initialStatus: number };
  /**
   * `one-page` where the SDK reads a listing as a single page (Cosmos DB: never a `nextLink`); `paged` cuts pages with
   * a `nextLink` on all but the last (Mongo vCore); `paged-null-last` also says `"nextLink": null` on the last (Key Vault).
   */
  lists: 'one-page' | 'paged' | 'paged-null-last';
  /** Region for operation-status URLs. */
  location(state: EmulatorState, targetId: string): string;
}

function connectionType(kit: { targetType: string }): string {
  return `${kit.targetType}/privateEndpointConnections`;
}

function connectionId(targetId: string, name: string): string {
  return `${targetId}/privateEndpointConnections/${name}`;
}

export function connectionsOf<C extends TargetConnectionModel>(state: EmulatorState, kit: ConnectionKit<C>, targetId: string): C[] {
  return childModels<C>(state, targetId, connectionType(kit));
}

function saveConnection<C extends TargetConnectionModel>(state: EmulatorState, kit: ConnectionKit<C>, targetId: string, connection: C): void {
  saveModel(state, connectionId(targetId, connection.name), connectionType(kit), connection, kit.render(targetId, connection));
  kit.refreshTarget(state, targetId);
}

/** Cosmos DB region changes: every connection of the target asks its endpoint to be PUT again. */
export function flagConnectionsForRecreate<C extends TargetConnectionModel>(ctx: RequestContext, kit: ConnectionKit<C>, targetId: string): void {
  const now = ctx.now();
  for (const connection of connectionsOf(ctx.state, kit, targetId)) {
    saveConnection(ctx.state, kit, targetId, kit.touch({ ...connection, state: { ...connection.state, actionsRequired: 'Recreate' } }, now));
  }
}

export function privateLinkTarget<C extends TargetConnectionModel>(kit: ConnectionKit<C>): PrivateLinkTarget {
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
          ? kit.create(attachment, groupId, initialConnectionState(attachment.manual, attachment.requestMessage), ctx.now())
          : kit.touch({ ...existing, state: { ...existing.state, actionsRequired: 'None' } }, ctx.now());
      saveConnection(ctx.state, kit, attachment.targetId, connection);
      return publicState(connection);
    },
    onEndpointDetached(ctx, detachment) {
      if (ctx.state.delete(connectionId(detachment.targetId, detachment.connectionName))) kit.refreshTarget(ctx.state, detachment.targetId);
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

function resolveGroup<C extends TargetConnectionModel>(kit: ConnectionKit<C>, state: EmulatorState, targetId: string, groupId: string): PrivateLinkGroup {
  const groups = kit.groups(state, targetId);
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
  return group.requiredMembers.map((member) => ({ groupId: group.groupId, memberName: member.requiredMemberName, fqdns: member.fqdns }));
}

/** `privateEndpointConnections` GET/list/PUT/DELETE and `privateLinkResources` GET/list under the kit's target. */
export function registerConnectionRoutes<C extends TargetConnectionModel>(api: ProviderApi, kit: ConnectionKit<C>): void {
  const connections = `${kit.targetTemplate}/privateEndpointConnections`;
  const connection = `${connections}/{privateEndpointConnectionName}`;
  api.route('GET', connections, (ctx) => list(ctx, kit, connectionsOf(ctx.state, kit, targetOf(ctx, kit)).map((c) => kit.render(targetOf(ctx, kit), c))));
  api.route('GET', connection, (ctx) => ({ status: 200, body: kit.render(targetOf(ctx, kit), existingConnection(ctx, kit)) }));
  api.route('PUT', connection, (ctx) => putConnection(ctx, kit));
  api.route('DELETE', connection, (ctx) => deleteConnection(ctx, kit));

  const resources = `${kit.targetTemplate}/privateLinkResources`;
  // A target has a handful of groups: every service answers them as one page.
  api.route('GET', resources, (ctx) => ({ status: 200, body: { value: linkResources(ctx, kit) } }));
  api.route('GET', `${resources}/{groupName}`, (ctx) => {
    const wanted = (ctx.params.groupName ?? '').toLowerCase();
    const found = linkResources(ctx, kit).find((resource) => String(resource.name).toLowerCase() === wanted);
    if (found === undefined) throw resourceNotFound(`${kit.targetType}/privateLinkResources`, ctx.params.groupName ?? '');
    return { status: 200, body: found };
  });
}

function list<C extends TargetConnectionModel>(ctx: RequestContext, kit: ConnectionKit<C>, items: Array<Record<string, unknown>>): ArmResponse {
  if (kit.lists === 'one-page') return { status: 200, body: { value: items } };
  const page = ctx.page(items);
  return { status: 200, body: kit.lists === 'paged' ? page : { value: page.value, nextLink: page.nextLink ?? null } };
}

function linkResources<C extends TargetConnectionModel>(ctx: RequestContext, kit: ConnectionKit<C>): Array<Record<string, unknown>> {
  const targetId = targetOf(ctx, kit);
  return kit.groups(ctx.state, targetId).map((group) => privateLinkResourceBody(targetId, kit.targetType, group));
}

/** The target's stored ID (its creation casing) for this request; 404 `ParentResourceNotFound` when it does not exist. */
function targetOf<C extends TargetConnectionModel>(ctx: RequestContext, kit: ConnectionKit<C>): string {
  const requested = kit.targetTemplate.replace(/\{(\w+)\}/g, (_match, name: string) => ctx.params[name] ?? '');
  const target = ctx.state.get(requested);
  if (target === undefined || target.type.toLowerCase() !== kit.targetType.toLowerCase()) {
    throw parentResourceNotFound(kit.targetType, requested.split('/').pop() ?? '');
  }
  return target.id;
}

function existingConnection<C extends TargetConnectionModel>(ctx: RequestContext, kit: ConnectionKit<C>): C {
  const name = ctx.params.privateEndpointConnectionName ?? '';
  const found = loadModel<C>(ctx.state, connectionId(targetOf(ctx, kit), name));
  if (found === undefined) throw resourceNotFound(connectionType(kit), name);
  return found;
}

function putConnection<C extends TargetConnectionModel>(ctx: RequestContext, kit: ConnectionKit<C>): ArmResponse {
  const targetId = targetOf(ctx, kit);
  const current = existingConnection(ctx, kit);
  const change = applyConnectionStateRequest(current.state, requestedConnectionState(ctx.body), { approveRejectedMessage: kit.approveRejectedMessage });
  if (!change.changed) return { status: 200, body: kit.render(targetId, current) };
  const id = connectionId(targetId, current.name);
  const apply = (): void => {
    const latest = loadModel<C>(ctx.state, id);
    if (latest === undefined) throw resourceNotFound(connectionType(kit), current.name);
    saveConnection(ctx.state, kit, targetId, kit.touch({ ...latest, state: { ...change.state, actionsRequired: latest.state.actionsRequired }, provisioningState: 'Succeeded' }, ctx.now()));
    ctx.emit({ kind: 'write', resourceId: id, operationName: `${connectionType(kit)}/write` });
  };
  if (kit.updateLro === undefined) {
    apply();
    return { status: 200, body: kit.render(targetId, loadModel<C>(ctx.state, id) ?? current) };
  }
  saveConnection(ctx.state, kit, targetId, { ...current, provisioningState: 'Updating' });
  return ctx.startLro({
    ...kit.updateLro,
    resourceId: id,
    location: kit.location(ctx.state, targetId),
    complete: apply,
    fail: () => {
      const latest = loadModel<C>(ctx.state, id);
      if (latest !== undefined) saveConnection(ctx.state, kit, targetId, { ...latest, provisioningState: 'Succeeded' });
    },
    resultBody: () => {
      const latest = loadModel<C>(ctx.state, id);
      return latest === undefined ? undefined : kit.render(targetId, latest);
    },
  });
}

function deleteConnection<C extends TargetConnectionModel>(ctx: RequestContext, kit: ConnectionKit<C>): ArmResponse {
  const targetId = targetOf(ctx, kit);
  const name = ctx.params.privateEndpointConnectionName ?? '';
  const id = connectionId(targetId, name);
  const current = loadModel<C>(ctx.state, id);
  if (current === undefined) return { status: 204 };
  saveConnection(ctx.state, kit, targetId, { ...current, provisioningState: 'Deleting' });
  return ctx.startLro({
    ...kit.deleteLro,
    resourceId: id,
    location: kit.location(ctx.state, targetId),
    complete: () => {
      if (ctx.state.delete(id)) kit.refreshTarget(ctx.state, targetId);
      ctx.emit({ kind: 'delete', resourceId: id, operationName: `${connectionType(kit)}/delete` });
    },
    fail: () => {
      const latest = loadModel<C>(ctx.state, id);
      if (latest !== undefined) saveConnection(ctx.state, kit, targetId, { ...latest, provisioningState: 'Succeeded' });
    },
  });
}
