/**
 * Every HTTP function but health needs a function key, as registered (what Azure enforces) and as the local host
 * serves it; the host's own doors (the Event Grid webhook, running a function by hand, the Durable extension's
 * instance API) need it too. Health is anonymous and gives nothing away: its details (health/details) need the key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYVAULT_MANUAL_FACTS, SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { api, appRegistrations, quiet, requestLog, startTestHost, type TestHost } from '../e2e/support';

/** Secrets a deployment holds in its settings; none may come back from health. */
const SECRETS = {
  AzureWebJobsStorage:
    'DefaultEndpointsProtocol=https;AccountName=autopilotstore;AccountKey=c2VjcmV0LWFjY291bnQta2V5LWRvLW5vdC1sZWFr;EndpointSuffix=core.windows.net',
  APPLICATIONINSIGHTS_CONNECTION_STRING:
    'InstrumentationKey=11111111-2222-3333-4444-555555555555;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/',
  EVENTS_QUEUE_SAS: 'SharedAccessSignature sr=autopilot&sig=c2lnbmF0dXJlLWRvLW5vdC1sZWFr&se=1893456000&skn=send',
};
const POLICY_MARKER = 'CHG-POLICY-TEXT-MARKER';

describe('function keys', () => {
  let t: TestHost;
  beforeAll(async () => {
    Object.assign(process.env, SECRETS);
    t = await startTestHost({
      settings: {
        AUTOPILOT_POLICY_SOURCE: `inline:{"version": 1, "defaultAction": "leave-pending", "rules": [{"name": "tickets", "match": {"requestMessage": "^${POLICY_MARKER}"}, "action": "approve"}]}`,
      },
    });
  });
  afterAll(async () => {
    await t.close();
    for (const name of Object.keys(SECRETS)) delete process.env[name];
  });

  it('every HTTP function but health is registered with a key (function or admin level)', async () => {
    const http = (await appRegistrations()).filter((r) => r.triggerType === 'httpTrigger');
    expect(http.map((r) => r.name).sort()).toEqual([
      'diagnose',
      'health',
      'healthDetails',
      'plan',
      'reconcile',
      'report',
    ]);
    for (const registration of http) {
      const level = registration.options.authLevel ?? 'function';
      if (registration.name === 'health') expect(level).toBe('anonymous');
      else expect(['function', 'admin'], registration.name).toContain(level);
    }
  });

  const wrongKeys = (key: string): Array<[string, Record<string, string>, string]> => [
    ['no key', {}, ''],
    ['an empty code', {}, 'code='],
    ['a wrong key of the same length', { 'x-functions-key': key.replace(/./g, 'A') }, ''],
    ['a prefix of the key', { 'x-functions-key': key.slice(0, -1) }, ''],
    ['the key with a character more', { 'x-functions-key': `${key}A` }, ''],
    [
      'the key in another case',
      { 'x-functions-key': key.toUpperCase() === key ? key.toLowerCase() : key.toUpperCase() },
      '',
    ],
    ['the key as a bearer token', { authorization: `Bearer ${key}` }, ''],
    ['the key in a look-alike header', { 'x-function-key': key }, ''],
    ['a wrong code in the query', {}, `code=${encodeURIComponent(key.replace(/./g, 'b'))}`],
  ];

  const doors = (): Array<[string, string, string | undefined]> => [
    ['POST', '/api/reconcile', JSON.stringify({ resourceId: KEYVAULT_MANUAL_FACTS.vaultId })],
    ['GET', `/api/plan?resourceId=${encodeURIComponent(SEED_COSMOS_FACTS.accountId)}`, undefined],
    ['GET', `/api/diagnose?resourceId=${encodeURIComponent(SEED_COSMOS_FACTS.accountId)}`, undefined],
    ['GET', '/api/health/details', undefined],
    ['GET', '/api/report', undefined],
    ['POST', '/runtime/webhooks/eventgrid?functionName=resourceEvents', '[]'],
    ['POST', '/admin/functions/orphanSweepTimer', '{}'],
    ['POST', '/admin/functions/resourceEventsQueue', '{"input": "[]"}'],
    ['GET', '/runtime/webhooks/durabletask/instances', undefined],
    ['GET', '/runtime/webhooks/durabletask/instances/sweep-orphans', undefined],
    [
      'POST',
      '/runtime/webhooks/durabletask/orchestrators/reconcileTarget',
      JSON.stringify({ resourceId: KEYVAULT_MANUAL_FACTS.vaultId }),
    ],
    ['POST', '/runtime/webhooks/durabletask/instances/sweep-orphans/terminate?reason=x', undefined],
    [
      'POST',
      '/durabletask/orchestrators/reconcileTarget',
      JSON.stringify({ resourceId: KEYVAULT_MANUAL_FACTS.vaultId }),
    ],
  ];

  async function send(
    method: string,
    path: string,
    body: string | undefined,
    headers: Record<string, string>,
    query: string,
  ): Promise<number> {
    const url = `${t.host.hostUrl}${path}${query ? `${path.includes('?') ? '&' : '?'}${query}` : ''}`;
    const response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification', ...headers },
      ...(body === undefined ? {} : { body }),
    });
    await response.arrayBuffer();
    return response.status;
  }

  it('refuses every door without the right key (401 or 404), before any function runs or ARM is called', async () => {
    const before = (await requestLog(t.emulator)).length;
    const instances = t.host.runtime.listInstances().length;
    for (const [method, path, body] of doors()) {
      for (const [what, headers, query] of wrongKeys(t.host.functionKey)) {
        const status = await send(method, path, body, headers, query);
        expect([401, 404], `${method} ${path} with ${what}`).toContain(status);
      }
    }
    expect(t.host.runtime.listInstances().length, 'orchestrations started').toBe(instances);
    expect((await requestLog(t.emulator)).slice(before), 'ARM requests').toEqual([]);
  });

  it('opens each door with the right key, in the header or as code=', async () => {
    for (const [method, path, body] of doors().filter(
      ([, p]) => !p.startsWith('/durabletask/') && !p.includes('/terminate') && !p.includes('/orchestrators/'),
    )) {
      for (const [headers, query] of [
        [{ 'x-functions-key': t.host.functionKey }, ''],
        [{}, `code=${encodeURIComponent(t.host.functionKey)}`],
      ] as const) {
        const status = await send(method, path, body, headers, query);
        expect(status, `${method} ${path}`).toBeLessThan(400);
      }
    }
    await quiet(t.host);
  });

  it('the status links a 202 gives work with the key they carry, and not without it', async () => {
    const answer = await api(t.host, 'POST', '/api/reconcile', {
      resourceId: KEYVAULT_MANUAL_FACTS.vaultId,
      dryRun: true,
    });
    expect(answer.status).toBe(202);
    const link = (answer.json as { statusQueryGetUri: string }).statusQueryGetUri;
    expect((await fetch(link)).status).toBeLessThan(400);
    const bare = new URL(link);
    bare.searchParams.delete('code');
    expect((await fetch(bare)).status).toBe(401);
    await quiet(t.host);
  });

  it('health is anonymous and shows no key, connection string, policy text or token', async () => {
    const health = await api(t.host, 'GET', '/api/health', undefined, null);
    expect(health.status).toBe(200);
    const text = JSON.stringify(health.json) + JSON.stringify(Object.fromEntries(health.headers));
    for (const secret of [
      t.host.functionKey,
      ...Object.values(SECRETS),
      'AccountKey',
      'InstrumentationKey',
      'sig=',
      POLICY_MARKER,
      'privatelink-autopilot-emulator"',
      'Bearer',
    ]) {
      expect(text, `health shows ${secret}`).not.toContain(secret);
    }
    expect(text).not.toMatch(/BEGIN CERTIFICATE|eyJ[\w-]{10,}/);
  });
});
