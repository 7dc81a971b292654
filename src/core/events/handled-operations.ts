/**
 * The Event Grid filters the deployment puts on every subscription's system topic, derived from what the router acts on
 * (`classify.ts`), so that the operations it handles arrive and little else wakes the function app.
 *
 * Event Grid allows at most 25 advanced-filter values per event subscription and 512 characters per string value,
 * compares strings case-insensitively, ORs the values of one filter and ANDs separate filters. So the handled
 * operations are split across event subscriptions, one filter each on `data.operationName`:
 * - exact writes and deletes of private endpoints and their private DNS zone groups;
 * - exact writes and deletes of every private link target type (the built-in catalogue's), 25 values a subscription;
 * - any operation on a private endpoint connection or connection proxy, or a connections-approval action, of any
 *   provider (the router decides those whatever the target type), by substring.
 *
 * Not delivered, on purpose: other actions on targets (`failoverPriorityChange`, `regenerateKey`, ...). The router
 * would reconcile the target for any action that does not start with `list`, but such actions cannot be enumerated
 * within the limits, none of them adds or removes a region or a connection, and prefix filters on the target types
 * would also deliver every write under them (databases, containers, blob services). infra/ mirrors these groups;
 * test/infra proves the two agree.
 */
import { BUILT_IN_CATALOGUE } from '../catalogue-data';
import { DEFAULT_TARGET_TYPES } from './target-types';

export { HANDLED_EVENT_TYPES } from './router';

/** Event Grid's limits on advanced filters (per event subscription, per string value). */
export const EVENT_GRID_MAX_FILTER_VALUES = 25;
export const EVENT_GRID_MAX_STRING_LENGTH = 512;

/** The event field every group filters on. */
export const OPERATION_FILTER_KEY = 'data.operationName';

export interface OperationFilterGroup {
  /** Names the event subscription (`autopilot-<name>`). */
  name: string;
  /** Event Grid advanced filter operator: `StringIn` (equal to one value), `StringContains` (contains one value). */
  operatorType: 'StringIn' | 'StringContains';
  values: readonly string[];
}

const ENDPOINT_OPERATIONS = [
  'Microsoft.Network/privateEndpoints/write',
  'Microsoft.Network/privateEndpoints/delete',
  'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/write',
  'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/delete',
];

/** Any operation under a connection or connection proxy, and the approval action on any target. */
const CONNECTION_SUBSTRINGS = [
  '/privateEndpointConnections/',
  '/privateEndpointConnectionProxies/',
  '/privateEndpointConnectionsApproval/action',
];

/** Target types as the catalogue spells them, plus the router's defaults, once each (case-insensitively), sorted. */
export function filteredTargetTypes(): string[] {
  const byKey = new Map<string, string>();
  for (const { resourceType } of BUILT_IN_CATALOGUE)
    if (resourceType && !byKey.has(resourceType.toLowerCase())) byKey.set(resourceType.toLowerCase(), resourceType);
  for (const type of DEFAULT_TARGET_TYPES) if (!byKey.has(type)) byKey.set(type, type);
  return [...byKey.values()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function operationFilterGroups(): OperationFilterGroup[] {
  const targetOperations = filteredTargetTypes().flatMap((type) => [`${type}/write`, `${type}/delete`]);
  return [
    { name: 'endpoints', operatorType: 'StringIn', values: ENDPOINT_OPERATIONS },
    ...chunks(targetOperations, EVENT_GRID_MAX_FILTER_VALUES).map((values, i) => ({
      name: `targets-${i + 1}`,
      operatorType: 'StringIn' as const,
      values,
    })),
    { name: 'connections', operatorType: 'StringContains', values: CONNECTION_SUBSTRINGS },
  ];
}

/**
 * Writes and deletes of A record sets (drift repair), delivered from the DNS zone subscription's topic only: on a scope
 * subscription's they would wake the app for records outside the zone scope. Event types: writes and deletes.
 */
export const RECORD_FILTER_GROUP: OperationFilterGroup = {
  name: 'records',
  operatorType: 'StringIn',
  values: ['Microsoft.Network/privateDnsZones/A/write', 'Microsoft.Network/privateDnsZones/A/delete'],
};
export const RECORD_EVENT_TYPES = [
  'Microsoft.Resources.ResourceWriteSuccess',
  'Microsoft.Resources.ResourceDeleteSuccess',
];

/** One event subscription per group, each with one advanced filter on `data.operationName`. */
export const OPERATION_FILTER_GROUPS: readonly OperationFilterGroup[] = operationFilterGroups();
