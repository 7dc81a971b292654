/**
 * Record sets of Microsoft.Network/privateDnsZones: names lower-cased, `fqdn` with a trailing dot, a top-level etag
 * that changes on every write, `If-Match` / `If-None-Match: *` with 412, `metadata` only when set.
 */
import { isIPv4 } from 'node:net';
import type { ArmResponse, RequestContext } from '../context';
import { ArmError, invalidField, parentResourceNotFound, resourceNotFound } from '../errors';
import { checkPreconditions } from '../etags';
import { isJsonObject, objectField, optionalObjectField, type JsonObject } from '../json';
import { newEtag, type EmulatorState, type StoredResource } from '../state';
import { param } from './network-common';

export const ZONE_TYPE = 'Microsoft.Network/privateDnsZones';
const RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'PTR', 'SOA', 'SRV', 'TXT'] as const;
type RecordType = (typeof RECORD_TYPES)[number];
const MAX_RECORDS_PER_SET = 20;
const SOA_DEFAULTS = {
  host: 'azureprivatedns.net',
  email: 'azureprivatedns-host.microsoft.com',
  serialNumber: 1,
  refreshTime: 3600,
  retryTime: 300,
  expireTime: 2419200,
  minimumTtl: 10,
};

export function recordSetType(recordType: string): string {
  return `${ZONE_TYPE}/${recordType}`;
}

function parseRecordType(text: string): RecordType {
  const upper = text.toUpperCase() as RecordType;
  if (!RECORD_TYPES.includes(upper)) {
    throw new ArmError(404, 'InvalidResourceType', `Record type '${text}' is not one of ${RECORD_TYPES.join(', ')}.`);
  }
  return upper;
}

export function zoneOf(ctx: RequestContext): StoredResource | undefined {
  return ctx.state.get(
    `/subscriptions/${ctx.params.subscriptionId}/resourceGroups/${ctx.params.resourceGroupName}/providers/Microsoft.Network/privateDnsZones/${param(ctx, 'privateZoneName')}`,
  );
}

function requireZoneAsParent(ctx: RequestContext): StoredResource {
  const zone = zoneOf(ctx);
  if (!zone) throw parentResourceNotFound(ZONE_TYPE, param(ctx, 'privateZoneName'));
  return zone;
}

export function renderRecordSet(zone: StoredResource, record: StoredResource): JsonObject {
  const props = record.body.properties as JsonObject;
  const { metadata, ...rest } = props;
  const recordType = record.type.slice(ZONE_TYPE.length + 1);
  return {
    id: record.id,
    etag: record.etag,
    name: record.name,
    type: record.type,
    properties: {
      ...(isJsonObject(metadata) && Object.keys(metadata).length > 0 ? { metadata } : {}),
      ...rest,
      fqdn: `${record.name === '@' ? zone.name : `${record.name}.${zone.name}`}.`,
      isAutoRegistered: false,
      ...(recordType === 'A' && rest.aRecords === undefined ? { aRecords: [] } : {}),
    },
  };
}

function recordProperties(recordType: RecordType, input: JsonObject): JsonObject {
  const props = optionalObjectField(input.properties, 'properties') ?? {};
  const out: JsonObject = {};
  if (props.ttl !== undefined) {
    if (typeof props.ttl !== 'number' || !Number.isInteger(props.ttl) || props.ttl < 0 || props.ttl > 2147483647) {
      throw invalidField('properties.ttl', 'an integer number of seconds between 0 and 2147483647');
    }
    out.ttl = props.ttl;
  }
  if (props.metadata !== undefined && props.metadata !== null) {
    const metadata = objectField(props.metadata, 'properties.metadata');
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== 'string') throw invalidField(`properties.metadata.${key}`, 'a string');
    }
    out.metadata = metadata;
  }
  if (recordType === 'A' && props.aRecords !== undefined) out.aRecords = aRecords(props.aRecords);
  for (const [key, value] of Object.entries(props)) {
    if (!['ttl', 'metadata', 'aRecords', 'fqdn', 'isAutoRegistered'].includes(key) && recordType !== 'A')
      out[key] = value;
  }
  return out;
}

function aRecords(value: unknown): Array<{ ipv4Address: string }> {
  if (!Array.isArray(value)) throw invalidField('properties.aRecords', 'an array of {ipv4Address}');
  if (value.length > MAX_RECORDS_PER_SET) {
    throw new ArmError(
      400,
      'MaxNumberOfRecordsInRecordSetReached',
      `A record set holds at most ${MAX_RECORDS_PER_SET} records; got ${value.length}.`,
      'properties.aRecords',
    );
  }
  return value.map((entry, i) => {
    const ip = isJsonObject(entry) ? entry.ipv4Address : undefined;
    if (typeof ip !== 'string' || !isIPv4(ip))
      throw invalidField(`properties.aRecords[${i}].ipv4Address`, 'an IPv4 address such as 10.0.1.4');
    return { ipv4Address: ip };
  });
}

function recordId(zone: StoredResource, recordType: string, name: string): string {
  return `${zone.id}/${recordType}/${name.toLowerCase()}`;
}

export function putRecordSet(ctx: RequestContext, merge: boolean): ArmResponse {
  const zone = requireZoneAsParent(ctx);
  const recordType = parseRecordType(param(ctx, 'recordType'));
  const name = param(ctx, 'relativeRecordSetName').toLowerCase();
  const id = recordId(zone, recordType, name);
  const existing = ctx.state.get(id);
  checkPreconditions(ctx, recordSetType(recordType), `${zone.name}/${name}`, existing?.etag, existing !== undefined);
  if (merge && !existing)
    throw resourceNotFound(recordSetType(recordType), `${zone.name}/${name}`, ctx.params.resourceGroupName);
  if (recordType === 'SOA' && name !== '@') throw invalidField('relativeRecordSetName', "'@' for the SOA record set");
  const input = optionalObjectField(ctx.body, 'body') ?? {};
  const given = recordProperties(recordType, input);
  const previous = (existing?.body.properties as JsonObject | undefined) ?? {};
  const props = merge ? { ...previous, ...given } : { ttl: 3600, ...given };
  const stored = ctx.state.put({ id, type: recordSetType(recordType), etag: newEtag(), body: { properties: props } });
  ctx.emit({
    kind: 'write',
    resourceId: stored.id,
    operationName: `${recordSetType(recordType)}/write`,
    created: !existing,
  });
  return { status: existing ? 200 : 201, body: renderRecordSet(zone, stored) };
}

export function getRecordSet(ctx: RequestContext): ArmResponse {
  const zone = requireZoneAsParent(ctx);
  const recordType = parseRecordType(param(ctx, 'recordType'));
  const name = param(ctx, 'relativeRecordSetName');
  const record = ctx.state.get(recordId(zone, recordType, name));
  if (!record)
    throw resourceNotFound(
      recordSetType(recordType),
      `${zone.name}/${name.toLowerCase()}`,
      ctx.params.resourceGroupName,
    );
  return { status: 200, body: renderRecordSet(zone, record) };
}

export function deleteRecordSet(ctx: RequestContext): ArmResponse {
  const zone = requireZoneAsParent(ctx);
  const recordType = parseRecordType(param(ctx, 'recordType'));
  const name = param(ctx, 'relativeRecordSetName').toLowerCase();
  if (recordType === 'SOA') throw new ArmError(400, 'BadRequest', 'The SOA record set of a zone cannot be deleted.');
  const record = ctx.state.get(recordId(zone, recordType, name));
  checkPreconditions(ctx, recordSetType(recordType), `${zone.name}/${name}`, record?.etag, record !== undefined);
  if (!record) return { status: 204 };
  ctx.state.delete(record.id);
  ctx.emit({ kind: 'delete', resourceId: record.id, operationName: `${recordSetType(recordType)}/delete` });
  return { status: 200 };
}

export function listRecordSets(ctx: RequestContext): ArmResponse {
  const zone = requireZoneAsParent(ctx);
  const wanted = param(ctx, 'recordType');
  const all = wanted.toUpperCase() === 'ALL';
  const type = all ? undefined : recordSetType(parseRecordType(wanted));
  const suffix = ctx.query.get('$recordsetnamesuffix')?.toLowerCase();
  const records = ctx.state
    .children(zone.id, type)
    .filter((r) => isRecordSetType(r.type))
    .filter((r) => !suffix || r.name.endsWith(suffix));
  return {
    status: 200,
    body: ctx.page(
      records.map((r) => renderRecordSet(zone, r)),
      { top: true },
    ),
  };
}

export function recordSetCount(state: EmulatorState, zone: StoredResource): number {
  return state.children(zone.id).filter((r) => isRecordSetType(r.type)).length;
}

function isRecordSetType(type: string): boolean {
  const prefix = `${ZONE_TYPE}/`.toLowerCase();
  const rest = type.toLowerCase().startsWith(prefix) ? type.slice(prefix.length).toUpperCase() : '';
  return (RECORD_TYPES as readonly string[]).includes(rest);
}

export function createSoaRecord(state: EmulatorState, zone: StoredResource): void {
  const id = recordId(zone, 'SOA', '@');
  if (state.has(id)) return;
  state.put({
    id,
    type: recordSetType('SOA'),
    etag: newEtag(),
    body: { properties: { ttl: 3600, soaRecord: { ...SOA_DEFAULTS } } },
  });
}

/**
 * Sets an A record set to exactly these IPs (zone groups: ttl 10, no metadata, as Azure writes them). Returns false
 * when the zone does not exist.
 */
export function writeManagedARecordSet(
  state: EmulatorState,
  zoneId: string,
  name: string,
  ips: string[],
  ttl: number,
): boolean {
  const zone = state.get(zoneId);
  if (!zone) return false;
  state.put({
    id: recordId(zone, 'A', name),
    type: recordSetType('A'),
    etag: newEtag(),
    body: { properties: { ttl, aRecords: ips.map((ip) => ({ ipv4Address: ip })) } },
  });
  return true;
}

/** Takes these IPs out of an A record set; deletes the set when none remain. */
export function removeARecordIps(state: EmulatorState, zoneId: string, name: string, ips: string[]): void {
  const zone = state.get(zoneId);
  const record = zone && state.get(recordId(zone, 'A', name));
  if (!record) return;
  const props = record.body.properties as { aRecords?: Array<{ ipv4Address: string }> };
  const remaining = (props.aRecords ?? []).filter((r) => !ips.includes(r.ipv4Address));
  if (remaining.length === 0) state.delete(record.id);
  else {
    props.aRecords = remaining;
    record.etag = newEtag();
  }
}
