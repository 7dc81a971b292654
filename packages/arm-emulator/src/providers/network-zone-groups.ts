/**
 * privateDnsZoneGroups of private endpoints. Like Azure, the emulator writes the group's A records (ttl 10, no
 * metadata) when the endpoint or group is provisioned, rewrites them on refresh and removes them with the group or
 * the endpoint.
 */
import type { ArmResponse, RequestContext } from '../context';
import { ArmError, parentResourceNotFound, resourceNotFound } from '../errors';
import {
  arrayField,
  objectField,
  optionalObjectField,
  optionalStringField,
  stringField,
  type JsonObject,
} from '../json';
import { PRIVATE_ENDPOINT_TYPE } from '../private-link';
import type { ProviderApi } from '../provider';
import type { EmulatorState, StoredResource } from '../state';
import { NETWORK, networkId, param, ZONE_GROUP_TYPE } from './network-common';
import { endpointMeta } from './network-endpoint-model';
import { removeARecordIps, writeManagedARecordSet } from './privatedns-records';

const ZONE_GROUPS = `${NETWORK}/privateEndpoints/{privateEndpointName}/privateDnsZoneGroups`;
const ZONE_GROUP = `${ZONE_GROUPS}/{privateDnsZoneGroupName}`;
const ZONE_GROUP_RECORD_TTL = 10;

interface WrittenRecord {
  zoneId: string;
  name: string;
  ips: string[];
}

interface ZoneGroupMeta {
  configs: Array<{ name?: string; zoneId: string }>;
  written: WrittenRecord[];
  provisioningState: string;
}

function groupMeta(group: StoredResource): ZoneGroupMeta {
  return group.meta as unknown as ZoneGroupMeta;
}

export function registerZoneGroupRoutes(api: ProviderApi): void {
  api.route('GET', ZONE_GROUPS, (ctx) => ({
    status: 200,
    body: ctx.page(
      ctx.state.children(requireEndpoint(ctx).id, ZONE_GROUP_TYPE).map((g) => renderZoneGroup(ctx.state, g)),
    ),
  }));
  api.route('GET', ZONE_GROUP, (ctx) => ({ status: 200, body: renderZoneGroup(ctx.state, requireGroup(ctx)) }));
  api.route('PUT', ZONE_GROUP, putZoneGroup);
  api.route('DELETE', ZONE_GROUP, deleteZoneGroup);
}

function requireEndpoint(ctx: RequestContext): StoredResource {
  const endpoint = ctx.state.get(networkId(ctx, 'privateEndpoints', param(ctx, 'privateEndpointName')));
  if (!endpoint) throw parentResourceNotFound(PRIVATE_ENDPOINT_TYPE, param(ctx, 'privateEndpointName'));
  return endpoint;
}

function requireGroup(ctx: RequestContext): StoredResource {
  const endpoint = requireEndpoint(ctx);
  const group = ctx.state.get(`${endpoint.id}/privateDnsZoneGroups/${param(ctx, 'privateDnsZoneGroupName')}`);
  if (!group)
    throw resourceNotFound(
      ZONE_GROUP_TYPE,
      `${endpoint.name}/${param(ctx, 'privateDnsZoneGroupName')}`,
      ctx.params.resourceGroupName,
    );
  return group;
}

export function renderZoneGroup(state: EmulatorState, group: StoredResource): JsonObject {
  const meta = groupMeta(group);
  return {
    name: group.name,
    id: group.id,
    properties: {
      provisioningState: meta.provisioningState,
      privateDnsZoneConfigs: meta.configs.map((config) => {
        const zoneName = state.get(config.zoneId)?.name ?? config.zoneId.split('/').pop() ?? '';
        const records = meta.written.filter((w) => w.zoneId.toLowerCase() === config.zoneId.toLowerCase());
        return {
          ...(config.name ? { name: config.name } : {}),
          properties: {
            privateDnsZoneId: config.zoneId,
            recordSets: records.map((r) => ({
              recordType: 'A',
              recordSetName: r.name,
              fqdn: `${r.name}.${zoneName}`,
              ipAddresses: r.ips,
            })),
          },
        };
      }),
    },
  };
}

function putZoneGroup(ctx: RequestContext): ArmResponse {
  const endpoint = requireEndpoint(ctx);
  const input = objectField(ctx.body, 'body');
  const props = objectField(input.properties, 'properties');
  const configs = arrayField(props.privateDnsZoneConfigs, 'properties.privateDnsZoneConfigs').map((entry, i) => {
    const field = `properties.privateDnsZoneConfigs[${i}]`;
    const config = objectField(entry, field);
    const configProps = optionalObjectField(config.properties, `${field}.properties`) ?? {};
    const zoneId = stringField(configProps.privateDnsZoneId, `${field}.properties.privateDnsZoneId`);
    const zone = ctx.state.get(zoneId);
    if (!zone)
      throw new ArmError(
        400,
        'InvalidResourceReference',
        `Private DNS zone ${zoneId} referenced by ${field} was not found.`,
        `${field}.properties.privateDnsZoneId`,
      );
    const name = optionalStringField(config.name, `${field}.name`);
    return { ...(name ? { name } : {}), zoneId: zone.id };
  });
  const id = `${endpoint.id}/privateDnsZoneGroups/${param(ctx, 'privateDnsZoneGroupName')}`;
  const existing = ctx.state.get(id);
  const written = existing ? groupMeta(existing).written : [];
  const meta: ZoneGroupMeta = { configs, written, provisioningState: 'Updating' };
  const group = ctx.state.put({ id, type: ZONE_GROUP_TYPE, body: {}, meta: meta as unknown as JsonObject });
  return ctx.startLro({
    style: 'network',
    resourceId: group.id,
    location: endpointMeta(endpoint).spec.location,
    initialStatus: existing ? 200 : 201,
    initialBody: () => renderZoneGroup(ctx.state, group),
    complete: () => {
      meta.provisioningState = 'Succeeded';
      const owner = ctx.state.get(endpoint.id);
      if (owner && endpointMeta(owner).provisioningState === 'Succeeded') syncZoneGroup(ctx.state, owner, group);
      ctx.emit({ kind: 'write', resourceId: group.id, operationName: `${ZONE_GROUP_TYPE}/write`, created: !existing });
    },
    fail: () => {
      meta.provisioningState = 'Failed';
    },
  });
}

function deleteZoneGroup(ctx: RequestContext): ArmResponse {
  const endpoint = requireEndpoint(ctx);
  const group = ctx.state.get(`${endpoint.id}/privateDnsZoneGroups/${param(ctx, 'privateDnsZoneGroupName')}`);
  if (!group) return { status: 204 };
  groupMeta(group).provisioningState = 'Deleting';
  return ctx.startLro({
    style: 'network',
    resourceId: group.id,
    location: endpointMeta(endpoint).spec.location,
    initialStatus: 202,
    complete: () => {
      removeZoneGroupRecords(ctx.state, group);
      ctx.state.delete(group.id);
      ctx.emit({ kind: 'delete', resourceId: group.id, operationName: `${ZONE_GROUP_TYPE}/delete` });
    },
  });
}

/** `acct-westus.documents.azure.com` in `privatelink.documents.azure.com` → `acct-westus`; undefined when unrelated. */
export function recordNameIn(zoneName: string, fqdn: string): string | undefined {
  const name = fqdn.toLowerCase().replace(/\.$/, '');
  const zone = zoneName.toLowerCase();
  if (name.endsWith(`.${zone}`)) return name.slice(0, -(zone.length + 1));
  const publicSuffix = zone.startsWith('privatelink.') ? zone.slice('privatelink.'.length) : undefined;
  if (publicSuffix && name.endsWith(`.${publicSuffix}`)) return name.slice(0, -(publicSuffix.length + 1));
  return undefined;
}

/** Makes the group's records match the endpoint's current IPs. */
export function syncZoneGroup(state: EmulatorState, endpoint: StoredResource, group: StoredResource): void {
  const meta = groupMeta(group);
  const desired = new Map<string, WrittenRecord>();
  for (const config of meta.configs) {
    const zone = state.get(config.zoneId);
    if (!zone) continue;
    for (const member of endpointMeta(endpoint).members) {
      for (const fqdn of member.fqdns) {
        const name = recordNameIn(zone.name, fqdn);
        if (name === undefined) continue;
        const key = `${zone.id.toLowerCase()}|${name}`;
        const entry = desired.get(key) ?? { zoneId: zone.id, name, ips: [] };
        if (!entry.ips.includes(member.ip)) entry.ips.push(member.ip);
        desired.set(key, entry);
      }
    }
  }
  for (const old of meta.written) {
    if (!desired.has(`${old.zoneId.toLowerCase()}|${old.name}`)) removeARecordIps(state, old.zoneId, old.name, old.ips);
  }
  for (const record of desired.values())
    writeManagedARecordSet(state, record.zoneId, record.name, record.ips, ZONE_GROUP_RECORD_TTL);
  meta.written = [...desired.values()];
}

export function syncZoneGroupsOf(state: EmulatorState, endpoint: StoredResource): void {
  for (const group of state.children(endpoint.id, ZONE_GROUP_TYPE)) {
    if (groupMeta(group).provisioningState === 'Succeeded') syncZoneGroup(state, endpoint, group);
  }
}

export function removeZoneGroupRecords(state: EmulatorState, group: StoredResource): void {
  const meta = groupMeta(group);
  for (const record of meta.written) removeARecordIps(state, record.zoneId, record.name, record.ips);
  meta.written = [];
}
