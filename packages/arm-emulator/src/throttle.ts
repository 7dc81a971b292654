import type { RequestKind, ThrottleConfig, ThrottleDecision, Throttler } from './contracts';

/** ARM's per-principal buckets (Microsoft's "Understand how ARM throttles requests"). */
export const DEFAULT_THROTTLE_CONFIG: ThrottleConfig = Object.freeze({
  enabled: true,
  read: Object.freeze({ capacity: 250, refillPerSecond: 25 }),
  write: Object.freeze({ capacity: 200, refillPerSecond: 10 }),
  delete: Object.freeze({ capacity: 200, refillPerSecond: 10 }),
});

const KINDS: readonly RequestKind[] = ['read', 'write', 'delete'];

interface Bucket {
  tokens: number;
  lastRefillMs: number;
}

/**
 * Token buckets per subscription and request kind. Time is injected (`nowMs`) so tests and the emulator share one
 * clock; a clock that steps backwards refills nothing.
 */
export class TokenBuckets implements Throttler {
  private current: ThrottleConfig;
  private readonly buckets = new Map<string, Bucket>();

  constructor(config: Partial<ThrottleConfig> = {}) {
    this.current = mergeConfig(DEFAULT_THROTTLE_CONFIG, config);
  }

  get config(): ThrottleConfig {
    return {
      enabled: this.current.enabled,
      read: { ...this.current.read },
      write: { ...this.current.write },
      delete: { ...this.current.delete },
    };
  }

  /** Replaces the given settings and starts every bucket full again, so a test's new limits apply at once. */
  configure(config: Partial<ThrottleConfig>): void {
    this.current = mergeConfig(this.current, config);
    this.buckets.clear();
  }

  take(subscriptionId: string, kind: RequestKind, nowMs: number): ThrottleDecision {
    const limits = this.current[kind];
    if (!this.current.enabled) return { allowed: true, remaining: Math.floor(limits.capacity) };

    const key = `${subscriptionId.toLowerCase()}|${kind}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: limits.capacity, lastRefillMs: nowMs };
      this.buckets.set(key, bucket);
    }
    const elapsedMs = nowMs - bucket.lastRefillMs;
    if (elapsedMs > 0) {
      bucket.tokens = Math.min(limits.capacity, bucket.tokens + (elapsedMs / 1000) * limits.refillPerSecond);
      bucket.lastRefillMs = nowMs;
    }

    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    const secondsUntilOneToken = (1 - bucket.tokens) / limits.refillPerSecond;
    return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(secondsUntilOneToken)) };
  }
}

function mergeConfig(base: ThrottleConfig, change: Partial<ThrottleConfig>): ThrottleConfig {
  if (change === null || typeof change !== 'object') {
    throw new TypeError(`throttle config: expected an object, got ${String(change)}`);
  }
  const merged: ThrottleConfig = {
    enabled: change.enabled ?? base.enabled,
    read: { ...base.read, ...change.read },
    write: { ...base.write, ...change.write },
    delete: { ...base.delete, ...change.delete },
  };
  if (typeof merged.enabled !== 'boolean') {
    throw new TypeError(`throttle config: "enabled" must be true or false, got ${JSON.stringify(merged.enabled)}`);
  }
  for (const kind of KINDS) {
    const { capacity, refillPerSecond } = merged[kind];
    if (typeof capacity !== 'number' || !Number.isFinite(capacity) || capacity < 1) {
      throw new RangeError(`throttle config: "${kind}.capacity" must be a number >= 1, got ${JSON.stringify(capacity)}`);
    }
    if (typeof refillPerSecond !== 'number' || !Number.isFinite(refillPerSecond) || refillPerSecond <= 0) {
      throw new RangeError(
        `throttle config: "${kind}.refillPerSecond" must be a number > 0, got ${JSON.stringify(refillPerSecond)}`,
      );
    }
  }
  return merged;
}
