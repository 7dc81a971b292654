/** Microsoft.Network/virtualNetworks and their subnets: the address space private endpoints take their IPs from. */
import { randomUUID } from 'node:crypto';
import type { ArmResponse, RequestContext } from '../context';
import { ArmError, invalidField, parentResourceNotFound, resourceNotFound } from '../errors';
import {
  arrayField,
  objectField,
  optionalArrayField,
  optionalObjectField,
  stringField,
  tagsField,
  type JsonObject,
} from '../json';
import type { EmulatorProvider } from '../provider';
import type { StoredResource } from '../state';
import { normaliseLocation } from './resources';
import {
  NETWORK,
  NETWORK_IN_SUBSCRIPTION,
  networkEtag,
  networkId,
  param,
  PEERING_TYPE,
  SUBNET_TYPE,
  VNET_TYPE,
} from './network-common';
import { disconnectPeeringsTo, renderPeering } from './network-peerings';
import { allocatedCount, contains, parseCidr } from './network-ip';

const VNETS = `${NETWORK}/virtualNetworks`;
const VNET = `${VNETS}/{virtualNetworkName}`;
const SUBNETS = `${VNET}/subnets`;
const SUBNET = `${SUBNETS}/{subnetName}`;

export const virtualNetworksProvider: EmulatorProvider = {
  name: 'Microsoft.Network/virtualNetworks',
  register(api) {
    api.route('GET', VNETS, (ctx) => ({
      status: 200,
      body: ctx.page(ctx.state.children(rgId(ctx), VNET_TYPE).map((v) => renderVnet(ctx, v))),
    }));
    api.route('GET', `${NETWORK_IN_SUBSCRIPTION}/virtualNetworks`, (ctx) => ({
      status: 200,
      body: ctx.page(
        ctx.state.listInSubscription(param(ctx, 'subscriptionId'), VNET_TYPE).map((v) => renderVnet(ctx, v)),
      ),
    }));
    api.route('GET', VNET, (ctx) => ({ status: 200, body: renderVnet(ctx, requireVnet(ctx)) }));
    api.route('PUT', VNET, putVnet);
    api.route('DELETE', VNET, deleteVnet);
    api.route('GET', SUBNETS, (ctx) => ({
      status: 200,
      body: ctx.page(ctx.state.children(requireVnet(ctx).id, SUBNET_TYPE).map((s) => renderSubnet(s))),
    }));
    api.route('GET', SUBNET, (ctx) => ({ status: 200, body: renderSubnet(requireSubnet(ctx)) }));
    api.route('PUT', SUBNET, putSubnet);
    api.route('DELETE', SUBNET, deleteSubnet);
  },
};

function rgId(ctx: RequestContext): string {
  return `/subscriptions/${ctx.params.subscriptionId}/resourceGroups/${ctx.params.resourceGroupName}`;
}

function vnetId(ctx: RequestContext): string {
  return networkId(ctx, 'virtualNetworks', param(ctx, 'virtualNetworkName'));
}

function requireVnet(ctx: RequestContext): StoredResource {
  const vnet = ctx.state.get(vnetId(ctx));
  if (!vnet) throw resourceNotFound(VNET_TYPE, param(ctx, 'virtualNetworkName'), ctx.params.resourceGroupName);
  return vnet;
}

function requireSubnet(ctx: RequestContext): StoredResource {
  const vnet = ctx.state.get(vnetId(ctx));
  if (!vnet) throw parentResourceNotFound(VNET_TYPE, param(ctx, 'virtualNetworkName'));
  const subnet = ctx.state.get(`${vnet.id}/subnets/${param(ctx, 'subnetName')}`);
  if (!subnet)
    throw resourceNotFound(SUBNET_TYPE, `${vnet.name}/${param(ctx, 'subnetName')}`, ctx.params.resourceGroupName);
  return subnet;
}

function properties(resource: StoredResource): JsonObject {
  return resource.body.properties as JsonObject;
}

export function renderSubnet(subnet: StoredResource): JsonObject {
  const owners = [...new Set(Object.values((subnet.meta.allocated as Record<string, string> | undefined) ?? {}))];
  return {
    id: subnet.id,
    name: subnet.name,
    etag: subnet.etag,
    type: SUBNET_TYPE,
    properties: {
      ...properties(subnet),
      ...(owners.length > 0 ? { privateEndpoints: owners.map((id) => ({ id })) } : {}),
    },
  };
}

function renderVnet(ctx: RequestContext, vnet: StoredResource): JsonObject {
  return {
    id: vnet.id,
    name: vnet.name,
    type: VNET_TYPE,
    etag: vnet.etag,
    ...vnet.body,
    properties: {
      ...properties(vnet),
      subnets: ctx.state.children(vnet.id, SUBNET_TYPE).map(renderSubnet),
      virtualNetworkPeerings: ctx.state.children(vnet.id, PEERING_TYPE).map((p) => renderPeering(ctx.state, p)),
    },
  };
}

function subnetBody(input: JsonObject, field: string, space: ReturnType<typeof parseCidr>[]): JsonObject {
  const props = objectField(input.properties, `${field}.properties`);
  const prefix = stringField(props.addressPrefix, `${field}.properties.addressPrefix`);
  const cidr = parseCidr(prefix, `${field}.properties.addressPrefix`);
  if (space.length > 0 && !space.some((s) => contains(s, cidr))) {
    throw invalidField(
      `${field}.properties.addressPrefix`,
      "a prefix inside the virtual network's address space",
      'NetcfgSubnetRangeOutsideVnet',
    );
  }
  return {
    properties: {
      provisioningState: 'Succeeded',
      addressPrefix: prefix,
      privateEndpointNetworkPolicies:
        typeof props.privateEndpointNetworkPolicies === 'string' ? props.privateEndpointNetworkPolicies : 'Disabled',
      privateLinkServiceNetworkPolicies:
        typeof props.privateLinkServiceNetworkPolicies === 'string'
          ? props.privateLinkServiceNetworkPolicies
          : 'Enabled',
    },
  };
}

function addressSpace(vnet: StoredResource): ReturnType<typeof parseCidr>[] {
  const space = properties(vnet).addressSpace as { addressPrefixes: string[] };
  return space.addressPrefixes.map((p) => parseCidr(p, 'properties.addressSpace.addressPrefixes'));
}

/** Keeps a subnet's allocations when its definition is replaced. */
function putSubnetResource(ctx: RequestContext, id: string, body: JsonObject): StoredResource {
  const existing = ctx.state.get(id);
  if (
    existing &&
    allocatedCount(existing) > 0 &&
    properties(existing).addressPrefix !== (body.properties as JsonObject).addressPrefix
  ) {
    throw new ArmError(
      400,
      'InUseSubnetCannotBeUpdated',
      `Subnet ${existing.id} holds private endpoint IPs; its address prefix cannot change.`,
    );
  }
  return ctx.state.put({ id, type: SUBNET_TYPE, body, etag: networkEtag() });
}

function putVnet(ctx: RequestContext): ArmResponse {
  const input = objectField(ctx.body, 'body');
  const location = normaliseLocation(stringField(input.location, 'location'));
  const tags = tagsField(input.tags);
  const props = objectField(input.properties, 'properties');
  const space = objectField(props.addressSpace, 'properties.addressSpace');
  const prefixes = arrayField(space.addressPrefixes, 'properties.addressSpace.addressPrefixes').map((p, i) =>
    stringField(p, `properties.addressSpace.addressPrefixes[${i}]`),
  );
  const cidrs = prefixes.map((p, i) => parseCidr(p, `properties.addressSpace.addressPrefixes[${i}]`));
  const subnets =
    props.subnets === undefined
      ? undefined
      : optionalArrayField(props.subnets, 'properties.subnets').map((s, i) => {
          const subnet = objectField(s, `properties.subnets[${i}]`);
          return {
            name: stringField(subnet.name, `properties.subnets[${i}].name`),
            body: subnetBody(subnet, `properties.subnets[${i}]`, cidrs),
          };
        });
  const id = vnetId(ctx);
  const existing = ctx.state.get(id);
  if (existing && subnets) {
    const kept = new Set(subnets.map((s) => s.name.toLowerCase()));
    const dropped = ctx.state
      .children(existing.id, SUBNET_TYPE)
      .find((s) => !kept.has(s.name.toLowerCase()) && allocatedCount(s) > 0);
    if (dropped)
      throw new ArmError(
        400,
        'InUseSubnetCannotBeDeleted',
        `Subnet ${dropped.id} is in use by private endpoints and cannot be deleted.`,
      );
  }
  const resourceGuid = (existing && (properties(existing).resourceGuid as string)) || randomUUID();
  const vnet = ctx.state.put({
    id,
    type: VNET_TYPE,
    etag: networkEtag(),
    body: {
      location,
      ...(tags ? { tags } : {}),
      properties: {
        provisioningState: 'Updating',
        resourceGuid,
        addressSpace: { addressPrefixes: prefixes },
        enableDdosProtection: false,
      },
    },
  });
  if (subnets) {
    const kept = new Set(subnets.map((s) => s.name.toLowerCase()));
    for (const old of ctx.state.children(vnet.id, SUBNET_TYPE))
      if (!kept.has(old.name.toLowerCase())) ctx.state.delete(old.id);
    for (const subnet of subnets) putSubnetResource(ctx, `${vnet.id}/subnets/${subnet.name}`, subnet.body);
  }
  return ctx.startLro({
    style: 'network',
    resourceId: vnet.id,
    location,
    initialStatus: existing ? 200 : 201,
    initialBody: () => renderVnet(ctx, vnet),
    complete: () => {
      properties(vnet).provisioningState = 'Succeeded';
      ctx.emit({ kind: 'write', resourceId: vnet.id, operationName: `${VNET_TYPE}/write`, created: !existing });
    },
    fail: () => {
      properties(vnet).provisioningState = 'Failed';
    },
  });
}

function deleteVnet(ctx: RequestContext): ArmResponse {
  const vnet = ctx.state.get(vnetId(ctx));
  if (!vnet) return { status: 204 };
  const busy = ctx.state.children(vnet.id, SUBNET_TYPE).find((s) => allocatedCount(s) > 0);
  if (busy)
    throw new ArmError(
      400,
      'InUseSubnetCannotBeDeleted',
      `Subnet ${busy.id} is in use by private endpoints and cannot be deleted.`,
    );
  properties(vnet).provisioningState = 'Deleting';
  return ctx.startLro({
    style: 'network',
    resourceId: vnet.id,
    location: String(vnet.body.location),
    initialStatus: 202,
    complete: () => {
      disconnectPeeringsTo(ctx.state, vnet.id);
      ctx.state.delete(vnet.id);
      ctx.emit({ kind: 'delete', resourceId: vnet.id, operationName: `${VNET_TYPE}/delete` });
    },
  });
}

function putSubnet(ctx: RequestContext): ArmResponse {
  const vnet = ctx.state.get(vnetId(ctx));
  if (!vnet) throw parentResourceNotFound(VNET_TYPE, param(ctx, 'virtualNetworkName'));
  const input = optionalObjectField(ctx.body, 'body') ?? {};
  const id = `${vnet.id}/subnets/${param(ctx, 'subnetName')}`;
  const existed = ctx.state.has(id);
  const subnet = putSubnetResource(ctx, id, subnetBody(input, 'body', addressSpace(vnet)));
  properties(subnet).provisioningState = 'Updating';
  return ctx.startLro({
    style: 'network',
    resourceId: subnet.id,
    location: String(vnet.body.location),
    initialStatus: existed ? 200 : 201,
    initialBody: () => renderSubnet(subnet),
    complete: () => {
      properties(subnet).provisioningState = 'Succeeded';
      ctx.emit({ kind: 'write', resourceId: subnet.id, operationName: `${SUBNET_TYPE}/write`, created: !existed });
    },
  });
}

function deleteSubnet(ctx: RequestContext): ArmResponse {
  const vnet = ctx.state.get(vnetId(ctx));
  if (!vnet) throw parentResourceNotFound(VNET_TYPE, param(ctx, 'virtualNetworkName'));
  const subnet = ctx.state.get(`${vnet.id}/subnets/${param(ctx, 'subnetName')}`);
  if (!subnet) return { status: 204 };
  if (allocatedCount(subnet) > 0)
    throw new ArmError(
      400,
      'InUseSubnetCannotBeDeleted',
      `Subnet ${subnet.id} is in use by private endpoints and cannot be deleted.`,
    );
  return ctx.startLro({
    style: 'network',
    resourceId: subnet.id,
    location: String(vnet.body.location),
    initialStatus: 202,
    complete: () => {
      ctx.state.delete(subnet.id);
      ctx.emit({ kind: 'delete', resourceId: subnet.id, operationName: `${SUBNET_TYPE}/delete` });
    },
  });
}
