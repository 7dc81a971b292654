import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultRule } from '../../src/contracts';
import { FAST, RG, rgId, startHarness, type Harness } from './harness';

const ZONE = 'privatelink.vaultcore.azure.net';
const RECORD_PATH = `/privateDnsZones/${ZONE.replace(/\./g, '\\.')}/A/vault$`;
let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  await h.raw('PUT', rgId(), { body: { location: 'westus' }, query: '?api-version=2021-04-01' });
  await h.dns.privateZones.beginCreateOrUpdateAndWait(RG, ZONE, { location: 'global' }, FAST);
  await h.dns.recordSets.createOrUpdate(RG, ZONE, 'A', 'vault', { ttl: 10, aRecords: [{ ipv4Address: '10.0.1.4' }] });
  await h.admin('DELETE', '/requests');
});
afterEach(() => h.close());

async function fault(rule: FaultRule): Promise<void> {
  const answer = await h.admin('POST', '/faults', rule);
  expect(answer.status).toBe(201);
}

async function statuses(): Promise<number[]> {
  return (await h.admin('GET', '/requests')).body.value.map((e: { status: number }) => e.status);
}

describe('throttling', () => {
  it('answers 429 with Retry-After when a bucket is empty, and the SDK waits and succeeds', async () => {
    await h.admin('PUT', '/throttle', { enabled: true, read: { capacity: 1, refillPerSecond: 10 } });
    const first = await h.raw('GET', `${rgId()}/providers/Microsoft.Network/privateDnsZones/${ZONE}`, {
      query: '?api-version=2024-06-01',
    });
    expect(first.headers['x-ms-ratelimit-remaining-subscription-reads']).toBe('0');
    const throttled = await h.raw('GET', `${rgId()}/providers/Microsoft.Network/privateDnsZones/${ZONE}`, {
      query: '?api-version=2024-06-01',
    });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(throttled.body.error.code).toBe('SubscriptionRequestsThrottled');

    const record = await h.dns.recordSets.get(RG, ZONE, 'A', 'vault');
    expect(record.aRecords).toEqual([{ ipv4Address: '10.0.1.4' }]);
    expect(await statuses()).toEqual([200, 429, 429, 200]);
  });

  it('counts writes and deletes in their own buckets', async () => {
    await h.admin('PUT', '/throttle', { enabled: true, write: { capacity: 1, refillPerSecond: 1 } });
    await h.dns.recordSets.createOrUpdate(RG, ZONE, 'A', 'other', { ttl: 10, aRecords: [] });
    const writeBlocked = await h.raw('PUT', `${rgId()}/providers/Microsoft.Network/privateDnsZones/${ZONE}/A/third`, {
      body: {},
      query: '?api-version=2024-06-01',
    });
    expect(writeBlocked.status).toBe(429);
    const read = await h.raw('GET', `${rgId()}/providers/Microsoft.Network/privateDnsZones/${ZONE}/A/other`, {
      query: '?api-version=2024-06-01',
    });
    const deleted = await h.raw('DELETE', `${rgId()}/providers/Microsoft.Network/privateDnsZones/${ZONE}/A/other`, {
      query: '?api-version=2024-06-01',
    });
    expect([read.status, deleted.status]).toEqual([200, 200]);
    expect(Number(deleted.headers['x-ms-ratelimit-remaining-subscription-deletes'])).toBeGreaterThan(0);
  });
});

describe('Private DNS limits (on by default)', () => {
  const zonePath = `${rgId()}/providers/Microsoft.Network/privateDnsZones/${ZONE}`;
  const put = (name: string) =>
    h.raw('PUT', `${zonePath}/A/${name}`, {
      body: { properties: { ttl: 10, aRecords: [] } },
      query: '?api-version=2024-06-01',
    });

  it('answers the 61st record set create of a minute in one zone 429 with Retry-After; updates, other zones and the ARM bucket are apart', async () => {
    // `vault` was created by the set-up: 59 more creates fill the minute.
    for (let i = 0; i < 59; i++) expect((await put(`r${i}`)).status).toBe(201);
    const refused = await put('one-too-many');
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('TooManyRequests');
    expect(refused.body.error.message).toContain('recordSetCreate');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.headers['x-ms-retry-after-ms']).toBeUndefined();
    expect((await put('r0')).status).toBe(200);
    expect(Number(refused.headers['x-ms-ratelimit-remaining-subscription-writes'])).toBeGreaterThan(100);
  });

  it('scales time on request: the SDK follows x-ms-retry-after-ms and gets through', async () => {
    await h.admin('PUT', '/throttle', { privateDns: { timeScale: 600, perMinute: { recordSetGet: 1 } } });
    expect((await h.admin('GET', '/throttle')).body.privateDns).toMatchObject({ enabled: true, timeScale: 600 });
    expect((await h.dns.recordSets.get(RG, ZONE, 'A', 'vault')).name).toBe('vault');
    expect((await h.dns.recordSets.get(RG, ZONE, 'A', 'vault')).name).toBe('vault');
    expect(await statuses()).toEqual([200, 429, 200]);
  });

  it('counts zone listings per subscription and per resource group', async () => {
    await h.admin('PUT', '/throttle', {
      privateDns: { perMinute: { zoneListByResourceGroup: 1, zoneListBySubscription: 1 } },
    });
    const inGroup = () =>
      h.raw('GET', `${rgId()}/providers/Microsoft.Network/privateDnsZones`, { query: '?api-version=2024-06-01' });
    const inSubscription = () =>
      h.raw('GET', `${rgId().replace(/\/resourceGroups\/.*$/, '')}/providers/Microsoft.Network/privateDnsZones`, {
        query: '?api-version=2024-06-01',
      });
    expect([
      (await inGroup()).status,
      (await inGroup()).status,
      (await inSubscription()).status,
      (await inSubscription()).status,
    ]).toEqual([200, 429, 200, 429]);
  });
});

describe('faults through the SDK', () => {
  it('throttle: 429 with Retry-After, retried', async () => {
    await fault({ path: RECORD_PATH, kind: 'throttle', retryAfterSeconds: 0, count: 2 });
    expect((await h.dns.recordSets.get(RG, ZONE, 'A', 'vault')).name).toBe('vault');
    expect(await statuses()).toEqual([429, 429, 200]);
  });

  it.each([500, 503])('server-error %i: retried by the SDK', async (status) => {
    await fault({ path: RECORD_PATH, kind: 'server-error', status, count: 1 });
    expect((await h.dns.recordSets.get(RG, ZONE, 'A', 'vault')).name).toBe('vault');
    expect(await statuses()).toEqual([status, 200]);
  });

  it('reset: the socket is destroyed and the SDK retries on a new connection', async () => {
    await fault({ path: RECORD_PATH, kind: 'reset', count: 1 });
    expect((await h.dns.recordSets.get(RG, ZONE, 'A', 'vault')).name).toBe('vault');
    expect(await statuses()).toEqual([0, 200]);
  });

  it('delay: the answer comes after the delay', async () => {
    await fault({ path: RECORD_PATH, kind: 'delay', delayMs: 150, count: 1 });
    const started = Date.now();
    await h.dns.recordSets.get(RG, ZONE, 'A', 'vault');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('lro-failed: the operation is accepted, then ends Failed', async () => {
    await fault({
      method: 'PUT',
      path: '/privateDnsZones/failing\\.example\\.com$',
      kind: 'lro-failed',
      code: 'InternalServerError',
    });
    await expect(
      h.dns.privateZones.beginCreateOrUpdateAndWait(RG, 'failing.example.com', { location: 'global' }, FAST),
    ).rejects.toThrow(/failed/i);
    expect((await h.dns.privateZones.get(RG, 'failing.example.com')).provisioningState).toBe('Failed');
  });

  it('conflict 409 AnotherOperationInProgress surfaces; 429 RetryableErrorDueToAnotherOperation is retried', async () => {
    await fault({ method: 'PUT', path: RECORD_PATH, kind: 'conflict', count: 1 });
    await expect(
      h.dns.recordSets.createOrUpdate(RG, ZONE, 'A', 'vault', { ttl: 10, aRecords: [] }),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: 'AnotherOperationInProgress',
    });
    await fault({ method: 'PUT', path: RECORD_PATH, kind: 'conflict', status: 429, retryAfterSeconds: 0, count: 1 });
    const record = await h.dns.recordSets.createOrUpdate(RG, ZONE, 'A', 'vault', { ttl: 11, aRecords: [] });
    expect(record.ttl).toBe(11);
    expect(await statuses()).toEqual([409, 429, 200]);
  });

  it('etag-race: a concurrent writer changes the etag, so If-Match with the etag just read gives 412', async () => {
    const current = await h.dns.recordSets.get(RG, ZONE, 'A', 'vault');
    await fault({ method: 'PUT', path: RECORD_PATH, kind: 'etag-race', count: 1 });
    await expect(
      h.dns.recordSets.createOrUpdate(RG, ZONE, 'A', 'vault', { ttl: 10, aRecords: [] }, { ifMatch: current.etag }),
    ).rejects.toMatchObject({ statusCode: 412 });
    const reread = await h.dns.recordSets.get(RG, ZONE, 'A', 'vault');
    expect(reread.etag).not.toBe(current.etag);
    const written = await h.dns.recordSets.createOrUpdate(
      RG,
      ZONE,
      'A',
      'vault',
      { ttl: 12, aRecords: [] },
      { ifMatch: reread.etag },
    );
    expect(written.ttl).toBe(12);
  });
});
