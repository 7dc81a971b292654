/**
 * Logs carry no credential. Everything the host, its timeline and the functions write during a busy session (every
 * seed story, ARM faults that make the SDK throw, refused requests that present keys and tokens, status links that
 * carry the key, events with a token in them) is captured: the functions' log messages as written, the timeline, the
 * orchestration history (activity failures), health, and the console. Then it is grepped for bearer tokens, JWTs,
 * storage keys, SAS signatures, the function key and the emulator's token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYVAULT_MANUAL_FACTS, SEED_COSMOS_FACTS, WORKLOAD_SUBSCRIPTION } from '@privatelink-autopilot/arm-emulator';
import { playStory, STORIES } from '../../tools/local-host/stories';
import { api, deliver, quiet, startTestHost, writeEvent, type TestHost } from '../e2e/support';

const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tLyJ9.c2lnbmF0dXJl';
const SETTINGS_SECRETS = {
  AzureWebJobsStorage:
    'DefaultEndpointsProtocol=https;AccountName=autopilotstore;AccountKey=bG9ncy1tdXN0LW5vdC1zaG93LXRoaXMta2V5;EndpointSuffix=core.windows.net',
  APPLICATIONINSIGHTS_CONNECTION_STRING:
    'InstrumentationKey=99999999-8888-7777-6666-555555555555;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/',
  EVENTS_QUEUE_SAS:
    'SharedAccessSignature sr=https%3A%2F%2Fautopilot.servicebus.windows.net&sig=bG9ncy1tdXN0LW5vdC1zaG93LXRoaXM%3D&se=1893456000&skn=send',
};
const PRESENTED_KEY = 'presented-wrong-key-0123456789abcdef';

/** What must never be in a log line, and why. */
function forbidden(t: TestHost): Array<[string, RegExp]> {
  const literal = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return [
    ['a bearer token', /Bearer\s+(?!\[redacted\])\S/i],
    ['a JWT', /eyJ[A-Za-z0-9_-]{8,}/],
    ['a storage account key', /AccountKey=/i],
    ['a SAS', /SharedAccessSignature|[?&;\s]sig=/i],
    ['an Application Insights key', /InstrumentationKey=/i],
    ['the function key', literal(t.host.functionKey)],
    ['the function key, URL-encoded', literal(encodeURIComponent(t.host.functionKey))],
    ['a key a caller presented', literal(PRESENTED_KEY)],
    ['the emulator’s token', /privatelink-autopilot-emulator(?![-\w])/],
  ];
}

describe('captured logs', () => {
  let t: TestHost;
  const captured: string[] = [];
  const restore: Array<() => void> = [];

  beforeAll(async () => {
    Object.assign(process.env, SETTINGS_SECRETS);
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      const original = console[method];
      console[method] = (...args: unknown[]) =>
        void captured.push(args.map((a) => (typeof a === 'string' ? a : inspectable(a))).join(' '));
      restore.push(() => (console[method] = original));
    }
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return original(chunk, ...(rest as []));
      }) as typeof stream.write;
      restore.push(() => (stream.write = original));
    }
    // ARM's token buckets would only slow the session down; the faults below are what make the SDK throw.
    t = await startTestHost({
      patienceMs: 30_000,
      emulator: { scenario: 'demo', lro: { msBeforeDone: 100 }, throttle: { enabled: false } },
    });
  });

  afterAll(async () => {
    await t.close();
    for (const undo of restore.splice(0)) undo();
    for (const name of Object.keys(SETTINGS_SECRETS)) delete process.env[name];
  });

  it('hold no bearer token, JWT, storage key, SAS, function key or emulator token after a busy, faulty session', async () => {
    // ARM misbehaves while the stories play: the SDK throws, activities fail and retry, runs report failures.
    // Retry-After 0 keeps the SDK's retries quick; 6 in a row outlast them, so it throws.
    t.emulator.faults.add({
      method: 'GET',
      path: 'privateEndpoints$',
      kind: 'server-error',
      status: 500,
      retryAfterSeconds: 0,
      count: 6,
    });
    t.emulator.faults.add({ method: 'PUT', path: '/A/[^/]+$', kind: 'throttle', retryAfterSeconds: 0, count: 2 });
    t.emulator.faults.add({ method: 'PUT', path: '/privateEndpointConnections/[^/]+$', kind: 'reset', count: 1 });
    t.emulator.faults.add({
      method: 'GET',
      path: '/networkInterfaces/',
      kind: 'server-error',
      status: 503,
      retryAfterSeconds: 0,
      count: 20,
      probability: 0.5,
    });
    for (const story of STORIES) {
      const verdict = await playStory(story, t.world);
      expect(verdict, `${story.name}: ${verdict.detail}`).toMatchObject({ ok: true });
    }

    // Callers who present credentials the host refuses or does not expect.
    const presented: Array<Record<string, string>> = [
      { 'x-functions-key': PRESENTED_KEY },
      { authorization: `Bearer ${JWT}` },
      { authorization: `Bearer ${PRESENTED_KEY}` },
    ];
    for (const headers of presented) {
      const response = await fetch(
        `${t.host.hostUrl}/api/plan?resourceId=${encodeURIComponent(SEED_COSMOS_FACTS.accountId)}`,
        { headers },
      );
      expect(response.status).toBe(401);
    }
    expect(
      (
        await fetch(
          `${t.host.hostUrl}/api/plan?code=${PRESENTED_KEY}&resourceId=${encodeURIComponent(SEED_COSMOS_FACTS.accountId)}`,
        )
      ).status,
    ).toBe(401);
    // The key in the URL, as Event Grid and status links send it; a bearer token beside a valid key.
    expect(
      (
        await fetch(
          `${t.host.hostUrl}/api/plan?code=${encodeURIComponent(t.host.functionKey)}&resourceId=${encodeURIComponent(SEED_COSMOS_FACTS.accountId)}`,
          { headers: { authorization: `Bearer ${JWT}` } },
        )
      ).status,
    ).toBe(200);
    const accepted = await api(t.host, 'POST', '/api/reconcile', { resourceId: KEYVAULT_MANUAL_FACTS.vaultId });
    expect(accepted.status).toBe(202);
    expect((await fetch((accepted.json as { statusQueryGetUri: string }).statusQueryGetUri)).status).toBeLessThan(400);
    // Bad input that echoes what it was given, and events that carry a token where a claim should be.
    expect((await api(t.host, 'POST', '/api/reconcile', { resourceId: `Bearer ${JWT}` })).status).toBe(400);
    const withToken = writeEvent(SEED_COSMOS_FACTS.accountId, 'Microsoft.DocumentDB/databaseAccounts/write', 'logs-1');
    (withToken.data as Record<string, unknown>).claims = { token: JWT, authorization: `Bearer ${JWT}` };
    expect(await deliver(t.host, [withToken, { id: `Bearer ${JWT}`, subject: `Bearer ${JWT}` }])).toBe(200);
    expect(
      await deliver(t.host, [
        writeEvent(
          `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${JWT.slice(0, 20)}`,
          'Microsoft.KeyVault/vaults/write',
          'logs-2',
        ),
      ]),
    ).toBe(200);
    await quiet(t.host);

    const health = await api(t.host, 'GET', '/api/health', undefined, null);
    const details = await api(t.host, 'GET', '/api/health/details');
    const logs = [
      ...t.lines,
      ...t.logs,
      ...t.history.map((e) => JSON.stringify(e)),
      ...captured,
      JSON.stringify(health.json),
      JSON.stringify(details.json),
    ];
    expect(logs.length).toBeGreaterThan(100);
    expect(
      logs.some((l) => /failed|INCOMPLETE|refused|rejected/.test(l)),
      'the session logged failures and refusals',
    ).toBe(true);
    const leaks = forbidden(t).flatMap(([what, pattern]) =>
      logs.filter((l) => pattern.test(l)).map((l) => `${what}: ${l.slice(0, 300)}`),
    );
    expect(leaks).toEqual([]);
  }, 180_000);
});

function inspectable(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ''}`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
