import { parseArmId } from './arm-id';
import { EMULATOR_APP_ID, EMULATOR_PRINCIPAL_ID } from './authorization';
import type { EventDeliveryFaults, EventDeliveryReport, EventSink, ResourceOperation } from './contracts';
import { nextRetry, parseRetryPolicy, type RetryPolicy } from './event-retry';
import { createSeededRandom, type SeededRandom } from './seeded-random';

export const RESOURCE_EVENT_TYPES = {
  write: 'Microsoft.Resources.ResourceWriteSuccess',
  delete: 'Microsoft.Resources.ResourceDeleteSuccess',
  action: 'Microsoft.Resources.ResourceActionSuccess',
} as const satisfies Record<ResourceOperation['kind'], string>;

export const SUBSCRIPTION_VALIDATION_EVENT_TYPE = 'Microsoft.EventGrid.SubscriptionValidationEvent';

/** The tenant the emulator pretends to be; events carry it as `data.tenantId`. */
export const EMULATOR_TENANT_ID = '00000000-0000-0000-0000-0000000000e0';
const CONTRIBUTOR_ROLE_DEFINITION_ID = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
/** The emulator serves no validation URL: subscribers must answer the handshake synchronously. */
const VALIDATION_URL_BASE = 'https://eventgrid-emulator.invalid/eventsubscriptions';
/** Real system topics are per subscription; the emulator's one subscription spans every subscription it holds. */
const VALIDATION_TOPIC =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/emulator/providers/Microsoft.EventGrid/systemTopics/emulator';

export interface ResourceEventData {
  authorization: { scope: string; action: string; evidence: Record<string, string> };
  claims: Record<string, string>;
  correlationId: string;
  httpRequest?: { clientRequestId: string; clientIpAddress: string; method: string; url: string };
  resourceProvider: string;
  resourceUri: string;
  operationName: string;
  status: string;
  subscriptionId: string;
  tenantId: string;
}

/** An Event Grid schema event from a subscription system topic (Microsoft.Resources). */
export interface ResourceEvent {
  subject: string;
  eventType: (typeof RESOURCE_EVENT_TYPES)[keyof typeof RESOURCE_EVENT_TYPES];
  eventTime: string;
  id: string;
  data: ResourceEventData;
  dataVersion: string;
  metadataVersion: string;
  topic: string;
}

export interface ResourceEventIdentity {
  now: Date;
  /** Event id (a UUID). */
  id: string;
  tenantId: string;
  /** Used when the operation carries none. Defaults to `id`. */
  correlationId?: string;
  /** `data.httpRequest.clientRequestId`. Defaults to `id`. */
  clientRequestId?: string;
}

/**
 * Builds the event Azure publishes for a completed operation. Key order and structure follow Microsoft's samples
 * (test/fixtures/reference/eventgrid/event-grid-schema): writes and deletes by a signed-in user, actions by a
 * service principal with a role assignment.
 */
export function buildResourceEvent(op: ResourceOperation, identity: ResourceEventIdentity): ResourceEvent {
  const parsed = parseArmId(op.resourceId);
  const { now, id, tenantId } = identity;
  const httpRequest = op.httpRequest && {
    clientRequestId: identity.clientRequestId ?? id,
    clientIpAddress: op.httpRequest.clientIpAddress,
    method: op.httpRequest.method,
    url: op.httpRequest.url,
  };
  const data: ResourceEventData = {
    authorization: {
      scope: op.resourceId,
      action: op.operationName,
      evidence: op.kind === 'action' ? servicePrincipalEvidence(parsed.subscriptionId) : { role: 'Subscription Admin' },
    },
    claims:
      op.kind === 'action'
        ? servicePrincipalClaims(now, tenantId)
        : userClaims(now, tenantId, op.httpRequest?.clientIpAddress),
    correlationId: op.correlationId ?? identity.correlationId ?? id,
    ...(httpRequest ? { httpRequest } : {}),
    resourceProvider: parsed.provider ?? 'Microsoft.Resources',
    resourceUri: op.resourceId,
    operationName: op.operationName,
    status: op.status,
    subscriptionId: parsed.subscriptionId,
    tenantId,
  };
  return {
    subject: op.resourceId,
    eventType: RESOURCE_EVENT_TYPES[op.kind],
    eventTime: now.toISOString(),
    id,
    data,
    dataVersion: '2',
    metadataVersion: '1',
    topic: `/subscriptions/${parsed.subscriptionId}`,
  };
}

function tokenTimes(now: Date): { iat: string; nbf: string; exp: string } {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return { iat: String(issuedAt), nbf: String(issuedAt), exp: String(issuedAt + 3600) };
}

function userClaims(now: Date, tenantId: string, clientIp = '127.0.0.1'): Record<string, string> {
  const upn = 'operator@emulator.invalid';
  return {
    aud: 'https://management.core.windows.net/',
    iss: `https://sts.windows.net/${tenantId}/`,
    ...tokenTimes(now),
    _claim_names: '{"groups":"src1"}',
    _claim_sources: JSON.stringify({
      src1: { endpoint: `https://graph.windows.net/${tenantId}/users/${EMULATOR_PRINCIPAL_ID}/getMemberObjects` },
    }),
    'http://schemas.microsoft.com/claims/authnclassreference': '1',
    aio: 'emulator',
    'http://schemas.microsoft.com/claims/authnmethodsreferences': 'pwd',
    appid: EMULATOR_APP_ID,
    appidacr: '0',
    'http://schemas.microsoft.com/2012/01/devicecontext/claims/identifier': EMULATOR_PRINCIPAL_ID,
    e_exp: '262800',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname': 'Operator',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname': 'Emulator',
    ipaddr: clientIp,
    name: 'Emulator Operator',
    'http://schemas.microsoft.com/identity/claims/objectidentifier': EMULATOR_PRINCIPAL_ID,
    onprem_sid: 'S-1-5-21-0-0-0-1001',
    puid: '10030000A0000000',
    'http://schemas.microsoft.com/identity/claims/scope': 'user_impersonation',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier': EMULATOR_PRINCIPAL_ID,
    'http://schemas.microsoft.com/identity/claims/tenantid': tenantId,
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name': upn,
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': upn,
    uti: 'emulator',
    ver: '1.0',
  };
}

function servicePrincipalClaims(now: Date, tenantId: string): Record<string, string> {
  return {
    aud: 'https://management.core.windows.net/',
    iss: `https://sts.windows.net/${tenantId}/`,
    ...tokenTimes(now),
    aio: 'emulator',
    appid: EMULATOR_APP_ID,
    appidacr: '2',
    'http://schemas.microsoft.com/identity/claims/identityprovider': `https://sts.windows.net/${tenantId}/`,
    'http://schemas.microsoft.com/identity/claims/objectidentifier': EMULATOR_PRINCIPAL_ID,
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier': EMULATOR_PRINCIPAL_ID,
    'http://schemas.microsoft.com/identity/claims/tenantid': tenantId,
    uti: 'emulator',
    ver: '1.0',
  };
}

function servicePrincipalEvidence(subscriptionId: string): Record<string, string> {
  return {
    role: 'Contributor',
    roleAssignmentScope: `/subscriptions/${subscriptionId}`,
    roleAssignmentId: '00000000-0000-0000-0000-0000000000e3',
    roleDefinitionId: CONTRIBUTOR_ROLE_DEFINITION_ID,
    principalId: EMULATOR_PRINCIPAL_ID,
    principalType: 'ServicePrincipal',
  };
}

export interface EventDispatcherOptions {
  /** Seeds event ids, validation codes, duplicates and reordering, so a run can be replayed. Random when absent. */
  seed?: number;
  fetchImpl?: typeof fetch;
  /** Per delivery attempt, wall clock (default 30 s, as long as Event Grid waits for an answer). */
  timeoutMs?: number;
  /**
   * Emulated seconds per wall second for the retry schedule and the time to live (default 1): at 600, Event Grid's
   * 10 s first retry comes after 17 ms and its 24-hour time to live lasts 144 s.
   */
  timeScale?: number;
  /** Event Grid's retry policy unless changed (event-retry.ts): schedule, 30 attempts, 1,440 minutes to live. */
  retry?: Partial<RetryPolicy>;
  /** Events per POST (default 100). */
  maxBatchSize?: number;
  tenantId?: string;
  now?: () => Date;
  log?: (message: string) => void;
}

interface Batch {
  events: ResourceEvent[];
  /** Wall-clock ms when its oldest event was published: the time to live counts from there. */
  publishedMs: number;
}

/**
 * Turns completed operations into Event Grid events and pushes them to webhook subscribers: as JSON arrays,
 * after the operation (batched on the next tick), at least once (retried on Event Grid's schedule, on the scaled
 * clock, until the time to live or the attempts run out, then dead-lettered and counted), in order per subscriber
 * unless the `reorder` fault shuffles them: a batch waiting for its retry holds back the later ones, so a host that
 * comes back gets them in the order they happened.
 */
export class EventDispatcher implements EventSink {
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly timeScale: number;
  private readonly retry: RetryPolicy;
  private readonly maxBatchSize: number;
  private readonly tenantId: string;
  private readonly now: () => Date;
  private readonly log: (message: string) => void;
  /** Separate generators so that delivery timing cannot shift event ids. */
  private readonly idRandom: SeededRandom;
  private readonly deliveryRandom: SeededRandom;

  private readonly urls: string[] = [];
  /** Aborted when the URL is unsubscribed, so a delivery waiting for its retry stops waiting. */
  private readonly subscriptions = new Map<string, AbortController>();
  private readonly report: EventDeliveryReport = { delivered: 0, retries: 0, deadLettered: [] };
  private readonly history: ResourceEvent[] = [];
  private pending: ResourceEvent[] = [];
  private drainTimer: NodeJS.Immediate | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly queueBySubscriber = new Map<string, Promise<void>>();
  private faults: EventDeliveryFaults = { duplicateProbability: 0, reorder: false };
  private readonly stopping = new AbortController();

  constructor(options: EventDispatcherOptions = {}) {
    const seed = options.seed ?? Math.floor(Math.random() * 0x1_0000_0000);
    this.idRandom = createSeededRandom(seed);
    this.deliveryRandom = createSeededRandom(seed ^ 0x5bd1e995);
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.timeoutMs = positiveInteger('timeoutMs', options.timeoutMs ?? 30_000);
    this.timeScale = options.timeScale ?? 1;
    if (!Number.isFinite(this.timeScale) || this.timeScale <= 0)
      throw new RangeError(
        `event dispatcher: "timeScale" must be a number > 0, got ${JSON.stringify(options.timeScale)}`,
      );
    this.retry = parseRetryPolicy(options.retry ?? {});
    this.maxBatchSize = positiveInteger('maxBatchSize', options.maxBatchSize ?? 100);
    this.tenantId = options.tenantId ?? EMULATOR_TENANT_ID;
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? (() => undefined);
  }

  emit(op: ResourceOperation): void {
    const event = buildResourceEvent(op, {
      now: this.now(),
      id: this.idRandom.uuid(),
      tenantId: this.tenantId,
      correlationId: this.idRandom.uuid(),
      clientRequestId: this.idRandom.uuid(),
    });
    this.history.push(event);
    if (this.stopping.signal.aborted || this.urls.length === 0) return;
    this.pending.push(event);
    this.drainTimer ??= setImmediate(() => this.drain());
  }

  async subscribe(url: string): Promise<void> {
    const target = webhookUrl(url);
    if (this.stopping.signal.aborted) throw new Error('event dispatcher is closed: cannot subscribe');
    if (this.urls.includes(target)) return;

    const validationCode = this.idRandom.uuid();
    const validationEvent = {
      id: this.idRandom.uuid(),
      topic: VALIDATION_TOPIC,
      subject: '',
      data: { validationCode, validationUrl: `${VALIDATION_URL_BASE}/emulator/validate?id=${validationCode}` },
      eventType: SUBSCRIPTION_VALIDATION_EVENT_TYPE,
      eventTime: this.now().toISOString(),
      metadataVersion: '1',
      dataVersion: '2',
    };
    const failure = (why: string): Error =>
      new Error(
        `event subscription validation failed for ${target}: ${why} (the emulator supports only the synchronous handshake)`,
      );

    let response: Response;
    try {
      response = await this.post(target, [validationEvent], { 'aeg-event-type': 'SubscriptionValidation' });
    } catch (error) {
      throw failure(`request failed: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (response.status !== 200) throw failure(`expected HTTP 200, got ${response.status}`);
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      throw failure(
        `expected a JSON body {"validationResponse": "<validationCode>"}, got ${JSON.stringify(text.slice(0, 200))}`,
      );
    }
    const echoed = (answer as { validationResponse?: unknown } | null)?.validationResponse;
    if (echoed !== validationCode) {
      throw failure(
        `"validationResponse" must echo the validationCode ${validationCode}, got ${JSON.stringify(echoed)}`,
      );
    }
    if (!this.urls.includes(target)) {
      this.urls.push(target);
      this.subscriptions.set(target, new AbortController());
    }
  }

  unsubscribe(url: string): void {
    const index = this.urls.indexOf(url);
    if (index >= 0) this.urls.splice(index, 1);
    this.subscriptions.get(url)?.abort();
    this.subscriptions.delete(url);
  }

  deliveries(): EventDeliveryReport {
    return { ...this.report, deadLettered: this.report.deadLettered.map((d) => ({ ...d, eventIds: [...d.eventIds] })) };
  }

  subscribers(): string[] {
    return [...this.urls];
  }

  setFaults(faults: Partial<EventDeliveryFaults>): void {
    const next = { ...this.faults, ...faults };
    const p = next.duplicateProbability;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new RangeError(`event faults: "duplicateProbability" must be a number in [0, 1], got ${JSON.stringify(p)}`);
    }
    if (typeof next.reorder !== 'boolean') {
      throw new TypeError(`event faults: "reorder" must be true or false, got ${JSON.stringify(next.reorder)}`);
    }
    this.faults = next;
  }

  emitted(): unknown[] {
    return [...this.history];
  }

  async flush(): Promise<void> {
    while (this.drainTimer !== undefined || this.inFlight.size > 0) {
      if (this.drainTimer !== undefined) {
        clearImmediate(this.drainTimer);
        this.drain();
      }
      await Promise.all([...this.inFlight]);
    }
  }

  async close(): Promise<void> {
    this.stopping.abort();
    if (this.drainTimer !== undefined) clearImmediate(this.drainTimer);
    this.drainTimer = undefined;
    this.pending = [];
    await Promise.all([...this.inFlight]);
  }

  private drain(): void {
    this.drainTimer = undefined;
    const events = this.pending;
    this.pending = [];
    if (events.length === 0 || this.stopping.signal.aborted) return;

    if (this.faults.reorder) this.deliveryRandom.shuffle(events);
    const duplicates =
      this.faults.duplicateProbability > 0
        ? events.filter(() => this.deliveryRandom.next() < this.faults.duplicateProbability)
        : [];
    // Published on the previous tick: the time to live counts from now, on the wall clock the schedule runs on.
    const publishedMs = Date.now();
    const batches = [...chunk(events, this.maxBatchSize), ...chunk(duplicates, this.maxBatchSize)].map(
      (batch): Batch => ({ events: batch, publishedMs }),
    );
    for (const url of this.urls) {
      for (const batch of batches) this.enqueue(url, batch);
    }
  }

  /** Deliveries to one subscriber run one after another so that, without the reorder fault, order is kept. */
  private enqueue(url: string, batch: Batch): void {
    const previous = this.queueBySubscriber.get(url) ?? Promise.resolve();
    const delivery = previous.then(() => this.deliver(url, batch));
    this.queueBySubscriber.set(url, delivery);
    this.inFlight.add(delivery);
    void delivery.finally(() => {
      this.inFlight.delete(delivery);
      if (this.queueBySubscriber.get(url) === delivery) this.queueBySubscriber.delete(url);
    });
  }

  private async deliver(url: string, batch: Batch): Promise<void> {
    const unsubscribed = this.subscriptions.get(url)?.signal;
    let lastProblem = '';
    for (let attempt = 1; ; attempt++) {
      if (this.stopping.signal.aborted || !this.urls.includes(url)) return;
      let status: number | undefined;
      try {
        const response = await this.post(url, batch.events, {
          'aeg-event-type': 'Notification',
          'aeg-delivery-count': String(attempt - 1),
        });
        await response.arrayBuffer();
        if (response.status >= 200 && response.status < 300) {
          this.report.delivered += batch.events.length;
          return;
        }
        status = response.status;
        lastProblem = `HTTP ${response.status}`;
      } catch (error) {
        lastProblem = (error as Error).message;
      }
      if (this.stopping.signal.aborted || !this.urls.includes(url)) return;
      const ageSeconds = ((Date.now() - batch.publishedMs) * this.timeScale) / 1000;
      const decision = nextRetry(this.retry, attempt, ageSeconds, status);
      if (!decision.retry) {
        this.report.deadLettered.push({
          subscriber: url,
          reason: decision.reason,
          attempts: attempt,
          lastProblem,
          eventIds: batch.events.map((e) => e.id),
        });
        this.log(
          `event delivery to ${url} dead-lettered ${batch.events.length} event(s) after ${attempt} attempt(s): ${decision.reason} (${lastProblem})`,
        );
        return;
      }
      const delayMs = (decision.waitSeconds * 1000) / this.timeScale;
      this.report.retries++;
      this.log(
        `event delivery to ${url} failed (${lastProblem}); retry ${attempt} in ${decision.waitSeconds} s (${Math.round(delayMs)} ms wall)`,
      );
      await sleep(delayMs, unsubscribed ? AbortSignal.any([this.stopping.signal, unsubscribed]) : this.stopping.signal);
    }
  }

  private post(url: string, body: unknown, headers: Record<string, string>): Promise<Response> {
    return this.fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'aeg-subscription-name': 'EMULATOR', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(this.timeoutMs)]),
    });
  }
}

function webhookUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`subscriber url: expected an absolute http(s) URL, got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`subscriber url: expected an http(s) URL, got ${JSON.stringify(url)}`);
  }
  return url;
}

function positiveInteger(field: string, value: number, minimum = 1): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`event dispatcher: "${field}" must be an integer >= ${minimum}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
