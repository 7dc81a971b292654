/** Names people read in findings, and the few name derivations the checks share. */
import { connectionTarget } from '../arm-identity';
import { parentResource, parseResourceId, resourceName, resourceType, tryParseResourceId } from '../resource-id';

export { virtualNetworkOf } from '../plan/dns/placement';
export { regionSlug } from '../region';

const RECORD_SET_TYPE = 'microsoft.network/privatednszones/a';

/** `acct-westus.privatelink.documents.azure.com` for a record set, `acct/pe-app.1234` for a connection, else the resource's name. */
export function shortName(id: string): string {
  const parsed = tryParseResourceId(id);
  if (!parsed) return id;
  const name = resourceName(parsed) ?? id;
  const type = resourceType(parsed)?.toLowerCase();
  const parent = parentResource(parsed);
  const parentName = parent ? resourceName(parent) : undefined;
  if (type === RECORD_SET_TYPE && parentName) return name === '@' ? parentName : `${name}.${parentName}`;
  if (connectionTarget(parsed) && parentName) return `${parentName}/${name}`;
  return name;
}

/** The name of the resource an ID points at; an alias or other non-ID string is its own name. */
export function nameOf(id: string): string {
  const parsed = tryParseResourceId(id);
  return (parsed && resourceName(parsed)) ?? id;
}

export function normaliseIp(ip: string): string {
  return ip.trim().toLowerCase();
}

/** Throws a message naming the field when `id` is not an ARM resource ID. */
export function requireResourceId(id: unknown, field: string): string {
  if (typeof id !== 'string')
    throw new Error(`${field}: expected an ARM resource ID string, got ${JSON.stringify(id)}`);
  try {
    parseResourceId(id);
  } catch (error) {
    throw new Error(`${field}: expected an ARM resource ID (${(error as Error).message})`);
  }
  return id;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
