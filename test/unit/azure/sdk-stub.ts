/**
 * Runs Microsoft's REST example bodies through the real SDK (de)serialisers: a NetworkManagementClient whose HTTP
 * client answers from a table of paths and records what it was sent, so tests see exactly the shapes the adapters
 * get from and give to `@azure/arm-network`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NetworkManagementClient } from '@azure/arm-network';
import { createHttpHeaders, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline';

const REFERENCE = join(__dirname, '..', '..', 'fixtures', 'reference', 'rest-examples');

/** The body of one response of a published example, e.g. `network/privateEndpoints/PrivateEndpointGet.2025-07-01.json`. */
export function exampleBody(path: string, status = '200'): Record<string, unknown> {
  const example = JSON.parse(readFileSync(join(REFERENCE, path), 'utf8')) as { responses: Record<string, { body?: Record<string, unknown> }> };
  const body = example.responses[status]?.body;
  if (!body) throw new Error(`${path}: no ${status} response body`);
  return body;
}

export interface StubAnswer {
  status: number;
  /** Sent as JSON, or as is when a string (e.g. a proxy's HTML error page). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface StubbedNetwork {
  client: NetworkManagementClient;
  /** Requests sent, with their bodies parsed. */
  sent: Array<{ method: string; path: string; body: unknown }>;
}

/** Answers by ARM path (case-insensitive, query ignored); a path not in the table answers 404. */
export function stubNetworkClient(answers: Record<string, StubAnswer>): StubbedNetwork {
  const byPath = new Map(Object.entries(answers).map(([path, answer]) => [path.toLowerCase(), answer]));
  const sent: StubbedNetwork['sent'] = [];
  const httpClient: HttpClient = {
    async sendRequest(request: PipelineRequest) {
      const path = new URL(request.url).pathname;
      sent.push({ method: request.method, path, body: typeof request.body === 'string' ? JSON.parse(request.body) : undefined });
      const answer = byPath.get(path.toLowerCase()) ?? { status: 404, body: { error: { code: 'NotFound', message: `no stub for ${path}` } } };
      return {
        request,
        status: answer.status,
        headers: createHttpHeaders({ 'content-type': 'application/json', ...answer.headers }),
        bodyAsText: typeof answer.body === 'string' ? answer.body : answer.body === undefined ? '' : JSON.stringify(answer.body),
      };
    },
  };
  const credential = { getToken: async () => ({ token: 'stub', expiresOnTimestamp: Date.now() + 3600_000 }) };
  return { client: new NetworkManagementClient(credential, 'subId', { httpClient, retryOptions: { maxRetries: 0 } }), sent };
}
