/**
 * Whatever an event, a queue message or an HTTP caller names outside the configured scope is refused before any ARM
 * call: no orchestration starts, no request reaches ARM, and the refusal is logged with its reason.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ELASTIC_ALIAS_FACTS, PROVIDER_SUBSCRIPTION, WORKLOAD_SUBSCRIPTION } from '@privatelink-autopilot/arm-emulator';
import { api, deliver, quiet, requestLog, startTestHost, writeEvent, type TestHost } from '../e2e/support';

const OTHER_SUBSCRIPTION = '00000000-0000-0000-0000-0000000000ff';
const OUTSIDE = {
  account: `/subscriptions/${OTHER_SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/elsewhere`,
  endpoint: `/subscriptions/${PROVIDER_SUBSCRIPTION}/resourceGroups/rg-elastic-provider/providers/Microsoft.Network/privateEndpoints/pe-provider`,
  vault: `/subscriptions/${OTHER_SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-elsewhere`,
  service: ELASTIC_ALIAS_FACTS.serviceId,
};
/** A subscription ID spelt with an upper-case letter: the same out-of-scope subscription, another casing. */
const SHOUTED = OUTSIDE.account.replace('0ff', '0FF');

const EVENTS: Array<[string, Record<string, unknown>]> = [
  [
    'an account write in another subscription',
    writeEvent(OUTSIDE.account, 'Microsoft.DocumentDB/databaseAccounts/write', 'scope-1'),
  ],
  ['the same in another casing', writeEvent(SHOUTED, 'Microsoft.DocumentDB/databaseAccounts/write', 'scope-2')],
  [
    'an endpoint deleted in the provider subscription',
    {
      ...writeEvent(OUTSIDE.endpoint, 'Microsoft.Network/privateEndpoints/delete', 'scope-3'),
      eventType: 'Microsoft.Resources.ResourceDeleteSuccess',
    },
  ],
  [
    'a connection on an out-of-scope vault',
    writeEvent(
      `${OUTSIDE.vault}/privateEndpointConnections/pe.1`,
      'Microsoft.KeyVault/vaults/privateEndpointConnections/write',
      'scope-4',
    ),
  ],
  [
    'the provider’s Private Link Service',
    writeEvent(OUTSIDE.service, 'Microsoft.Network/privateLinkServices/privateEndpointConnections/write', 'scope-5'),
  ],
  [
    'an in-scope topic whose subject is elsewhere',
    {
      ...writeEvent(OUTSIDE.account, 'Microsoft.DocumentDB/databaseAccounts/write', 'scope-6'),
      topic: `/subscriptions/${WORKLOAD_SUBSCRIPTION}`,
    },
  ],
  [
    'a CloudEvents 1.0 event',
    {
      specversion: '1.0',
      id: 'scope-7',
      type: 'Microsoft.Resources.ResourceWriteSuccess',
      source: `/subscriptions/${OTHER_SUBSCRIPTION}`,
      subject: OUTSIDE.account,
      time: new Date().toISOString(),
      data: {
        operationName: 'Microsoft.DocumentDB/databaseAccounts/write',
        status: 'Succeeded',
        resourceUri: OUTSIDE.account,
        subscriptionId: OTHER_SUBSCRIPTION,
      },
    },
  ],
];

describe('requests and events outside the scope', () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await startTestHost();
  });
  afterAll(async () => t.close());

  let armBefore = 0;
  let linesBefore = 0;
  let instancesBefore = 0;
  beforeEach(async () => {
    armBefore = (await requestLog(t.emulator)).length;
    linesBefore = t.lines.length;
    instancesBefore = t.host.runtime.listInstances().length;
  });
  const unchanged = async () => {
    expect((await requestLog(t.emulator)).slice(armBefore), 'ARM requests').toEqual([]);
    expect(t.host.runtime.listInstances().length, 'orchestrations started').toBe(instancesBefore);
  };
  const logged = () => t.lines.slice(linesBefore);

  it.each(EVENTS)('Event Grid push: %s is ignored, logged with its reason, and costs no ARM call', async (_, event) => {
    expect(await deliver(t.host, [event])).toBe(200);
    expect(
      logged().some((l) => l.includes(`event ${String(event.id)} ignored:`) && /outside the configured scope/.test(l)),
      logged().join('\n'),
    ).toBe(true);
    await unchanged();
  });

  it.each(EVENTS)('queue message: %s is ignored, logged with its reason, and costs no ARM call', async (_, event) => {
    const answer = await api(t.host, 'POST', '/admin/functions/resourceEventsQueue', {
      input: JSON.stringify([event]),
    });
    expect(answer.status).toBe(202);
    expect(
      logged().some((l) => l.includes(`event ${String(event.id)} ignored:`) && /outside the configured scope/.test(l)),
      logged().join('\n'),
    ).toBe(true);
    await unchanged();
  });

  it('a delivery mixing in-scope and out-of-scope events refuses only the latter', async () => {
    const inside = writeEvent(
      `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourceGroups/rg-none/providers/Microsoft.KeyVault/vaults/kv-none`,
      'Microsoft.KeyVault/vaults/write',
      'scope-in',
    );
    expect(await deliver(t.host, [EVENTS[0]![1], inside])).toBe(200);
    expect(logged().some((l) => /event scope-1 ignored: .*outside the configured scope/.test(l))).toBe(true);
    expect(logged().some((l) => /event scope-in reconcile-target: (started|signalled)/.test(l))).toBe(true);
    await quiet(t.host);
    const requests = (await requestLog(t.emulator)).slice(armBefore);
    expect(requests.length).toBeGreaterThan(0);
    expect(
      requests.filter((r) => !r.path.toLowerCase().startsWith(`/subscriptions/${WORKLOAD_SUBSCRIPTION}/`)),
    ).toEqual([]);
  });

  // Resource IDs that name an in-scope subscription but would reach another one once a URL resolves them.
  const TRICKS = [
    `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/../../../../../../${OTHER_SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv`,
    `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourceGroups/../../${OTHER_SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/a`,
    `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/%2e%2e%2f%2e%2e%2f${OTHER_SUBSCRIPTION}`,
    `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv?api-version=1&x=/subscriptions/${OTHER_SUBSCRIPTION}`,
    `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv#/subscriptions/${OTHER_SUBSCRIPTION}`,
    `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv\\..\\..\\${OTHER_SUBSCRIPTION}`,
  ];

  it.each(TRICKS)(
    'an ID that would leave its subscription once a URL resolves it (%s) reaches no other subscription',
    async (id) => {
      for (const [method, path, body] of [
        ['POST', '/api/reconcile', { resourceId: id }],
        ['GET', `/api/plan?resourceId=${encodeURIComponent(id)}`, undefined],
        ['GET', `/api/diagnose?resourceId=${encodeURIComponent(id)}`, undefined],
      ] as const) {
        const answer = await api(t.host, method, path, body);
        expect([200, 202, 400], `${method} ${path}`).toContain(answer.status);
      }
      expect(await deliver(t.host, [writeEvent(id, 'Microsoft.KeyVault/vaults/write', 'trick-1')])).toBe(200);
      expect(
        logged().some((l) => /event (rejected: .*\(event trick-1\)|trick-1 )/.test(l)),
        logged().join('\n'),
      ).toBe(true);
      await quiet(t.host);
      // Whatever was sent, as ARM resolves it: dot segments and escapes undone.
      const reached = (await requestLog(t.emulator))
        .slice(armBefore)
        .map((r) => new URL(`https://arm${decodeURIComponent(r.path).replace(/\\/g, '/')}`).pathname.toLowerCase());
      expect(reached.filter((path) => !path.startsWith(`/subscriptions/${WORKLOAD_SUBSCRIPTION}/`))).toEqual([]);
    },
  );

  it.each([
    ['POST', '/api/reconcile', { resourceId: OUTSIDE.account }],
    ['POST', '/api/reconcile', { resourceId: SHOUTED }],
    ['POST', '/api/reconcile', { resourceId: `${OUTSIDE.vault}/privateEndpointConnections/pe.1` }],
    ['POST', '/api/reconcile', { subscriptionId: OTHER_SUBSCRIPTION }],
    ['POST', '/api/reconcile', { subscriptionId: PROVIDER_SUBSCRIPTION, dryRun: true }],
    ['GET', `/api/plan?resourceId=${encodeURIComponent(OUTSIDE.service)}`, undefined],
    ['GET', `/api/plan?subscriptionId=${OTHER_SUBSCRIPTION}`, undefined],
    ['GET', `/api/diagnose?resourceId=${encodeURIComponent(OUTSIDE.endpoint)}`, undefined],
  ])('%s %s %j: 403 naming the scope, logged, before any ARM call', async (method, path, body) => {
    const answer = await api(t.host, method, path, body);
    expect(answer.status).toBe(403);
    expect((answer.json as { message: string }).message).toMatch(/outside the configured scope/);
    expect(
      logged().some((l) => /refused \(403\): .*outside the configured scope/.test(l)),
      logged().join('\n'),
    ).toBe(true);
    await unchanged();
  });
});
