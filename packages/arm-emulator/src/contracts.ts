/**
 * Seams between the emulator's HTTP server (routes, state, long-running operations) and its behaviours
 * (throttling, faults, events, scenarios). The server owns requests; these modules own policy and data.
 */

export type RequestKind = 'read' | 'write' | 'delete';

export interface ThrottleConfig {
  enabled: boolean;
  /** Bucket size and refill per second for each kind. ARM defaults: reads 250/25, writes 200/10, deletes 200/10. */
  read: { capacity: number; refillPerSecond: number };
  write: { capacity: number; refillPerSecond: number };
  delete: { capacity: number; refillPerSecond: number };
  /** Private DNS's own limits, on top of ARM's (Microsoft's "Azure DNS limits"). */
  privateDns: PrivateDnsLimits;
}

/** A Private DNS operation that has its own per-minute limit. */
export type PrivateDnsOperation =
  | 'recordSetCreate'
  | 'recordSetUpdate'
  | 'recordSetDelete'
  | 'recordSetGet'
  | 'recordSetList'
  | 'zoneListBySubscription'
  | 'zoneListByResourceGroup'
  | 'zoneGet';

export interface PrivateDnsLimits {
  enabled: boolean;
  /**
   * Emulated minutes per real minute, for tests: 60 grants a minute's allowance every second (and `Retry-After`
   * shrinks to match, with the exact wait in `x-ms-retry-after-ms`). 1 is real time.
   */
  timeScale: number;
  /**
   * Requests per minute: record set operations per zone; zone listings per subscription or per resource group; zone
   * GETs per zone. Each is a token bucket holding a minute's allowance, refilled evenly.
   */
  perMinute: Record<PrivateDnsOperation, number>;
}

export type ThrottleDecision =
  | { allowed: true; remaining: number }
  | {
      allowed: false;
      remaining: 0;
      retryAfterSeconds: number;
      /** The exact wait, when it is not whole seconds. */ retryAfterMs?: number;
    };

/** Token buckets per subscription and kind (implemented in throttle.ts as `class TokenBuckets implements Throttler`). */
export interface Throttler {
  take(subscriptionId: string, kind: RequestKind, nowMs: number): ThrottleDecision;
  /** Private DNS: `scope` is what the limit is counted per (a zone ID, a subscription, a resource group), any casing. */
  takePrivateDns(scope: string, operation: PrivateDnsOperation, nowMs: number): ThrottleDecision;
  configure(config: ThrottleConfigChange): void;
  readonly config: ThrottleConfig;
}

/** What `PUT /_admin/throttle` and `startEmulator({ throttle })` take: only the settings to change. */
export interface ThrottleConfigChange {
  enabled?: boolean;
  read?: Partial<ThrottleConfig['read']>;
  write?: Partial<ThrottleConfig['write']>;
  delete?: Partial<ThrottleConfig['delete']>;
  privateDns?: { enabled?: boolean; timeScale?: number; perMinute?: Partial<PrivateDnsLimits['perMinute']> };
}

export type FaultKind =
  /** 429 with Retry-After (seconds) and ARM's `TooManyRequests`-style body. */
  | 'throttle'
  /** 500 or 503 (`status`), ARM error body. */
  | 'server-error'
  /** Destroy the socket without answering. */
  | 'reset'
  /** Wait `delayMs` and then handle the request normally. */
  | 'delay'
  /** Accept the long-running operation, then end it `Failed`. */
  | 'lro-failed'
  /** 409 `AnotherOperationInProgress` (Network also answers 429 `RetryableErrorDueToAnotherOperation`: use `code`). */
  | 'conflict'
  /** A concurrent writer changes the target's etag just before the request is handled, so If-Match gives 412. */
  | 'etag-race'
  /** 403 `AuthorizationFailed` as ARM answers for a missing role assignment (naming the action and scope). */
  | 'authorization-failed';

export interface FaultRule {
  /** Assigned by the injector when absent. */
  id?: string;
  /** HTTP method, case-insensitive; absent = any. */
  method?: string;
  /**
   * Regular expression (source text) tested against the request path without the query, case-insensitive.
   * Required unless `scope` is given; with both, a request must match both.
   */
  path?: string;
  /**
   * An ARM ID (a subscription, resource group or resource): the rule covers it and everything below it, as a role
   * assignment's scope does. Compared without regard to case.
   */
  scope?: string;
  kind: FaultKind;
  /** For `server-error` (500 or 503) and `conflict` (409 default, or 429). */
  status?: number;
  /** ARM error code for the body, e.g. `AnotherOperationInProgress`, `RetryableErrorDueToAnotherOperation`. */
  code?: string;
  retryAfterSeconds?: number;
  delayMs?: number;
  /** Chance in [0, 1] that a matching request is faulted (default 1). Drawn from the injector's seeded generator. */
  probability?: number;
  /** Fault at most this many matching requests, then the rule is spent (default unlimited). */
  count?: number;
  /**
   * The rule lapses this many seconds after it is added, on the emulator's scaled clock (`timeScale` emulated
   * seconds pass per wall second), and leaves the rule list. Default: never.
   */
  durationSeconds?: number;
}

/** An active rule as listed: its id, how often it fired, and when it lapses (wall clock) if it has a duration. */
export type ActiveFaultRule = FaultRule & { id: string; hits: number; expiresAt?: string };

export interface FaultMatch {
  rule: Required<Pick<FaultRule, 'id' | 'kind'>> & FaultRule;
}

/** Seeded, replayable fault injection (implemented in faults.ts as `class FaultInjector implements FaultSource`). */
export interface FaultSource {
  add(rule: FaultRule): FaultRule & { id: string };
  remove(id: string): boolean;
  clear(): void;
  list(): ActiveFaultRule[];
  /** Decides whether this request is faulted; consumes counts and random draws in request order. */
  match(method: string, path: string): FaultMatch | undefined;
  reseed(seed: number): void;
}

/** What the server reports after an operation completes; events.ts turns it into Event Grid events. */
export interface ResourceOperation {
  kind: 'write' | 'delete' | 'action';
  /** ARM ID of the resource, in the caller's casing. */
  resourceId: string;
  /** e.g. `Microsoft.DocumentDB/databaseAccounts/write`. */
  operationName: string;
  /** Present on updates and deletes (per Azure), absent on creates. */
  httpRequest?: { clientIpAddress: string; method: string; url: string };
  status: 'Succeeded';
  correlationId?: string;
}

export interface EventDeliveryFaults {
  /** Chance each event is delivered twice. */
  duplicateProbability: number;
  /** Shuffle the order of events within a batch and across pending batches. */
  reorder: boolean;
}

/** A batch Event Grid gave up on: dead-lettered (Azure drops it when no dead-letter destination is set). */
export interface DeadLetteredDelivery {
  subscriber: string;
  reason: 'not-retried-status' | 'max-delivery-attempts' | 'time-to-live';
  attempts: number;
  /** `HTTP 503`, or the network error. */
  lastProblem: string;
  eventIds: string[];
}

export interface EventDeliveryReport {
  /** Events acknowledged by a subscriber (2xx), counted per subscriber. */
  delivered: number;
  /** Attempts after a batch's first. */
  retries: number;
  deadLettered: DeadLetteredDelivery[];
}

/** Builds Event Grid events and delivers them to webhook subscribers (implemented in events.ts). */
export interface EventSink {
  emit(op: ResourceOperation): void;
  subscribe(url: string): Promise<void>;
  unsubscribe(url: string): void;
  subscribers(): string[];
  setFaults(faults: Partial<EventDeliveryFaults>): void;
  /** Every event emitted so far (newest last), for the admin API and tests. */
  emitted(): unknown[];
  /** What became of the deliveries: delivered, retried, dead-lettered. */
  deliveries(): EventDeliveryReport;
  /** Resolves when every queued delivery has been delivered or given up on (retries included). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** One ARM request of a scenario, applied through the emulator's own handler (long-running operations complete at once). */
export interface ScenarioStep {
  method: 'PUT' | 'PATCH' | 'DELETE' | 'POST';
  /** ARM path without host, e.g. `/subscriptions/{s}/resourceGroups/{rg}`. */
  path: string;
  apiVersion: string;
  body?: unknown;
}

export interface Scenario {
  name: string;
  description: string;
  steps: ScenarioStep[];
}
