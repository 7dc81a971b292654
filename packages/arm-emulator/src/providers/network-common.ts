import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../context';

export const NETWORK = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network';
export const NETWORK_IN_SUBSCRIPTION = '/subscriptions/{subscriptionId}/providers/Microsoft.Network';

export const VNET_TYPE = 'Microsoft.Network/virtualNetworks';
export const SUBNET_TYPE = 'Microsoft.Network/virtualNetworks/subnets';
export const PEERING_TYPE = 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings';
export const NIC_TYPE = 'Microsoft.Network/networkInterfaces';
export const ZONE_GROUP_TYPE = 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups';
export const PLS_TYPE = 'Microsoft.Network/privateLinkServices';
export const PLS_CONNECTION_TYPE = 'Microsoft.Network/privateLinkServices/privateEndpointConnections';

/** Microsoft.Network etags are weak: `W/"<guid>"`. */
export function networkEtag(): string {
  return `W/"${randomUUID()}"`;
}

/** `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Network/{type}/{name}` from the request's params. */
export function networkId(ctx: RequestContext, type: string, name: string): string {
  return `/subscriptions/${ctx.params.subscriptionId}/resourceGroups/${ctx.params.resourceGroupName}/providers/Microsoft.Network/${type}/${name}`;
}

export function param(ctx: RequestContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route has no {${name}} parameter`);
  return value;
}
