/**
 * The deployment's Event Grid filters against the router: every value it delivers is acted on, the operations the
 * router acts on are delivered (except the one class left out on purpose), ignored ones are not, and Event Grid's
 * limits hold. Filters are evaluated the way Event Grid does: case-insensitive, values of one filter ORed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCatalogue, catalogueTargetTypes } from '../../../../src/core/catalogue';
import {
  EVENT_GRID_MAX_FILTER_VALUES,
  EVENT_GRID_MAX_STRING_LENGTH,
  HANDLED_EVENT_TYPES,
  OPERATION_FILTER_GROUPS,
  RECORD_EVENT_TYPES,
  RECORD_FILTER_GROUP,
  filteredTargetTypes,
} from '../../../../src/core/events/handled-operations';
import { routeDelivery } from '../../../../src/core/events/router';
import { DEFAULT_TARGET_TYPES } from '../../../../src/core/events/target-types';
import type { RouteContext, RoutedEvent } from '../../../../src/core/events/types';
import { IN_SCOPE, eventGridEvent, type EventType } from './events.fixtures';

/** What the function app routes with: the catalogue's target types, every subscription in scope. */
const CONTEXT: RouteContext = { scopeSubscriptions: 'all', targetTypes: catalogueTargetTypes(buildCatalogue([])) };

function delivered(operationName: string): boolean {
  const op = operationName.toLowerCase();
  return OPERATION_FILTER_GROUPS.some((group) =>
    group.operatorType === 'StringIn'
      ? group.values.some((v) => v.toLowerCase() === op)
      : group.values.some((v) => op.includes(v.toLowerCase())),
  );
}

/** A resource ID of the type the operation names, so the router's type check holds. */
function resourceIdFor(operationName: string): string {
  const parts = operationName.split('/');
  const verb = parts[parts.length - 1]?.toLowerCase();
  const typePath = verb === 'action' ? parts.slice(0, -2) : parts.slice(0, -1);
  const [namespace, ...types] = typePath;
  return `/subscriptions/${IN_SCOPE}/resourceGroups/rg/providers/${namespace}/${types.map((type, i) => `${type}/n${i}`).join('/')}`;
}

async function route(operationName: string): Promise<RoutedEvent> {
  const verb = operationName.split('/').pop()?.toLowerCase();
  const kind: EventType = verb === 'write' ? 'Write' : verb === 'delete' ? 'Delete' : 'Action';
  const { results, errors } = await routeDelivery(
    eventGridEvent(kind, resourceIdFor(operationName), operationName),
    CONTEXT,
  );
  expect(errors).toEqual([]);
  return results[0] as RoutedEvent;
}

const COSMOS = 'Microsoft.DocumentDB/databaseAccounts';
const STORAGE = 'Microsoft.Storage/storageAccounts';

describe('the operation filter groups', () => {
  it("stay within Event Grid's limits: at most 25 values per event subscription, 512 characters per value", () => {
    for (const group of OPERATION_FILTER_GROUPS) {
      expect(group.values.length, group.name).toBeGreaterThan(0);
      expect(group.values.length, group.name).toBeLessThanOrEqual(EVENT_GRID_MAX_FILTER_VALUES);
      for (const value of group.values) expect(value.length, value).toBeLessThanOrEqual(EVENT_GRID_MAX_STRING_LENGTH);
    }
    const names = OPERATION_FILTER_GROUPS.map((g) => g.name);
    expect(new Set(names).size).toBe(names.length);
    const values = OPERATION_FILTER_GROUPS.flatMap((g) => g.values.map((v) => v.toLowerCase()));
    expect(new Set(values).size).toBe(values.length);
  });

  it("cover every target type the router knows (the catalogue's and its defaults)", () => {
    const covered = filteredTargetTypes().map((t) => t.toLowerCase());
    expect(covered).toEqual(expect.arrayContaining([...CONTEXT.targetTypes!, ...DEFAULT_TARGET_TYPES]));
    for (const type of covered) {
      expect(delivered(`${type}/write`), type).toBe(true);
      expect(delivered(`${type}/delete`), type).toBe(true);
    }
  });

  it('deliver only the event types the router handles', () => {
    expect(HANDLED_EVENT_TYPES).toEqual([
      'Microsoft.Resources.ResourceWriteSuccess',
      'Microsoft.Resources.ResourceDeleteSuccess',
      'Microsoft.Resources.ResourceActionSuccess',
    ]);
  });
});

describe('every exact value is an operation the router acts on', () => {
  const exact = OPERATION_FILTER_GROUPS.filter((g) => g.operatorType === 'StringIn').flatMap((g) => g.values);
  it.each(exact)('%s', async (operationName) => {
    expect((await route(operationName)).intent).not.toBe('ignored');
  });
});

describe('every substring value delivers connection operations, which the router acts on for any provider', () => {
  const contains = OPERATION_FILTER_GROUPS.filter((g) => g.operatorType === 'StringContains').flatMap((g) => g.values);
  const providers = [
    COSMOS,
    'Microsoft.KeyVault/vaults',
    'Microsoft.Network/privateLinkServices',
    'Microsoft.Test/widgets',
  ];
  const operations = providers.flatMap((p) => [
    `${p}/privateEndpointConnections/write`,
    `${p}/privateEndpointConnections/delete`,
    `${p}/privateEndpointConnectionProxies/write`,
    `${p}/privateEndpointConnectionProxies/delete`,
    `${p}/privateEndpointConnectionProxies/validate/action`,
    `${p}/privateEndpointConnectionsApproval/action`,
  ]);

  it.each(operations)('%s', async (operationName) => {
    expect(delivered(operationName)).toBe(true);
    expect((await route(operationName)).intent).toBe('connection-changed');
  });

  it('uses each substring', () => {
    for (const value of contains)
      expect(
        operations.some((op) => op.toLowerCase().includes(value.toLowerCase())),
        value,
      ).toBe(true);
  });
});

describe('representative operations', () => {
  const actionable = [
    `${COSMOS}/write`,
    `${COSMOS}/delete`,
    'Microsoft.DocumentDB/mongoClusters/write',
    'Microsoft.KeyVault/vaults/write',
    'Microsoft.Network/privateLinkServices/write',
    `${STORAGE}/write`,
    `${STORAGE}/delete`,
    'Microsoft.Network/privateLinkServices/privateEndpointConnections/write',
    'Microsoft.KeyVault/vaults/privateEndpointConnections/delete',
    `${COSMOS}/privateEndpointConnectionProxies/write`,
    'Microsoft.DocumentDB/mongoClusters/privateEndpointConnectionProxies/delete',
    `${STORAGE}/privateEndpointConnectionsApproval/action`,
    'Microsoft.Network/privateEndpoints/write',
    'Microsoft.Network/privateEndpoints/delete',
    'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/write',
    'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/delete',
  ];
  it.each(actionable)('acted on and delivered: %s', async (operationName) => {
    expect((await route(operationName)).intent).not.toBe('ignored');
    expect(delivered(operationName)).toBe(true);
    expect(delivered(operationName.toUpperCase())).toBe(true);
  });

  // The one class left out on purpose (see handled-operations.ts): actions on a target other than `list*`.
  const actedOnButNotDelivered = [
    `${COSMOS}/failoverPriorityChange/action`,
    `${STORAGE}/regenerateKey/action`,
    'Microsoft.Cache/Redis/forceReboot/action',
  ];
  it.each(actedOnButNotDelivered)('acted on, deliberately not delivered: %s', async (operationName) => {
    expect((await route(operationName)).intent).toBe('reconcile-target');
    expect(delivered(operationName)).toBe(false);
  });

  const ignored = [
    `${STORAGE}/listKeys/action`,
    `${COSMOS}/listKeys/action`,
    'Microsoft.EventHub/namespaces/AuthorizationRules/listKeys/action',
    `${COSMOS}/sqlDatabases/write`,
    `${STORAGE}/blobServices/containers/write`,
    'Microsoft.Authorization/roleAssignments/write',
    'Microsoft.Compute/virtualMachines/write',
    'Microsoft.Network/virtualNetworks/write',
    'Microsoft.Network/privateEndpoints/someAction/action',
  ];
  it.each(ignored)('ignored and not delivered: %s', async (operationName) => {
    expect((await route(operationName)).intent).toBe('ignored');
    expect(delivered(operationName)).toBe(false);
  });
});

describe('nothing else', () => {
  it('every operation the filters deliver is one the router acts on (any casing)', async () => {
    const types = [
      ...filteredTargetTypes(),
      ...filteredTargetTypes().map((t) => `${t}/privateEndpointConnections`),
      ...filteredTargetTypes().map((t) => `${t}/privateEndpointConnectionProxies`),
      `${COSMOS}/sqlDatabases`,
      `${STORAGE}/blobServices/containers`,
      'Microsoft.Network/privateEndpoints',
      'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
      'Microsoft.Network/virtualNetworks/subnets',
      'Microsoft.Compute/virtualMachines',
      'Microsoft.Test/widgets/privateEndpointConnections',
    ];
    const verbs = [
      'write',
      'delete',
      'listKeys/action',
      'regenerateKey/action',
      'privateEndpointConnectionsApproval/action',
      'validate/action',
    ];
    const operation = fc
      .tuple(fc.constantFrom(...types), fc.constantFrom(...verbs), fc.boolean())
      .map(([type, verb, upper]) => (upper ? `${type}/${verb}`.toUpperCase() : `${type}/${verb}`));
    await fc.assert(
      fc.asyncProperty(operation, async (operationName) => {
        if (delivered(operationName)) expect((await route(operationName)).intent).not.toBe('ignored');
      }),
      { numRuns: 400 },
    );
  });
});

describe('the record filter group (the DNS zone subscription only)', () => {
  it('delivers exactly the A record set writes and deletes the router sends to a zone copy, in handled event types', async () => {
    expect(RECORD_FILTER_GROUP.values.length).toBeLessThanOrEqual(EVENT_GRID_MAX_FILTER_VALUES);
    for (const type of RECORD_EVENT_TYPES) expect(HANDLED_EVENT_TYPES).toContain(type);
    const intents = await Promise.all(
      RECORD_FILTER_GROUP.values.map(async (operationName) => (await route(operationName)).intent),
    );
    expect(intents).toEqual(['record-written', 'record-deleted']);
    // Not on the scope subscriptions' groups: those would deliver records outside the zone scope.
    for (const value of RECORD_FILTER_GROUP.values) expect(delivered(value), value).toBe(false);
  });
});
