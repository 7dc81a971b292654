/**
 * Checks of untrusted JSON input (activity inputs, HTTP bodies and queries): every error names where the input came
 * from, the field, and what was expected, and unknown fields are refused (a misspelt `dryrun` must not mean "write").
 */
import { isPlainObject } from './plain-object';
import { tryParseResourceId } from './resource-id';
import { isGuid, GUID_FORM } from './guid';
import type {
  ObservedConnection,
  ObservedEndpoint,
  ObservedPeering,
  ObservedRecordSet,
  ObservedZone,
  TargetSummary,
} from './model';
import type { EarlierReads } from './plan/observation';

export class InputError extends Error {
  /**
   * @param where what the input is, e.g. `findOrphans: input` or `body`; the field is appended to it
   */
  constructor(where: string, field: string, expected: string, actual: unknown) {
    super(`${where}${field ? `.${field}` : ''}: expected ${expected}, got ${describe(actual)}`);
    this.name = 'InputError';
  }
}

export type InputRecord = Record<string, unknown>;

export function inputObject(where: string, input: unknown, known: readonly string[]): InputRecord {
  if (!isPlainObject(input)) throw new InputError(where, '', `an object with ${known.join(', ')}`, input);
  for (const field of Object.keys(input)) {
    if (!known.includes(field))
      throw new InputError(where, field, `no such field (known: ${known.join(', ')})`, input[field]);
  }
  return input;
}

export function resourceIdField(where: string, input: InputRecord, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || !tryParseResourceId(value)) {
    throw new InputError(
      where,
      field,
      'an ARM resource ID such as /subscriptions/{id}/resourceGroups/{group}/providers/{type}/{name}',
      value,
    );
  }
  return value;
}

export function optionalResourceIds(where: string, input: InputRecord, field: string): string[] | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new InputError(where, field, 'an array of ARM resource IDs', value);
  return value.map((item, n) => resourceIdField(where, { [`${field}[${n}]`]: item }, `${field}[${n}]`));
}

export function subscriptionIdField(where: string, input: InputRecord, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || !isGuid(value))
    throw new InputError(where, field, `a subscription ID, ${GUID_FORM}`, value);
  return value.toLowerCase();
}

export function optionalBoolean(where: string, input: InputRecord, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || typeof value === 'boolean') return value;
  throw new InputError(where, field, 'true or false', value);
}

export function optionalCount(where: string, input: InputRecord, field: string): number | undefined {
  const value = input[field];
  if (value === undefined || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) return value;
  throw new InputError(where, field, 'a whole number ≥ 0', value);
}

/** An ISO timestamp: orchestrations pass their own deterministic clock instead of the activity reading one. */
export function isoTimeField(where: string, input: InputRecord, field: string): string {
  const value = input[field];
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  throw new InputError(where, field, 'an ISO 8601 timestamp such as 2030-01-01T00:00:00Z', value);
}

/** `EarlierReads` (an earlier step's DNS reads, passed on by an orchestration), checked field by field. */
export function optionalEarlierReads(where: string, input: InputRecord, field: string): EarlierReads | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  const at = `${where}.${field}`;
  const fields = inputObject(at, value, [
    'zones',
    'recordSetIds',
    'records',
    'target',
    'connections',
    'endpoints',
    'peerings',
    'peeringNetworkIds',
  ]);
  const list = (name: string): unknown[] => {
    const items = fields[name];
    if (!Array.isArray(items)) throw new InputError(at, name, 'an array', items);
    return items;
  };
  const zones = list('zones').map((raw, n): ObservedZone => {
    const zoneAt = `${at}.zones[${n}]`;
    const zone = inputObject(zoneAt, raw, ['id', 'name', 'linkedVirtualNetworkIds']);
    const links = optionalResourceIds(zoneAt, zone, 'linkedVirtualNetworkIds');
    return {
      id: resourceIdField(zoneAt, zone, 'id'),
      name: textField(zoneAt, zone, 'name').toLowerCase(),
      ...(links ? { linkedVirtualNetworkIds: links } : {}),
    };
  });
  const recordSetIds = optionalResourceIds(at, { recordSetIds: list('recordSetIds') }, 'recordSetIds') ?? [];
  const records = list('records').map((raw, n): ObservedRecordSet => {
    const recordAt = `${at}.records[${n}]`;
    const record = inputObject(recordAt, raw, ['zoneId', 'zone', 'name', 'ips', 'ttl', 'metadata', 'etag']);
    const ips = record.ips;
    if (!Array.isArray(ips) || !ips.every((ip) => typeof ip === 'string'))
      throw new InputError(recordAt, 'ips', 'an array of IP addresses', ips);
    const ttl = optionalCount(recordAt, record, 'ttl');
    if (ttl === undefined) throw new InputError(recordAt, 'ttl', 'a whole number of seconds ≥ 0', record.ttl);
    const metadata = record.metadata;
    if (!isPlainObject(metadata) || !Object.values(metadata).every((v) => typeof v === 'string')) {
      throw new InputError(recordAt, 'metadata', 'an object of strings', metadata);
    }
    const etag = record.etag === undefined ? undefined : textField(recordAt, record, 'etag');
    return {
      zoneId: resourceIdField(recordAt, record, 'zoneId'),
      zone: textField(recordAt, record, 'zone').toLowerCase(),
      name: textField(recordAt, record, 'name').toLowerCase(),
      ips: ips as string[],
      ttl,
      metadata: { ...(metadata as Record<string, string>) },
      ...(etag === undefined ? {} : { etag }),
    };
  });
  // An earlier step's own answer, handed back by the orchestration: checked for shape, not re-validated field by field.
  const withId = <T>(name: string, item: unknown, n?: number): T => {
    const itemAt = n === undefined ? name : `${name}[${n}]`;
    if (!isPlainObject(item) || typeof item.id !== 'string' || !tryParseResourceId(item.id))
      throw new InputError(at, itemAt, 'an object with an ARM resource ID "id"', item);
    return item as T;
  };
  const target = fields.target === undefined ? undefined : withId<TargetSummary>('target', fields.target);
  const connections =
    fields.connections === undefined
      ? undefined
      : list('connections').map((c, n) => withId<ObservedConnection>('connections', c, n));
  const endpoints =
    fields.endpoints === undefined
      ? undefined
      : list('endpoints').map((e, n) => {
          const endpoint = withId<ObservedEndpoint>('endpoints', e, n);
          if (!Array.isArray(endpoint.ipConfigurations))
            throw new InputError(at, `endpoints[${n}].ipConfigurations`, 'an array', endpoint.ipConfigurations);
          return endpoint;
        });
  const peeringNetworkIds = optionalResourceIds(at, fields, 'peeringNetworkIds');
  const peerings =
    fields.peerings === undefined
      ? undefined
      : list('peerings').map((raw, n): ObservedPeering => {
          const peeringAt = `${at}.peerings[${n}]`;
          const peering = inputObject(peeringAt, raw, ['networkId', 'remoteNetworkId', 'state']);
          return {
            networkId: resourceIdField(peeringAt, peering, 'networkId'),
            remoteNetworkId: resourceIdField(peeringAt, peering, 'remoteNetworkId'),
            state: textField(peeringAt, peering, 'state'),
          };
        });
  return {
    zones,
    recordSetIds,
    records,
    ...(peeringNetworkIds ? { peeringNetworkIds, peerings: peerings ?? [] } : {}),
    ...(target ? { target } : {}),
    ...(connections ? { connections } : {}),
    ...(endpoints ? { endpoints } : {}),
  };
}

function textField(where: string, input: InputRecord, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value.length === 0) throw new InputError(where, field, 'a non-empty string', value);
  return value;
}

/** Exactly one of two fields, e.g. `resourceId` or `subscriptionId`. */
export function oneOf(where: string, input: InputRecord, fields: readonly [string, string]): string {
  const present = fields.filter((f) => input[f] !== undefined);
  if (present.length === 1) return present[0] as string;
  throw new InputError(where, '', `exactly one of ${fields.join(' or ')}`, input);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    const text = JSON.stringify(value);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return String(value);
  }
}
