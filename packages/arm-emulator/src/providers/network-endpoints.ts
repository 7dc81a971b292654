/**
 * Microsoft.Network/privateEndpoints and their NICs. Creating or re-PUTting an endpoint asks its target for the
 * required members, gives each an IP from the subnet, (re)builds the NIC, attaches to the target and refreshes DNS
 * zone group records; deleting it detaches, frees the IPs and removes the NIC, but leaves other DNS records alone.
 */
import { randomUUID } from 'node:crypto';
import { isIPv4 } from 'node:net';
import type { ArmResponse, RequestContext } from '../context';
import { ArmError, invalidField, resourceNotFound } from '../errors';
import {
  isJsonObject,
  objectField,
  optionalArrayField,
  optionalStringField,
  stringField,
  tagsField,
  type JsonObject,
} from '../json';
import { PRIVATE_ENDPOINT_TYPE, type RequiredMember } from '../private-link';
import type { EmulatorProvider } from '../provider';
import type { StoredResource } from '../state';
import {
  NETWORK,
  NETWORK_IN_SUBSCRIPTION,
  networkEtag,
  networkId,
  NIC_TYPE,
  param,
  SUBNET_TYPE,
} from './network-common';
import {
  endpointMeta,
  proxyId,
  renderEndpoint,
  renderNic,
  resolveTarget,
  targetOfLink,
  type AllocatedMember,
  type EndpointConnectionSpec,
  type EndpointMeta,
  type EndpointSpec,
  type StaticIpConfiguration,
} from './network-endpoint-model';
import { allocateIp, cidrHolds, parseCidr, releaseIps } from './network-ip';
import { registerZoneGroupRoutes, removeZoneGroupRecords, syncZoneGroupsOf } from './network-zone-groups';
import { normaliseLocation } from './resources';

const ENDPOINTS = `${NETWORK}/privateEndpoints`;
const ENDPOINT = `${ENDPOINTS}/{privateEndpointName}`;
const NICS = `${NETWORK}/networkInterfaces`;

export const privateEndpointsProvider: EmulatorProvider = {
  name: 'Microsoft.Network/privateEndpoints',
  register(api) {
    api.route('GET', ENDPOINTS, (ctx) => ({
      status: 200,
      body: ctx.page(ctx.state.children(rgId(ctx), PRIVATE_ENDPOINT_TYPE).map((e) => render(ctx, e))),
    }));
    api.route('GET', `${NETWORK_IN_SUBSCRIPTION}/privateEndpoints`, (ctx) => ({
      status: 200,
      body: ctx.page(
        ctx.state.listInSubscription(param(ctx, 'subscriptionId'), PRIVATE_ENDPOINT_TYPE).map((e) => render(ctx, e)),
      ),
    }));
    api.route('GET', ENDPOINT, (ctx) => ({ status: 200, body: render(ctx, requireEndpoint(ctx)) }));
    api.route('PUT', ENDPOINT, putEndpoint);
    api.route('DELETE', ENDPOINT, deleteEndpoint);
    api.route('GET', NICS, (ctx) => ({
      status: 200,
      body: ctx.page(ctx.state.children(rgId(ctx), NIC_TYPE).map((n) => renderNic(ctx.state, n))),
    }));
    api.route('GET', `${NETWORK_IN_SUBSCRIPTION}/networkInterfaces`, (ctx) => ({
      status: 200,
      body: ctx.page(
        ctx.state.listInSubscription(param(ctx, 'subscriptionId'), NIC_TYPE).map((n) => renderNic(ctx.state, n)),
      ),
    }));
    api.route('GET', `${NICS}/{networkInterfaceName}`, (ctx) => {
      const nic = ctx.state.get(networkId(ctx, 'networkInterfaces', param(ctx, 'networkInterfaceName')));
      if (!nic) throw resourceNotFound(NIC_TYPE, param(ctx, 'networkInterfaceName'), ctx.params.resourceGroupName);
      return { status: 200, body: renderNic(ctx.state, nic) };
    });
    registerZoneGroupRoutes(api);
    api.onResourceGroupDelete((ctx, resourceGroupId) => {
      for (const endpoint of ctx.state.children(resourceGroupId, PRIVATE_ENDPOINT_TYPE))
        removeEndpoint(ctx, endpoint, false);
    });
  },
};

function rgId(ctx: RequestContext): string {
  return `/subscriptions/${ctx.params.subscriptionId}/resourceGroups/${ctx.params.resourceGroupName}`;
}

function render(ctx: RequestContext, endpoint: StoredResource): JsonObject {
  return renderEndpoint(ctx.state, ctx.targets, endpoint);
}

function requireEndpoint(ctx: RequestContext): StoredResource {
  const endpoint = ctx.state.get(networkId(ctx, 'privateEndpoints', param(ctx, 'privateEndpointName')));
  if (!endpoint)
    throw resourceNotFound(PRIVATE_ENDPOINT_TYPE, param(ctx, 'privateEndpointName'), ctx.params.resourceGroupName);
  return endpoint;
}

function parseConnection(entries: unknown[], manual: boolean, endpointName: string): EndpointConnectionSpec[] {
  const collection = manual ? 'manualPrivateLinkServiceConnections' : 'privateLinkServiceConnections';
  return entries.map((entry, i) => {
    const field = `properties.${collection}[${i}]`;
    const connection = objectField(entry, field);
    const props = objectField(connection.properties, `${field}.properties`);
    const groupIds = optionalArrayField(props.groupIds, `${field}.properties.groupIds`).map((g, j) =>
      typeof g === 'string'
        ? g
        : (() => {
            throw invalidField(`${field}.properties.groupIds[${j}]`, 'a string');
          })(),
    );
    return {
      name: optionalStringField(connection.name, `${field}.name`) ?? endpointName,
      reference: stringField(props.privateLinkServiceId, `${field}.properties.privateLinkServiceId`),
      groupIds,
      requestMessage: optionalStringField(props.requestMessage, `${field}.properties.requestMessage`) ?? '',
      manual,
      field: `${field}.properties.privateLinkServiceId`,
    };
  });
}

function parseStaticIps(value: unknown): StaticIpConfiguration[] {
  return optionalArrayField(value, 'properties.ipConfigurations').map((entry, i) => {
    const field = `properties.ipConfigurations[${i}]`;
    const config = objectField(entry, field);
    const props = objectField(config.properties, `${field}.properties`);
    const ip = stringField(props.privateIPAddress, `${field}.properties.privateIPAddress`);
    if (!isIPv4(ip)) throw invalidField(`${field}.properties.privateIPAddress`, 'an IPv4 address');
    return {
      name: stringField(config.name, `${field}.name`),
      groupId: typeof props.groupId === 'string' ? props.groupId : '',
      memberName: typeof props.memberName === 'string' ? props.memberName : '',
      privateIPAddress: ip,
    };
  });
}

function parseSpec(ctx: RequestContext, endpointName: string): EndpointSpec {
  const input = objectField(ctx.body, 'body');
  const props = objectField(input.properties, 'properties');
  const subnet = objectField(props.subnet, 'properties.subnet');
  const connections = [
    ...parseConnection(
      optionalArrayField(props.privateLinkServiceConnections, 'properties.privateLinkServiceConnections'),
      false,
      endpointName,
    ),
    ...parseConnection(
      optionalArrayField(props.manualPrivateLinkServiceConnections, 'properties.manualPrivateLinkServiceConnections'),
      true,
      endpointName,
    ),
  ];
  if (connections.length !== 1) {
    throw invalidField(
      'properties.privateLinkServiceConnections',
      `exactly one connection across privateLinkServiceConnections and manualPrivateLinkServiceConnections (got ${connections.length})`,
      'PrivateEndpointMustHaveExactlyOneConnection',
    );
  }
  const tags = tagsField(input.tags);
  const customNic = optionalStringField(props.customNetworkInterfaceName, 'properties.customNetworkInterfaceName');
  return {
    location: normaliseLocation(stringField(input.location, 'location')),
    ...(tags ? { tags } : {}),
    subnetId: stringField(subnet.id, 'properties.subnet.id'),
    connection: connections[0] as EndpointConnectionSpec,
    ...(customNic ? { customNetworkInterfaceName: customNic } : {}),
    applicationSecurityGroups: optionalArrayField(
      props.applicationSecurityGroups,
      'properties.applicationSecurityGroups',
    ),
    staticIpConfigurations: parseStaticIps(props.ipConfigurations),
  };
}

function requireSubnet(ctx: RequestContext, subnetId: string): StoredResource {
  const subnet = ctx.state.get(subnetId);
  if (!subnet || subnet.type.toLowerCase() !== SUBNET_TYPE.toLowerCase()) {
    throw new ArmError(
      400,
      'InvalidResourceReference',
      `Resource ${subnetId} referenced by the private endpoint was not found.`,
      'properties.subnet.id',
    );
  }
  return subnet;
}

function putEndpoint(ctx: RequestContext): ArmResponse {
  const id = networkId(ctx, 'privateEndpoints', param(ctx, 'privateEndpointName'));
  const spec = parseSpec(ctx, param(ctx, 'privateEndpointName'));
  requireSubnet(ctx, spec.subnetId);
  const { target, targetId } = resolveTarget(ctx, spec.connection);
  target.requiredMembers(ctx, targetId, spec.connection.groupIds);
  const existing = ctx.state.get(id);
  const previous = existing ? endpointMeta(existing) : undefined;
  if (previous && (previous.provisioningState === 'Updating' || previous.provisioningState === 'Deleting')) {
    throw new ArmError(
      429,
      'RetryableErrorDueToAnotherOperation',
      `Operation on private endpoint ${existing?.id} cannot start while another operation is in progress.`,
      undefined,
      { 'Retry-After': '1' },
    );
  }
  const meta: EndpointMeta = {
    members: [],
    resourceGuid: randomUUID(),
    ...previous,
    spec,
    provisioningState: 'Updating',
  };
  // Every write gives the endpoint (and its connection, which shares it) a new weak etag, as Microsoft.Network does.
  const endpoint = ctx.state.put({
    id,
    type: PRIVATE_ENDPOINT_TYPE,
    body: {},
    etag: networkEtag(),
    meta: meta as unknown as JsonObject,
  });
  return ctx.startLro({
    style: 'network',
    resourceId: endpoint.id,
    location: spec.location,
    initialStatus: existing ? 200 : 201,
    initialBody: () => render(ctx, endpoint),
    complete: () => provision(ctx, endpoint.id, !existing),
    fail: () => {
      const current = ctx.state.get(endpoint.id);
      if (current) endpointMeta(current).provisioningState = 'Failed';
    },
  });
}

/** The long-running part of a PUT: members, IPs, NIC, target connection, zone group records, events. */
function provision(ctx: RequestContext, endpointId: string, created: boolean): void {
  const endpoint = ctx.state.get(endpointId);
  if (!endpoint)
    throw new ArmError(404, 'ResourceNotFound', `Private endpoint ${endpointId} was deleted while being provisioned.`);
  const meta = endpointMeta(endpoint);
  const { spec } = meta;
  const resolved = resolveTarget(ctx, spec.connection);
  const members = resolved.target.requiredMembers(ctx, resolved.targetId, spec.connection.groupIds);

  if (meta.link && meta.link.targetId.toLowerCase() !== resolved.targetId.toLowerCase()) detach(ctx, endpoint, true);
  const connectionName = meta.link?.connectionName ?? `${endpoint.name}.${randomUUID()}`;

  allocateMembers(ctx, endpoint, members);
  ensureNic(ctx, endpoint);
  resolved.target.onEndpointAttached(ctx, {
    targetId: resolved.targetId,
    endpointId: endpoint.id,
    connectionName,
    groupIds: spec.connection.groupIds,
    manual: spec.connection.manual,
    requestMessage: spec.connection.requestMessage,
  });
  meta.link = { targetId: resolved.targetId, connectionName, actionsRequired: 'None' };
  meta.provisioningState = 'Succeeded';
  endpoint.etag = networkEtag();
  syncZoneGroupsOf(ctx.state, endpoint);
  ctx.emit({ kind: 'write', resourceId: endpoint.id, operationName: `${PRIVATE_ENDPOINT_TYPE}/write`, created });
  ctx.emit({
    kind: 'write',
    resourceId: proxyId(resolved.targetId, connectionName),
    operationName: `${resolved.targetType}/privateEndpointConnectionProxies/write`,
  });
}

function memberKey(member: Pick<RequiredMember, 'groupId' | 'memberName'>): string {
  return `${member.groupId.toLowerCase()}|${member.memberName.toLowerCase()}`;
}

/** Keeps the IPs of members that remain, frees those of members that left, gives new members the next free IPs. */
function allocateMembers(ctx: RequestContext, endpoint: StoredResource, members: RequiredMember[]): void {
  const meta = endpointMeta(endpoint);
  const subnet = requireSubnet(ctx, meta.spec.subnetId);
  if (meta.subnetId && meta.subnetId.toLowerCase() !== subnet.id.toLowerCase()) {
    releaseIps(
      ctx.state,
      meta.subnetId,
      meta.members.map((m) => m.ip),
    );
    meta.members = [];
  }
  const kept = new Map(meta.members.map((m) => [memberKey(m), m]));
  const wanted = new Set(members.map(memberKey));
  releaseIps(
    ctx.state,
    subnet.id,
    meta.members.filter((m) => !wanted.has(memberKey(m))).map((m) => m.ip),
  );
  meta.members = members.map((member): AllocatedMember => {
    const previous = kept.get(memberKey(member));
    const fixed = meta.spec.staticIpConfigurations.find((s) => memberKey(s) === memberKey(member));
    const ip = previous?.ip ?? (fixed ? claimStaticIp(subnet, fixed, endpoint.id) : allocateIp(subnet, endpoint.id));
    return { ...member, ip, configName: fixed?.name ?? previous?.configName ?? randomUUID() };
  });
  meta.subnetId = subnet.id;
}

function claimStaticIp(subnet: StoredResource, config: StaticIpConfiguration, ownerId: string): string {
  const prefix = String((subnet.body.properties as JsonObject).addressPrefix);
  const inside = cidrHolds(parseCidr(prefix, 'properties.addressPrefix'), config.privateIPAddress);
  const held = ((subnet.meta.allocated as Record<string, string> | undefined) ??= {});
  const owner = held[config.privateIPAddress];
  if (!inside || (owner !== undefined && owner.toLowerCase() !== ownerId.toLowerCase())) {
    throw new ArmError(
      400,
      'PrivateIPAddressNotAvailable',
      `Private IP ${config.privateIPAddress} of ip configuration '${config.name}' is outside subnet ${subnet.id} or already in use.`,
      'properties.ipConfigurations',
    );
  }
  held[config.privateIPAddress] = ownerId;
  return config.privateIPAddress;
}

function ensureNic(ctx: RequestContext, endpoint: StoredResource): void {
  const meta = endpointMeta(endpoint);
  if (meta.nicId && ctx.state.has(meta.nicId)) return;
  const nicName = meta.spec.customNetworkInterfaceName ?? `${endpoint.name}.nic.${randomUUID()}`;
  const nic = ctx.state.put({
    id: `/subscriptions/${endpoint.subscriptionId}/resourceGroups/${endpoint.resourceGroup}/providers/Microsoft.Network/networkInterfaces/${nicName}`,
    type: NIC_TYPE,
    etag: networkEtag(),
    body: { location: meta.spec.location },
    meta: { endpointId: endpoint.id, resourceGuid: randomUUID() },
  });
  meta.nicId = nic.id;
}

function detach(ctx: RequestContext, endpoint: StoredResource, emitEvents: boolean): void {
  const meta = endpointMeta(endpoint);
  if (!meta.link) return;
  const resolved = targetOfLink(ctx, meta.link);
  resolved?.target.onEndpointDetached(ctx, {
    targetId: meta.link.targetId,
    endpointId: endpoint.id,
    connectionName: meta.link.connectionName,
  });
  if (resolved && emitEvents) {
    ctx.emit({
      kind: 'delete',
      resourceId: proxyId(meta.link.targetId, meta.link.connectionName),
      operationName: `${resolved.targetType}/privateEndpointConnectionProxies/delete`,
    });
  }
  delete meta.link;
}

/** Detaches, frees IPs, removes the NIC and the zone groups' records; other DNS records stay, as in Azure. */
function removeEndpoint(ctx: RequestContext, endpoint: StoredResource, emitEvents: boolean): void {
  const meta = endpointMeta(endpoint);
  for (const group of ctx.state.children(endpoint.id)) {
    if (isJsonObject(group.meta) && Array.isArray(group.meta.written)) removeZoneGroupRecords(ctx.state, group);
  }
  detach(ctx, endpoint, emitEvents);
  if (meta.subnetId)
    releaseIps(
      ctx.state,
      meta.subnetId,
      meta.members.map((m) => m.ip),
    );
  if (meta.nicId) ctx.state.delete(meta.nicId);
  ctx.state.delete(endpoint.id);
  if (emitEvents)
    ctx.emit({ kind: 'delete', resourceId: endpoint.id, operationName: `${PRIVATE_ENDPOINT_TYPE}/delete` });
}

function deleteEndpoint(ctx: RequestContext): ArmResponse {
  const endpoint = ctx.state.get(networkId(ctx, 'privateEndpoints', param(ctx, 'privateEndpointName')));
  if (!endpoint) return { status: 204 };
  const meta = endpointMeta(endpoint);
  meta.provisioningState = 'Deleting';
  return ctx.startLro({
    style: 'network',
    resourceId: endpoint.id,
    location: meta.spec.location,
    initialStatus: 202,
    complete: () => {
      const current = ctx.state.get(endpoint.id);
      if (current) removeEndpoint(ctx, current, true);
    },
  });
}
