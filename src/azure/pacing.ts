/**
 * Client-side pacing of Private DNS requests to Microsoft's published per-zone limits (record sets: 60 creates, 60
 * updates, 60 deletes, 200 GETs and 100 listings a minute per zone; zones: 60 listings a minute per subscription, 100
 * per resource group, 200 GETs a minute per zone). One token bucket per (zone or scope, operation), shared by every
 * ArmClients of the process that talks to the same ARM endpoint, so concurrent runs (an event storm: a region added to
 * 200 accounts writes 200 records into one hub zone) queue for the zone instead of spending calls on 429s. A 429's
 * `Retry-After` empties the bucket for that long. Waiters are served in order (the `limiter` package's queue).
 */
import { TokenBucket } from 'limiter';
import type { PipelinePolicy, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';

export type PrivateDnsOperation =
  | 'recordSetCreate'
  | 'recordSetUpdate'
  | 'recordSetDelete'
  | 'recordSetGet'
  | 'recordSetList'
  | 'zoneListBySubscription'
  | 'zoneListByResourceGroup'
  | 'zoneGet';

export const PRIVATE_DNS_LIMITS_PER_MINUTE: Readonly<Record<PrivateDnsOperation, number>> = Object.freeze({
  recordSetCreate: 60,
  recordSetUpdate: 60,
  recordSetDelete: 60,
  recordSetGet: 200,
  recordSetList: 100,
  zoneListBySubscription: 60,
  zoneListByResourceGroup: 100,
  zoneGet: 200,
});

export interface PrivateDnsPacingOptions {
  /** Default true. Off: requests go out at once (429s are then retried by the SDK after `Retry-After`). */
  enabled?: boolean;
  /** Emulated minutes per real minute, to match an emulator whose limits run on scaled time (tests, benchmarks). */
  timeScale?: number;
  perMinute?: Partial<Record<PrivateDnsOperation, number>>;
}

export interface PacedRequest {
  operation: PrivateDnsOperation;
  /** The zone, subscription or resource group the limit is counted for (lower-case ARM ID). */
  scope: string;
}

/**
 * Tokens come back a little slower than the service refills them: our bucket starts at our first request, the
 * service's when that request arrives, so at exactly the service's rate every refill would arrive a network latency
 * early and be refused.
 */
const REFILL_MARGIN = 0.95;

export class PrivateDnsPacer {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly limits: Record<PrivateDnsOperation, number>;
  private readonly timeScale: number;
  /** Requests that waited for a token, and how long in all: what pacing cost (for reports and benchmarks). */
  readonly waited = { requests: 0, ms: 0 };

  constructor(options: PrivateDnsPacingOptions = {}) {
    this.timeScale = options.timeScale ?? 1;
    if (!Number.isFinite(this.timeScale) || this.timeScale <= 0)
      throw new RangeError(`privateDnsPacing.timeScale: expected a number > 0, got ${String(options.timeScale)}`);
    this.limits = { ...PRIVATE_DNS_LIMITS_PER_MINUTE, ...options.perMinute };
    for (const [operation, limit] of Object.entries(this.limits)) {
      if (!Number.isFinite(limit) || limit < 1)
        throw new RangeError(`privateDnsPacing.perMinute.${operation}: expected a number >= 1, got ${String(limit)}`);
    }
  }

  /** Waits for this request's turn in its zone (or subscription, or resource group). */
  async acquire(request: PacedRequest): Promise<void> {
    const bucket = this.bucket(request);
    if (bucket.tryRemoveTokens(1)) return;
    const started = performance.now();
    await bucket.removeTokens(1);
    this.waited.requests += 1;
    this.waited.ms += performance.now() - started;
  }

  /** ARM said to wait `ms` before the next request of this kind here: nobody in the process goes before then. */
  holdOff(request: PacedRequest, ms: number): void {
    const bucket = this.bucket(request);
    bucket.drip();
    bucket.content = Math.min(bucket.content, -(ms * bucket.tokensPerInterval) / bucket.interval);
  }

  private bucket(request: PacedRequest): TokenBucket {
    const key = `${request.scope}|${request.operation}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const limit = this.limits[request.operation];
      bucket = new TokenBucket({
        bucketSize: limit,
        tokensPerInterval: limit,
        interval: 60_000 / this.timeScale / REFILL_MARGIN,
      });
      // A bucket starts with a minute's allowance, as the service's does.
      bucket.content = limit;
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}

const LINKS = 'virtualnetworklinks';

/** Which Private DNS limit a request counts against, from its method, path and conditional headers. */
export function pacedRequestOf(request: Pick<PipelineRequest, 'method' | 'url' | 'headers'>): PacedRequest | undefined {
  const method = request.method.toUpperCase();
  const parts = new URL(request.url).pathname
    .split('/')
    .filter((p) => p.length > 0)
    .map((p) => decodeURIComponent(p).toLowerCase());
  if (parts[0] !== 'subscriptions') return undefined;
  const path = (n: number) => `/${parts.slice(0, n).join('/')}`;
  if (
    parts.length === 5 &&
    parts[2] === 'providers' &&
    parts[3] === 'microsoft.network' &&
    parts[4] === 'privatednszones'
  ) {
    return method === 'GET' ? { operation: 'zoneListBySubscription', scope: path(2) } : undefined;
  }
  if (
    parts[2] !== 'resourcegroups' ||
    parts[4] !== 'providers' ||
    parts[5] !== 'microsoft.network' ||
    parts[6] !== 'privatednszones'
  )
    return undefined;
  if (parts.length === 7)
    return method === 'GET' ? { operation: 'zoneListByResourceGroup', scope: path(4) } : undefined;
  const zone = path(8);
  if (parts.length === 8) return method === 'GET' ? { operation: 'zoneGet', scope: zone } : undefined;
  if (parts[8] === LINKS) return undefined;
  if (parts.length === 9) return method === 'GET' ? { operation: 'recordSetList', scope: zone } : undefined;
  if (parts.length !== 10) return undefined;
  if (method === 'GET') return { operation: 'recordSetGet', scope: zone };
  if (method === 'DELETE') return { operation: 'recordSetDelete', scope: zone };
  if (method !== 'PUT' && method !== 'PATCH') return undefined;
  // Our creates say If-None-Match: *; anything else may find the record and counts as an update.
  return {
    operation: request.headers.get('if-none-match')?.trim() === '*' ? 'recordSetCreate' : 'recordSetUpdate',
    scope: zone,
  };
}

/** Per attempt (retries included): wait for the zone's turn, and after a 429 hold the zone's others off too. */
export function privateDnsPacingPolicy(pacer: PrivateDnsPacer): PipelinePolicy {
  return {
    name: 'privatelinkAutopilotPrivateDnsPacing',
    async sendRequest(request, next) {
      const paced = pacedRequestOf(request);
      if (!paced) return next(request);
      await untilAborted(pacer.acquire(paced), request.abortSignal);
      const response = await next(request);
      const waitMs = response.status === 429 ? retryAfterMs(response) : undefined;
      if (waitMs !== undefined) pacer.holdOff(paced, waitMs);
      return response;
    },
  };
}

/** The wait, or the request's abort (a run's deadline) if that comes first. */
async function untilAborted(wait: Promise<void>, signal: PipelineRequest['abortSignal']): Promise<void> {
  if (!signal) return wait;
  const abortError = () =>
    new Error("the request was aborted while it waited for its zone's turn (the run's deadline passed)");
  if (signal.aborted) throw abortError();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort);
  });
  try {
    await Promise.race([wait, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

function retryAfterMs(response: PipelineResponse): number | undefined {
  const exact = Number(
    response.headers.get('x-ms-retry-after-ms') ?? response.headers.get('retry-after-ms') ?? Number.NaN,
  );
  if (Number.isFinite(exact) && exact >= 0) return exact;
  const seconds = Number(response.headers.get('retry-after') ?? Number.NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

const shared = new Map<string, PrivateDnsPacer>();
/**
 * Kept on the process, not the module: `npm start` runs the local host from dist-dev/ and the app from dist/, two
 * copies of this module, and the host's setting must reach the app's.
 */
const PROCESS_PACING = Symbol.for('privatelink-autopilot.processPrivateDnsPacing');
const processWide = globalThis as { [PROCESS_PACING]?: PrivateDnsPacingOptions };

/**
 * The pacing of every ArmClients of the process that does not set its own: for a host that runs the app's time
 * faster than the wall clock (the local host in tests), so that a minute of Private DNS limits is a minute of its time.
 */
export function setProcessPrivateDnsPacing(options: PrivateDnsPacingOptions): void {
  processWide[PROCESS_PACING] = { ...options };
}

export function processPrivateDnsPacing(): PrivateDnsPacingOptions {
  return processWide[PROCESS_PACING] ?? {};
}

/**
 * The process's pacer for one ARM endpoint and configuration: every ArmClients of the process that reaches the same
 * ARM with the same limits shares its buckets (emulators on other ports are other worlds).
 */
export function sharedPrivateDnsPacer(armEndpoint: string, options: PrivateDnsPacingOptions = {}): PrivateDnsPacer {
  const key = `${new URL(armEndpoint).origin.toLowerCase()}|${options.timeScale ?? 1}|${JSON.stringify(options.perMinute ?? {})}`;
  let pacer = shared.get(key);
  if (!pacer) {
    pacer = new PrivateDnsPacer(options);
    shared.set(key, pacer);
  }
  return pacer;
}
