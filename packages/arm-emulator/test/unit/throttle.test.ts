import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RequestKind } from '../../src/contracts';
import { DEFAULT_THROTTLE_CONFIG, TokenBuckets } from '../../src/throttle';

const SUB_A = '00000000-0000-0000-0000-00000000000a';
const SUB_B = '00000000-0000-0000-0000-00000000000b';

function drain(buckets: TokenBuckets, kind: RequestKind, nowMs: number, subscription = SUB_A): number {
  let granted = 0;
  while (buckets.take(subscription, kind, nowMs).allowed) granted++;
  return granted;
}

describe('TokenBuckets', () => {
  it('defaults to ARM per-principal limits', () => {
    expect(DEFAULT_THROTTLE_CONFIG).toEqual({
      enabled: true,
      read: { capacity: 250, refillPerSecond: 25 },
      write: { capacity: 200, refillPerSecond: 10 },
      delete: { capacity: 200, refillPerSecond: 10 },
      privateDns: {
        enabled: true,
        timeScale: 1,
        perMinute: {
          recordSetCreate: 60,
          recordSetUpdate: 60,
          recordSetDelete: 60,
          recordSetGet: 200,
          recordSetList: 100,
          zoneListBySubscription: 60,
          zoneListByResourceGroup: 100,
          zoneGet: 200,
        },
      },
    });
    expect(new TokenBuckets().config).toEqual(DEFAULT_THROTTLE_CONFIG);
  });

  it.each([
    ['read', 250],
    ['write', 200],
    ['delete', 200],
  ] as const)('grants a full %s bucket (%i) at one instant, then refuses', (kind, capacity) => {
    const buckets = new TokenBuckets();
    expect(drain(buckets, kind, 0)).toBe(capacity);
    expect(buckets.take(SUB_A, kind, 0)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
  });

  it('counts remaining tokens down', () => {
    const buckets = new TokenBuckets({ write: { capacity: 3, refillPerSecond: 1 } });
    expect(buckets.take(SUB_A, 'write', 0)).toEqual({ allowed: true, remaining: 2 });
    expect(buckets.take(SUB_A, 'write', 0)).toEqual({ allowed: true, remaining: 1 });
    expect(buckets.take(SUB_A, 'write', 0)).toEqual({ allowed: true, remaining: 0 });
    expect(buckets.take(SUB_A, 'write', 0).allowed).toBe(false);
  });

  it('keeps subscriptions and kinds apart, and treats subscription IDs case-insensitively', () => {
    const buckets = new TokenBuckets({ read: { capacity: 2, refillPerSecond: 1 } });
    expect(drain(buckets, 'read', 0, SUB_A)).toBe(2);
    expect(buckets.take(SUB_A.toUpperCase(), 'read', 0).allowed).toBe(false);
    expect(buckets.take(SUB_B, 'read', 0).allowed).toBe(true);
    expect(buckets.take(SUB_A, 'write', 0).allowed).toBe(true);
  });

  it('refills over time at the configured rate, never above capacity', () => {
    const buckets = new TokenBuckets({ write: { capacity: 20, refillPerSecond: 10 } });
    expect(drain(buckets, 'write', 0)).toBe(20);
    expect(drain(buckets, 'write', 500)).toBe(5);
    expect(drain(buckets, 'write', 550)).toBe(0);
    expect(drain(buckets, 'write', 600)).toBe(1);
    expect(drain(buckets, 'write', 3_600_000)).toBe(20);
  });

  it.each([
    // [refill per second, ms after draining, expected Retry-After]
    [10, 0, 1],
    [0.5, 0, 2],
    [0.25, 0, 4],
    [0.25, 2000, 2],
    [0.25, 2500, 2],
    [0.25, 3100, 1],
  ])(
    'answers Retry-After in whole seconds until one token is back (refill %f/s, %i ms later → %i s)',
    (refill, laterMs, retry) => {
      const buckets = new TokenBuckets({ delete: { capacity: 1, refillPerSecond: refill } });
      expect(buckets.take(SUB_A, 'delete', 0).allowed).toBe(true);
      expect(buckets.take(SUB_A, 'delete', laterMs)).toEqual({
        allowed: false,
        remaining: 0,
        retryAfterSeconds: retry,
      });
    },
  );

  it('refills nothing when the clock steps backwards', () => {
    const buckets = new TokenBuckets({ read: { capacity: 1, refillPerSecond: 1 } });
    expect(buckets.take(SUB_A, 'read', 10_000).allowed).toBe(true);
    expect(buckets.take(SUB_A, 'read', 0).allowed).toBe(false);
    expect(buckets.take(SUB_A, 'read', 10_999).allowed).toBe(false);
    expect(buckets.take(SUB_A, 'read', 11_000).allowed).toBe(true);
  });

  it('grants everything when disabled, and configure() applies new limits to fresh buckets', () => {
    const buckets = new TokenBuckets({ enabled: false, write: { capacity: 1, refillPerSecond: 1 } });
    for (let i = 0; i < 1000; i++) expect(buckets.take(SUB_A, 'write', 0).allowed).toBe(true);

    buckets.configure({ enabled: true });
    expect(drain(buckets, 'write', 0)).toBe(1);
    buckets.configure({ write: { capacity: 5, refillPerSecond: 1 } });
    expect(drain(buckets, 'write', 0)).toBe(5);
    expect(buckets.config.read).toEqual(DEFAULT_THROTTLE_CONFIG.read);
  });

  it('does not let callers mutate its config through the getter', () => {
    const buckets = new TokenBuckets();
    buckets.config.read.capacity = 1;
    expect(buckets.config.read.capacity).toBe(250);
  });

  it.each([
    [{ read: { capacity: 0, refillPerSecond: 1 } }, /"read\.capacity" must be a number >= 1/],
    [{ write: { capacity: 5, refillPerSecond: 0 } }, /"write\.refillPerSecond" must be a number > 0/],
    [{ delete: { capacity: Number.NaN, refillPerSecond: 1 } }, /"delete\.capacity"/],
    [{ enabled: 'yes' as unknown as boolean }, /"enabled" must be true or false/],
  ])('rejects invalid config %j naming the field', (config, message) => {
    expect(() => new TokenBuckets(config)).toThrow(message);
    expect(() => new TokenBuckets().configure(config)).toThrow(message);
  });

  it('never grants more than capacity + refill × elapsed in any window (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 300 }),
        (capacity, refillPerSecond, gapsMs) => {
          const buckets = new TokenBuckets({ read: { capacity, refillPerSecond } });
          const grantTimes: number[] = [];
          let now = 0;
          for (const gap of gapsMs) {
            now += gap;
            if (buckets.take(SUB_A, 'read', now).allowed) grantTimes.push(now);
          }
          for (let first = 0; first < grantTimes.length; first++) {
            for (let last = first; last < grantTimes.length; last++) {
              const elapsedSeconds = ((grantTimes[last] as number) - (grantTimes[first] as number)) / 1000;
              const granted = last - first + 1;
              expect(granted).toBeLessThanOrEqual(capacity + refillPerSecond * elapsedSeconds + 1e-9);
            }
          }
        },
      ),
    );
  });

  it('grants every request that is spaced at least one refill interval apart (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 200 }), (refillPerSecond, requests) => {
        const buckets = new TokenBuckets({ write: { capacity: 1, refillPerSecond } });
        const intervalMs = Math.ceil(1000 / refillPerSecond);
        for (let i = 0; i < requests; i++) {
          expect(buckets.take(SUB_A, 'write', i * intervalMs).allowed).toBe(true);
        }
      }),
    );
  });
});

describe('TokenBuckets: Private DNS limits', () => {
  const ZONE_A = `/subscriptions/${SUB_A}/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.a`;
  const ZONE_B = `/subscriptions/${SUB_A}/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.b`;
  const drainDns = (
    buckets: TokenBuckets,
    scope: string,
    operation: 'recordSetCreate' | 'recordSetGet',
    nowMs: number,
  ): number => {
    let granted = 0;
    while (buckets.takePrivateDns(scope, operation, nowMs).allowed) granted++;
    return granted;
  };

  it('grants a minute of creates per zone at once, then one a second, and keeps zones and operations apart', () => {
    const buckets = new TokenBuckets();
    expect(drainDns(buckets, ZONE_A, 'recordSetCreate', 0)).toBe(60);
    expect(buckets.takePrivateDns(ZONE_A.toUpperCase(), 'recordSetCreate', 0)).toEqual({
      allowed: false,
      remaining: 0,
      retryAfterSeconds: 1,
      retryAfterMs: 1000,
    });
    expect(buckets.takePrivateDns(ZONE_B, 'recordSetCreate', 0).allowed).toBe(true);
    expect(buckets.takePrivateDns(ZONE_A, 'recordSetUpdate', 0).allowed).toBe(true);
    expect(drainDns(buckets, ZONE_A, 'recordSetGet', 0)).toBe(200);
    expect(drainDns(buckets, ZONE_A, 'recordSetCreate', 1000)).toBe(1);
    expect(drainDns(buckets, ZONE_A, 'recordSetCreate', 10_000)).toBe(9);
  });

  it('scales time for tests: timeScale 60 refills a minute in a second and says how long to wait in milliseconds', () => {
    const buckets = new TokenBuckets({ privateDns: { timeScale: 60, perMinute: { recordSetCreate: 6 } } });
    expect(drainDns(buckets, ZONE_A, 'recordSetCreate', 0)).toBe(6);
    expect(buckets.takePrivateDns(ZONE_A, 'recordSetCreate', 0)).toEqual({
      allowed: false,
      remaining: 0,
      retryAfterSeconds: 1,
      retryAfterMs: 167,
    });
    expect(drainDns(buckets, ZONE_A, 'recordSetCreate', 1000)).toBe(6);
  });

  it('grants everything when its own switch is off, whatever ARM throttling does', () => {
    const buckets = new TokenBuckets({ privateDns: { enabled: false } });
    for (let i = 0; i < 500; i++) expect(buckets.takePrivateDns(ZONE_A, 'recordSetCreate', 0).allowed).toBe(true);
  });

  it.each([
    [{ privateDns: { timeScale: 0 } }, /"privateDns\.timeScale" must be a number > 0/],
    [
      { privateDns: { perMinute: { recordSetCreate: 0 } } },
      /"privateDns\.perMinute\.recordSetCreate" must be a number >= 1/,
    ],
    [
      { privateDns: { perMinute: { recordSetPatch: 5 } as never } },
      /"privateDns\.perMinute\.recordSetPatch" is not a limit/,
    ],
    [{ privateDns: { enabled: 'no' as unknown as boolean } }, /"privateDns\.enabled" must be true or false/],
  ])('rejects invalid Private DNS config %j naming the field', (config, message) => {
    expect(() => new TokenBuckets(config)).toThrow(message);
  });
});
