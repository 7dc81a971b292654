import type { ObservedConnection } from '../model';
import { formatResourceId, parentResource, resourceName, resourceType, tryParseResourceId } from '../resource-id';
import { isPlainObject } from '../plain-object';
import { showInvisible } from '../quote-input';

/** What the caller knows about the connection's target; anything missing is derived from the connection's ID. */
export interface ConnectionTarget {
  id?: string;
  type?: string;
  tags?: Record<string, string>;
}

export class ConnectionShapeError extends Error {
  constructor(
    readonly field: string,
    readonly expected: string,
    readonly actual: unknown,
  ) {
    super(`private endpoint connection: ${field} is ${describe(actual)}; expected ${expected}`);
    this.name = 'ConnectionShapeError';
  }
}

/**
 * Reads a target-side private endpoint connection as ARM returns it (`properties.*`) or as the SDK clients return it
 * (the same fields flattened). Covers the services' variations: Cosmos DB's `groupId` string, Mongo vCore's
 * `groupIds` array, Storage's `actionRequired`, and Private Link Service connections that carry neither group IDs
 * nor actions (their extra `linkIdentifier` and `privateEndpointLocation` are not needed by the policy).
 */
export function normaliseConnection(raw: unknown, target: ConnectionTarget = {}): ObservedConnection {
  if (!isPlainObject(raw)) throw new ConnectionShapeError('the connection', 'an object', raw);
  const id = raw.id;
  if (typeof id !== 'string' || id.length === 0) throw new ConnectionShapeError('id', "the connection's ARM ID", id);

  const flattened = !isPlainObject(raw.properties);
  const props = flattened ? raw : (raw.properties as Record<string, unknown>);
  const p = flattened ? '' : 'properties.';
  const stateField = `${p}privateLinkServiceConnectionState`;
  const state = props.privateLinkServiceConnectionState;
  if (!isPlainObject(state)) throw new ConnectionShapeError(stateField, 'an object with status and description', state);
  const status = state.status;
  if (typeof status !== 'string' || status.length === 0) {
    throw new ConnectionShapeError(`${stateField}.status`, 'a status such as Pending, Approved, Rejected', status);
  }

  const parsedId = tryParseResourceId(id);
  const { targetId, targetType } = resolveTarget(id, parsedId, target);
  const connection: ObservedConnection = {
    id,
    name: optionalString(raw, 'name', 'name') ?? (parsedId && resourceName(parsedId)) ?? id,
    targetId,
    targetType,
    targetTags: target.tags ?? {},
    groupIds: groupIdsOf(props, p),
    status,
    description: optionalString(state, 'description', `${stateField}.description`) ?? '',
  };
  const privateEndpointId = privateEndpointIdOf(props, p);
  if (privateEndpointId !== undefined) connection.privateEndpointId = privateEndpointId;
  const actionsRequired =
    optionalString(state, 'actionsRequired', `${stateField}.actionsRequired`) ??
    optionalString(state, 'actionRequired', `${stateField}.actionRequired`);
  if (actionsRequired !== undefined) connection.actionsRequired = actionsRequired;
  const provisioningState = optionalString(props, 'provisioningState', `${p}provisioningState`);
  if (provisioningState !== undefined) connection.provisioningState = provisioningState;
  return connection;
}

function resolveTarget(
  id: string,
  parsedId: ReturnType<typeof tryParseResourceId>,
  target: ConnectionTarget,
): { targetId: string; targetType: string } {
  const parent = parsedId && parentResource(parsedId);
  const targetId = target.id ?? (parent && formatResourceId(parent));
  if (targetId === undefined) {
    throw new ConnectionShapeError(
      'id',
      'an ARM ID below the target resource, e.g. /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{v}/privateEndpointConnections/{name} (or pass the target ID)',
      id,
    );
  }
  const parsedTarget = tryParseResourceId(targetId);
  const targetType = target.type ?? (parsedTarget && resourceType(parsedTarget)) ?? (parent && resourceType(parent));
  if (targetType === undefined) {
    throw new ConnectionShapeError(
      'target.type',
      'the target resource type, e.g. Microsoft.KeyVault/vaults',
      target.type,
    );
  }
  return { targetId, targetType };
}

function groupIdsOf(props: Record<string, unknown>, p: string): string[] {
  const { groupIds } = props;
  if (groupIds !== undefined && groupIds !== null) {
    if (!Array.isArray(groupIds) || !groupIds.every((g) => typeof g === 'string')) {
      throw new ConnectionShapeError(`${p}groupIds`, 'an array of strings', groupIds);
    }
    return [...groupIds];
  }
  const single = optionalString(props, 'groupId', `${p}groupId`);
  return single === undefined ? [] : [single];
}

function privateEndpointIdOf(props: Record<string, unknown>, p: string): string | undefined {
  const endpoint = props.privateEndpoint;
  if (endpoint === undefined || endpoint === null) return undefined;
  if (!isPlainObject(endpoint)) throw new ConnectionShapeError(`${p}privateEndpoint`, 'an object with an id', endpoint);
  return optionalString(endpoint, 'id', `${p}privateEndpoint.id`);
}

/** Absent and null read as undefined; any other non-string is an error naming the field. */
function optionalString(record: Record<string, unknown>, key: string, field: string): string | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ConnectionShapeError(field, 'a string', value);
  return value;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  const json = JSON.stringify(value);
  return showInvisible(json.length > 60 ? `${json.slice(0, 59)}…` : json);
}
