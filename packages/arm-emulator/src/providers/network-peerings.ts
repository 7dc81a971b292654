/**
 * Microsoft.Network/virtualNetworks/virtualNetworkPeerings. A peering is one direction; Azure computes
 * `peeringState` from both: `Initiated` while only this side exists, `Connected` on both once the other side is
 * created, `Disconnected` on the side that remains when the other side (or its network) is deleted. A disconnected
 * peering must be updated or re-created before the other side can be created again (`RemotePeeringIsDisconnected`).
 */
import { randomUUID } from 'node:crypto';
import type { ArmResponse, RequestContext } from '../context';
import { ArmError, invalidField, parentResourceNotFound, resourceNotFound } from '../errors';
import { isJsonObject, objectField, stringField, type JsonObject } from '../json';
import type { EmulatorProvider } from '../provider';
import type { EmulatorState, StoredResource } from '../state';
import { tryParseArmId } from '../arm-id';
import { NETWORK, networkEtag, networkId, param, PEERING_TYPE, VNET_TYPE } from './network-common';
import { contains, parseCidr } from './network-ip';

const PEERINGS = `${NETWORK}/virtualNetworks/{virtualNetworkName}/virtualNetworkPeerings`;
const PEERING = `${PEERINGS}/{virtualNetworkPeeringName}`;

/** Azure's defaults for the flags a caller leaves out. */
const FLAG_DEFAULTS = {
  allowVirtualNetworkAccess: true,
  allowForwardedTraffic: false,
  allowGatewayTransit: false,
  useRemoteGateways: false,
  doNotVerifyRemoteGateways: false,
} as const;

export const virtualNetworkPeeringsProvider: EmulatorProvider = {
  name: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
  register(api) {
    api.route('GET', PEERINGS, (ctx) => ({
      status: 200,
      body: ctx.page(ctx.state.children(requireVnet(ctx).id, PEERING_TYPE).map((p) => renderPeering(ctx.state, p))),
    }));
    api.route('GET', PEERING, (ctx) => ({ status: 200, body: renderPeering(ctx.state, requirePeering(ctx)) }));
    api.route('PUT', PEERING, putPeering);
    api.route('DELETE', PEERING, deletePeering);
    api.onResourceGroupDelete((ctx, groupId) => {
      for (const vnet of ctx.state.children(groupId, VNET_TYPE)) disconnectPeeringsTo(ctx.state, vnet.id);
    });
  },
};

function props(resource: StoredResource): JsonObject {
  return resource.body.properties as JsonObject;
}

function requireVnet(ctx: RequestContext): StoredResource {
  const name = param(ctx, 'virtualNetworkName');
  const vnet = ctx.state.get(networkId(ctx, 'virtualNetworks', name));
  if (!vnet) throw parentResourceNotFound(VNET_TYPE, name);
  return vnet;
}

function requirePeering(ctx: RequestContext): StoredResource {
  const vnet = requireVnet(ctx);
  const name = param(ctx, 'virtualNetworkPeeringName');
  const peering = ctx.state.get(`${vnet.id}/virtualNetworkPeerings/${name}`);
  if (!peering) throw resourceNotFound(PEERING_TYPE, `${vnet.name}/${name}`, ctx.params.resourceGroupName);
  return peering;
}

function addressPrefixes(vnet: StoredResource | undefined): string[] {
  const space = vnet && (props(vnet).addressSpace as { addressPrefixes?: string[] } | undefined);
  return [...(space?.addressPrefixes ?? [])];
}

function remoteIdOf(peering: StoredResource): string {
  return String((props(peering).remoteVirtualNetwork as JsonObject).id);
}

function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The other direction: the peering on `remoteVnetId` that points back at `localVnetId`. */
function reversePeering(state: EmulatorState, localVnetId: string, remoteVnetId: string): StoredResource | undefined {
  return state.children(remoteVnetId, PEERING_TYPE).find((p) => sameId(remoteIdOf(p), localVnetId));
}

function vnetIdOf(peering: StoredResource): string {
  return peering.id.slice(0, peering.id.toLowerCase().lastIndexOf('/virtualnetworkpeerings/'));
}

function samePrefixes(a: unknown, b: string[]): boolean {
  const left = (isJsonObject(a) && Array.isArray(a.addressPrefixes) ? a.addressPrefixes : []) as string[];
  return left.length === b.length && left.every((p, i) => p === b[i]);
}

/**
 * `FullyInSync` unless an address space changed since the peering was last synced: this side's copy of the remote
 * space is stale (`LocalNotInSync`), the other side's copy of ours is (`RemoteNotInSync`), or both.
 */
function syncLevel(state: EmulatorState, peering: StoredResource): string {
  const localVnetId = vnetIdOf(peering);
  const remote = state.get(remoteIdOf(peering));
  const localStale = remote !== undefined && !samePrefixes(props(peering).remoteAddressSpace, addressPrefixes(remote));
  const reverse = remote && reversePeering(state, localVnetId, remote.id);
  const remoteStale =
    reverse !== undefined && !samePrefixes(props(reverse).remoteAddressSpace, addressPrefixes(state.get(localVnetId)));
  if (localStale && remoteStale) return 'LocalAndRemoteNotInSync';
  if (localStale) return 'LocalNotInSync';
  if (remoteStale) return 'RemoteNotInSync';
  return 'FullyInSync';
}

export function renderPeering(state: EmulatorState, peering: StoredResource): JsonObject {
  const remote = state.get(remoteIdOf(peering));
  const local = state.get(vnetIdOf(peering));
  const stored = props(peering);
  return {
    name: peering.name,
    id: peering.id,
    etag: peering.etag,
    type: PEERING_TYPE,
    properties: {
      provisioningState: stored.provisioningState,
      resourceGuid: stored.resourceGuid,
      peeringState: stored.peeringState,
      peeringSyncLevel: syncLevel(state, peering),
      remoteVirtualNetwork: { id: remote?.id ?? remoteIdOf(peering) },
      allowVirtualNetworkAccess: stored.allowVirtualNetworkAccess,
      allowForwardedTraffic: stored.allowForwardedTraffic,
      allowGatewayTransit: stored.allowGatewayTransit,
      useRemoteGateways: stored.useRemoteGateways,
      doNotVerifyRemoteGateways: stored.doNotVerifyRemoteGateways,
      peerCompleteVnets: true,
      remoteAddressSpace: stored.remoteAddressSpace,
      remoteVirtualNetworkAddressSpace: { addressPrefixes: remote ? addressPrefixes(remote) : [] },
      localAddressSpace: { addressPrefixes: addressPrefixes(local) },
      localVirtualNetworkAddressSpace: { addressPrefixes: addressPrefixes(local) },
    },
  };
}

function setState(peering: StoredResource, peeringState: string): void {
  if (props(peering).peeringState === peeringState) return;
  props(peering).peeringState = peeringState;
  peering.etag = networkEtag();
}

/** A network (or its group) is going away: the peerings elsewhere that point at it become Disconnected. */
export function disconnectPeeringsTo(state: EmulatorState, vnetId: string): void {
  for (const peering of state.listAll(PEERING_TYPE)) {
    if (sameId(remoteIdOf(peering), vnetId) && !sameId(vnetIdOf(peering), vnetId)) setState(peering, 'Disconnected');
  }
}

function flag(input: JsonObject, name: keyof typeof FLAG_DEFAULTS, previous: JsonObject | undefined): boolean {
  const value = input[name];
  if (value === undefined) return (previous?.[name] as boolean | undefined) ?? FLAG_DEFAULTS[name];
  if (typeof value !== 'boolean') throw invalidField(`properties.${name}`, 'true or false');
  return value;
}

function overlaps(local: string[], remote: string[]): boolean {
  const a = local.map((p) => parseCidr(p, 'addressSpace'));
  const b = remote.map((p) => parseCidr(p, 'addressSpace'));
  return a.some((x) => b.some((y) => contains(x, y) || contains(y, x)));
}

function putPeering(ctx: RequestContext): ArmResponse {
  const vnet = requireVnet(ctx);
  const name = param(ctx, 'virtualNetworkPeeringName');
  const id = `${vnet.id}/virtualNetworkPeerings/${name}`;
  const existing = ctx.state.get(id);
  const input = objectField(objectField(ctx.body, 'body').properties, 'properties');
  const remoteRef = objectField(input.remoteVirtualNetwork, 'properties.remoteVirtualNetwork');
  const remoteId = stringField(remoteRef.id, 'properties.remoteVirtualNetwork.id');
  const parsed = tryParseArmId(remoteId);
  if (!parsed || parsed.segments.length !== 1 || !sameId(`${parsed.provider}/${parsed.segments[0]?.type}`, VNET_TYPE))
    throw invalidField('properties.remoteVirtualNetwork.id', 'the ID of a Microsoft.Network/virtualNetworks resource');
  const remote = ctx.state.get(remoteId);
  if (!remote) throw resourceNotFound(VNET_TYPE, parsed.segments[0]?.name ?? remoteId, parsed.resourceGroup);
  if (sameId(remote.id, vnet.id))
    throw invalidField('properties.remoteVirtualNetwork.id', 'a virtual network other than the local one');
  if (existing && !sameId(remoteIdOf(existing), remote.id))
    throw invalidField(
      'properties.remoteVirtualNetwork.id',
      "the peering's existing remote network (it cannot change)",
    );
  if (overlaps(addressPrefixes(vnet), addressPrefixes(remote))) {
    throw new ArmError(
      400,
      'VnetAddressSpacesOverlap',
      `Cannot create or update peering ${id}. Virtual networks ${vnet.id} and ${remote.id} have overlapping address spaces.`,
    );
  }
  const reverse = reversePeering(ctx.state, vnet.id, remote.id);
  if (reverse && props(reverse).peeringState === 'Disconnected') {
    throw new ArmError(
      400,
      'RemotePeeringIsDisconnected',
      `Cannot create or update peering ${id} because remote peering ${reverse.id} referencing parent virtual network ${vnet.id} is in Disconnected state. Update or re-create the remote peering to get it back to Initiated state. Peering gets Disconnected when remote vnet or remote peering is deleted and re-created.`,
    );
  }
  const previous = existing ? props(existing) : undefined;
  const syncRemote = ctx.query.get('syncRemoteAddressSpace')?.toLowerCase() === 'true';
  const peering = ctx.state.put({
    id,
    type: PEERING_TYPE,
    etag: networkEtag(),
    body: {
      properties: {
        provisioningState: 'Updating',
        resourceGuid: (previous?.resourceGuid as string | undefined) ?? randomUUID(),
        // An update re-initiates a disconnected peering; the state settles when the operation completes.
        peeringState: previous?.peeringState === 'Connected' ? 'Connected' : 'Initiated',
        remoteVirtualNetwork: { id: remote.id },
        allowVirtualNetworkAccess: flag(input, 'allowVirtualNetworkAccess', previous),
        allowForwardedTraffic: flag(input, 'allowForwardedTraffic', previous),
        allowGatewayTransit: flag(input, 'allowGatewayTransit', previous),
        useRemoteGateways: flag(input, 'useRemoteGateways', previous),
        doNotVerifyRemoteGateways: flag(input, 'doNotVerifyRemoteGateways', previous),
        remoteAddressSpace:
          previous && !syncRemote ? previous.remoteAddressSpace : { addressPrefixes: addressPrefixes(remote) },
      },
    },
  });
  return ctx.startLro({
    style: 'network',
    resourceId: peering.id,
    location: String(vnet.body.location),
    initialStatus: existing ? 200 : 201,
    initialBody: () => renderPeering(ctx.state, peering),
    complete: () => {
      props(peering).provisioningState = 'Succeeded';
      const other = reversePeering(ctx.state, vnet.id, remote.id);
      if (other && props(other).peeringState !== 'Disconnected') {
        setState(peering, 'Connected');
        setState(other, 'Connected');
      } else setState(peering, 'Initiated');
      ctx.emit({ kind: 'write', resourceId: peering.id, operationName: `${PEERING_TYPE}/write`, created: !existing });
    },
    fail: () => {
      props(peering).provisioningState = 'Failed';
    },
    resultBody: () => renderPeering(ctx.state, peering),
  });
}

function deletePeering(ctx: RequestContext): ArmResponse {
  const vnet = requireVnet(ctx);
  const peering = ctx.state.get(`${vnet.id}/virtualNetworkPeerings/${param(ctx, 'virtualNetworkPeeringName')}`);
  if (!peering) return { status: 204 };
  props(peering).provisioningState = 'Deleting';
  return ctx.startLro({
    style: 'network',
    resourceId: peering.id,
    location: String(vnet.body.location),
    initialStatus: 202,
    complete: () => {
      const other = reversePeering(ctx.state, vnet.id, remoteIdOf(peering));
      ctx.state.delete(peering.id);
      if (other) setState(other, 'Disconnected');
      ctx.emit({ kind: 'delete', resourceId: peering.id, operationName: `${PEERING_TYPE}/delete` });
    },
  });
}
