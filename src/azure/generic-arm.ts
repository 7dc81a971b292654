import { setTimeout as sleep } from 'node:timers/promises';
import { createHttpHeaders, createPipelineRequest, RestError, type PipelineResponse } from '@azure/core-rest-pipeline';
import { MAX_PAGES } from './bounded';
import type { ArmPath } from './arm-ref';
import type { ArmClients } from './clients';
import { armErrorBody, parseJsonText } from './errors';

export interface GenericArmOptions {
  /** Poll interval of long-running operations when ARM sends no `Retry-After` (default 2000 ms, as the SDK). */
  updateIntervalInMs?: number;
  /** Polls before a long-running operation is given up on (default 300). */
  maxPolls?: number;
}

const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'cancelled']);

/**
 * ARM requests for resources without a typed client here (Key Vault and Mongo vCore connections, any other target),
 * through `ArmClients.generic()`, so they are authenticated, retried and counted like the SDK's. Errors are thrown as
 * `RestError` with ARM's code and message, as the typed clients throw them.
 */
export class GenericArm {
  private readonly updateIntervalInMs: number;
  private readonly maxPolls: number;

  constructor(
    private readonly clients: ArmClients,
    options: GenericArmOptions = {},
  ) {
    this.updateIntervalInMs = options.updateIntervalInMs ?? 2000;
    this.maxPolls = options.maxPolls ?? 300;
  }

  async get(path: ArmPath, apiVersion: string): Promise<unknown> {
    return bodyOf(await this.send('GET', this.url(path, apiVersion)));
  }

  /** Every item of a listing, following `nextLink` until it is absent or null (a page may be empty and still link on). */
  async list(path: ArmPath, apiVersion: string): Promise<unknown[]> {
    const items: unknown[] = [];
    let url: string | undefined = this.url(path, apiVersion);
    for (let page = 0; url !== undefined; page++) {
      if (page === MAX_PAGES)
        throw new Error(`GET ${path}: more than ${MAX_PAGES} pages; the nextLink chain does not end`);
      const body = bodyOf(await this.send('GET', url)) as { value?: unknown; nextLink?: unknown } | undefined;
      if (Array.isArray(body?.value)) items.push(...(body.value as unknown[]));
      url =
        typeof body?.nextLink === 'string' && body.nextLink.length > 0
          ? this.sameOrigin(body.nextLink, 'nextLink')
          : undefined;
    }
    return items;
  }

  /** PUT, then follow `Azure-AsyncOperation` (or `Location`) to a terminal state and read the resource again. */
  async putAndWait(path: ArmPath, apiVersion: string, body: unknown): Promise<unknown> {
    const url = this.url(path, apiVersion);
    const first = await this.send('PUT', url, body);
    const asyncUrl = first.headers.get('azure-asyncoperation');
    const locationUrl = first.headers.get('location');
    if (asyncUrl === undefined && (locationUrl === undefined || first.status === 200 || first.status === 201))
      return bodyOf(first);
    await this.waitFor(asyncUrl ?? (locationUrl as string), asyncUrl !== undefined, retryAfterMs(first));
    return bodyOf(await this.send('GET', url));
  }

  private async waitFor(statusUrl: string, isAsyncOperation: boolean, firstDelayMs: number | undefined): Promise<void> {
    const url = this.sameOrigin(statusUrl, isAsyncOperation ? 'Azure-AsyncOperation' : 'Location');
    let delayMs = firstDelayMs ?? this.updateIntervalInMs;
    for (let poll = 0; poll < this.maxPolls; poll++) {
      // The run's deadline cuts the wait short (through a signal of the wait's own, so that many waits do not pile
      // listeners on the run's one signal); the poll after it is then refused as RunDeadlineExceeded.
      const deadline = this.clients.deadline;
      await sleep(delayMs, undefined, deadline ? { signal: AbortSignal.any([deadline]) } : {}).catch(() => undefined);
      const answer = await this.send('GET', url);
      delayMs = retryAfterMs(answer) ?? this.updateIntervalInMs;
      if (!isAsyncOperation) {
        if (answer.status !== 202) return;
        continue;
      }
      const status = bodyOf(answer) as { status?: unknown; error?: unknown } | undefined;
      const state = typeof status?.status === 'string' ? status.status : '';
      if (!TERMINAL.has(state.toLowerCase())) continue;
      if (state.toLowerCase() === 'succeeded') return;
      const error = armErrorBody(status?.error);
      // Worded as core-lro words it, so one classifier reads both.
      throw new Error(
        `The long-running operation has failed. ${error?.code ?? state}. ${error?.message ?? `The operation ended ${state}.`}`,
      );
    }
    throw new Error(`long-running operation ${url}: not finished after ${this.maxPolls} polls`);
  }

  private url(path: ArmPath, apiVersion: string): string {
    const base = this.clients.target.endpoint.replace(/\/+$/, '');
    return `${base}${path}?api-version=${encodeURIComponent(apiVersion)}`;
  }

  /** Links ARM hands out must point back at ARM: the bearer token goes wherever they point. */
  private sameOrigin(link: string, header: string): string {
    const origin = new URL(this.clients.target.endpoint).origin;
    const target = new URL(link, origin);
    if (target.origin !== origin)
      throw new Error(`${header} "${link}" does not point at the ARM endpoint ${origin}; not followed`);
    return target.toString();
  }

  private async send(method: 'GET' | 'PUT', url: string, body?: unknown): Promise<PipelineResponse> {
    const request = createPipelineRequest({
      url,
      method,
      headers: createHttpHeaders({
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const response = await this.clients.generic().sendRequest(request);
    if (response.status >= 400) {
      const detail = armErrorBody(parseJsonText(response.bodyAsText));
      throw new RestError(detail?.message ?? `${method} ${new URL(url).pathname} answered ${response.status}`, {
        code: detail?.code ?? `HTTP${response.status}`,
        statusCode: response.status,
        request,
        response,
      });
    }
    return response;
  }
}

function bodyOf(response: PipelineResponse): unknown {
  return parseJsonText(response.bodyAsText);
}

function retryAfterMs(response: PipelineResponse): number | undefined {
  const seconds = Number(response.headers.get('retry-after') ?? Number.NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
