/** Microsoft.Network/privateDnsZones: zones, virtual network links and record sets (the latter in privatedns-records.ts). */
import { armType, tryParseArmId } from '../arm-id';
import type { ArmResponse, RequestContext } from '../context';
import { ArmError, invalidField, parentResourceNotFound, resourceNotFound } from '../errors';
import { checkPreconditions } from '../etags';
import { objectField, optionalObjectField, stringField, tagsField, type JsonObject } from '../json';
import type { EmulatorProvider } from '../provider';
import { newEtag, type StoredResource } from '../state';
import { NETWORK, NETWORK_IN_SUBSCRIPTION, param } from './network-common';

const VNET_TYPE = 'microsoft.network/virtualnetworks';
import {
  createSoaRecord,
  deleteRecordSet,
  getRecordSet,
  listRecordSets,
  putRecordSet,
  recordSetCount,
  ZONE_TYPE,
  zoneOf,
} from './privatedns-records';

const ZONES = `${NETWORK}/privateDnsZones`;
const ZONE = `${ZONES}/{privateZoneName}`;
const LINKS = `${ZONE}/virtualNetworkLinks`;
const LINK = `${LINKS}/{virtualNetworkLinkName}`;
const LINK_TYPE = `${ZONE_TYPE}/virtualNetworkLinks`;

/** Private DNS service limits (Microsoft's published quotas). */
const LIMITS = {
  maxNumberOfRecordSets: 25000,
  maxNumberOfVirtualNetworkLinks: 1000,
  maxNumberOfVirtualNetworkLinksWithRegistration: 100,
};

export const privateDnsProvider: EmulatorProvider = {
  name: 'Microsoft.Network/privateDnsZones',
  register(api) {
    api.route('GET', ZONES, (ctx) => ({
      status: 200,
      body: ctx.page(
        ctx.state.children(rgId(ctx), ZONE_TYPE).map((z) => renderZone(ctx, z)),
        { top: true },
      ),
    }));
    api.route('GET', `${NETWORK_IN_SUBSCRIPTION}/privateDnsZones`, (ctx) => ({
      status: 200,
      body: ctx.page(
        ctx.state.listInSubscription(param(ctx, 'subscriptionId'), ZONE_TYPE).map((z) => renderZone(ctx, z)),
        { top: true },
      ),
    }));
    api.route('GET', ZONE, (ctx) => ({ status: 200, body: renderZone(ctx, requireZone(ctx)) }));
    api.route('PUT', ZONE, (ctx) => writeZone(ctx, false));
    api.route('PATCH', ZONE, (ctx) => writeZone(ctx, true));
    api.route('DELETE', ZONE, deleteZone);
    api.route('GET', LINKS, (ctx) => ({
      status: 200,
      body: ctx.page(ctx.state.children(requireParentZone(ctx).id, LINK_TYPE).map(renderLink), { top: true }),
    }));
    api.route('GET', LINK, (ctx) => ({ status: 200, body: renderLink(requireLink(ctx)) }));
    api.route('PUT', LINK, (ctx) => writeLink(ctx, false));
    api.route('PATCH', LINK, (ctx) => writeLink(ctx, true));
    api.route('DELETE', LINK, deleteLink);
    api.route('GET', `${ZONE}/{recordType}`, listRecordSets);
    api.route('GET', `${ZONE}/{recordType}/{relativeRecordSetName}`, getRecordSet);
    api.route('PUT', `${ZONE}/{recordType}/{relativeRecordSetName}`, (ctx) => putRecordSet(ctx, false));
    api.route('PATCH', `${ZONE}/{recordType}/{relativeRecordSetName}`, (ctx) => putRecordSet(ctx, true));
    api.route('DELETE', `${ZONE}/{recordType}/{relativeRecordSetName}`, deleteRecordSet);
  },
};

function rgId(ctx: RequestContext): string {
  return `/subscriptions/${ctx.params.subscriptionId}/resourceGroups/${ctx.params.resourceGroupName}`;
}

function requireZone(ctx: RequestContext): StoredResource {
  const zone = zoneOf(ctx);
  if (!zone) throw resourceNotFound(ZONE_TYPE, param(ctx, 'privateZoneName'), ctx.params.resourceGroupName);
  return zone;
}

function requireParentZone(ctx: RequestContext): StoredResource {
  const zone = zoneOf(ctx);
  if (!zone) throw parentResourceNotFound(ZONE_TYPE, param(ctx, 'privateZoneName'));
  return zone;
}

function props(resource: StoredResource): JsonObject {
  return resource.body.properties as JsonObject;
}

function renderZone(ctx: RequestContext, zone: StoredResource): JsonObject {
  const links = ctx.state.children(zone.id, LINK_TYPE);
  return {
    id: zone.id,
    name: zone.name,
    type: ZONE_TYPE,
    location: 'global',
    etag: zone.etag,
    ...(zone.body.tags ? { tags: zone.body.tags } : {}),
    properties: {
      maxNumberOfRecordSets: LIMITS.maxNumberOfRecordSets,
      numberOfRecordSets: recordSetCount(ctx.state, zone),
      maxNumberOfVirtualNetworkLinks: LIMITS.maxNumberOfVirtualNetworkLinks,
      numberOfVirtualNetworkLinks: links.length,
      maxNumberOfVirtualNetworkLinksWithRegistration: LIMITS.maxNumberOfVirtualNetworkLinksWithRegistration,
      numberOfVirtualNetworkLinksWithRegistration: links.filter((l) => props(l).registrationEnabled === true).length,
      provisioningState: props(zone).provisioningState,
    },
  };
}

function globalLocation(input: JsonObject): void {
  if (input.location !== undefined && String(input.location).toLowerCase() !== 'global') {
    throw invalidField('location', "'global' (private DNS resources are global)", 'InvalidLocation');
  }
}

function writeZone(ctx: RequestContext, patch: boolean): ArmResponse {
  const name = param(ctx, 'privateZoneName').toLowerCase();
  const existing = zoneOf(ctx);
  checkPreconditions(ctx, ZONE_TYPE, name, existing?.etag, existing !== undefined);
  if (patch && !existing) throw resourceNotFound(ZONE_TYPE, name, ctx.params.resourceGroupName);
  const input = optionalObjectField(ctx.body, 'body') ?? {};
  globalLocation(input);
  const tags =
    tagsField(input.tags) ?? (patch ? (existing?.body.tags as Record<string, string> | undefined) : undefined);
  const zone = ctx.state.put({
    id: `${rgId(ctx)}/providers/Microsoft.Network/privateDnsZones/${name}`,
    type: ZONE_TYPE,
    etag: newEtag(),
    body: { ...(tags ? { tags } : {}), properties: { provisioningState: 'Updating' } },
  });
  return ctx.startLro({
    style: 'privatedns',
    resourceId: zone.id,
    initialStatus: 202,
    complete: () => {
      props(zone).provisioningState = 'Succeeded';
      createSoaRecord(ctx.state, zone);
      ctx.emit({ kind: 'write', resourceId: zone.id, operationName: `${ZONE_TYPE}/write`, created: !existing });
    },
    fail: () => {
      props(zone).provisioningState = 'Failed';
    },
    resultBody: () => renderZone(ctx, zone),
  });
}

function deleteZone(ctx: RequestContext): ArmResponse {
  const zone = zoneOf(ctx);
  checkPreconditions(ctx, ZONE_TYPE, param(ctx, 'privateZoneName'), zone?.etag, zone !== undefined);
  if (!zone) return { status: 204 };
  props(zone).provisioningState = 'Deleting';
  return ctx.startLro({
    style: 'privatedns',
    resourceId: zone.id,
    initialStatus: 202,
    complete: () => {
      ctx.state.delete(zone.id);
      ctx.emit({ kind: 'delete', resourceId: zone.id, operationName: `${ZONE_TYPE}/delete` });
    },
  });
}

function linkIdOf(ctx: RequestContext, zone: StoredResource): string {
  return `${zone.id}/virtualNetworkLinks/${param(ctx, 'virtualNetworkLinkName')}`;
}

function requireLink(ctx: RequestContext): StoredResource {
  const zone = requireParentZone(ctx);
  const link = ctx.state.get(linkIdOf(ctx, zone));
  if (!link)
    throw resourceNotFound(
      LINK_TYPE,
      `${zone.name}/${param(ctx, 'virtualNetworkLinkName')}`,
      ctx.params.resourceGroupName,
    );
  return link;
}

function renderLink(link: StoredResource): JsonObject {
  return {
    id: link.id,
    name: link.name,
    type: LINK_TYPE,
    location: 'global',
    etag: link.etag,
    ...(link.body.tags ? { tags: link.body.tags } : {}),
    // Azure reports the link InProgress until the network is linked (Microsoft's VirtualNetworkLinkList example).
    properties: {
      ...props(link),
      virtualNetworkLinkState: props(link).provisioningState === 'Updating' ? 'InProgress' : 'Completed',
    },
  };
}

function writeLink(ctx: RequestContext, patch: boolean): ArmResponse {
  const zone = requireParentZone(ctx);
  const id = linkIdOf(ctx, zone);
  const existing = ctx.state.get(id);
  checkPreconditions(ctx, LINK_TYPE, param(ctx, 'virtualNetworkLinkName'), existing?.etag, existing !== undefined);
  if (patch && !existing)
    throw resourceNotFound(
      LINK_TYPE,
      `${zone.name}/${param(ctx, 'virtualNetworkLinkName')}`,
      ctx.params.resourceGroupName,
    );
  const input = optionalObjectField(ctx.body, 'body') ?? {};
  globalLocation(input);
  const given = optionalObjectField(input.properties, 'properties') ?? {};
  const previous = existing ? props(existing) : {};
  const virtualNetworkId =
    given.virtualNetwork !== undefined
      ? stringField(objectField(given.virtualNetwork, 'properties.virtualNetwork').id, 'properties.virtualNetwork.id')
      : patch
        ? String((previous.virtualNetwork as JsonObject).id)
        : stringField(undefined, 'properties.virtualNetwork.id');
  const target = tryParseArmId(virtualNetworkId);
  if (!target || !target.resourceGroup || target.segments.length !== 1 || armType(target)?.toLowerCase() !== VNET_TYPE)
    throw invalidField(
      'properties.virtualNetwork.id',
      'the ID of a virtual network (/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Network/virtualNetworks/{name})',
    );
  if (given.registrationEnabled !== undefined && typeof given.registrationEnabled !== 'boolean') {
    throw invalidField('properties.registrationEnabled', 'true or false');
  }
  const clash = ctx.state
    .children(zone.id, LINK_TYPE)
    .find(
      (l) =>
        l.id.toLowerCase() !== id.toLowerCase() &&
        String((props(l).virtualNetwork as JsonObject).id).toLowerCase() === virtualNetworkId.toLowerCase(),
    );
  if (clash)
    throw new ArmError(
      409,
      'Conflict',
      `Virtual network ${virtualNetworkId} is already linked to zone ${zone.name} by ${clash.name}.`,
    );
  const tags =
    tagsField(input.tags) ?? (patch ? (existing?.body.tags as Record<string, string> | undefined) : undefined);
  const link = ctx.state.put({
    id,
    type: LINK_TYPE,
    etag: newEtag(),
    body: {
      ...(tags ? { tags } : {}),
      properties: {
        virtualNetwork: { id: virtualNetworkId },
        registrationEnabled:
          (given.registrationEnabled as boolean | undefined) ??
          (previous.registrationEnabled as boolean | undefined) ??
          false,
        ...(typeof given.resolutionPolicy === 'string' ? { resolutionPolicy: given.resolutionPolicy } : {}),
        provisioningState: 'Updating',
      },
    },
  });
  return ctx.startLro({
    style: 'privatedns',
    resourceId: link.id,
    initialStatus: 202,
    complete: () => {
      props(link).provisioningState = 'Succeeded';
      ctx.emit({ kind: 'write', resourceId: link.id, operationName: `${LINK_TYPE}/write`, created: !existing });
    },
    fail: () => {
      props(link).provisioningState = 'Failed';
    },
    resultBody: () => renderLink(link),
  });
}

function deleteLink(ctx: RequestContext): ArmResponse {
  const zone = requireParentZone(ctx);
  const link = ctx.state.get(linkIdOf(ctx, zone));
  checkPreconditions(ctx, LINK_TYPE, param(ctx, 'virtualNetworkLinkName'), link?.etag, link !== undefined);
  if (!link) return { status: 204 };
  props(link).provisioningState = 'Deleting';
  return ctx.startLro({
    style: 'privatedns',
    resourceId: link.id,
    initialStatus: 202,
    complete: () => {
      ctx.state.delete(link.id);
      ctx.emit({ kind: 'delete', resourceId: link.id, operationName: `${LINK_TYPE}/delete` });
    },
  });
}
