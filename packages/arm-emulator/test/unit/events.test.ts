import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { EventGridDeserializer, isSystemEvent } from '@azure/eventgrid';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResourceOperation } from '../../src/contracts';
import {
  buildResourceEvent,
  EMULATOR_TENANT_ID,
  EventDispatcher,
  SUBSCRIPTION_VALIDATION_EVENT_TYPE,
  type ResourceEvent,
} from '../../src/events';

const FIXTURES = join(__dirname, '../../../../test/fixtures/reference/eventgrid/event-grid-schema');
const SUB = '00000000-0000-0000-0000-00000000000a';
const ACCOUNT_ID = `/subscriptions/${SUB}/resourceGroups/rg-seed/providers/Microsoft.DocumentDB/databaseAccounts/seed-cosmos`;
const NOW = new Date('2025-01-02T03:04:05.678Z');

const writeOp: ResourceOperation = {
  kind: 'write',
  resourceId: ACCOUNT_ID,
  operationName: 'Microsoft.DocumentDB/databaseAccounts/write',
  status: 'Succeeded',
};
const deleteOp: ResourceOperation = {
  kind: 'delete',
  resourceId: ACCOUNT_ID,
  operationName: 'Microsoft.DocumentDB/databaseAccounts/delete',
  httpRequest: {
    clientIpAddress: '127.0.0.1',
    method: 'DELETE',
    url: `https://127.0.0.1:8443${ACCOUNT_ID}?api-version=2025-04-15`,
  },
  status: 'Succeeded',
  correlationId: 'c0ffee00-0000-4000-8000-000000000000',
};
const actionOp: ResourceOperation = {
  kind: 'action',
  resourceId: `${ACCOUNT_ID}/privateEndpointConnections/pec1`,
  operationName: 'Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections/approve/action',
  httpRequest: { clientIpAddress: '127.0.0.1', method: 'POST', url: 'https://127.0.0.1:8443/x' },
  status: 'Succeeded',
};

type KeyTree = Array<[string, KeyTree | string]>;
/** Ordered keys, recursively; leaves become their JSON type. */
function keyTree(value: unknown): KeyTree | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return Array.isArray(value) ? 'array' : typeof value;
  return Object.entries(value).map(([key, child]) => [key, keyTree(child)]);
}

function readFixture(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
}

describe('buildResourceEvent', () => {
  it.each([
    ['resource_write_success.json', writeOp],
    ['resource_delete_success.json', deleteOp],
    ['resource_action_success.json', actionOp],
  ] as const)('has the key structure and order of %s', (fixture, op) => {
    const event = buildResourceEvent(op, {
      now: NOW,
      id: 'e0000000-0000-4000-8000-000000000001',
      tenantId: EMULATOR_TENANT_ID,
    });
    expect(keyTree(event)).toEqual(keyTree(readFixture(fixture)));
  });

  it('fills values from the operation, like a subscription system topic', () => {
    const event = buildResourceEvent(deleteOp, {
      now: NOW,
      id: 'e0000000-0000-4000-8000-000000000001',
      tenantId: EMULATOR_TENANT_ID,
      clientRequestId: 'c1000000-0000-4000-8000-000000000000',
    });
    expect(event).toMatchObject({
      subject: ACCOUNT_ID,
      eventType: 'Microsoft.Resources.ResourceDeleteSuccess',
      eventTime: '2025-01-02T03:04:05.678Z',
      id: 'e0000000-0000-4000-8000-000000000001',
      dataVersion: '2',
      metadataVersion: '1',
      topic: `/subscriptions/${SUB}`,
      data: {
        authorization: { scope: ACCOUNT_ID, action: 'Microsoft.DocumentDB/databaseAccounts/delete' },
        correlationId: 'c0ffee00-0000-4000-8000-000000000000',
        httpRequest: {
          clientRequestId: 'c1000000-0000-4000-8000-000000000000',
          clientIpAddress: '127.0.0.1',
          method: 'DELETE',
          url: deleteOp.httpRequest?.url,
        },
        resourceProvider: 'Microsoft.DocumentDB',
        resourceUri: ACCOUNT_ID,
        operationName: 'Microsoft.DocumentDB/databaseAccounts/delete',
        status: 'Succeeded',
        subscriptionId: SUB,
        tenantId: EMULATOR_TENANT_ID,
      },
    });
    expect(event.data.claims['http://schemas.microsoft.com/identity/claims/tenantid']).toBe(EMULATOR_TENANT_ID);
  });

  it('adds httpRequest only when the operation has one (updates and deletes, not creates)', () => {
    const created = buildResourceEvent(writeOp, { now: NOW, id: 'e1', tenantId: 't' });
    expect('httpRequest' in created.data).toBe(false);
    const updated = buildResourceEvent(
      { ...writeOp, httpRequest: { clientIpAddress: '10.1.2.3', method: 'PUT', url: 'https://h/x' } },
      { now: NOW, id: 'e1', tenantId: 't' },
    );
    expect(updated.data.httpRequest).toEqual({
      clientRequestId: 'e1',
      clientIpAddress: '10.1.2.3',
      method: 'PUT',
      url: 'https://h/x',
    });
    expect(updated.data.claims.ipaddr).toBe('10.1.2.3');
    expect(updated.eventType).toBe('Microsoft.Resources.ResourceWriteSuccess');
    expect(created.data.correlationId).toBe('e1');
  });

  it('names Microsoft.Resources as the provider of resource group operations', () => {
    const event = buildResourceEvent(
      {
        kind: 'write',
        resourceId: `/subscriptions/${SUB}/resourceGroups/rg-seed`,
        operationName: 'Microsoft.Resources/subscriptions/resourceGroups/write',
        status: 'Succeeded',
      },
      { now: NOW, id: 'e1', tenantId: 't' },
    );
    expect(event.data.resourceProvider).toBe('Microsoft.Resources');
    expect(event.topic).toBe(`/subscriptions/${SUB}`);
  });

  it('rejects an operation whose resourceId is not an ARM ID', () => {
    expect(() =>
      buildResourceEvent({ ...writeOp, resourceId: 'not-an-id' }, { now: NOW, id: 'e1', tenantId: 't' }),
    ).toThrow(/not an ARM resource ID "not-an-id"/);
  });

  it('produces events that @azure/eventgrid parses as Microsoft.Resources system events', async () => {
    const events = [writeOp, deleteOp, actionOp].map((op, i) =>
      buildResourceEvent(op, { now: NOW, id: `e${i}`, tenantId: 't' }),
    );
    const parsed = await new EventGridDeserializer().deserializeEventGridEvents(JSON.stringify(events));
    expect(parsed.map((e) => e.eventType)).toEqual([
      'Microsoft.Resources.ResourceWriteSuccess',
      'Microsoft.Resources.ResourceDeleteSuccess',
      'Microsoft.Resources.ResourceActionSuccess',
    ]);
    const first = parsed[0];
    if (!first || !isSystemEvent('Microsoft.Resources.ResourceWriteSuccess', first))
      throw new Error('not a write event');
    expect(first.data.resourceUri).toBe(ACCOUNT_ID);
  });
});

interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: unknown;
}
type Responder = (request: ReceivedRequest, res: ServerResponse) => void;

interface Webhook {
  url: string;
  received: ReceivedRequest[];
  notifications: () => ReceivedRequest[];
  respond: (responder: Responder) => void;
}

const echoValidation: Responder = (request, res) => {
  if (request.headers['aeg-event-type'] === 'SubscriptionValidation') {
    const [event] = request.body as Array<{ data: { validationCode: string } }>;
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ validationResponse: event?.data.validationCode }));
    return;
  }
  res.writeHead(200).end();
};

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function startWebhook(responder: Responder = echoValidation): Promise<Webhook> {
  const received: ReceivedRequest[] = [];
  let current = responder;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
      received.push(request);
      current(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/events`,
    received,
    notifications: () => received.filter((r) => r.headers['aeg-event-type'] === 'Notification'),
    respond: (next) => {
      current = next;
    },
  };
}

function dispatcher(options: ConstructorParameters<typeof EventDispatcher>[0] = {}): EventDispatcher {
  // 10,000 emulated seconds a wall second: Event Grid's 10 s first retry comes after 1 ms.
  const created = new EventDispatcher({ seed: 1, timeScale: 10_000, ...options });
  closers.push(() => created.close());
  return created;
}

function op(name: string): ResourceOperation {
  return { ...writeOp, resourceId: `${ACCOUNT_ID.replace('seed-cosmos', name)}` };
}

function subjects(requests: ReceivedRequest[]): string[] {
  return requests.flatMap((r) => (r.body as ResourceEvent[]).map((e) => e.subject.split('/').pop() ?? ''));
}

describe('EventDispatcher subscription handshake', () => {
  it('subscribes a webhook that echoes the validation code', async () => {
    const hook = await startWebhook();
    const events = dispatcher();
    await events.subscribe(hook.url);
    expect(events.subscribers()).toEqual([hook.url]);
    const [validation] = hook.received;
    expect(validation?.headers['aeg-event-type']).toBe('SubscriptionValidation');
    const body = validation?.body as Array<{
      eventType: string;
      data: { validationCode: string; validationUrl: string };
    }>;
    expect(body).toHaveLength(1);
    expect(body[0]?.eventType).toBe(SUBSCRIPTION_VALIDATION_EVENT_TYPE);
    expect(body[0]?.data.validationCode).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(body[0]?.data.validationUrl).toMatch(/^https:\/\//);
    const [parsed] = await new EventGridDeserializer().deserializeEventGridEvents(JSON.stringify(body));
    if (!parsed) throw new Error('no validation event parsed');
    expect(isSystemEvent('Microsoft.EventGrid.SubscriptionValidationEvent', parsed)).toBe(true);

    await events.subscribe(hook.url);
    expect(hook.received).toHaveLength(1);
  });

  it.each<[string, Responder, RegExp]>([
    [
      'a wrong code',
      (_r, res) => res.writeHead(200).end(JSON.stringify({ validationResponse: 'nope' })),
      /must echo the validationCode .* got "nope"/,
    ],
    ['a non-200 status', (_r, res) => res.writeHead(202).end(), /expected HTTP 200, got 202/],
    ['a body that is not JSON', (_r, res) => res.writeHead(200).end('OK'), /expected a JSON body/],
  ])('rejects a webhook that answers with %s', async (_name, responder, message) => {
    const hook = await startWebhook(responder);
    const events = dispatcher();
    await expect(events.subscribe(hook.url)).rejects.toThrow(message);
    expect(events.subscribers()).toEqual([]);
  });

  it('rejects an unreachable webhook and a malformed URL', async () => {
    const hook = await startWebhook();
    await Promise.all(closers.splice(0).map((close) => close()));
    const events = dispatcher();
    await expect(events.subscribe(hook.url)).rejects.toThrow(/validation failed for .*request failed/);
    await expect(events.subscribe('ftp://127.0.0.1/x')).rejects.toThrow(/subscriber url: expected an http\(s\) URL/);
    await expect(events.subscribe('not a url')).rejects.toThrow(/subscriber url: expected an absolute http\(s\) URL/);
  });
});

describe('EventDispatcher delivery', () => {
  it('records every event, and delivers nothing while nobody subscribes', async () => {
    let calls = 0;
    const events = dispatcher({ fetchImpl: (() => (calls++, Promise.reject(new Error('unused')))) as typeof fetch });
    events.emit(writeOp);
    await events.flush();
    expect(calls).toBe(0);
    expect(events.emitted()).toHaveLength(1);
  });

  it('delivers events after emit returns, batched into one JSON array, in order', async () => {
    const hook = await startWebhook();
    let notificationCalls = 0;
    const countingFetch: typeof fetch = (input, init) => {
      if (new Headers(init?.headers).get('aeg-event-type') === 'Notification') notificationCalls++;
      return fetch(input, init);
    };
    const events = dispatcher({ fetchImpl: countingFetch });
    await events.subscribe(hook.url);
    events.emit(op('a'));
    events.emit(op('b'));
    events.emit(op('c'));
    expect(notificationCalls).toBe(0);
    await events.flush();
    expect(hook.notifications()).toHaveLength(1);
    expect(subjects(hook.notifications())).toEqual(['a', 'b', 'c']);
    const [delivery] = hook.notifications();
    expect(delivery?.headers['content-type']).toBe('application/json');
    expect(delivery?.headers['aeg-delivery-count']).toBe('0');
    expect(delivery?.body).toEqual(events.emitted());
  });

  it('splits large bursts into batches of maxBatchSize', async () => {
    const hook = await startWebhook();
    const events = dispatcher({ maxBatchSize: 2 });
    await events.subscribe(hook.url);
    for (const name of ['a', 'b', 'c', 'd', 'e']) events.emit(op(name));
    await events.flush();
    expect(hook.notifications().map((r) => (r.body as unknown[]).length)).toEqual([2, 2, 1]);
    expect(subjects(hook.notifications())).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('delivers to every subscriber and stops delivering to one that unsubscribes', async () => {
    const first = await startWebhook();
    const second = await startWebhook();
    const events = dispatcher();
    await events.subscribe(first.url);
    await events.subscribe(second.url);
    events.emit(op('a'));
    await events.flush();
    events.unsubscribe(first.url);
    events.emit(op('b'));
    await events.flush();
    expect(subjects(first.notifications())).toEqual(['a']);
    expect(subjects(second.notifications())).toEqual(['a', 'b']);
  });

  it('retries a failing subscriber with the same batch until it answers 2xx', async () => {
    const hook = await startWebhook();
    const events = dispatcher();
    await events.subscribe(hook.url);
    let failuresLeft = 2;
    hook.respond((_r, res) => res.writeHead(failuresLeft-- > 0 ? 500 : 202).end());
    events.emit(op('a'));
    await events.flush();
    expect(hook.notifications().map((r) => r.headers['aeg-delivery-count'])).toEqual(['0', '1', '2']);
    expect(subjects(hook.notifications())).toEqual(['a', 'a', 'a']);
  });

  it('retries after a network error', async () => {
    const hook = await startWebhook();
    let failNext = false;
    const flakyFetch: typeof fetch = (input, init) => {
      if (failNext) {
        failNext = false;
        return Promise.reject(new TypeError('fetch failed'));
      }
      return fetch(input, init);
    };
    const events = dispatcher({ fetchImpl: flakyFetch });
    await events.subscribe(hook.url);
    failNext = true;
    events.emit(op('a'));
    await events.flush();
    expect(subjects(hook.notifications())).toEqual(['a']);
    expect(hook.notifications()[0]?.headers['aeg-delivery-count']).toBe('1');
  });

  it('retries on the Event Grid schedule, scaled, and says so in the log', async () => {
    const hook = await startWebhook();
    const log: string[] = [];
    const events = dispatcher({ log: (m) => log.push(m) });
    await events.subscribe(hook.url);
    let failuresLeft = 5;
    hook.respond((_r, res) => res.writeHead(failuresLeft-- > 0 ? 503 : 200).end());
    events.emit(op('a'));
    await events.flush();
    expect(hook.notifications().map((r) => r.headers['aeg-delivery-count'])).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(log.map((m) => /retry \d+ in (\d+) s/.exec(m)?.[1])).toEqual(['10', '30', '60', '300', '600']);
    expect(events.deliveries()).toEqual({ delivered: 1, retries: 5, deadLettered: [] });
  });

  it('dead-letters a batch after maxDeliveryAttempts, counted, and says so in the log', async () => {
    const hook = await startWebhook();
    const log: string[] = [];
    const events = dispatcher({ retry: { maxDeliveryAttempts: 3 }, log: (m) => log.push(m) });
    await events.subscribe(hook.url);
    hook.respond((_r, res) => res.writeHead(503).end());
    events.emit(op('a'));
    await events.flush();
    expect(hook.notifications()).toHaveLength(3);
    expect(log.at(-1)).toMatch(/dead-lettered 1 event\(s\) after 3 attempt\(s\): max-delivery-attempts \(HTTP 503\)/);
    const [eventId] = (events.emitted() as ResourceEvent[]).map((e) => e.id);
    expect(events.deliveries().deadLettered).toEqual([
      {
        subscriber: hook.url,
        reason: 'max-delivery-attempts',
        attempts: 3,
        lastProblem: 'HTTP 503',
        eventIds: [eventId],
      },
    ]);
  });

  it('dead-letters when the next retry would come after the time to live', async () => {
    const hook = await startWebhook();
    // A minute to live: retries after 10 s and 30 s fit, the one after 60 s more does not (100× leaves room for the
    // requests' own time).
    const events = dispatcher({ timeScale: 100, retry: { eventTimeToLiveMinutes: 1 } });
    await events.subscribe(hook.url);
    hook.respond((_r, res) => res.writeHead(500).end());
    events.emit(op('a'));
    await events.flush();
    expect(hook.notifications()).toHaveLength(3);
    expect(events.deliveries().deadLettered.map((d) => [d.reason, d.attempts])).toEqual([['time-to-live', 3]]);
  });

  it.each([400, 401, 403, 413])(
    'does not retry a webhook that answers %i (Event Grid treats it as final)',
    async (status) => {
      const hook = await startWebhook();
      const events = dispatcher();
      await events.subscribe(hook.url);
      hook.respond((_r, res) => res.writeHead(status).end());
      events.emit(op('a'));
      await events.flush();
      expect(hook.notifications()).toHaveLength(1);
      expect(events.deliveries().deadLettered.map((d) => d.reason)).toEqual(['not-retried-status']);
    },
  );

  it('keeps events for a host that is down for a while and delivers them, in order, when it is back', async () => {
    const hook = await startWebhook();
    // Real time would be hours; at 3,600 emulated seconds a wall second the retry after 1 h takes 1 s.
    const events = dispatcher({ timeScale: 3_600 });
    await events.subscribe(hook.url);
    let down = true;
    hook.respond((_r, res) => res.writeHead(down ? 503 : 200).end());
    events.emit(op('a'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    events.emit(op('b'));
    // Retries after 10 s, 30 s, 60 s and 300 s (emulated) have failed by 130 ms of wall time; the next comes 600 s on.
    await new Promise((resolve) => setTimeout(resolve, 130));
    expect(subjects(hook.notifications()).filter((s) => s === 'b')).toEqual([]);
    down = false;
    await events.flush();
    const delivered = hook.notifications().filter((r) => r.headers['aeg-delivery-count'] !== undefined);
    expect(subjects(delivered).slice(-2)).toEqual(['a', 'b']);
    expect(events.deliveries()).toMatchObject({ delivered: 2, deadLettered: [] });
  });

  it('stops waiting for a retry when the subscriber unsubscribes', async () => {
    const hook = await startWebhook();
    const events = dispatcher({ timeScale: 1 });
    await events.subscribe(hook.url);
    hook.respond((_r, res) => res.writeHead(503).end());
    events.emit(op('a'));
    while (hook.notifications().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = Date.now();
    events.unsubscribe(hook.url);
    await events.flush();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(hook.notifications()).toHaveLength(1);
  });

  it('duplicates every event when duplicateProbability is 1', async () => {
    const hook = await startWebhook();
    const events = dispatcher();
    await events.subscribe(hook.url);
    events.setFaults({ duplicateProbability: 1 });
    events.emit(op('a'));
    events.emit(op('b'));
    await events.flush();
    expect(subjects(hook.notifications())).toEqual(['a', 'b', 'a', 'b']);
  });

  it('reorders deterministically for a seed, keeping every event', async () => {
    const names = Array.from({ length: 12 }, (_v, i) => `acct${i}`);
    const deliveredOrder = async (seed: number): Promise<string[]> => {
      const hook = await startWebhook();
      const events = dispatcher({ seed, maxBatchSize: 5 });
      await events.subscribe(hook.url);
      events.setFaults({ reorder: true });
      for (const name of names) events.emit(op(name));
      await events.flush();
      return subjects(hook.notifications());
    };
    const first = await deliveredOrder(3);
    expect([...first].sort()).toEqual([...names].sort());
    expect(first).not.toEqual(names);
    expect(await deliveredOrder(3)).toEqual(first);
  });

  it('gives the same event ids for the same seed', () => {
    const ids = (seed: number): string[] => {
      const events = dispatcher({ seed });
      events.emit(writeOp);
      events.emit(deleteOp);
      return (events.emitted() as ResourceEvent[]).map((e) => e.id);
    };
    expect(ids(9)).toEqual(ids(9));
    expect(ids(9)).not.toEqual(ids(10));
  });

  it('validates fault settings', () => {
    const events = dispatcher();
    expect(() => events.setFaults({ duplicateProbability: 2 })).toThrow(
      /"duplicateProbability" must be a number in \[0, 1\]/,
    );
    expect(() => events.setFaults({ reorder: 'yes' as unknown as boolean })).toThrow(/"reorder" must be true or false/);
    expect(() => new EventDispatcher({ retry: { maxDeliveryAttempts: 31 } })).toThrow(
      /"retry.maxDeliveryAttempts" must be an integer from 1 to 30/,
    );
    expect(() => new EventDispatcher({ retry: { eventTimeToLiveMinutes: 0 } })).toThrow(
      /"retry.eventTimeToLiveMinutes" must be an integer from 1 to 1440/,
    );
    expect(() => new EventDispatcher({ timeScale: 0 })).toThrow(/"timeScale" must be a number > 0/);
  });

  it('close() abandons a delivery that hangs and sends nothing more', async () => {
    const hook = await startWebhook();
    const events = dispatcher({ timeoutMs: 60_000 });
    await events.subscribe(hook.url);
    let arrived: () => void = () => undefined;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    hook.respond(() => arrived());
    events.emit(op('a'));
    await requestArrived;
    await events.close();
    events.emit(op('b'));
    await events.flush();
    expect(subjects(hook.notifications())).toEqual(['a']);
    await expect(events.subscribe(hook.url)).rejects.toThrow(/closed/);
  });
});
