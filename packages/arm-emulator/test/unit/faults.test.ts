import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, FaultInjector, FaultRuleError, parseFaultRule } from '../../src/faults';

const ENDPOINT_PATH =
  '/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe1';
const ZONE_PATH =
  '/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/z/A/r';

describe('parseFaultRule', () => {
  it('accepts every fault kind with its options', () => {
    expect(FAULT_KINDS).toEqual([
      'throttle',
      'server-error',
      'reset',
      'delay',
      'lro-failed',
      'conflict',
      'etag-race',
      'authorization-failed',
    ]);
    expect(parseFaultRule({ path: 'privateEndpoints', kind: 'throttle', retryAfterSeconds: 2, count: 3 })).toEqual({
      path: 'privateEndpoints',
      kind: 'throttle',
      retryAfterSeconds: 2,
      count: 3,
    });
    expect(
      parseFaultRule({ id: 'x', method: 'put', path: '.*', kind: 'server-error', status: 503, probability: 0.5 }),
    ).toEqual({
      id: 'x',
      method: 'PUT',
      path: '.*',
      kind: 'server-error',
      status: 503,
      probability: 0.5,
    });
    expect(
      parseFaultRule({ path: 'x', kind: 'conflict', status: 429, code: 'RetryableErrorDueToAnotherOperation' }),
    ).toMatchObject({
      status: 429,
      code: 'RetryableErrorDueToAnotherOperation',
    });
    expect(parseFaultRule({ path: 'x', kind: 'delay', delayMs: 0 })).toMatchObject({ delayMs: 0 });
    for (const kind of ['reset', 'lro-failed', 'etag-race'])
      expect(parseFaultRule({ path: 'x', kind }).kind).toBe(kind);
  });

  it.each([
    [null, '(rule)', /must be a JSON object/],
    [[], '(rule)', /must be a JSON object/],
    [
      { path: 'x', kind: 'explode' },
      'kind',
      /"kind" must be one of throttle, server-error, reset, delay, lro-failed, conflict, etag-race, authorization-failed, got "explode"/,
    ],
    [{ path: 'x' }, 'kind', /"kind" must be one of/],
    [{ kind: 'reset' }, 'path', /"path" must be a non-empty string \(or give "scope", an ARM ID\), got nothing/],
    [
      { kind: 'authorization-failed', scope: 'rg-dns' },
      'scope',
      /"scope" must be an ARM ID starting with \/subscriptions/,
    ],
    [
      { path: 'x', kind: 'reset', durationSeconds: 0 },
      'durationSeconds',
      /"durationSeconds" must be a number of seconds > 0/,
    ],
    [{ path: '(', kind: 'reset' }, 'path', /"path" must be a valid regular expression/],
    [
      { path: 'x', kind: 'reset', probability: 1.5 },
      'probability',
      /"probability" must be a number in \[0, 1\], got 1.5/,
    ],
    [{ path: 'x', kind: 'reset', probability: -0.1 }, 'probability', /\[0, 1\]/],
    [{ path: 'x', kind: 'reset', probability: '0.5' }, 'probability', /\[0, 1\]/],
    [{ path: 'x', kind: 'reset', count: 0 }, 'count', /"count" must be an integer >= 1, got 0/],
    [{ path: 'x', kind: 'reset', count: 1.5 }, 'count', /integer/],
    [{ path: 'x', kind: 'delay' }, 'delayMs', /"delayMs" is required for kind "delay"/],
    [{ path: 'x', kind: 'delay', delayMs: -1 }, 'delayMs', /integer >= 0/],
    [{ path: 'x', kind: 'throttle', retryAfterSeconds: 'soon' }, 'retryAfterSeconds', /integer >= 0/],
    [
      { path: 'x', kind: 'server-error', status: 502 },
      'status',
      /"status" must be one of 500, 503 for kind "server-error"/,
    ],
    [{ path: 'x', kind: 'conflict', status: 412 }, 'status', /one of 409, 429/],
    [{ path: 'x', kind: 'throttle', status: 429 }, 'status', /not used by kind "throttle"/],
    [{ path: 'x', kind: 'reset', method: 'GET /' }, 'method', /HTTP method/],
    [{ path: 'x', kind: 'reset', method: '' }, 'method', /non-empty string/],
    [{ path: 'x', kind: 'reset', id: 7 }, 'id', /non-empty string/],
    [{ path: 'x', kind: 'reset', probabilty: 0.5 }, 'probabilty', /is not a fault rule field/],
  ])('rejects %j naming the field %s', (input, field, message) => {
    let caught: unknown;
    try {
      parseFaultRule(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FaultRuleError);
    expect((caught as FaultRuleError).field).toBe(field);
    expect((caught as Error).message).toMatch(message);
  });
});

describe('FaultInjector', () => {
  it('matches the path case-insensitively, ignoring the query, and the method when given', () => {
    const faults = new FaultInjector(1);
    faults.add({ method: 'PUT', path: '/providers/microsoft\\.network/privateendpoints/[^/]+$', kind: 'conflict' });
    expect(faults.match('GET', ENDPOINT_PATH)).toBeUndefined();
    expect(faults.match('put', `${ENDPOINT_PATH}?api-version=2024-05-01`)?.rule.kind).toBe('conflict');
    expect(faults.match('PUT', `${ENDPOINT_PATH}/privateDnsZoneGroups/default`)).toBeUndefined();
    expect(faults.match('PUT', ZONE_PATH)).toBeUndefined();
  });

  it('assigns ids, counts hits and spends a rule after `count` faults', () => {
    const faults = new FaultInjector(1);
    const added = faults.add({ path: 'privateDnsZones', kind: 'etag-race', count: 2 });
    expect(added.id).toBe('fault-1');
    expect(faults.add({ id: 'mine', path: 'nothing-matches-this', kind: 'reset' }).id).toBe('mine');
    expect(faults.match('PUT', ZONE_PATH)?.rule).toMatchObject({ id: 'fault-1', kind: 'etag-race' });
    expect(faults.match('PUT', ZONE_PATH)?.rule.id).toBe('fault-1');
    expect(faults.match('PUT', ZONE_PATH)).toBeUndefined();
    expect(faults.list()).toEqual([
      { id: 'fault-1', path: 'privateDnsZones', kind: 'etag-race', count: 2, hits: 2 },
      { id: 'mine', path: 'nothing-matches-this', kind: 'reset', hits: 0 },
    ]);
  });

  it('tries rules in order and lets a later rule fire when an earlier one is spent', () => {
    const faults = new FaultInjector(1);
    faults.add({ path: '.', kind: 'throttle', count: 1, retryAfterSeconds: 1 });
    faults.add({ path: '.', kind: 'server-error', status: 503 });
    expect(faults.match('GET', ENDPOINT_PATH)?.rule.kind).toBe('throttle');
    expect(faults.match('GET', ENDPOINT_PATH)?.rule).toMatchObject({ kind: 'server-error', status: 503 });
  });

  it('removes and clears rules; rejects duplicate ids and invalid rules', () => {
    const faults = new FaultInjector(1);
    faults.add({ id: 'a', path: '.', kind: 'reset' });
    expect(() => faults.add({ id: 'a', path: '.', kind: 'reset' })).toThrow(/"id" must be unique/);
    expect(() => faults.add({ path: '.', kind: 'delay' })).toThrow(/delayMs/);
    expect(faults.remove('a')).toBe(true);
    expect(faults.remove('a')).toBe(false);
    expect(faults.match('GET', ENDPOINT_PATH)).toBeUndefined();
    faults.add({ path: '.', kind: 'reset' });
    faults.clear();
    expect(faults.list()).toEqual([]);
    expect(faults.match('GET', ENDPOINT_PATH)).toBeUndefined();
  });

  it('does not share its stored rule with callers', () => {
    const faults = new FaultInjector(1);
    const added = faults.add({ path: '.', kind: 'reset' });
    added.kind = 'delay';
    const matched = faults.match('GET', '/x');
    if (matched) matched.rule.kind = 'delay';
    expect(faults.list()[0]?.kind).toBe('reset');
  });

  it('never faults with probability 0 and always with probability 1', () => {
    const faults = new FaultInjector(42);
    faults.add({ id: 'never', path: 'privateEndpoints', kind: 'reset', probability: 0 });
    faults.add({ id: 'always', path: 'privateDnsZones', kind: 'reset', probability: 1 });
    for (let i = 0; i < 200; i++) {
      expect(faults.match('GET', ENDPOINT_PATH)).toBeUndefined();
      expect(faults.match('GET', ZONE_PATH)?.rule.id).toBe('always');
    }
  });

  it('faults about `probability` of matching requests', () => {
    const faults = new FaultInjector(7);
    faults.add({ path: '.', kind: 'server-error', probability: 0.3 });
    let hits = 0;
    for (let i = 0; i < 5000; i++) if (faults.match('GET', ENDPOINT_PATH)) hits++;
    expect(hits / 5000).toBeGreaterThan(0.27);
    expect(hits / 5000).toBeLessThan(0.33);
    expect(faults.list()[0]?.hits).toBe(hits);
  });

  it('replays the same decisions for the same seed and request sequence, and reseed() restarts them (property)', () => {
    const request = fc.record({
      method: fc.constantFrom('GET', 'PUT', 'DELETE'),
      path: fc.constantFrom(ENDPOINT_PATH, ZONE_PATH, '/subscriptions/s/resourcegroups/rg'),
    });
    fc.assert(
      fc.property(fc.integer(), fc.array(request, { maxLength: 100 }), (seed, requests) => {
        const run = (faults: FaultInjector): Array<string | undefined> => {
          faults.add({ path: 'privateEndpoints', kind: 'reset', probability: 0.5 });
          faults.add({ method: 'PUT', path: '.', kind: 'throttle', probability: 0.25, count: 10 });
          return requests.map((r) => faults.match(r.method, r.path)?.rule.id);
        };
        const first = run(new FaultInjector(seed));
        expect(run(new FaultInjector(seed))).toEqual(first);
        const reseeded = new FaultInjector(seed + 1);
        reseeded.reseed(seed);
        expect(run(reseeded)).toEqual(first);
      }),
    );
  });

  it('covers an ARM ID and everything below it with `scope`, case-insensitively, and nothing beside it', () => {
    const faults = new FaultInjector(1);
    const rg = '/subscriptions/00000000-0000-0000-0000-00000000000A/resourceGroups/RG';
    faults.add({ scope: `${rg}/`, kind: 'authorization-failed' });
    expect(faults.match('PUT', ZONE_PATH)?.rule.kind).toBe('authorization-failed');
    expect(faults.match('GET', rg.toLowerCase())?.rule.kind).toBe('authorization-failed');
    expect(faults.match('GET', `${rg}2/providers/Microsoft.Network/privateDnsZones/z`)).toBeUndefined();
    faults.clear();
    faults.add({ scope: rg, path: '/A/[^/]+$', method: 'PUT', kind: 'authorization-failed' });
    expect(faults.match('PUT', ZONE_PATH)).toBeDefined();
    expect(faults.match('PUT', ENDPOINT_PATH)).toBeUndefined();
  });

  it('lapses a rule `durationSeconds` after it was added, on the scaled clock, and drops it from the list', () => {
    let now = 1_000_000;
    const faults = new FaultInjector(1, { timeScale: 60, now: () => now });
    faults.add({ id: 'dns-rbac', scope: '/subscriptions/s', kind: 'authorization-failed', durationSeconds: 15 });
    expect(faults.list()).toEqual([
      {
        id: 'dns-rbac',
        scope: '/subscriptions/s',
        kind: 'authorization-failed',
        durationSeconds: 15,
        hits: 0,
        expiresAt: new Date(1_000_250).toISOString(),
      },
    ]);
    now += 249; // 15 emulated seconds are 250 ms of wall time at 60×
    expect(faults.match('GET', '/subscriptions/s/resourceGroups/rg')?.rule.id).toBe('dns-rbac');
    now += 1;
    expect(faults.match('GET', '/subscriptions/s/resourceGroups/rg')).toBeUndefined();
    expect(faults.list()).toEqual([]);
  });

  it('gives different decisions for different seeds', () => {
    const decisions = (seed: number): string => {
      const faults = new FaultInjector(seed);
      faults.add({ path: '.', kind: 'reset', probability: 0.5 });
      return Array.from({ length: 64 }, () => (faults.match('GET', ENDPOINT_PATH) ? '1' : '0')).join('');
    };
    expect(decisions(1)).not.toBe(decisions(2));
    expect(decisions(1)).toBe(decisions(1));
  });
});
