import { describe, expect, it } from 'vitest';
import { routeDelivery } from '../../../../src/core/events/router';
import type { ActionableEvent, RouteContext, RoutedEvent } from '../../../../src/core/events/types';
import {
  COSMOS_ID,
  ENDPOINT_ID,
  IN_SCOPE,
  MONGO_ID,
  OUT_OF_SCOPE,
  PLS_ID,
  STORAGE_ID,
  VAULT_ID,
  type EventType,
  cloudEvent,
  eventGridEvent,
  readFixture,
} from './events.fixtures';

const ALL: RouteContext = { scopeSubscriptions: 'all' };
const SCOPED: RouteContext = { scopeSubscriptions: [IN_SCOPE] };

async function routeOne(event: unknown, context: RouteContext = SCOPED): Promise<RoutedEvent> {
  const { results, errors } = await routeDelivery(event, context);
  expect(errors).toEqual([]);
  expect(results).toHaveLength(1);
  return results[0] as RoutedEvent;
}

function actionable(result: RoutedEvent): ActionableEvent {
  if (result.intent === 'ignored') throw new Error(`expected an actionable intent, got ignored: ${result.reason}`);
  if (result.subjectKind === 'zone-copy') throw new Error(`expected an endpoint or target event, got ${result.intent}`);
  return result;
}

describe('routeDelivery on the published reference events', () => {
  const storageId =
    '/subscriptions/{subscription-id}/resourcegroups/{resource-group}/providers/microsoft.storage/storageaccounts/{storage-name}';
  const cases = [
    // data.operationName Microsoft.Storage/storageAccounts/write: a private link target written.
    {
      file: 'event-grid-schema/resource_write_success.json',
      schema: 'eventgrid',
      intent: 'reconcile-target',
      subjectId: storageId,
    },
    // Microsoft.Storage/storageAccounts/delete: the target's endpoints and records need reconciling.
    {
      file: 'event-grid-schema/resource_delete_success.json',
      schema: 'eventgrid',
      intent: 'reconcile-target',
      subjectId: storageId,
    },
    // Microsoft.EventHub/namespaces/AuthorizationRules/listKeys/action: a child of a target, read-only.
    {
      file: 'event-grid-schema/resource_action_success.json',
      schema: 'eventgrid',
      intent: 'ignored',
      subjectId: undefined,
    },
    // CloudEvents 1.0 copy of the storage write.
    {
      file: 'cloud-events-schema/resource_write_success.json',
      schema: 'cloudevents',
      intent: 'reconcile-target',
      subjectId: storageId,
    },
  ] as const;

  it.each(cases)('$file → $intent (single event and as an array)', async ({ file, schema, intent, subjectId }) => {
    const event = readFixture(`reference/eventgrid/${file}`);
    for (const body of [event, [event]]) {
      const result = await routeOne(body, ALL);
      expect(result).toMatchObject({
        intent,
        schema,
        operationName: (event as { data: { operationName: string } }).data.operationName,
      });
      if (subjectId !== undefined) expect(actionable(result).subjectId).toBe(subjectId);
    }
  });

  it('routes all of them in one delivery, in order', async () => {
    const body = cases.map(({ file }) => readFixture(`reference/eventgrid/${file}`));
    const { results, errors } = await routeDelivery(body, ALL);
    expect(errors).toEqual([]);
    expect(results.map((r) => [r.index, r.intent])).toEqual(cases.map((c, i) => [i, c.intent]));
  });

  it('explains why the Event Hubs listKeys action is ignored', async () => {
    const result = await routeOne(
      readFixture('reference/eventgrid/event-grid-schema/resource_action_success.json'),
      ALL,
    );
    expect(result.reason).toMatch(
      /Microsoft\.EventHub\/namespaces\/AuthorizationRules is a child of a private link target/,
    );
  });

  it('puts the reference events (subscription "{subscription-id}") out of a configured scope', async () => {
    const result = await routeOne(
      readFixture('reference/eventgrid/event-grid-schema/resource_write_success.json'),
      SCOPED,
    );
    expect(result).toMatchObject({ intent: 'ignored', subscriptionId: '{subscription-id}' });
    expect(result.reason).toBe('subscription {subscription-id} is outside the configured scope');
  });
});

describe('routeDelivery on the project fixtures (both schemas)', () => {
  const endpoint = ENDPOINT_ID.toLowerCase();
  const cosmos = COSMOS_ID.toLowerCase();
  const cases = [
    { name: 'cosmos-account-write', intent: 'reconcile-target', subjectId: cosmos, subjectKind: 'target' },
    { name: 'endpoint-write', intent: 'endpoint-written', subjectId: endpoint, subjectKind: 'endpoint' },
    { name: 'endpoint-delete', intent: 'endpoint-deleted', subjectId: endpoint, subjectKind: 'endpoint' },
    { name: 'connection-proxy-write', intent: 'connection-changed', subjectId: cosmos, subjectKind: 'target' },
    { name: 'zone-group-write', intent: 'endpoint-written', subjectId: endpoint, subjectKind: 'endpoint' },
  ] as const;

  for (const schema of ['eventgrid', 'cloudevents'] as const) {
    it.each(cases)(`${schema}/$name → $intent on $subjectKind`, async ({ name, intent, subjectId, subjectKind }) => {
      const result = actionable(await routeOne(readFixture(`events/${schema}/${name}.json`)));
      expect(result).toMatchObject({ intent, subjectId, subjectKind, schema, subscriptionId: IN_SCOPE });
    });

    it(`${schema}/out-of-scope-subscription is ignored, naming the subscription`, async () => {
      const result = await routeOne(readFixture(`events/${schema}/out-of-scope-subscription.json`));
      expect(result).toMatchObject({ intent: 'ignored', subscriptionId: OUT_OF_SCOPE });
      expect(result.reason).toContain(`subscription ${OUT_OF_SCOPE} is outside the configured scope`);
    });

    it(`${schema}/unrelated-type is ignored as unrelated`, async () => {
      const result = await routeOne(readFixture(`events/${schema}/unrelated-type.json`));
      expect(result.intent).toBe('ignored');
      expect(result.reason).toBe(
        'Microsoft.Compute/virtualMachines is neither a private link target, a private endpoint nor a private endpoint connection',
      );
    });

    it(`${schema}/malformed keeps the good event and reports each bad one`, async () => {
      const { results, errors } = await routeDelivery(readFixture(`events/${schema}/malformed.json`), SCOPED);
      expect(results.map((r) => [r.index, r.intent])).toEqual([[0, 'reconcile-target']]);
      expect(errors.map((e) => e.index)).toEqual([1, 2]);
      expect(errors[0]?.field).toBe('event[1].data.operationName');
    });
  }

  it('reports the malformed Event Grid events by field', async () => {
    const { errors } = await routeDelivery(readFixture('events/eventgrid/malformed.json'), SCOPED);
    expect(errors.map((e) => e.message)).toEqual([
      'event[1].data.operationName: expected a string, e.g. Microsoft.DocumentDB/databaseAccounts/write',
      'event[2].topic: required, expected a string',
    ]);
    expect(errors.map((e) => e.eventId)).toEqual([
      'd5e6f7a8-b9c0-4d1e-8f2a-3b4c5d6e7f80',
      'e6f7a8b9-c0d1-4e2f-9a3b-4c5d6e7f8091',
    ]);
  });

  it('reports the malformed CloudEvents by field', async () => {
    const { errors } = await routeDelivery(readFixture('events/cloudevents/malformed.json'), SCOPED);
    expect(errors.map((e) => e.message)).toEqual([
      'event[1].data.operationName: expected a string, e.g. Microsoft.DocumentDB/databaseAccounts/write',
      'event[2].specversion: expected "1.0" (CloudEvents 1.0)',
    ]);
  });

  it('exposes the subscription validation handshake code', async () => {
    const delivery = await routeDelivery(readFixture('events/eventgrid/subscription-validation.json'), SCOPED);
    expect(delivery.validationCode).toBe('512d38b6-c7b8-40c8-89fe-f46f9e9622b6');
    expect(delivery.results).toMatchObject([
      { intent: 'ignored', eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent' },
    ]);
  });
});

describe('routeDelivery maps operations to intents', () => {
  const sub = (id: string, path: string) => `${id}/${path}`;
  const cases: Array<{
    kind: EventType;
    subject: string;
    operation: string;
    intent: string;
    subjectId?: string;
    reason?: RegExp;
  }> = [
    {
      kind: 'Write',
      subject: COSMOS_ID,
      operation: 'Microsoft.DocumentDB/databaseAccounts/write',
      intent: 'reconcile-target',
      subjectId: COSMOS_ID,
    },
    {
      kind: 'Delete',
      subject: COSMOS_ID,
      operation: 'Microsoft.DocumentDB/databaseAccounts/delete',
      intent: 'reconcile-target',
      subjectId: COSMOS_ID,
    },
    {
      kind: 'Action',
      subject: COSMOS_ID,
      operation: 'Microsoft.DocumentDB/databaseAccounts/failoverPriorityChange/action',
      intent: 'reconcile-target',
      subjectId: COSMOS_ID,
    },
    {
      kind: 'Action',
      subject: COSMOS_ID,
      operation: 'Microsoft.DocumentDB/databaseAccounts/listKeys/action',
      intent: 'ignored',
      reason: /listKeys on target .* only reads/,
    },
    {
      kind: 'Write',
      subject: sub(COSMOS_ID, 'sqlDatabases/db1'),
      operation: 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/write',
      intent: 'ignored',
      reason: /is a child of a private link target/,
    },
    {
      kind: 'Write',
      subject: MONGO_ID,
      operation: 'Microsoft.DocumentDB/mongoClusters/write',
      intent: 'reconcile-target',
      subjectId: MONGO_ID,
    },
    {
      kind: 'Write',
      subject: VAULT_ID,
      operation: 'Microsoft.KeyVault/vaults/write',
      intent: 'reconcile-target',
      subjectId: VAULT_ID,
    },
    {
      kind: 'Write',
      subject: PLS_ID,
      operation: 'Microsoft.Network/privateLinkServices/write',
      intent: 'reconcile-target',
      subjectId: PLS_ID,
    },
    {
      kind: 'Write',
      subject: STORAGE_ID,
      operation: 'Microsoft.Storage/storageAccounts/write',
      intent: 'reconcile-target',
      subjectId: STORAGE_ID,
    },
    {
      kind: 'Write',
      subject: sub(PLS_ID, 'privateEndpointConnections/pe-tenant-b.1'),
      operation: 'Microsoft.Network/privateLinkServices/privateEndpointConnections/write',
      intent: 'connection-changed',
      subjectId: PLS_ID,
    },
    {
      kind: 'Delete',
      subject: sub(VAULT_ID, 'privateEndpointConnections/pe-kv'),
      operation: 'Microsoft.KeyVault/vaults/privateEndpointConnections/delete',
      intent: 'connection-changed',
      subjectId: VAULT_ID,
    },
    {
      kind: 'Write',
      subject: sub(COSMOS_ID, 'privateEndpointConnectionProxies/pe-x.0b6c'),
      operation: 'Microsoft.DocumentDB/databaseAccounts/privateEndpointConnectionProxies/write',
      intent: 'connection-changed',
      subjectId: COSMOS_ID,
    },
    {
      kind: 'Delete',
      subject: sub(MONGO_ID, 'privateEndpointConnectionProxies/pe-m.1'),
      operation: 'Microsoft.DocumentDB/mongoClusters/privateEndpointConnectionProxies/delete',
      intent: 'connection-changed',
      subjectId: MONGO_ID,
    },
    {
      kind: 'Action',
      subject: STORAGE_ID,
      operation: 'Microsoft.Storage/storageAccounts/privateEndpointConnectionsApproval/action',
      intent: 'connection-changed',
      subjectId: STORAGE_ID,
    },
    {
      kind: 'Write',
      subject: ENDPOINT_ID,
      operation: 'Microsoft.Network/privateEndpoints/write',
      intent: 'endpoint-written',
      subjectId: ENDPOINT_ID,
    },
    {
      kind: 'Delete',
      subject: ENDPOINT_ID,
      operation: 'Microsoft.Network/privateEndpoints/delete',
      intent: 'endpoint-deleted',
      subjectId: ENDPOINT_ID,
    },
    {
      kind: 'Write',
      subject: sub(ENDPOINT_ID, 'privateDnsZoneGroups/default'),
      operation: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/write',
      intent: 'endpoint-written',
      subjectId: ENDPOINT_ID,
    },
    {
      kind: 'Delete',
      subject: sub(ENDPOINT_ID, 'privateDnsZoneGroups/default'),
      operation: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/delete',
      intent: 'endpoint-written',
      subjectId: ENDPOINT_ID,
    },
    {
      kind: 'Action',
      subject: ENDPOINT_ID,
      operation: 'Microsoft.Network/privateEndpoints/someAction/action',
      intent: 'ignored',
      reason: /changes neither/,
    },
    {
      kind: 'Write',
      subject: VAULT_ID,
      operation: 'Microsoft.DocumentDB/databaseAccounts/write',
      intent: 'ignored',
      reason:
        /names type Microsoft\.DocumentDB\/databaseAccounts but the resource is of type Microsoft\.KeyVault\/vaults/,
    },
    {
      kind: 'Write',
      subject: `${STORAGE_ID}/providers/Microsoft.Authorization/roleAssignments/ra1`,
      operation: 'Microsoft.Authorization/roleAssignments/write',
      intent: 'ignored',
      reason: /^Microsoft\.Authorization\/roleAssignments is neither/,
    },
    {
      kind: 'Write',
      subject: COSMOS_ID,
      operation: 'Microsoft.DocumentDB',
      intent: 'ignored',
      reason: /is not of the form/,
    },
    {
      kind: 'Write',
      subject: COSMOS_ID,
      operation: 'Microsoft.DocumentDB/databaseAccounts/read',
      intent: 'ignored',
      reason: /is not of the form/,
    },
  ];

  for (const [schema, build] of [
    ['eventgrid', eventGridEvent],
    ['cloudevents', cloudEvent],
  ] as const) {
    it.each(cases)(
      `${schema}: $operation → $intent`,
      async ({ kind, subject, operation, intent, subjectId, reason }) => {
        const result = await routeOne(build(kind, subject, operation));
        expect(result.intent).toBe(intent);
        expect(result.resourceId).toBe(subject);
        if (subjectId !== undefined) expect(actionable(result).subjectId).toBe(subjectId.toLowerCase());
        if (reason !== undefined) expect(result.reason).toMatch(reason);
      },
    );
  }

  it('takes the target types from the caller', async () => {
    const site = `/subscriptions/${IN_SCOPE}/resourceGroups/rg/providers/Microsoft.Web/staticSites/site1`;
    const event = eventGridEvent('Write', site, 'Microsoft.Web/staticSites/write');
    expect((await routeOne(event)).intent).toBe('ignored');
    const withCatalogue = { ...SCOPED, targetTypes: new Set(['microsoft.web/staticsites']) };
    expect((await routeOne(event, withCatalogue)).intent).toBe('reconcile-target');
    const cosmosWrite = eventGridEvent('Write', COSMOS_ID, 'Microsoft.DocumentDB/databaseAccounts/write');
    expect((await routeOne(cosmosWrite, withCatalogue)).intent).toBe('ignored');
  });

  it('ignores failed operations, quoting the status', async () => {
    const event = eventGridEvent('Write', COSMOS_ID, 'Microsoft.DocumentDB/databaseAccounts/write');
    (event.data as Record<string, unknown>).status = 'Failed';
    const result = await routeOne(event);
    expect(result).toMatchObject({ intent: 'ignored', reason: 'operation status is "Failed", not Succeeded' });
  });

  it('ignores event types it does not handle without needing an operation', async () => {
    const event = {
      ...eventGridEvent('Write', STORAGE_ID, ''),
      eventType: 'Microsoft.Storage.BlobCreated',
      data: { url: 'https://x' },
    };
    const result = await routeOne(event);
    expect(result).toMatchObject({ intent: 'ignored', operationName: '' });
    expect(result.reason).toMatch(/^event type Microsoft\.Storage\.BlobCreated is not handled/);
  });

  it('matches scope subscriptions case-insensitively and treats an empty scope as nothing in scope', async () => {
    const lettered = 'abcdef00-0000-4000-8000-00000000abcd';
    const inLettered = eventGridEvent(
      'Write',
      COSMOS_ID.replace(IN_SCOPE, lettered.toUpperCase()),
      'Microsoft.DocumentDB/databaseAccounts/write',
    );
    expect((await routeOne(inLettered, { scopeSubscriptions: [lettered] })).intent).toBe('reconcile-target');
    expect((await routeOne(inLettered, { scopeSubscriptions: [lettered.toUpperCase()] })).intent).toBe(
      'reconcile-target',
    );
    const event = eventGridEvent('Write', COSMOS_ID, 'Microsoft.DocumentDB/databaseAccounts/write');
    expect((await routeOne(event, { scopeSubscriptions: [] })).intent).toBe('ignored');
    expect((await routeOne(event, { scopeSubscriptions: [OUT_OF_SCOPE] })).reason).toBe(
      `subscription ${IN_SCOPE} is outside the configured scope`,
    );
  });

  it('falls back to data.resourceUri for CloudEvents whose subject is absent or not a resource ID', async () => {
    for (const subject of [undefined, 'not-a-resource-id']) {
      const event = cloudEvent('Write', COSMOS_ID, 'Microsoft.DocumentDB/databaseAccounts/write');
      event.subject = subject;
      const result = actionable(await routeOne(event));
      expect(result.subjectId).toBe(COSMOS_ID.toLowerCase());
      expect(result.resourceId).toBe(COSMOS_ID);
    }
  });
});

describe('routeDelivery orchestration keys', () => {
  const keyOf = async (kind: EventType, subject: string, operation: string) =>
    actionable(await routeOne(eventGridEvent(kind, subject, operation))).orchestrationKey;

  it('gives every event about one resource the same key, and other resources other keys', async () => {
    const accountWrite = await keyOf('Write', COSMOS_ID, 'Microsoft.DocumentDB/databaseAccounts/write');
    const proxyWrite = await keyOf(
      'Write',
      `${COSMOS_ID}/privateEndpointConnectionProxies/p1`,
      'Microsoft.DocumentDB/databaseAccounts/privateEndpointConnectionProxies/write',
    );
    const upperCased = await keyOf('Write', COSMOS_ID.toUpperCase(), 'MICROSOFT.DOCUMENTDB/DATABASEACCOUNTS/WRITE');
    expect(proxyWrite).toBe(accountWrite);
    expect(upperCased).toBe(accountWrite);

    const endpointWrite = await keyOf('Write', ENDPOINT_ID, 'Microsoft.Network/privateEndpoints/write');
    const endpointDelete = await keyOf('Delete', ENDPOINT_ID, 'Microsoft.Network/privateEndpoints/delete');
    const zoneGroup = await keyOf(
      'Write',
      `${ENDPOINT_ID}/privateDnsZoneGroups/default`,
      'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/write',
    );
    expect(endpointDelete).toBe(endpointWrite);
    expect(zoneGroup).toBe(endpointWrite);

    const vaultWrite = await keyOf('Write', VAULT_ID, 'Microsoft.KeyVault/vaults/write');
    expect(new Set([accountWrite, endpointWrite, vaultWrite]).size).toBe(3);
  });

  it('is a valid Durable Functions instance ID', async () => {
    const longGroup = `/subscriptions/${IN_SCOPE}/resourceGroups/${'g'.repeat(90)}`;
    const key = await keyOf(
      'Write',
      `${longGroup}/providers/Microsoft.DocumentDB/databaseAccounts/${'x'.repeat(200)}`,
      'Microsoft.DocumentDB/databaseAccounts/write',
    );
    expect(key.length).toBeLessThanOrEqual(256);
    expect(key).not.toMatch(/[/\\#?\p{Cc}]|^@/u);
  });
});

describe('routeDelivery reports malformed events by field', () => {
  const good = () => eventGridEvent('Write', COSMOS_ID, 'Microsoft.DocumentDB/databaseAccounts/write');
  const withData = (data: unknown) => ({ ...good(), data });
  const cases: Array<{ name: string; event: unknown; message: string | RegExp }> = [
    { name: 'null', event: null, message: 'event[1]: expected an event object, got an empty body (holds no event)' },
    {
      name: 'an empty string',
      event: ' ',
      message: 'event[1]: expected an event object, got an empty body (holds no event)',
    },
    { name: 'an empty object', event: {}, message: 'event[1]: expected an event object, got {} (holds no event)' },
    { name: 'an empty array', event: [], message: 'event[1]: expected an event object, got [] (holds no event)' },
    { name: 'a string', event: 'event', message: 'event[1]: expected an event object' },
    { name: 'an array', event: [good()], message: 'event[1]: expected an event object' },
    {
      name: 'a number operationName',
      event: withData({ operationName: 42 }),
      message: 'event[1].data.operationName: expected a string, e.g. Microsoft.DocumentDB/databaseAccounts/write',
    },
    {
      name: 'a string data',
      event: withData('oops'),
      message: 'event[1].data: expected an object describing the resource operation',
    },
    { name: 'no data', event: { ...good(), data: undefined }, message: 'event[1].data: required, expected an object' },
    {
      name: 'a number eventType',
      event: { ...good(), eventType: 7 },
      message: 'event[1].eventType: expected a string',
    },
    {
      name: 'no subject',
      event: { ...good(), subject: undefined },
      message: 'event[1].subject: required, expected a string',
    },
    {
      name: 'metadataVersion 2',
      event: { ...good(), metadataVersion: '2' },
      message: 'event[1].metadataVersion: expected "1" (Event Grid schema)',
    },
    {
      name: 'a subject that is not a resource ID',
      event: { ...good(), subject: 'blobServices/default' },
      message:
        /^event\[1\]\.subject: expected an ARM resource ID such as \/subscriptions\/\{id\}\/resourceGroups\/\{rg\}\/providers\/\{namespace\}\/\{type\}\/\{name\} \(at .+: expected .+\)$/,
    },
    {
      name: 'an empty subject',
      event: { ...good(), subject: '' },
      message: 'event[1].subject: expected the resource ID in subject',
    },
    {
      name: 'a number status',
      event: withData({ operationName: 'Microsoft.KeyVault/vaults/write', status: 5 }),
      message: 'event[1].data.status: expected a string',
    },
    {
      name: 'a validation event without a code',
      event: { ...good(), eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: {} },
      message: 'event[1].data.validationCode: expected a string (subscription validation handshake)',
    },
    {
      name: 'a CloudEvent without subject or resourceUri',
      event: {
        ...cloudEvent('Write', COSMOS_ID, 'x'),
        subject: undefined,
        data: { operationName: 'Microsoft.DocumentDB/databaseAccounts/write' },
      },
      message: 'event[1].subject: expected the resource ID in subject or data.resourceUri',
    },
    {
      name: 'a CloudEvent with a number resourceUri and no subject',
      event: {
        ...cloudEvent('Write', COSMOS_ID, 'x'),
        subject: undefined,
        data: { operationName: 'Microsoft.DocumentDB/databaseAccounts/write', resourceUri: 3 },
      },
      message: 'event[1].data.resourceUri: expected a string',
    },
    {
      name: 'a CloudEvent with a number subject',
      event: { ...cloudEvent('Write', COSMOS_ID, 'x'), subject: 3 },
      message: 'event[1].subject: expected a string',
    },
  ];

  it.each(cases)('$name', async ({ event }) => {
    const { results, errors } = await routeDelivery([good(), event, good()], SCOPED);
    expect(results.map((r) => r.index)).toEqual([0, 2]);
    expect(errors).toHaveLength(1);
  });

  it.each(cases)('$name → $message', async ({ event, message }) => {
    const { errors } = await routeDelivery([good(), event], SCOPED);
    // Resource ID problems end with the parser's own detail, which is resource-id.ts's to word: matched by pattern.
    expect(errors[0]?.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
    expect(errors[0]?.message.startsWith(`${errors[0]?.field}: `)).toBe(true);
  });

  it('reports a delivery that holds no event as the delivery’s own error, so that it is logged too', async () => {
    const expected = 'expected an event object or a non-empty array of events, got [] (holds no event)';
    expect(await routeDelivery([], ALL)).toEqual({
      results: [],
      errors: [{ index: 0, field: 'delivery', expected, message: `delivery: ${expected}` }],
    });
    for (const [body, shape] of [
      [{}, '{}'],
      ['', 'an empty body'],
      [undefined, 'an empty body'],
    ] as const) {
      expect((await routeDelivery(body, ALL)).errors.map((e) => e.message)).toEqual([
        `event[0]: expected an event object, got ${shape} (holds no event)`,
      ]);
    }
  });
});
