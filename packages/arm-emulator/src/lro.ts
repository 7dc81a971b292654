import { randomUUID } from 'node:crypto';
import { parseArmId } from './arm-id';
import type { ArmResponse } from './context';
import { ArmError, asArmError, type ArmErrorDetail } from './errors';
import type { Router } from './router';

/**
 * - `network`: Microsoft.Network. 201/200 (PUT) or 202 (DELETE) + `Azure-AsyncOperation` (+ `Location` on 202);
 *   the status reads `InProgress` until done.
 * - `enqueued`: Cosmos DB style. 202 `{"status":"Enqueued"}` + `Azure-AsyncOperation` + `Location`; the status reads
 *   `Dequeued` until done.
 * - `privatedns`: Private DNS. 202 + `Azure-AsyncOperation` + `Location` (privateDnsOperationStatuses/Results).
 */
export type LroStyle = 'network' | 'enqueued' | 'privatedns';

export interface LroSpec {
  style: LroStyle;
  /** The resource the operation acts on; its subscription (and, for `privatedns`, resource group) shape the URLs. */
  resourceId: string;
  /** Region in the status URLs (lower-cased, spaces removed); default `global`. */
  location?: string;
  /** First answer's status: Network PUT 201 (created) or 200 (updated), DELETE 202; the other styles 202. */
  initialStatus: number;
  /** First answer's body, built after an immediate completion (scenario loading). `enqueued` defaults to `{"status":"Enqueued"}`. */
  initialBody?: () => unknown;
  /** Applies the operation's effect and emits its events. Throwing an `ArmError` ends the operation `Failed`. */
  complete: () => void;
  /** Runs when the operation ends `Failed` (fault `lro-failed`, or `complete` threw), e.g. to set provisioningState. */
  fail?: (error: ArmErrorDetail) => void;
  /** What the `Location` URL returns once Succeeded: PUT/PATCH give the resource (200); absent gives 204. */
  resultBody?: () => unknown;
}

export interface LroTiming {
  /** Status reads that still answer "running" before the operation completes (default 1). */
  pollsBeforeDone: number;
  /** Completes the operation after this long even if nobody polls; null = only polls complete it (default 1000). */
  msBeforeDone: number | null;
  /** `Retry-After` (seconds) on LRO answers; absent (or null) by default so clients poll at their own interval. */
  retryAfterSeconds?: number | null;
}

export const DEFAULT_LRO_TIMING: LroTiming = { pollsBeforeDone: 1, msBeforeDone: 1000 };

type OperationStatus = 'running' | 'Succeeded' | 'Failed' | 'Canceled';

interface Operation {
  id: string;
  spec: LroSpec;
  subscriptionId: string;
  status: OperationStatus;
  polls: number;
  startTime: Date;
  endTime?: Date;
  error?: ArmErrorDetail;
  failWith?: ArmErrorDetail;
  timer?: NodeJS.Timeout;
}

export interface StartOptions {
  baseUrl: string;
  apiVersion: string;
  /** Complete before answering (scenario loading). */
  immediate: boolean;
  /** End `Failed` with this error instead of applying the operation (fault `lro-failed`). */
  failWith?: ArmErrorDetail;
}

export interface OperationSummary {
  id: string;
  style: LroStyle;
  resourceId: string;
  status: OperationStatus;
  polls: number;
  startTime: string;
  endTime?: string;
}

export class LroEngine {
  private readonly operations = new Map<string, Operation>();

  constructor(
    private timing: LroTiming,
    private readonly now: () => Date,
  ) {}

  get config(): LroTiming {
    return { ...this.timing };
  }

  configure(timing: Partial<LroTiming>): void {
    this.timing = { ...this.timing, ...timing };
  }

  registerRoutes(router: Router): void {
    const provider = '/subscriptions/{subscriptionId}/providers/{namespace}/locations/{location}';
    router.add('GET', `${provider}/operations/{operationId}`, (ctx) => this.statusAnswer(ctx.params));
    router.add('GET', `${provider}/operationsStatus/{operationId}`, (ctx) => this.statusAnswer(ctx.params));
    router.add('GET', `${provider}/operationResults/{operationId}`, (ctx) =>
      this.resultAnswer(ctx.params, ctx.baseUrl, ctx.apiVersion),
    );
    const dns = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network';
    router.add('GET', `${dns}/privateDnsOperationStatuses/{operationId}`, (ctx) => this.statusAnswer(ctx.params));
    router.add('GET', `${dns}/privateDnsOperationResults/{operationId}`, (ctx) =>
      this.resultAnswer(ctx.params, ctx.baseUrl, ctx.apiVersion),
    );
  }

  start(spec: LroSpec, options: StartOptions): ArmResponse {
    const id = randomUUID();
    const operation: Operation = {
      id,
      spec,
      subscriptionId: parseArmId(spec.resourceId).subscriptionId,
      status: 'running',
      polls: 0,
      startTime: this.now(),
      ...(options.failWith ? { failWith: options.failWith } : {}),
    };
    this.operations.set(id, operation);
    if (options.immediate) this.finish(operation);
    else if (this.timing.msBeforeDone !== null) {
      operation.timer = setTimeout(() => this.finish(operation), this.timing.msBeforeDone);
      operation.timer.unref();
    }
    const urls = this.urls(operation, options.baseUrl, options.apiVersion);
    const headers: Record<string, string> = { 'Azure-AsyncOperation': urls.status };
    if (spec.style !== 'network' || spec.initialStatus === 202) headers.Location = urls.result;
    if (typeof this.timing.retryAfterSeconds === 'number')
      headers['Retry-After'] = String(this.timing.retryAfterSeconds);
    const body = spec.initialBody ? spec.initialBody() : spec.style === 'enqueued' ? { status: 'Enqueued' } : undefined;
    return { status: spec.initialStatus, headers, ...(body === undefined ? {} : { body }) };
  }

  /** Completes every running operation now (admin fast-forward). Returns how many completed. */
  completeAll(): number {
    const running = [...this.operations.values()].filter((op) => op.status === 'running');
    for (const op of running) this.finish(op);
    return running.length;
  }

  list(): OperationSummary[] {
    return [...this.operations.values()].map((op) => ({
      id: op.id,
      style: op.spec.style,
      resourceId: op.spec.resourceId,
      status: op.status,
      polls: op.polls,
      startTime: op.startTime.toISOString(),
      ...(op.endTime ? { endTime: op.endTime.toISOString() } : {}),
    }));
  }

  reset(): void {
    for (const op of this.operations.values()) clearTimeout(op.timer);
    this.operations.clear();
  }

  private finish(op: Operation): void {
    if (op.status !== 'running') return;
    clearTimeout(op.timer);
    op.endTime = this.now();
    if (op.failWith) return this.markFailed(op, op.failWith);
    try {
      op.spec.complete();
      op.status = 'Succeeded';
    } catch (error) {
      // A timer has no caller to throw to: any failure ends the operation Failed instead of crashing the server.
      const arm =
        asArmError(error) ??
        new ArmError(500, 'InternalServerError', error instanceof Error ? error.message : String(error));
      this.markFailed(op, arm.toBody().error);
    }
  }

  private markFailed(op: Operation, error: ArmErrorDetail): void {
    op.status = 'Failed';
    op.error = error;
    op.spec.fail?.(error);
  }

  private find(params: Readonly<Record<string, string>>): Operation {
    const op = this.operations.get(params.operationId ?? '');
    if (!op || op.subscriptionId.toLowerCase() !== (params.subscriptionId ?? '').toLowerCase()) {
      throw new ArmError(404, 'OperationNotFound', `Operation '${params.operationId}' was not found.`);
    }
    return op;
  }

  private poll(op: Operation): void {
    if (op.status !== 'running') return;
    op.polls++;
    if (op.polls > this.timing.pollsBeforeDone) this.finish(op);
  }

  private statusAnswer(params: Readonly<Record<string, string>>): ArmResponse {
    const op = this.find(params);
    this.poll(op);
    const running = op.spec.style === 'enqueued' ? 'Dequeued' : 'InProgress';
    return {
      status: 200,
      headers: this.retryAfter(op),
      body: {
        id: op.id,
        name: op.id,
        status: op.status === 'running' ? running : op.status,
        startTime: op.startTime.toISOString(),
        ...(op.endTime ? { endTime: op.endTime.toISOString() } : {}),
        ...(op.error ? { error: op.error } : {}),
      },
    };
  }

  private resultAnswer(params: Readonly<Record<string, string>>, baseUrl: string, apiVersion: string): ArmResponse {
    const op = this.find(params);
    this.poll(op);
    if (op.status === 'running') {
      return { status: 202, headers: { Location: this.urls(op, baseUrl, apiVersion).result, ...this.retryAfter(op) } };
    }
    if (op.status === 'Failed') return { status: 500, body: { error: op.error } };
    if (op.status === 'Canceled')
      return { status: 500, body: { error: { code: 'Canceled', message: 'The operation was canceled.' } } };
    const body = op.spec.resultBody?.();
    return body === undefined ? { status: 204 } : { status: 200, body };
  }

  private retryAfter(op: Operation): Record<string, string> {
    const seconds = this.timing.retryAfterSeconds;
    return op.status === 'running' && typeof seconds === 'number' ? { 'Retry-After': String(seconds) } : {};
  }

  private urls(op: Operation, baseUrl: string, apiVersion: string): { status: string; result: string } {
    const target = parseArmId(op.spec.resourceId);
    const query = `?api-version=${encodeURIComponent(apiVersion)}`;
    if (op.spec.style === 'privatedns') {
      const base = `${baseUrl}/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.Network`;
      return {
        status: `${base}/privateDnsOperationStatuses/${op.id}${query}`,
        result: `${base}/privateDnsOperationResults/${op.id}${query}`,
      };
    }
    const location = (op.spec.location ?? 'global').toLowerCase().replace(/\s+/g, '');
    const namespace = target.provider ?? 'Microsoft.Resources';
    const base = `${baseUrl}/subscriptions/${target.subscriptionId}/providers/${namespace}/locations/${location}`;
    const statusSegment = op.spec.style === 'enqueued' ? 'operationsStatus' : 'operations';
    return { status: `${base}/${statusSegment}/${op.id}${query}`, result: `${base}/operationResults/${op.id}${query}` };
  }
}
