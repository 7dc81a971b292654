// The Durable extension's instance-management HTTP API (HttpApiHandler), served on the local RPC
// base path (/durabletask/, what durable-functions' DurableClient calls via rpcBaseUrl) and on the
// public webhook path (/runtime/webhooks/durabletask/, what createCheckStatusResponse links point at).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DurableRuntime } from './runtime';
import type { RuntimeStatus } from './store';

export const RPC_BASE_PATH = '/durabletask';
export const WEBHOOK_BASE_PATH = '/runtime/webhooks/durabletask';

/** What the extension's HttpApiHandler answers with 400 (ArgumentException). */
export class InvalidArgumentError extends Error {
  readonly exceptionType = 'System.ArgumentException';
}

/** DurableTask.AzureStorage's dedupe refusal; the HTTP API lets it escape as a 500. */
export class OrchestrationAlreadyExistsError extends Error {
  readonly exceptionType = 'DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException';
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

export function createHttpApiHandler(runtime: DurableRuntime): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(runtime, req)
      .catch((err: unknown) => errorReply(500, 'Something went wrong while processing your request', err))
      .then((reply) => {
        const headers: Record<string, string> = { ...reply.headers };
        let text = '';
        if (reply.body !== undefined) {
          text = JSON.stringify(reply.body);
          headers['Content-Type'] = 'application/json; charset=utf-8';
        }
        res.writeHead(reply.status, headers).end(text);
        runtime.reportHttp({ method: req.method ?? 'GET', url: req.url ?? '', status: reply.status });
      });
  };
}

/** Whether a host serving its own HTTP port should forward this request here. */
export function isDurableTaskPath(pathname: string): boolean {
  return [RPC_BASE_PATH, WEBHOOK_BASE_PATH].some((base) => pathname === base || pathname.startsWith(`${base}/`));
}

async function handle(runtime: DurableRuntime, req: IncomingMessage): Promise<Reply> {
  const url = new URL(req.url ?? '/', runtime.baseUrl);
  const base = url.pathname.startsWith(WEBHOOK_BASE_PATH)
    ? WEBHOOK_BASE_PATH
    : url.pathname.startsWith(RPC_BASE_PATH)
      ? RPC_BASE_PATH
      : undefined;
  if (!base) return { status: 404 };
  const segments = url.pathname.slice(base.length).split('/').filter(Boolean).map(decodeURIComponent);
  const query = url.searchParams;
  const method = req.method ?? 'GET';
  const [controller, first, second, third] = segments;

  if (controller === 'orchestrators' && first && segments.length <= 3) {
    if (method !== 'POST') return { status: 404 };
    return startOrchestration(runtime, url, first, second, await readBody(req));
  }
  if (controller === 'entities')
    return errorReply(501, 'Durable entities are not supported by the local durable runtime.');
  if (controller !== 'instances') return { status: 404 };

  if (!first) {
    const filter = listFilter(query);
    if (method === 'GET') return { status: 200, body: runtime.listInstances(filter) };
    if (method === 'DELETE') {
      if (!filter.createdTimeFrom)
        return { status: 400, body: "Please provide value for 'createdTimeFrom' parameter." };
      const deleted = runtime.listInstances(filter).reduce((n, s) => n + runtime.purgeInstanceHistory(s.instanceId), 0);
      return deleted === 0 ? { status: 404 } : { status: 200, body: { instancesDeleted: deleted } };
    }
    return { status: 404 };
  }
  if (second === undefined) {
    if (method === 'GET') return instanceStatus(runtime, url, first);
    if (method === 'DELETE') {
      const deleted = runtime.purgeInstanceHistory(first);
      return deleted === 0 ? { status: 404 } : { status: 200, body: { instancesDeleted: deleted } };
    }
    return { status: 404 };
  }
  if (method !== 'POST') return { status: 404 };
  if (second.toLowerCase() === 'raiseevent' && third) {
    return raiseEvent(runtime, first, third, req.headers['content-type'], await readBody(req));
  }
  if (second.toLowerCase() === 'terminate') {
    const delivery = runtime.terminate(first, query.get('reason') ?? undefined);
    return { status: delivery === 'notFound' ? 404 : delivery === 'gone' ? 410 : 202 };
  }
  if (['suspend', 'resume', 'rewind', 'restart'].includes(second.toLowerCase())) {
    return errorReply(501, `The '${second}' operation is not supported by the local durable runtime.`);
  }
  return { status: 404 };
}

function startOrchestration(
  runtime: DurableRuntime,
  url: URL,
  name: string,
  instanceId: string | undefined,
  body: string,
): Reply {
  let input: unknown;
  try {
    input = body.length === 0 ? undefined : (JSON.parse(body) as unknown);
  } catch (err) {
    return errorReply(400, 'Invalid JSON content', err);
  }
  try {
    const id = runtime.startNew(name, { instanceId, input });
    const links = runtime.managementUrls(id, url.origin);
    const { rewindPostUri: _rewind, ...checkStatus } = links;
    return { status: 202, body: checkStatus, headers: { Location: links.statusQueryGetUri, 'Retry-After': '10' } };
  } catch (err) {
    if (err instanceof InvalidArgumentError)
      return errorReply(400, 'One or more of the arguments submitted is incorrect', err);
    if (err instanceof OrchestrationAlreadyExistsError)
      return errorReply(500, 'Something went wrong while processing your request', err);
    throw err;
  }
}

function instanceStatus(runtime: DurableRuntime, url: URL, instanceId: string): Reply {
  const q = url.searchParams;
  const status = runtime.getStatus(instanceId, {
    showHistory: bool(q.get('showHistory')) ?? false,
    showHistoryOutput: bool(q.get('showHistoryOutput')) ?? false,
    showInput: bool(q.get('showInput')) ?? true,
  });
  if (!status) return { status: 404 };
  const running: RuntimeStatus[] = ['Running', 'Pending', 'ContinuedAsNew'];
  if (running.includes(status.runtimeStatus)) {
    return { status: 202, body: status, headers: { Location: url.href, 'Retry-After': '5' } };
  }
  const failedAs500 = status.runtimeStatus === 'Failed' && bool(q.get('returnInternalServerErrorOnFailure')) === true;
  return { status: failedAs500 ? 500 : 200, body: status };
}

function raiseEvent(
  runtime: DurableRuntime,
  instanceId: string,
  eventName: string,
  contentType: string | undefined,
  body: string,
): Reply {
  // Status is checked before the payload, exactly in this order in HttpApiHandler.
  const status = runtime.getStatus(instanceId, { showInput: false });
  if (!status) return { status: 404 };
  if (['Completed', 'Failed', 'Terminated'].includes(status.runtimeStatus)) return { status: 410 };
  if (!/^application\/json\b/i.test(contentType ?? ''))
    return errorReply(400, 'Only application/json request content is supported');
  let data: unknown;
  try {
    data = JSON.parse(body) as unknown;
  } catch (err) {
    return errorReply(400, 'Invalid JSON content', err);
  }
  const delivery = runtime.raiseEvent(instanceId, eventName, data);
  return { status: delivery === 'notFound' ? 404 : delivery === 'gone' ? 410 : 202 };
}

function listFilter(q: URLSearchParams) {
  const date = (v: string | null) => (v ? new Date(v) : undefined);
  return {
    instanceIdPrefix: q.get('instanceIdPrefix') ?? undefined,
    createdTimeFrom: date(q.get('createdTimeFrom')),
    createdTimeTo: date(q.get('createdTimeTo')),
    runtimeStatus: q
      .getAll('runtimeStatus')
      .flatMap((v) => v.split(','))
      .filter(Boolean) as RuntimeStatus[],
    showInput: bool(q.get('showInput')) ?? false,
  };
}

function bool(value: string | null): boolean | undefined {
  if (value === null) return undefined;
  const v = value.toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

/** HttpRequestMessageExtensions.CreateErrorResponse: Message, plus the exception's details when there is one. */
function errorReply(status: number, message: string, err?: unknown): Reply {
  if (err === undefined) return { status, body: { Message: message } };
  const e = err instanceof Error ? err : new Error(String(err));
  const exceptionType = (e as { exceptionType?: string }).exceptionType ?? `System.${e.name}`;
  return {
    status,
    body: { Message: message, ExceptionMessage: e.message, ExceptionType: exceptionType, StackTrace: e.stack ?? null },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
