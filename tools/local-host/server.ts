/**
 * The routes the Functions host serves, for the captured functions: `/api/<route>` for HTTP functions (function keys
 * enforced as the host does), the Event Grid webhook `/runtime/webhooks/eventgrid?functionName=…` with its validation
 * handshakes, `/admin/functions/<name>` to run a non-HTTP function by hand (as Core Tools does), and the Durable
 * extension's `/runtime/webhooks/durabletask/…` status links.
 */
import { timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRequest, HttpResponse, type HttpResponseInit } from '@azure/functions';
import { isDurableTaskPath, WEBHOOK_BASE_PATH, type DurableRuntime, type Registration } from './durable';

export interface HostServerOptions {
  /** The runtime, once started (it needs the server's address first, for its status links). */
  runtime: () => DurableRuntime;
  registrations: Registration[];
  functionKey: string;
  port?: number;
  /** Called for every request answered: method, path (without the key), status. */
  onRequest?: (entry: { method: string; path: string; status: number; function?: string }) => void;
}

export interface HostServer {
  url: string;
  /** Stops listening; `abrupt` cuts the connections open now (a killed host), otherwise they finish first. */
  close(options?: { abrupt?: boolean }): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  const server = http.createServer((req, res) => {
    void handle(options, req, res).catch((error: unknown) => {
      respond(res, 500, { error: 'HostError', message: error instanceof Error ? error.message : String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: (options = {}) =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if (options.abrupt) server.closeAllConnections();
        else server.closeIdleConnections();
      }),
  };
}

async function handle(options: HostServerOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
  const body = await readBody(req);
  const answer = (status: number, payload: unknown, name?: string, headers: Record<string, string> = {}) => {
    options.onRequest?.({
      method: req.method ?? 'GET',
      path: url.pathname,
      status,
      ...(name ? { function: name } : {}),
    });
    respond(res, status, payload, headers);
  };
  // As the Functions host: a body over its limit is a 413, whatever the route.
  if (body === TOO_LARGE)
    return answer(413, { error: 'PayloadTooLarge', message: `the request body is over ${MAX_BODY_BYTES} bytes` });

  if (isDurableTaskPath(url.pathname)) {
    // The extension's instance API needs its system key in Azure (the links it hands out carry it); its RPC API is the
    // worker's own, never served on the host's port.
    if (!url.pathname.startsWith(WEBHOOK_BASE_PATH)) return answer(404, { error: 'NotFound', message: url.pathname });
    if (!authorised(options.functionKey, req, url))
      return answer(401, { error: 'Unauthorized', message: 'the Durable extension API requires the key (code=…)' });
    return proxy(options.runtime().baseUrl, req, url, body, res);
  }
  if (url.pathname === '/runtime/webhooks/eventgrid') {
    const name = url.searchParams.get('functionName') ?? '';
    const registration = options.registrations.find((r) => r.name === name && r.triggerType === 'eventGridTrigger');
    if (!registration) return answer(404, { error: 'NotFound', message: `no Event Grid function named "${name}"` });
    if (!authorised(options.functionKey, req, url))
      return answer(401, { error: 'Unauthorized', message: 'a function key is required (code=…)' });
    return eventGrid(options.runtime(), registration, req, body, answer);
  }
  const admin = /^\/admin\/functions\/([^/]+)$/.exec(url.pathname);
  if (admin && req.method === 'POST') {
    const registration = options.registrations.find((r) => r.name === decodeURIComponent(admin[1] as string));
    if (!registration) return answer(404, { error: 'NotFound', message: `no function named "${admin[1]}"` });
    if (!authorised(options.functionKey, req, url))
      return answer(401, { error: 'Unauthorized', message: 'the host key is required' });
    await options.runtime().invoke(registration, adminInput(registration, body));
    return answer(202, { invoked: registration.name }, registration.name);
  }
  if (url.pathname.startsWith('/api/')) {
    const route = url.pathname.slice('/api/'.length);
    const method = (req.method ?? 'GET').toUpperCase();
    const candidates = options.registrations.filter(
      (r) => r.triggerType === 'httpTrigger' && (r.options.route ?? r.name) === route,
    );
    const registration = candidates.find((r) =>
      (r.options.methods ?? ['GET', 'POST']).map((m) => m.toUpperCase()).includes(method),
    );
    if (!registration)
      return answer(candidates.length > 0 ? 405 : 404, {
        error: candidates.length > 0 ? 'MethodNotAllowed' : 'NotFound',
        message: `${method} /api/${route}`,
      });
    const level = registration.options.authLevel ?? 'function';
    if (level !== 'anonymous' && !authorised(options.functionKey, req, url)) {
      return answer(
        401,
        { error: 'Unauthorized', message: 'this function requires a function key (x-functions-key header or code=…)' },
        registration.name,
      );
    }
    const request = new HttpRequest({
      method,
      url: url.toString(),
      headers: headersOf(req),
      ...(body.length > 0 ? { body: { bytes: body } } : {}),
    });
    const response = await toResponse(await options.runtime().invoke(registration, request));
    options.onRequest?.({ method, path: url.pathname, status: response.status, function: registration.name });
    res.writeHead(response.status, response.headers);
    res.end(response.body);
    return;
  }
  answer(404, { error: 'NotFound', message: url.pathname });
}

/** Event Grid's handshakes (Event Grid schema: SubscriptionValidation; CloudEvents: OPTIONS), then one invocation per event, as the host does. */
async function eventGrid(
  runtime: DurableRuntime,
  registration: Registration,
  req: http.IncomingMessage,
  body: Buffer,
  answer: (status: number, payload: unknown, name?: string, headers?: Record<string, string>) => void,
): Promise<void> {
  if (req.method === 'OPTIONS') {
    const origin = String(req.headers['webhook-request-origin'] ?? '*');
    return answer(200, '', registration.name, { 'webhook-allowed-origin': origin, 'webhook-allowed-rate': '*' });
  }
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  let events: unknown;
  try {
    events = text.trim().length === 0 ? '' : JSON.parse(text);
  } catch {
    return answer(400, { error: 'BadRequest', message: 'the delivery is not JSON' }, registration.name);
  }
  // A delivery that holds no event (`[]`, an empty body) is handed over as it is, once, so that the function refuses
  // it in its log like any other bad delivery instead of it passing unseen.
  const list = Array.isArray(events) && events.length > 0 ? events : [events];
  if (req.headers['aeg-event-type'] === 'SubscriptionValidation') {
    const code = (list[0] as { data?: { validationCode?: unknown } } | undefined)?.data?.validationCode;
    return answer(200, { validationResponse: code }, registration.name);
  }
  const failures: string[] = [];
  for (const event of list) {
    try {
      await runtime.invoke(registration, event);
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  // A failed invocation fails the delivery, so Event Grid delivers it again.
  return failures.length > 0
    ? answer(500, { error: 'InvocationFailed', failures }, registration.name)
    : answer(200, '', registration.name);
}

function adminInput(registration: Registration, body: Buffer): unknown {
  const parsed = body.length > 0 ? (JSON.parse(body.toString('utf8')) as { input?: unknown }) : {};
  if (registration.triggerType === 'timerTrigger')
    return { isPastDue: false, schedule: { adjustForDST: true }, scheduleStatus: undefined };
  return parsed.input;
}

function authorised(key: string, req: http.IncomingMessage, url: URL): boolean {
  const given = String(req.headers['x-functions-key'] ?? url.searchParams.get('code') ?? '');
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function toResponse(result: unknown): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const response = result instanceof HttpResponse ? result : new HttpResponse((result ?? {}) as HttpResponseInit);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) };
}

function headersOf(req: http.IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[key] = value;
  return headers;
}

function respond(
  res: http.ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  res.writeHead(status, {
    ...(typeof payload === 'string' ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    ...headers,
  });
  res.end(text);
}

const TOO_LARGE = Symbol('too large');

/** The body, or TOO_LARGE once it passes the limit (the rest is read and dropped, so the caller still gets its answer). */
async function readBody(req: http.IncomingMessage): Promise<Buffer | typeof TOO_LARGE> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_BODY_BYTES ? TOO_LARGE : Buffer.concat(chunks);
}

async function proxy(
  base: string,
  req: http.IncomingMessage,
  url: URL,
  body: Buffer,
  res: http.ServerResponse,
): Promise<void> {
  const target = new URL(url.pathname + url.search, base);
  const answer = await fetch(target, {
    method: req.method ?? 'GET',
    headers: headersOf(req),
    ...(body.length > 0 ? { body } : {}),
  });
  const headers: Record<string, string> = {};
  answer.headers.forEach(
    (value, key) =>
      (headers[key] = value.replaceAll(base.replace(/\/$/, ''), `http://${req.headers.host ?? '127.0.0.1'}`)),
  );
  res.writeHead(answer.status, headers);
  res.end(Buffer.from(await answer.arrayBuffer()));
}
