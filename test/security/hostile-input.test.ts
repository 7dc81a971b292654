/**
 * Hostile input through every door: Event Grid deliveries, queue messages and HTTP bodies and queries, fuzzed with
 * fast-check and hand-made (huge, deeply nested, not UTF-8, prototype pollution, control characters). Whatever
 * comes in, nothing crashes: the answer is a clear 400 (or 413 over the host's limit) or a logged rejection, nothing
 * is written to ARM, no orchestration fails, and no prototype is polluted. The world is converged (seed-cosmos), so
 * any write at all would be a wrong one.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SEED_COSMOS_FACTS, WORKLOAD_SUBSCRIPTION } from '@privatelink-autopilot/arm-emulator';
import { api, quiet, startTestHost, type TestHost } from '../e2e/support';

const OTHER = '00000000-0000-0000-0000-0000000000ff';
const HANDLED = [
  'Microsoft.Resources.ResourceWriteSuccess',
  'Microsoft.Resources.ResourceDeleteSuccess',
  'Microsoft.Resources.ResourceActionSuccess',
];
const OPERATIONS = [
  'Microsoft.DocumentDB/databaseAccounts/write',
  'Microsoft.Network/privateEndpoints/write',
  'Microsoft.Network/privateEndpoints/delete',
  'Microsoft.KeyVault/vaults/privateEndpointConnections/write',
];
const POLLUTION = ['__proto__', 'constructor', 'prototype'];

let t: TestHost;
beforeAll(async () => {
  t = await startTestHost({ emulator: { scenario: 'seed-cosmos', lro: { msBeforeDone: 100 } } });
});
afterAll(async () => t.close());

/** After every test: nothing written, nothing failed, no prototype polluted, the host still answers. */
afterEach(async () => {
  await quiet(t.host);
  expect(polluted(), 'a prototype was polluted').toEqual([]);
  expect(
    t.emulator.writes.entries().map((w) => `${w.method} ${w.path} ${w.status}`),
    'ARM writes',
  ).toEqual([]);
  expect(
    t.host.runtime
      .listInstances()
      .filter((s) => s.runtimeStatus === 'Failed')
      .map((s) => `${s.instanceId}: ${JSON.stringify(s.output)}`),
    'failed orchestrations',
  ).toEqual([]);
  expect((await api(t.host, 'GET', '/api/health', undefined, null)).status).toBe(200);
});

function polluted(): string[] {
  const found: string[] = [];
  for (const [name, proto] of [
    ['Object', Object.prototype],
    ['Array', Array.prototype],
    ['Function', Function.prototype],
  ] as const) {
    for (const key of ['polluted', 'isAdmin', 'resourceId'])
      if (Object.prototype.hasOwnProperty.call(proto, key)) found.push(`${name}.prototype.${key}`);
  }
  if (({} as Record<string, unknown>).polluted !== undefined) found.push('({}).polluted');
  return found;
}

/** POSTs raw bytes to the Event Grid webhook, as Event Grid would. */
async function push(body: Buffer | string, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(
    `${t.host.hostUrl}/runtime/webhooks/eventgrid?functionName=resourceEvents&code=${encodeURIComponent(t.host.functionKey)}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification', ...headers },
      body,
    },
  );
  await response.arrayBuffer();
  return response.status;
}

async function raw(
  method: string,
  path: string,
  body?: Buffer | string,
): Promise<{ status: number; json: { message?: string } | undefined }> {
  const response = await fetch(`${t.host.hostUrl}${path}`, {
    method,
    headers: { 'x-functions-key': t.host.functionKey, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  try {
    return { status: response.status, json: JSON.parse(text) as { message?: string } };
  } catch {
    return { status: response.status, json: undefined };
  }
}

function linesSince(start: number, who: RegExp): string[] {
  return t.lines.slice(start).filter((l) => who.test(l));
}

// ---- generators ------------------------------------------------------------------------------------------------

const pollutingKey = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...POLLUTION));
const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.object({ key: pollutingKey, maxDepth: 3 }),
  fc.constantFrom({ __proto__: { polluted: true } }),
);
const resourceId = fc.oneof(
  fc.constantFrom(
    SEED_COSMOS_FACTS.accountId,
    `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourceGroups/rg-none/providers/Microsoft.KeyVault/vaults/kv-none`,
    `/subscriptions/${OTHER}/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/elsewhere`,
    `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourceGroups/../providers/Microsoft.Network/privateEndpoints/x`,
    `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourceGroups/rg%2F..%2Fother/providers/Microsoft.Network/privateEndpoints/x`,
    '/subscriptions/__proto__/resourceGroups/constructor/providers/Microsoft.Network/privateEndpoints/prototype',
    `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourceGroups/rg\n07:00:00.000  forged  line/providers/Microsoft.Network/privateEndpoints/x`,
  ),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const eventLike = fc.record(
  {
    id: fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.integer(), fc.constant(null)),
    subject: resourceId,
    eventType: fc.oneof(fc.constantFrom(...HANDLED), fc.string({ maxLength: 30 })),
    eventTime: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string({ maxLength: 20 }),
    ),
    topic: fc.oneof(fc.constant(`/subscriptions/${WORKLOAD_SUBSCRIPTION}`), fc.string({ maxLength: 20 })),
    dataVersion: fc.constantFrom('2', '', 'x'),
    metadataVersion: fc.constantFrom('1', '2', ''),
    specversion: fc.constantFrom('1.0', '0.1'),
    type: fc.constantFrom(...HANDLED),
    source: fc.constantFrom(`/subscriptions/${WORKLOAD_SUBSCRIPTION}`, ''),
    data: fc.oneof(
      junk,
      fc.record(
        {
          operationName: fc.oneof(fc.constantFrom(...OPERATIONS), fc.string({ maxLength: 40 })),
          status: fc.oneof(fc.constantFrom('Succeeded', 'Failed'), fc.integer(), fc.string({ maxLength: 10 })),
          resourceUri: resourceId,
          subscriptionId: fc.constantFrom(WORKLOAD_SUBSCRIPTION, OTHER, ''),
          __proto__: fc.constant({ polluted: true }),
        },
        { requiredKeys: [] },
      ),
    ),
    __proto__: fc.constant({ polluted: true, isAdmin: true }),
    constructor: fc.constant({ prototype: { polluted: true } }),
  },
  { requiredKeys: [] },
);
const delivery = fc.oneof(fc.array(eventLike, { maxLength: 4 }), eventLike, junk);

/** JSON text the way a hostile sender would write it: own `__proto__` keys survive JSON.stringify here. */
function text(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

const nonUtf8 = fc
  .uint8Array({ minLength: 1, maxLength: 120 })
  .map((bytes) =>
    Buffer.concat([
      Buffer.from('[{"id":"'),
      Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
      Buffer.from(bytes),
      Buffer.from('"}]'),
    ]),
  );

// ---- fuzzing ---------------------------------------------------------------------------------------------------

describe('fuzzed Event Grid deliveries', () => {
  it('answer 200 with every event logged (rejected, ignored or routed), or 400 when the body is not JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(delivery.map(text), fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 })),
        async (body) => {
          const start = t.lines.length;
          const status = await push(body);
          let parsed: unknown;
          try {
            const json = body.replace(/^\uFEFF/, '');
            parsed = json.trim().length === 0 ? '' : JSON.parse(json);
          } catch {
            expect(status).toBe(400);
            return;
          }
          expect(status).toBe(200);
          // A delivery that holds no event ([] or an empty body) is refused in one line too.
          const events = Array.isArray(parsed) ? Math.max(1, parsed.length) : 1;
          expect(linesSince(start, /resourceEvents\s+event /).length).toBeGreaterThanOrEqual(events);
          expect(polluted()).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('bytes that are not UTF-8 are rejected and logged, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(nonUtf8, async (body) => {
        const start = t.lines.length;
        const status = await push(body);
        expect([200, 400]).toContain(status);
        if (status === 200) expect(linesSince(start, /resourceEvents\s+event rejected/).length).toBe(1);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe('fuzzed queue messages', () => {
  it('are each logged as rejected, ignored or routed; the function never throws', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          delivery.map(text),
          fc.string({ maxLength: 200 }),
          fc.string({ unit: 'binary', maxLength: 100 }),
          fc.constant('\uD800{"id":'),
        ),
        async (message) => {
          const start = t.lines.length;
          const answer = await api(t.host, 'POST', '/admin/functions/resourceEventsQueue', { input: message });
          expect(answer.status, JSON.stringify(answer.json)).toBe(202);
          let events = 1; // a message that is not JSON is one event, rejected
          try {
            const parsed: unknown = JSON.parse(message.replace(/^\uFEFF/, ''));
            if (Array.isArray(parsed)) events = Math.max(1, parsed.length); // [] is refused as a delivery, in one line
          } catch {
            // not JSON
          }
          expect(linesSince(start, /resourceEventsQueue\s+(event|delivery) /).length).toBeGreaterThanOrEqual(events);
        },
      ),
      { numRuns: 100 },
    );
  }, 120_000);
});

describe('fuzzed HTTP bodies and queries', () => {
  const reconcileBody = fc.oneof(
    junk.map(text),
    fc
      .record(
        {
          resourceId,
          subscriptionId: fc.oneof(fc.uuid(), fc.string({ maxLength: 40 })),
          dryRun: fc.oneof(fc.boolean(), fc.string({ maxLength: 5 })),
          __proto__: fc.constant({ polluted: true }),
        },
        { requiredKeys: [] },
      )
      .map(text),
    fc.string({ maxLength: 200 }),
  );

  it('POST /api/reconcile answers 400 naming the field, 403 outside the scope, or 202; never 500, and every refusal is logged', async () => {
    await fc.assert(
      fc.asyncProperty(reconcileBody, async (body) => {
        const start = t.lines.length;
        const answer = await raw('POST', '/api/reconcile', body);
        expect([202, 400, 403], body).toContain(answer.status);
        if (answer.status === 400) expect(answer.json?.message).toMatch(/^body/);
        if (answer.status !== 202)
          expect(linesSince(start, new RegExp(`reconcile\\s+refused \\(${answer.status}\\)`)).length).toBe(1);
      }),
      { numRuns: 120 },
    );
  }, 120_000);

  it('GET /api/plan and /api/diagnose with fuzzed queries answer 400, 403 or 200; never 500', async () => {
    const query = fc.dictionary(
      fc.oneof(
        fc.constantFrom(
          'resourceId',
          'subscriptionId',
          '__proto__',
          'constructor[prototype][polluted]',
          '__proto__.polluted',
        ),
        fc.string({ maxLength: 10 }),
      ),
      fc.oneof(resourceId, fc.string({ maxLength: 20 })),
      { maxKeys: 3 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('plan', 'diagnose'), query, async (route, params) => {
        const answer = await raw('GET', `/api/${route}?${new URLSearchParams(params).toString()}`);
        expect([200, 400, 403], `${route} ${JSON.stringify(params)}: ${JSON.stringify(answer.json)}`).toContain(
          answer.status,
        );
        if (answer.status === 400) expect(answer.json?.message).toMatch(/^(query|resourceId|subscriptionId)/);
      }),
      { numRuns: 80 },
    );
  }, 120_000);
});

// ---- hand-made ------------------------------------------------------------------------------------------------

describe('hand-made hostile input', () => {
  const event = (overrides: Record<string, unknown> = {}) => ({
    id: 'hostile-1',
    subject: `/subscriptions/${OTHER}/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/elsewhere`,
    eventType: HANDLED[0],
    eventTime: new Date().toISOString(),
    topic: `/subscriptions/${OTHER}`,
    dataVersion: '2',
    metadataVersion: '1',
    data: { operationName: OPERATIONS[0], status: 'Succeeded' },
    ...overrides,
  });

  it.each([
    ['__proto__ at the top', '[{"__proto__": {"polluted": true}, "id": "p1"}]'],
    [
      '__proto__ in data',
      `[${text({ ...event({ id: 'p2' }), data: JSON.parse('{"__proto__": {"polluted": true}, "operationName": "x"}') as unknown })}]`,
    ],
    ['constructor.prototype', '[{"constructor": {"prototype": {"polluted": true}}, "id": "p3"}]'],
    ['a bare __proto__ object', '{"__proto__": {"polluted": true}}'],
    [
      'a polluting subject',
      text([
        event({
          id: 'p4',
          subject: '/subscriptions/__proto__/resourceGroups/polluted/providers/Microsoft.KeyVault/vaults/constructor',
        }),
      ]),
    ],
  ])('prototype pollution in a delivery (%s) pollutes nothing and is logged', async (_, body) => {
    const start = t.lines.length;
    expect(await push(body)).toBe(200);
    expect(linesSince(start, /resourceEvents\s+event /).length).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['an empty array', '[[]]', 1],
    ['an array of two events', `[${text([event({ id: 'n1' }), event({ id: 'n2' })])}]`, 1],
    ['two arrays', '[[], [{"id": "n3"}]]', 2],
  ])(
    'an element of a delivery that is itself an array (%s) is one event, rejected and logged, not a batch',
    async (_, body, elements) => {
      const start = t.lines.length;
      expect(await push(body)).toBe(200);
      const rejected = linesSince(start, /resourceEvents\s+event rejected: event\[0\]: expected/);
      expect(rejected).toHaveLength(elements);
      expect(linesSince(start, /resourceEvents\s+event /)).toEqual(rejected);
    },
  );

  it.each<[string, string, string | undefined, RegExp]>([
    [
      'POST',
      '/api/reconcile',
      '{"__proto__": {"polluted": true}, "resourceId": "/subscriptions/x"}',
      /^body\.__proto__: expected no such field/,
    ],
    [
      'POST',
      '/api/reconcile',
      '{"constructor": {"prototype": {"polluted": true}}}',
      /^body\.constructor: expected no such field/,
    ],
    ['GET', '/api/plan?__proto__[polluted]=1&resourceId=x', undefined, /^query/],
    ['GET', '/api/plan?constructor.prototype.polluted=1', undefined, /^query/],
    ['GET', '/api/report?__proto__[polluted]=1', undefined, /^query\.__proto__\[polluted\]: expected no such field/],
  ])('prototype pollution over HTTP (%s %s) is a 400', async (method, path, body, message) => {
    const answer = await raw(method, path, body);
    expect(answer.status).toBe(400);
    expect(answer.json?.message).toMatch(message);
  });

  it('a delivery near the host’s limit (a 3 MB subject) is rejected and logged without echoing the subject', async () => {
    const start = t.lines.length;
    expect(await push(text([event({ id: 'huge-1', subject: `/subscriptions/${'a'.repeat(3 * 1024 * 1024)}` })]))).toBe(
      200,
    );
    const logged = linesSince(start, /resourceEvents\s+event /);
    expect(logged.length).toBe(1);
    expect(logged[0]!.length).toBeLessThan(4_000);
  });

  it('a delivery over the host’s limit is a 413, as the Functions host answers', async () => {
    expect(await push(Buffer.alloc(5 * 1024 * 1024, 0x20))).toBe(413);
  });

  it('a 5,000-event delivery (Event Grid’s largest batch) is handled event by event, each logged', async () => {
    const start = t.lines.length;
    expect(await push(text(Array.from({ length: 5_000 }, (_, i) => event({ id: `bulk-${i}` }))))).toBe(200);
    expect(linesSince(start, /resourceEvents\s+event bulk-\d+ ignored/).length).toBe(5_000);
  }, 60_000);

  it.each([
    ['nested arrays 100,000 deep', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['nested objects 100,000 deep', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)],
    [
      'an event whose data is 5,000 levels deep',
      `[${text(event({ id: 'deep-1' })).replace('"data":{', `"data":{"x":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)},`)}]`,
    ],
  ])('%s: a 400 or a logged rejection, never a crash', async (_, body) => {
    const start = t.lines.length;
    const status = await push(body);
    expect([200, 400]).toContain(status);
    if (status === 200) expect(linesSince(start, /resourceEvents\s+event /).length).toBeGreaterThanOrEqual(1);
  });

  it('an HTTP body of 1 MB is a 400 naming the limit', async () => {
    const answer = await raw('POST', '/api/reconcile', text({ resourceId: 'x'.repeat(1024 * 1024) }));
    expect(answer.status).toBe(400);
    expect(answer.json?.message).toMatch(/^body: expected at most \d+ bytes of JSON/);
  });

  it.each([
    ['the webhook', async () => push(Buffer.from([0xef, 0xbb, 0xbf, 0xff, 0xfe, 0xfd, 0x5b, 0x7b, 0x7d, 0x5d]))],
    [
      'POST /api/reconcile',
      async () =>
        (await raw('POST', '/api/reconcile', Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xa0, 0xa1, 0x22, 0x3a, 0x31, 0x7d])))
          .status,
    ],
  ])('bytes that are not UTF-8 sent to %s: a 400 or a logged rejection', async (_, send) => {
    expect([200, 400]).toContain(await send());
  });

  it('control characters in an event ID or subject cannot forge a log line', async () => {
    const forged = '07:00:00.000  reconcileTarget         FORGED completed';
    const start = t.lines.length;
    expect(
      await push(
        text([
          event({
            id: `x\n${forged}`,
            subject: `/subscriptions/${OTHER}/resourceGroups/rg\r\n${forged}/providers/Microsoft.KeyVault/vaults/v`,
          }),
        ]),
      ),
    ).toBe(200);
    const logged = t.lines
      .slice(start)
      .join('\n')
      .split(/\r?\n|\r/);
    expect(logged.filter((l) => l.startsWith('07:00:00.000'))).toEqual([]);
  });
});
