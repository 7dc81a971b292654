import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { routeDelivery } from '../../../../src/core/events/router';
import type { RouteContext, RoutedEvent } from '../../../../src/core/events/types';
import {
  COSMOS_ID,
  ENDPOINT_ID,
  IN_SCOPE,
  OUT_OF_SCOPE,
  PLS_ID,
  VAULT_ID,
  type EventType,
  cloudEvent,
  eventGridEvent,
} from './events.fixtures';

const LETTERED = 'abcdef00-0000-4000-8000-00000000abcd';
const SCOPED: RouteContext = { scopeSubscriptions: [IN_SCOPE, LETTERED] };

/** One event per intent (and per ignore reason), so recasing is tried on every branch of the router. */
const SAMPLES: Array<[EventType, string, string]> = [
  ['Write', COSMOS_ID, 'Microsoft.DocumentDB/databaseAccounts/write'],
  ['Action', COSMOS_ID, 'Microsoft.DocumentDB/databaseAccounts/failoverPriorityChange/action'],
  ['Action', COSMOS_ID, 'Microsoft.DocumentDB/databaseAccounts/listKeys/action'],
  [
    'Write',
    `${COSMOS_ID}/privateEndpointConnectionProxies/pe.1`,
    'Microsoft.DocumentDB/databaseAccounts/privateEndpointConnectionProxies/write',
  ],
  [
    'Delete',
    `${VAULT_ID}/privateEndpointConnections/pe-kv`,
    'Microsoft.KeyVault/vaults/privateEndpointConnections/delete',
  ],
  ['Action', PLS_ID, 'Microsoft.Network/privateLinkServices/privateEndpointConnectionsApproval/action'],
  ['Write', ENDPOINT_ID, 'Microsoft.Network/privateEndpoints/write'],
  ['Delete', ENDPOINT_ID, 'Microsoft.Network/privateEndpoints/delete'],
  [
    'Write',
    `${ENDPOINT_ID}/privateDnsZoneGroups/default`,
    'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/write',
  ],
  ['Write', `${COSMOS_ID}/sqlDatabases/db`, 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/write'],
  ['Write', COSMOS_ID.replace(IN_SCOPE, OUT_OF_SCOPE), 'Microsoft.DocumentDB/databaseAccounts/write'],
  ['Write', ENDPOINT_ID.replace(IN_SCOPE, LETTERED), 'Microsoft.Network/privateEndpoints/write'],
  [
    'Write',
    `/subscriptions/${IN_SCOPE}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm`,
    'Microsoft.Compute/virtualMachines/write',
  ],
];

const recase = (text: string, upper: boolean[]): string =>
  [...text].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c.toLowerCase())).join('');

const casing = fc.array(fc.boolean(), { minLength: 1, maxLength: 64 });

function outcome(result: RoutedEvent | undefined) {
  if (!result) return undefined;
  return result.intent === 'ignored'
    ? { intent: result.intent }
    : {
        intent: result.intent,
        subjectId: result.subjectId,
        orchestrationKey: result.orchestrationKey,
        subscriptionId: result.subscriptionId.toLowerCase(),
      };
}

describe('routeDelivery properties', () => {
  it('routes case-insensitively: re-casing operationName and subject changes neither intent nor subject', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SAMPLES),
        fc.constantFrom(eventGridEvent, cloudEvent),
        casing,
        casing,
        async ([kind, subject, operation], build, opCase, subjectCase) => {
          const original = await routeDelivery(build(kind, subject, operation), SCOPED);
          const recased = await routeDelivery(
            build(kind, recase(subject, subjectCase), recase(operation, opCase)),
            SCOPED,
          );
          expect(recased.errors).toEqual([]);
          expect(outcome(recased.results[0])).toEqual(outcome(original.results[0]));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary JSON, and accounts for every event (or the lack of any) as a result or an error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (body) => {
        const { results, errors } = await routeDelivery(body, SCOPED);
        const count = Array.isArray(body) ? Math.max(1, body.length) : 1;
        expect(results.length + errors.length).toBe(count);
        for (const e of errors)
          expect(
            e.message.startsWith(Array.isArray(body) && body.length === 0 ? 'delivery: ' : `event[${e.index}]`),
          ).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws when any field of a valid event is replaced by arbitrary JSON', async () => {
    const paths = [
      'id',
      'subject',
      'eventType',
      'type',
      'topic',
      'eventTime',
      'time',
      'dataVersion',
      'metadataVersion',
      'specversion',
      'source',
      'data',
      'data.operationName',
      'data.status',
      'data.resourceUri',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SAMPLES),
        fc.constantFrom(eventGridEvent, cloudEvent),
        fc.constantFrom(...paths),
        fc.jsonValue(),
        async ([kind, subject, operation], build, path, value) => {
          const event = build(kind, subject, operation);
          const [head, leaf] = path.split('.') as [string, string | undefined];
          if (leaf === undefined) event[head] = value;
          else (event[head] as Record<string, unknown>)[leaf] = value;
          const { results, errors } = await routeDelivery([event, build(kind, subject, operation)], SCOPED);
          expect(results.length + errors.length).toBe(2);
          expect(results.some((r) => r.index === 1)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
