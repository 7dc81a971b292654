/**
 * What stands for what among ARM IDs, in one place: a connection stands for its target, a record set is known by its
 * zone copy and name, a resource's orchestration has one key. Events, HTTP, the engine and the planner all ask here.
 */
import { createHash } from 'node:crypto';
import { normaliseDnsName, resourceKey } from './plan/dns/names';
import { formatResourceId, parseResourceId, resourceType, type ResourceId } from './resource-id';

/** Private endpoint connections, and the proxies some providers (Storage, Key Vault) expose for them. */
const CONNECTION_TYPES: ReadonlySet<string> = new Set([
  'privateendpointconnections',
  'privateendpointconnectionproxies',
]);
const PRIVATE_ENDPOINT_TYPE = 'microsoft.network/privateendpoints';
const RECORD_SET_TYPE = 'A';

/**
 * The private link target a connection ID names (`{target}/privateEndpointConnections/{name}` → `{target}`), or
 * undefined when `id` is not a connection's.
 */
export function connectionTarget(id: ResourceId): ResourceId | undefined {
  const last = id.segments.length - 1;
  const segment = id.segments[last];
  if (last < 1 || !segment || !CONNECTION_TYPES.has(segment.type.toLowerCase())) return undefined;
  return { ...id, segments: id.segments.slice(0, last) };
}

export function isConnectionId(id: ResourceId): boolean {
  return connectionTarget(id) !== undefined;
}

/** A connection stands for its target: the ID a run about `resourceId` works on (the ID itself when not a connection's). */
export function targetIfConnection(resourceId: string): string {
  const target = connectionTarget(parseResourceId(resourceId));
  return target ? formatResourceId(target) : resourceId;
}

/** What a run about a resource observes from: a private endpoint, or a private link target (which a connection stands for). */
export type SubjectKind = 'endpoint' | 'target';

export function subjectKind(id: ResourceId): SubjectKind {
  return resourceType(id)?.toLowerCase() === PRIVATE_ENDPOINT_TYPE ? 'endpoint' : 'target';
}

/**
 * The singleton key of the orchestration about a resource: events and HTTP requests about the same resource (in any
 * casing, or about one of its connections) get the same key, so they reach the same instance.
 */
export function orchestrationKey(resource: string | ResourceId): string {
  const id = typeof resource === 'string' ? parseResourceId(resource) : resource;
  const subject = connectionTarget(id) ?? id;
  const canonical = formatResourceId(subject).toLowerCase();
  return `${subjectKind(subject)}:${createHash('sha256').update(canonical).digest('hex')}`;
}

/** Stable per zone copy, usable in a Durable Functions instance ID: record events about one copy share one run. */
export function zoneCopyKey(zoneId: string): string {
  const canonical = formatResourceId(parseResourceId(zoneId)).toLowerCase();
  return `copy:${createHash('sha256').update(canonical).digest('hex')}`;
}

declare const recordSetKeyBrand: unique symbol;
/** A record set in one copy of a zone (a zone's ARM ID names its subscription and resource group). */
export type RecordSetKey = string & { readonly [recordSetKeyBrand]: true };

/** The ARM ID of A record set `name` in zone `zoneId`. */
export function recordSetId(zoneId: string, name: string): string {
  return `${zoneId}/${RECORD_SET_TYPE}/${name}`;
}

/** Zone ID and name of an A record set's ID, or undefined for any other ID. */
export function parseRecordSetId(id: string): { zoneId: string; name: string } | undefined {
  const at = id.toLowerCase().lastIndexOf(`/${RECORD_SET_TYPE.toLowerCase()}/`);
  if (at < 0) return undefined;
  return { zoneId: id.slice(0, at), name: normaliseDnsName(id.slice(at + RECORD_SET_TYPE.length + 2)) };
}

/** The key of record set `name` in the zone copy `zoneId`, whatever the casing (the canonical record set ID). */
export function recordSetKey(zoneId: string, name: string): RecordSetKey {
  return `${resourceKey(zoneId)}/${RECORD_SET_TYPE.toLowerCase()}/${normaliseDnsName(name)}` as RecordSetKey;
}

/** The key of an A record set given by its ARM ID, or undefined for any other ID. */
export function recordSetKeyOfId(id: string): RecordSetKey | undefined {
  const parsed = parseRecordSetId(id);
  return parsed && recordSetKey(parsed.zoneId, parsed.name);
}

declare const recordNameKeyBrand: unique symbol;
/**
 * A record name in a zone, in whichever copy of the zone: what an endpoint claims (claims name a zone, not a copy).
 * When claims come to name a zone copy (one hub per region), this is the one place the key gains it.
 */
export type RecordNameKey = string & { readonly [recordNameKeyBrand]: true };

export function recordNameKey(record: { zone: string; name: string }): RecordNameKey {
  return `${normaliseDnsName(record.zone)}|${normaliseDnsName(record.name)}` as RecordNameKey;
}
