import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorizationFailed } from './authorization';
import type { EventSink, FaultKind, FaultMatch, FaultSource, RequestKind, Throttler } from './contracts';
import type { ArmResponse, EmitRequest, RequestContext } from './context';
import { ArmError, asArmError, resourceGroupNotFound } from './errors';
import type { LroEngine } from './lro';
import { pageOf, type PagingConfig } from './paging';
import { privateDnsRequest } from './private-dns-limits';
import type { PrivateLinkTargets } from './private-link';
import { splitPath, type Router } from './router';
import type { EmulatorState } from './state';
import { isWrite, WriteJournal, type WriteLogEntry } from './write-log';

export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** The injected fault that fired on this request, if one did. */
  fault?: FaultKind;
}

export interface RouteCounter {
  method: string;
  route: string;
  count: number;
  statuses: Record<string, number>;
}

/** A request the emulator makes to itself (scenario loading): no auth, throttling or faults; LROs complete at once. */
export interface InternalRequest {
  method: string;
  path: string;
  apiVersion: string;
  body?: unknown;
  emitEvents: boolean;
}

export interface PipelineParts {
  state: EmulatorState;
  router: Router;
  targets: PrivateLinkTargets;
  lro: LroEngine;
  throttler: Throttler;
  faults: FaultSource;
  events: EventSink;
  paging: PagingConfig;
  baseUrl: () => string;
  requestLogLimit: number;
}

const UNROUTED = '(unrouted)';

/**
 * The request pipeline: authentication, api-version, throttling, faults, routing (with the resource-group check),
 * the handler, then the answer, the request log and the events the handler queued.
 */
export class ArmPipeline {
  readonly log: RequestLogEntry[] = [];
  readonly writes: WriteJournal;
  private readonly counters = new Map<string, RouteCounter>();

  constructor(private readonly parts: PipelineParts) {
    this.writes = new WriteJournal(parts.requestLogLimit, (path) => this.readNow(path));
  }

  routeCounters(): RouteCounter[] {
    return [...this.counters.values()].map((c) => ({ ...c, statuses: { ...c.statuses } }));
  }

  clearLog(): void {
    this.log.length = 0;
    this.writes.clear();
    this.counters.clear();
  }

  async handleHttp(req: IncomingMessage, res: ServerResponse, url: URL, body: unknown): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const correlationId = header(req, 'x-ms-correlation-request-id') ?? randomUUID();
    const headers: Record<string, string> = {
      'x-ms-request-id': randomUUID(),
      'x-ms-correlation-request-id': correlationId,
    };
    const queued: EmitRequest[] = [];
    let answered = false;
    let template = UNROUTED;
    const emit = (event: EmitRequest): void => {
      if (answered)
        this.emitNow(event, { method, url: url.toString(), clientIp: req.socket.remoteAddress, correlationId });
      else queued.push(event);
    };

    let answer: ArmResponse;
    let fault: FaultMatch | undefined;
    let write: WriteLogEntry | undefined;
    try {
      const early = this.admission(req, method, path, url.searchParams, headers);
      if (early) answer = early;
      else {
        if (isWrite(method))
          write = this.writes.arrive(method, path, body, this.parts.state.get(`/${splitPath(path).join('/')}`));
        fault = this.parts.faults.match(method, path);
        const faulted = fault ? await this.applyFault(fault, req, method, path) : undefined;
        if (faulted === 'reset') {
          this.record(method, template, path, 0, started, fault?.rule.kind);
          return;
        }
        if (faulted) answer = faulted;
        else {
          const routed = this.route(method, path);
          template = routed.template;
          const ctx = this.context({
            method,
            path,
            params: routed.params,
            query: url.searchParams,
            body,
            header: (name) => header(req, name),
            emit,
            immediateLro: false,
            ...(fault?.rule.kind === 'lro-failed' ? { failLro: fault } : {}),
          });
          if (write) this.writes.reach(write);
          answer = await routed.handler(ctx);
        }
      }
    } catch (error) {
      answer = errorAnswer(error);
    }

    const merged = { ...headers, ...answer.headers };
    const payload = answer.body === undefined || method === 'HEAD' ? undefined : JSON.stringify(answer.body);
    if (payload !== undefined) merged['Content-Type'] = 'application/json; charset=utf-8';
    res.writeHead(answer.status, merged);
    res.end(payload);
    answered = true;
    if (write) write.status = answer.status;
    this.record(method, template, path, answer.status, started, fault?.rule.kind);
    if (answer.status < 400) {
      for (const event of queued)
        this.emitNow(event, { method, url: url.toString(), clientIp: req.socket.remoteAddress, correlationId });
    }
  }

  /** Runs one request through routing and its handler, for the scenario loader. */
  async dispatch(request: InternalRequest): Promise<ArmResponse> {
    const url = new URL(`${this.parts.baseUrl()}${request.path}`);
    url.searchParams.set('api-version', request.apiVersion);
    const queued: EmitRequest[] = [];
    try {
      const routed = this.route(request.method.toUpperCase(), url.pathname);
      const ctx = this.context({
        method: request.method.toUpperCase(),
        path: url.pathname,
        params: routed.params,
        query: url.searchParams,
        body: request.body,
        header: () => undefined,
        emit: (event) => queued.push(event),
        immediateLro: true,
      });
      const answer = await routed.handler(ctx);
      if (request.emitEvents && answer.status < 400) {
        for (const event of queued)
          this.emitNow(event, {
            method: request.method,
            url: url.toString(),
            clientIp: '127.0.0.1',
            correlationId: randomUUID(),
          });
      }
      return answer;
    } catch (error) {
      return errorAnswer(error);
    }
  }

  private admission(
    req: IncomingMessage,
    method: string,
    path: string,
    query: URLSearchParams,
    headers: Record<string, string>,
  ): ArmResponse | undefined {
    const authorization = header(req, 'authorization');
    if (!authorization || !/^Bearer\s+\S+/i.test(authorization)) {
      return errorAnswer(
        new ArmError(
          401,
          'AuthenticationFailed',
          "Authentication failed. The 'Authorization' header is missing or is not a Bearer token.",
        ),
      );
    }
    if (!query.get('api-version')) {
      return errorAnswer(
        new ArmError(
          400,
          'MissingApiVersionParameter',
          'The api-version query parameter (?api-version=) is required for all requests.',
        ),
      );
    }
    const kind = requestKind(method);
    const subscriptionId = subscriptionOf(path);
    const decision = this.parts.throttler.take(subscriptionId ?? 'tenant', kind, Date.now());
    headers[`x-ms-ratelimit-remaining-${subscriptionId ? 'subscription' : 'tenant'}-${kind}s`] = String(
      decision.remaining,
    );
    if (!decision.allowed) {
      return errorAnswer(
        new ArmError(
          429,
          'SubscriptionRequestsThrottled',
          `Number of '${kind}' requests for subscription '${subscriptionId ?? 'tenant'}' exceeded. Please try again after '${decision.retryAfterSeconds}' seconds.`,
          undefined,
          { 'Retry-After': String(decision.retryAfterSeconds) },
        ),
      );
    }
    return this.privateDnsAdmission(method, path);
  }

  /** Private DNS's own per-zone and per-subscription limits, counted after ARM's (a request must pass both). */
  private privateDnsAdmission(method: string, path: string): ArmResponse | undefined {
    const request = privateDnsRequest(method, path, this.parts.state);
    if (!request) return undefined;
    const decision = this.parts.throttler.takePrivateDns(request.scope, request.operation, Date.now());
    if (decision.allowed) return undefined;
    const limits = this.parts.throttler.config.privateDns;
    // Scaled time: the exact wait in milliseconds too, which the Azure SDKs prefer to Retry-After's whole seconds.
    const scaled: Record<string, string> =
      limits.timeScale !== 1 && decision.retryAfterMs !== undefined
        ? { 'x-ms-retry-after-ms': String(decision.retryAfterMs) }
        : {};
    return errorAnswer(
      new ArmError(
        429,
        'TooManyRequests',
        `The request was throttled: Private DNS allows ${limits.perMinute[request.operation]} ${request.operation} operations per minute for '${request.scope}'. Please try again after '${decision.retryAfterSeconds}' seconds.`,
        undefined,
        { 'Retry-After': String(decision.retryAfterSeconds), ...scaled },
      ),
    );
  }

  private async applyFault(
    fault: FaultMatch,
    req: IncomingMessage,
    method: string,
    path: string,
  ): Promise<ArmResponse | 'reset' | undefined> {
    const { rule } = fault;
    switch (rule.kind) {
      case 'reset':
        req.socket.destroy();
        return 'reset';
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, rule.delayMs ?? 1000));
        return undefined;
      case 'etag-race':
        this.parts.state.bumpEtag(`/${splitPath(path).join('/')}`);
        return undefined;
      case 'lro-failed':
        return undefined;
      case 'throttle':
        return errorAnswer(
          new ArmError(429, rule.code ?? 'TooManyRequests', 'The request was throttled (injected fault).', undefined, {
            'Retry-After': String(rule.retryAfterSeconds ?? 1),
          }),
        );
      case 'server-error': {
        const status = rule.status ?? 500;
        const code = rule.code ?? (status === 503 ? 'ServiceUnavailable' : 'InternalServerError');
        return errorAnswer(
          new ArmError(
            status,
            code,
            `The server failed to handle the request (injected ${status}).`,
            undefined,
            retryAfterOf(rule.retryAfterSeconds),
          ),
        );
      }
      case 'authorization-failed':
        return errorAnswer(authorizationFailed(method, path, rule.code));
      case 'conflict': {
        const status = rule.status ?? 409;
        const code =
          rule.code ?? (status === 429 ? 'RetryableErrorDueToAnotherOperation' : 'AnotherOperationInProgress');
        const retry = status === 429 ? retryAfterOf(rule.retryAfterSeconds ?? 1) : retryAfterOf(rule.retryAfterSeconds);
        return errorAnswer(
          new ArmError(
            status,
            code,
            'Another operation is in progress on the resource (injected conflict).',
            undefined,
            retry,
          ),
        );
      }
    }
  }

  private route(method: string, path: string): ReturnType<Router['match']> & object {
    const routed = this.parts.router.match(method, path);
    if (!routed) {
      if (this.parts.router.knowsPath(path)) {
        throw new ArmError(405, 'MethodNotAllowed', `The emulator does not support ${method} on '${path}'.`);
      }
      throw unknownRoute(path);
    }
    const parts = splitPath(path);
    if (parts.length > 4 && parts[2]?.toLowerCase() === 'resourcegroups') {
      const subscriptionId = parts[1] as string;
      const resourceGroup = parts[3] as string;
      if (!this.parts.state.resourceGroup(subscriptionId, resourceGroup)) throw resourceGroupNotFound(resourceGroup);
    }
    return routed;
  }

  private context(input: {
    method: string;
    path: string;
    params: Record<string, string>;
    query: URLSearchParams;
    body: unknown;
    header: (name: string) => string | undefined;
    emit: (event: EmitRequest) => void;
    immediateLro: boolean;
    failLro?: FaultMatch;
  }): RequestContext {
    const { parts } = this;
    const apiVersion = input.query.get('api-version') ?? '';
    const baseUrl = parts.baseUrl();
    return {
      method: input.method,
      path: input.path,
      params: input.params,
      query: input.query,
      apiVersion,
      body: input.body,
      state: parts.state,
      targets: parts.targets,
      baseUrl,
      header: input.header,
      now: () => new Date(),
      emit: input.emit,
      startLro: (spec) =>
        parts.lro.start(spec, {
          baseUrl,
          apiVersion,
          immediate: input.immediateLro,
          ...(input.failLro
            ? {
                failWith: {
                  code: input.failLro.rule.code ?? 'InternalServerError',
                  message: 'The long-running operation failed (injected fault).',
                },
              }
            : {}),
        }),
      page: (items, options) => pageOf(items, { baseUrl, path: input.path, query: input.query }, parts.paging, options),
    };
  }

  private emitNow(
    event: EmitRequest,
    request: { method: string; url: string; clientIp: string | undefined; correlationId: string },
  ): void {
    this.parts.events.emit({
      kind: event.kind,
      resourceId: event.resourceId,
      operationName: event.operationName,
      status: 'Succeeded',
      correlationId: request.correlationId,
      ...(event.kind === 'write' && event.created
        ? {}
        : {
            httpRequest: { clientIpAddress: normaliseIp(request.clientIp), method: request.method, url: request.url },
          }),
    });
  }

  /** A GET answered at once from the state as it is now (for write observers): no auth, throttling, faults or log. */
  readNow(path: string): unknown {
    const url = new URL(`${this.parts.baseUrl()}${path}`);
    url.searchParams.set('api-version', 'emulator-read');
    const routed = this.parts.router.match('GET', url.pathname);
    if (!routed) return undefined;
    const ctx = this.context({
      method: 'GET',
      path: url.pathname,
      params: routed.params,
      query: url.searchParams,
      body: undefined,
      header: () => undefined,
      emit: () => undefined,
      immediateLro: false,
    });
    try {
      const answer = routed.handler(ctx);
      if (answer instanceof Promise)
        throw new Error(`GET ${url.pathname} is answered asynchronously: it cannot be read at the moment of a write`);
      return answer.status < 400 ? answer.body : undefined;
    } catch (error) {
      if (asArmError(error)) return undefined;
      throw error;
    }
  }

  private record(
    method: string,
    route: string,
    path: string,
    status: number,
    started: number,
    fault?: FaultKind,
  ): void {
    this.log.push({
      time: new Date(started).toISOString(),
      method,
      path,
      status,
      durationMs: Date.now() - started,
      ...(fault ? { fault } : {}),
    });
    if (this.log.length > this.parts.requestLogLimit) this.log.splice(0, this.log.length - this.parts.requestLogLimit);
    const key = `${method} ${route}`;
    let counter = this.counters.get(key);
    if (!counter) this.counters.set(key, (counter = { method, route, count: 0, statuses: {} }));
    counter.count++;
    counter.statuses[String(status)] = (counter.statuses[String(status)] ?? 0) + 1;
  }
}

export function errorAnswer(error: unknown): ArmResponse {
  const arm = asArmError(error);
  if (arm) return { status: arm.status, headers: arm.headers, body: arm.toBody() };
  process.stderr.write(
    `emulator: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return errorAnswer(new ArmError(500, 'InternalServerError', 'The emulator failed to handle the request.'));
}

function unknownRoute(path: string): ArmError {
  const parts = splitPath(path);
  const providerAt = parts.findIndex((p) => p.toLowerCase() === 'providers');
  if (providerAt >= 0 && parts[providerAt + 1]) {
    const types = parts.slice(providerAt + 2).filter((_, i) => i % 2 === 0);
    return new ArmError(
      404,
      'InvalidResourceType',
      `The resource type '${types.join('/')}' could not be found in the namespace '${parts[providerAt + 1]}' of this emulator.`,
    );
  }
  return new ArmError(404, 'NotFound', `No route matches '${path}'.`);
}

function requestKind(method: string): RequestKind {
  if (method === 'GET' || method === 'HEAD') return 'read';
  return method === 'DELETE' ? 'delete' : 'write';
}

function subscriptionOf(path: string): string | undefined {
  const parts = splitPath(path);
  return parts[0]?.toLowerCase() === 'subscriptions' ? parts[1] : undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

function retryAfterOf(seconds: number | undefined): Record<string, string> {
  return seconds === undefined ? {} : { 'Retry-After': String(seconds) };
}

function normaliseIp(ip: string | undefined): string {
  return (ip ?? '127.0.0.1').replace(/^::ffff:/, '');
}
