/**
 * The write log keeps history a final state cannot show: each write with its body, the resource as it was when it
 * arrived, and the answer; observers read the world when each write arrives and when it is applied. The request log
 * marks injected faults.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WriteLogEntry } from '../../src/write-log';
import { DNS_API, rgId, startHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const ZONE = `${rgId()}/providers/Microsoft.Network/privateDnsZones/privatelink.documents.azure.com`;
const RECORD = `${ZONE}/A/acct`;
const DNS = `?api-version=${DNS_API}`;

async function world(): Promise<void> {
  expect((await h.raw('PUT', rgId(), { body: { location: 'westus' }, query: '?api-version=2021-04-01' })).status).toBe(
    201,
  );
  await h.dns.privateZones.beginCreateOrUpdateAndWait(
    rgId().split('/')[4] as string,
    'privatelink.documents.azure.com',
    { location: 'global' },
    { updateIntervalInMs: 5 },
  );
}

describe('write log', () => {
  it('keeps each write with its body, the resource before it, whether it reached its handler and the answer, and leaves reads out', async () => {
    await world();
    const body = {
      properties: { ttl: 10, metadata: { managedBy: 'someone' }, aRecords: [{ ipv4Address: '10.0.1.4' }] },
    };
    expect((await h.raw('PUT', RECORD, { body, query: DNS })).status).toBe(201);
    expect((await h.raw('GET', RECORD, { query: DNS })).status).toBe(200);
    expect((await h.raw('PUT', RECORD, { body, query: DNS, headers: { 'if-match': '"stale"' } })).status).toBe(412);
    expect((await h.raw('DELETE', RECORD, { query: DNS })).status).toBe(200);

    const writes = ((await h.admin('GET', '/writes')).body.value as WriteLogEntry[]).filter((w) =>
      w.path.startsWith(ZONE + '/'),
    );
    expect(writes.map((w) => [w.method, w.status])).toEqual([
      ['PUT', 201],
      ['PUT', 412],
      ['DELETE', 200],
    ]);
    expect(writes[0]).toMatchObject({ path: RECORD, body, before: null, reached: true, time: expect.any(String) });
    expect(writes[2]?.before).toMatchObject({
      id: RECORD,
      etag: expect.any(String),
      body: { properties: { metadata: { managedBy: 'someone' }, aRecords: [{ ipv4Address: '10.0.1.4' }] } },
    });
    expect(writes[1]!.seq).toBeLessThan(writes[2]!.seq);

    await h.admin('DELETE', '/requests');
    expect((await h.admin('GET', '/writes')).body.value).toEqual([]);
  });

  it('runs observers as each write arrives and just before its handler, reading the world at that moment (as emulator.read does at any time)', async () => {
    await world();
    const seen: Array<{ method: string; moment: string; existed: boolean; ips: unknown }> = [];
    const stop = h.emulator.writes.observe((entry, read, moment) => {
      if (!entry.path.startsWith(RECORD)) return;
      const current = read(RECORD) as { properties?: { aRecords?: unknown } } | undefined;
      seen.push({ method: entry.method, moment, existed: current !== undefined, ips: current?.properties?.aRecords });
    });
    await h.raw('PUT', RECORD, { body: { properties: { aRecords: [{ ipv4Address: '10.0.1.4' }] } }, query: DNS });
    // The delete waits in transit; meanwhile someone else rewrites the record: the two moments see different worlds.
    h.emulator.faults.add({ method: 'DELETE', path: '/A/acct$', kind: 'delay', delayMs: 200, count: 1 });
    const deleting = h.raw('DELETE', RECORD, { query: DNS });
    await new Promise((resolve) => setTimeout(resolve, 50));
    h.emulator.state.get(RECORD)!.body.properties = { aRecords: [{ ipv4Address: '10.0.1.9' }] };
    await deleting;
    stop();
    await h.raw('PUT', RECORD, { body: { properties: { aRecords: [] } }, query: DNS });
    expect(seen).toEqual([
      { method: 'PUT', moment: 'arrival', existed: false, ips: undefined },
      { method: 'PUT', moment: 'handler', existed: false, ips: undefined },
      { method: 'DELETE', moment: 'arrival', existed: true, ips: [{ ipv4Address: '10.0.1.4' }] },
      { method: 'DELETE', moment: 'handler', existed: true, ips: [{ ipv4Address: '10.0.1.9' }] },
    ]);
    expect(h.emulator.read(RECORD)).toMatchObject({ id: RECORD, properties: { aRecords: [] } });
    expect(h.emulator.read(`${ZONE}/A/absent`)).toBeUndefined();
  });

  it('marks requests an injected fault fired on, and logs a faulted write as one that never reached its handler', async () => {
    await world();
    h.emulator.faults.add({ method: 'PUT', path: '/A/acct$', kind: 'server-error', status: 503, count: 1 });
    h.emulator.faults.add({ method: 'GET', path: '/A/acct$', kind: 'delay', delayMs: 1, count: 1 });
    expect((await h.raw('PUT', RECORD, { body: {}, query: DNS })).status).toBe(503);
    expect((await h.raw('PUT', RECORD, { body: {}, query: DNS })).status).toBe(201);
    expect((await h.raw('GET', RECORD, { query: DNS })).status).toBe(200);

    const log = (
      (await h.admin('GET', '/requests')).body.value as Array<{
        method: string;
        path: string;
        status: number;
        fault?: string;
      }>
    ).filter((r) => r.path === RECORD);
    expect(log.map((r) => [r.method, r.status, r.fault])).toEqual([
      ['PUT', 503, 'server-error'],
      ['PUT', 201, undefined],
      ['GET', 200, 'delay'],
    ]);
    const writes = ((await h.admin('GET', '/writes')).body.value as WriteLogEntry[]).filter((w) => w.path === RECORD);
    expect(writes.map((w) => [w.status, w.reached])).toEqual([
      [503, false],
      [201, true],
    ]);
  });
});
