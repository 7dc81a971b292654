import type {
  PrivateDnsLimits,
  PrivateDnsOperation,
  RequestKind,
  ThrottleConfig,
  ThrottleConfigChange,
  ThrottleDecision,
  Throttler,
} from './contracts';

/**
 * Private DNS's own limits (Microsoft's "Azure DNS limits", private zones): record sets per zone 60 creates, 60
 * updates and 60 deletes, 200 GETs and 100 listings a minute; zones 60 listings a minute per subscription, 100 per
 * resource group, 200 GETs a minute per zone.
 */
export const DEFAULT_PRIVATE_DNS_LIMITS: PrivateDnsLimits = Object.freeze({
  enabled: true,
  timeScale: 1,
  perMinute: Object.freeze({
    recordSetCreate: 60,
    recordSetUpdate: 60,
    recordSetDelete: 60,
    recordSetGet: 200,
    recordSetList: 100,
    zoneListBySubscription: 60,
    zoneListByResourceGroup: 100,
    zoneGet: 200,
  }),
});

/** ARM's per-principal buckets (Microsoft's "Understand how ARM throttles requests"), and Private DNS's limits. */
export const DEFAULT_THROTTLE_CONFIG: ThrottleConfig = Object.freeze({
  enabled: true,
  read: Object.freeze({ capacity: 250, refillPerSecond: 25 }),
  write: Object.freeze({ capacity: 200, refillPerSecond: 10 }),
  delete: Object.freeze({ capacity: 200, refillPerSecond: 10 }),
  privateDns: DEFAULT_PRIVATE_DNS_LIMITS,
});

const KINDS: readonly RequestKind[] = ['read', 'write', 'delete'];
const DNS_OPERATIONS = Object.keys(DEFAULT_PRIVATE_DNS_LIMITS.perMinute) as PrivateDnsOperation[];

interface Bucket {
  tokens: number;
  lastRefillMs: number;
}

/**
 * Token buckets per subscription and request kind (ARM), and per zone, subscription or resource group and operation
 * (Private DNS). Time is injected (`nowMs`) so tests and the emulator share one clock; a clock that steps backwards
 * refills nothing.
 */
export class TokenBuckets implements Throttler {
  private current: ThrottleConfig;
  private readonly buckets = new Map<string, Bucket>();

  constructor(config: ThrottleConfigChange = {}) {
    this.current = mergeConfig(DEFAULT_THROTTLE_CONFIG, config);
  }

  get config(): ThrottleConfig {
    const { privateDns } = this.current;
    return {
      enabled: this.current.enabled,
      read: { ...this.current.read },
      write: { ...this.current.write },
      delete: { ...this.current.delete },
      privateDns: {
        enabled: privateDns.enabled,
        timeScale: privateDns.timeScale,
        perMinute: { ...privateDns.perMinute },
      },
    };
  }

  /** Replaces the given settings and starts every bucket full again, so a test's new limits apply at once. */
  configure(config: ThrottleConfigChange): void {
    this.current = mergeConfig(this.current, config);
    this.buckets.clear();
  }

  take(subscriptionId: string, kind: RequestKind, nowMs: number): ThrottleDecision {
    const limits = this.current[kind];
    if (!this.current.enabled) return { allowed: true, remaining: Math.floor(limits.capacity) };
    return this.takeFrom(`arm|${subscriptionId.toLowerCase()}|${kind}`, limits.capacity, limits.refillPerSecond, nowMs);
  }

  takePrivateDns(scope: string, operation: PrivateDnsOperation, nowMs: number): ThrottleDecision {
    const { enabled, timeScale, perMinute } = this.current.privateDns;
    const capacity = perMinute[operation];
    if (!enabled) return { allowed: true, remaining: capacity };
    return this.takeFrom(`dns|${scope.toLowerCase()}|${operation}`, capacity, (capacity / 60) * timeScale, nowMs, true);
  }

  private takeFrom(
    key: string,
    capacity: number,
    refillPerSecond: number,
    nowMs: number,
    exactWait = false,
  ): ThrottleDecision {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: capacity, lastRefillMs: nowMs };
      this.buckets.set(key, bucket);
    }
    const elapsedMs = nowMs - bucket.lastRefillMs;
    if (elapsedMs > 0) {
      bucket.tokens = Math.min(capacity, bucket.tokens + (elapsedMs / 1000) * refillPerSecond);
      bucket.lastRefillMs = nowMs;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    const msUntilOneToken = ((1 - bucket.tokens) / refillPerSecond) * 1000;
    const refused = {
      allowed: false as const,
      remaining: 0 as const,
      retryAfterSeconds: Math.max(1, Math.ceil(msUntilOneToken / 1000)),
    };
    return exactWait ? { ...refused, retryAfterMs: Math.ceil(msUntilOneToken) } : refused;
  }
}

function mergeConfig(base: ThrottleConfig, change: ThrottleConfigChange): ThrottleConfig {
  if (change === null || typeof change !== 'object') {
    throw new TypeError(`throttle config: expected an object, got ${String(change)}`);
  }
  const dnsChange = change.privateDns ?? {};
  if (dnsChange === null || typeof dnsChange !== 'object') {
    throw new TypeError(`throttle config: "privateDns" must be an object, got ${JSON.stringify(dnsChange)}`);
  }
  const merged: ThrottleConfig = {
    enabled: change.enabled ?? base.enabled,
    read: { ...base.read, ...change.read },
    write: { ...base.write, ...change.write },
    delete: { ...base.delete, ...change.delete },
    privateDns: {
      enabled: dnsChange.enabled ?? base.privateDns.enabled,
      timeScale: dnsChange.timeScale ?? base.privateDns.timeScale,
      perMinute: { ...base.privateDns.perMinute, ...dnsChange.perMinute },
    },
  };
  for (const [field, value] of [
    ['enabled', merged.enabled],
    ['privateDns.enabled', merged.privateDns.enabled],
  ] as const) {
    if (typeof value !== 'boolean')
      throw new TypeError(`throttle config: "${field}" must be true or false, got ${JSON.stringify(value)}`);
  }
  for (const kind of KINDS) {
    const { capacity, refillPerSecond } = merged[kind];
    if (typeof capacity !== 'number' || !Number.isFinite(capacity) || capacity < 1) {
      throw new RangeError(
        `throttle config: "${kind}.capacity" must be a number >= 1, got ${JSON.stringify(capacity)}`,
      );
    }
    if (typeof refillPerSecond !== 'number' || !Number.isFinite(refillPerSecond) || refillPerSecond <= 0) {
      throw new RangeError(
        `throttle config: "${kind}.refillPerSecond" must be a number > 0, got ${JSON.stringify(refillPerSecond)}`,
      );
    }
  }
  const { timeScale, perMinute } = merged.privateDns;
  if (typeof timeScale !== 'number' || !Number.isFinite(timeScale) || timeScale <= 0) {
    throw new RangeError(
      `throttle config: "privateDns.timeScale" must be a number > 0, got ${JSON.stringify(timeScale)}`,
    );
  }
  for (const key of Object.keys(perMinute)) {
    if (!DNS_OPERATIONS.includes(key as PrivateDnsOperation)) {
      throw new RangeError(
        `throttle config: "privateDns.perMinute.${key}" is not a limit (known: ${DNS_OPERATIONS.join(', ')})`,
      );
    }
    const limit = perMinute[key as PrivateDnsOperation];
    if (typeof limit !== 'number' || !Number.isFinite(limit) || limit < 1) {
      throw new RangeError(
        `throttle config: "privateDns.perMinute.${key}" must be a number >= 1, got ${JSON.stringify(limit)}`,
      );
    }
  }
  return merged;
}
