/**
 * Microsoft.Network/privateLinkServices: customer and SaaS (alias-based) services, their provider-side
 * privateEndpointConnections (approve/reject/delete), and the private link target endpoints connect to by ID or alias.
 * Provider-side connection states carry no `actionsRequired`, as in Azure's examples.
 */
import type { ArmResponse, RequestContext } from '../context';
import { ArmError, invalidField, parentResourceNotFound, resourceNotFound } from '../errors';
import {
  objectField,
  optionalArrayField,
  optionalObjectField,
  optionalStringField,
  stringField,
  tagsField,
  type JsonObject,
} from '../json';
import type { PrivateLinkTarget } from '../private-link';
import { privateLinkServiceAlias } from '../private-link-alias';
import type { EmulatorProvider } from '../provider';
import type { EmulatorState, StoredResource } from '../state';
import {
  NETWORK,
  NETWORK_IN_SUBSCRIPTION,
  networkEtag,
  networkId,
  param,
  PLS_CONNECTION_TYPE,
  PLS_TYPE,
} from './network-common';
import { normaliseLocation } from './resources';

const SERVICES = `${NETWORK}/privateLinkServices`;
const SERVICE = `${SERVICES}/{serviceName}`;
const CONNECTIONS = `${SERVICE}/privateEndpointConnections`;
const CONNECTION = `${CONNECTIONS}/{peConnectionName}`;
const STATUSES = ['Approved', 'Rejected', 'Pending', 'Disconnected'];

export const privateLinkServicesProvider: EmulatorProvider = {
  name: 'Microsoft.Network/privateLinkServices',
  register(api) {
    api.route('GET', SERVICES, (ctx) => ({
      status: 200,
      body: ctx.page(
        ctx.state
          .children(
            `/subscriptions/${ctx.params.subscriptionId}/resourceGroups/${ctx.params.resourceGroupName}`,
            PLS_TYPE,
          )
          .map((s) => renderService(ctx.state, s)),
      ),
    }));
    api.route('GET', `${NETWORK_IN_SUBSCRIPTION}/privateLinkServices`, (ctx) => ({
      status: 200,
      body: ctx.page(
        ctx.state.listInSubscription(param(ctx, 'subscriptionId'), PLS_TYPE).map((s) => renderService(ctx.state, s)),
      ),
    }));
    api.route('GET', SERVICE, (ctx) => ({ status: 200, body: renderService(ctx.state, requireService(ctx)) }));
    api.route('PUT', SERVICE, putService);
    api.route('DELETE', SERVICE, deleteService);
    api.route('GET', CONNECTIONS, (ctx) => ({
      status: 200,
      body: ctx.page(ctx.state.children(requireParentService(ctx).id, PLS_CONNECTION_TYPE).map(renderConnection)),
    }));
    api.route('GET', CONNECTION, (ctx) => ({ status: 200, body: renderConnection(requireConnection(ctx)) }));
    api.route('PUT', CONNECTION, putConnection);
    api.route('DELETE', CONNECTION, deleteConnection);
    api.registerPrivateLinkTarget(PLS_TYPE, privateLinkServiceTarget);
  },
};

function serviceId(ctx: RequestContext): string {
  return networkId(ctx, 'privateLinkServices', param(ctx, 'serviceName'));
}

function requireService(ctx: RequestContext): StoredResource {
  const service = ctx.state.get(serviceId(ctx));
  if (!service) throw resourceNotFound(PLS_TYPE, param(ctx, 'serviceName'), ctx.params.resourceGroupName);
  return service;
}

function requireParentService(ctx: RequestContext): StoredResource {
  const service = ctx.state.get(serviceId(ctx));
  if (!service) throw parentResourceNotFound(PLS_TYPE, param(ctx, 'serviceName'));
  return service;
}

function requireConnection(ctx: RequestContext): StoredResource {
  const service = requireParentService(ctx);
  const connection = ctx.state.get(`${service.id}/privateEndpointConnections/${param(ctx, 'peConnectionName')}`);
  if (!connection)
    throw resourceNotFound(
      PLS_CONNECTION_TYPE,
      `${service.name}/${param(ctx, 'peConnectionName')}`,
      ctx.params.resourceGroupName,
    );
  return connection;
}

function props(resource: StoredResource): JsonObject {
  return resource.body.properties as JsonObject;
}

function renderConnection(connection: StoredResource): JsonObject {
  return {
    name: connection.name,
    id: connection.id,
    type: PLS_CONNECTION_TYPE,
    etag: connection.etag,
    properties: { ...props(connection) },
  };
}

function renderService(state: EmulatorState, service: StoredResource): JsonObject {
  return {
    name: service.name,
    id: service.id,
    type: PLS_TYPE,
    etag: service.etag,
    location: service.body.location,
    ...(service.body.tags ? { tags: service.body.tags } : {}),
    properties: {
      ...props(service),
      alias: service.meta.alias,
      privateEndpointConnections: state.children(service.id, PLS_CONNECTION_TYPE).map(renderConnection),
      networkInterfaces: [],
    },
  };
}

function putService(ctx: RequestContext): ArmResponse {
  const input = objectField(ctx.body, 'body');
  const location = normaliseLocation(stringField(input.location, 'location'));
  const tags = tagsField(input.tags);
  const given = optionalObjectField(input.properties, 'properties') ?? {};
  const existing = ctx.state.get(serviceId(ctx));
  const {
    alias: _alias,
    privateEndpointConnections: _connections,
    provisioningState: _state,
    networkInterfaces: _nics,
    ...settings
  } = given;
  const service = ctx.state.put({
    id: serviceId(ctx),
    type: PLS_TYPE,
    etag: networkEtag(),
    body: {
      location,
      ...(tags ? { tags } : {}),
      properties: {
        ...settings,
        fqdns: optionalArrayField(given.fqdns, 'properties.fqdns'),
        visibility: given.visibility ?? { subscriptions: [] },
        autoApproval: given.autoApproval ?? { subscriptions: [] },
        provisioningState: 'Updating',
      },
    },
    meta: { alias: (existing?.meta.alias as string | undefined) ?? privateLinkServiceAlias(serviceId(ctx), location) },
  });
  return ctx.startLro({
    style: 'network',
    resourceId: service.id,
    location,
    initialStatus: existing ? 200 : 201,
    initialBody: () => renderService(ctx.state, service),
    complete: () => {
      props(service).provisioningState = 'Succeeded';
      ctx.emit({ kind: 'write', resourceId: service.id, operationName: `${PLS_TYPE}/write`, created: !existing });
    },
    fail: () => {
      props(service).provisioningState = 'Failed';
    },
  });
}

function deleteService(ctx: RequestContext): ArmResponse {
  const service = ctx.state.get(serviceId(ctx));
  if (!service) return { status: 204 };
  props(service).provisioningState = 'Deleting';
  return ctx.startLro({
    style: 'network',
    resourceId: service.id,
    location: String(service.body.location),
    initialStatus: 202,
    complete: () => {
      ctx.state.delete(service.id);
      ctx.emit({ kind: 'delete', resourceId: service.id, operationName: `${PLS_TYPE}/delete` });
    },
  });
}

function putConnection(ctx: RequestContext): ArmResponse {
  const connection = requireConnection(ctx);
  const input = objectField(ctx.body, 'body');
  const given = objectField(input.properties, 'properties');
  const wanted = objectField(given.privateLinkServiceConnectionState, 'properties.privateLinkServiceConnectionState');
  const status = stringField(wanted.status, 'properties.privateLinkServiceConnectionState.status');
  if (!STATUSES.includes(status))
    throw invalidField('properties.privateLinkServiceConnectionState.status', STATUSES.join(', '));
  const description =
    optionalStringField(wanted.description, 'properties.privateLinkServiceConnectionState.description') ?? '';
  props(connection).privateLinkServiceConnectionState = { status, description };
  connection.etag = networkEtag();
  ctx.emit({ kind: 'write', resourceId: connection.id, operationName: `${PLS_CONNECTION_TYPE}/write` });
  return { status: 200, body: renderConnection(connection) };
}

function deleteConnection(ctx: RequestContext): ArmResponse {
  const service = requireParentService(ctx);
  const connection = ctx.state.get(`${service.id}/privateEndpointConnections/${param(ctx, 'peConnectionName')}`);
  if (!connection) return { status: 204 };
  return ctx.startLro({
    style: 'network',
    resourceId: connection.id,
    location: String(service.body.location),
    initialStatus: 202,
    complete: () => {
      ctx.state.delete(connection.id);
      ctx.emit({ kind: 'delete', resourceId: connection.id, operationName: `${PLS_CONNECTION_TYPE}/delete` });
    },
  });
}

function connectionOf(state: EmulatorState, targetId: string, connectionName: string): StoredResource | undefined {
  return state.get(`${targetId}/privateEndpointConnections/${connectionName}`);
}

export const privateLinkServiceTarget: PrivateLinkTarget = {
  requiredMembers(ctx, targetId) {
    if (!ctx.state.get(targetId)) {
      throw new ArmError(
        400,
        'PrivateLinkServiceNotFound',
        `Private link service ${targetId} was not found.`,
        'properties.privateLinkServiceConnections[0].properties.privateLinkServiceId',
      );
    }
    return [{ groupId: '', memberName: '', fqdns: [] }];
  },
  onEndpointAttached(ctx, attachment) {
    const existing = connectionOf(ctx.state, attachment.targetId, attachment.connectionName);
    if (existing)
      return { ...(props(existing).privateLinkServiceConnectionState as { status: string; description: string }) };
    const state = attachment.manual
      ? { status: 'Pending', description: attachment.requestMessage }
      : { status: 'Approved', description: 'Auto-Approved' };
    const service = ctx.state.get(attachment.targetId) as StoredResource;
    ctx.state.put({
      id: `${service.id}/privateEndpointConnections/${attachment.connectionName}`,
      type: PLS_CONNECTION_TYPE,
      etag: networkEtag(),
      body: {
        properties: {
          privateEndpoint: { id: attachment.endpointId },
          privateLinkServiceConnectionState: state,
          provisioningState: 'Succeeded',
        },
      },
    });
    return { ...state };
  },
  onEndpointDetached(ctx, detachment) {
    const connection = connectionOf(ctx.state, detachment.targetId, detachment.connectionName);
    if (connection) ctx.state.delete(connection.id);
  },
  connectionStatus(state, detachment) {
    const connection = connectionOf(state, detachment.targetId, detachment.connectionName);
    if (!connection) return undefined;
    return { ...(props(connection).privateLinkServiceConnectionState as { status: string; description: string }) };
  },
  resolveAlias(state, alias) {
    const wanted = alias.toLowerCase();
    return state.listAll(PLS_TYPE).find((s) => String(s.meta.alias).toLowerCase() === wanted)?.id;
  },
};
