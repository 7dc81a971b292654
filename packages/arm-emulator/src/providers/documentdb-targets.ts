/**
 * The private link targets served by the Cosmos DB, Mongo vCore and Key Vault providers: how each is found, stored
 * with its rendered body, and read (GET, list in a resource group, list in a subscription). What differs per service
 * comes in a `TargetKit`; the connection side of the kit is used by `documentdb-target-connections`.
 */
import type { ArmResponse, RequestContext } from '../context';
import { resourceNotFound } from '../errors';
import type { LroStyle } from '../lro';
import type { EndpointAttachment } from '../private-link';
import type { ProviderApi } from '../provider';
import type { EmulatorState } from '../state';
import type { ConnectionState } from './documentdb-connection-state';
import type { PrivateLinkGroup } from './documentdb-private-link';
import { childModels, loadModel, requireResourceGroup, saveModel } from './documentdb-store';

export interface TargetModel {
  id: string;
  location: string;
}

export interface TargetConnectionModel {
  name: string;
  privateEndpointId: string;
  state: ConnectionState;
  provisioningState: string;
}

export interface TargetKit<T extends TargetModel, C extends TargetConnectionModel> {
  /** e.g. `Microsoft.DocumentDB/databaseAccounts`. */
  targetType: string;
  /** Template of the target's ARM path, ending in its name, e.g. `/subscriptions/{subscriptionId}/.../databaseAccounts/{accountName}`. */
  targetTemplate: string;
  /** Targets list their connections, so the body is rendered with them. */
  renderTarget(target: T, connections: readonly C[]): Record<string, unknown>;
  /** `one-page` where the SDK reads a listing of targets as a single page (Cosmos DB), `paged` cuts pages with a `nextLink`. */
  targetLists: 'one-page' | 'paged';
  /** The groups the target exposes now. */
  groups(target: T): PrivateLinkGroup[];
  renderConnection(targetId: string, connection: C): Record<string, unknown>;
  createConnection(attachment: EndpointAttachment, groupId: string, state: ConnectionState, now: Date): C;
  /** A changed connection (new state, re-attached endpoint): bump etags and modification times. */
  touchConnection(connection: C, now: Date): C;
  approveRejectedMessage: string;
  /** How a state change is answered: a long-running operation (Cosmos DB, Mongo vCore) or at once (Key Vault). */
  updateLro?: { style: LroStyle; initialStatus: number };
  deleteLro: { style: LroStyle; initialStatus: number };
  /**
   * `one-page` where the SDK reads a listing as a single page (Cosmos DB: never a `nextLink`); `paged` cuts pages with
   * a `nextLink` on all but the last (Mongo vCore); `paged-null-last` also says `"nextLink": null` on the last (Key Vault).
   */
  connectionLists: 'one-page' | 'paged' | 'paged-null-last';
}

export function connectionType(kit: { targetType: string }): string {
  return `${kit.targetType}/privateEndpointConnections`;
}

export function connectionsOf<C extends TargetConnectionModel>(
  state: EmulatorState,
  kit: { targetType: string },
  targetId: string,
): C[] {
  return childModels<C>(state, targetId, connectionType(kit));
}

/** The stored target; 404 when it is gone. */
export function requireTarget<T extends TargetModel, C extends TargetConnectionModel>(
  state: EmulatorState,
  kit: TargetKit<T, C>,
  id: string,
): T {
  const target = loadModel<T>(state, id);
  if (target === undefined) throw resourceNotFound(kit.targetType, id.split('/').pop() ?? id);
  return target;
}

export function saveTarget<T extends TargetModel, C extends TargetConnectionModel>(
  state: EmulatorState,
  kit: TargetKit<T, C>,
  target: T,
): void {
  saveModel(
    state,
    target.id,
    kit.targetType,
    target,
    kit.renderTarget(target, connectionsOf<C>(state, kit, target.id)),
  );
}

/** Re-renders the target's stored body after its connections changed; nothing when the target is gone. */
export function refreshTarget<T extends TargetModel, C extends TargetConnectionModel>(
  state: EmulatorState,
  kit: TargetKit<T, C>,
  targetId: string,
): void {
  const target = loadModel<T>(state, targetId);
  if (target !== undefined) saveTarget(state, kit, target);
}

export function renderTarget<T extends TargetModel, C extends TargetConnectionModel>(
  state: EmulatorState,
  kit: TargetKit<T, C>,
  id: string,
): Record<string, unknown> {
  const target = requireTarget(state, kit, id);
  return kit.renderTarget(target, connectionsOf<C>(state, kit, target.id));
}

/** The request's target name, the last `{param}` of the kit's template. */
export function requestedTargetName(ctx: RequestContext, kit: { targetTemplate: string }): string {
  const param = /\{(\w+)\}$/.exec(kit.targetTemplate)?.[1] ?? '';
  return ctx.params[param] ?? '';
}

/** The ID a target of this request has or gets: its resource group's stored casing; 404 when the group does not exist. */
export function requestedTargetId(ctx: RequestContext, kit: { targetType: string; targetTemplate: string }): string {
  return `${requireResourceGroup(ctx)}/providers/${kit.targetType}/${requestedTargetName(ctx, kit)}`;
}

/** The request's stored target; 404 `ResourceNotFound` naming it and its resource group when it does not exist. */
export function existingTarget<T extends TargetModel, C extends TargetConnectionModel>(
  ctx: RequestContext,
  kit: TargetKit<T, C>,
): T {
  const target = loadModel<T>(ctx.state, requestedTargetId(ctx, kit));
  if (target === undefined)
    throw resourceNotFound(kit.targetType, requestedTargetName(ctx, kit), ctx.params.resourceGroupName);
  return target;
}

/** GET of one target, and the listings in its resource group and in its subscription. */
export function registerTargetReads<T extends TargetModel, C extends TargetConnectionModel>(
  api: ProviderApi,
  kit: TargetKit<T, C>,
): void {
  const inResourceGroup = kit.targetTemplate.replace(/\/\{\w+\}$/, '');
  api.route('GET', `/subscriptions/{subscriptionId}/providers/${kit.targetType}`, (ctx) =>
    listed(
      ctx,
      kit,
      ctx.state.listInSubscription(ctx.params.subscriptionId ?? '', kit.targetType).map((r) => r.id),
    ),
  );
  api.route('GET', inResourceGroup, (ctx) =>
    listed(
      ctx,
      kit,
      ctx.state.children(requireResourceGroup(ctx), kit.targetType).map((r) => r.id),
    ),
  );
  api.route('GET', kit.targetTemplate, (ctx) => ({
    status: 200,
    body: renderTarget(ctx.state, kit, existingTarget(ctx, kit).id),
  }));
}

function listed<T extends TargetModel, C extends TargetConnectionModel>(
  ctx: RequestContext,
  kit: TargetKit<T, C>,
  ids: string[],
): ArmResponse {
  const items = ids.map((id) => renderTarget(ctx.state, kit, id));
  return { status: 200, body: kit.targetLists === 'one-page' ? { value: items } : ctx.page(items) };
}
