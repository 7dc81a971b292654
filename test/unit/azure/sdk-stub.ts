/**
 * Runs Microsoft's REST example bodies through the real SDK (de)serialisers: SDK clients whose HTTP client answers
 * from a table of paths and records what it was sent, so tests see exactly the shapes the adapters get from and give
 * to `@azure/arm-network`, `@azure/arm-privatedns` and `@azure/arm-cosmosdb`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CosmosDBManagementClient } from '@azure/arm-cosmosdb';
import { NetworkManagementClient } from '@azure/arm-network';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { createHttpHeaders, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline';
import { ArmClients } from '../../../src/azure/clients';

/** The host the stubbed clients send to (their default): nextLinks in stub answers point here. */
export const ARM = 'https://management.azure.com';
const REFERENCE = join(__dirname, '..', '..', 'fixtures', 'reference', 'rest-examples');

/** The body of one response of a published example, e.g. `network/privateEndpoints/PrivateEndpointGet.2025-07-01.json`. */
export function exampleBody(path: string, status = '200'): Record<string, unknown> {
  const example = JSON.parse(readFileSync(join(REFERENCE, path), 'utf8')) as {
    responses: Record<string, { body?: Record<string, unknown> }>;
  };
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

export interface StubbedHttp {
  httpClient: HttpClient;
  /** Requests sent, with their bodies parsed. */
  sent: Array<{ method: string; path: string; body: unknown }>;
}

/** More requests than any test needs: a listing that loops fails fast on this instead of hanging the test. */
const MAX_STUB_REQUESTS = 100;

/** Answers by ARM path (case-insensitive, query ignored); a path not in the table answers 404. */
export function stubHttpClient(answers: Record<string, StubAnswer>): StubbedHttp {
  const byPath = new Map(Object.entries(answers).map(([path, answer]) => [path.toLowerCase(), answer]));
  const sent: StubbedHttp['sent'] = [];
  const httpClient: HttpClient = {
    async sendRequest(request: PipelineRequest) {
      const path = new URL(request.url).pathname;
      if (sent.length === MAX_STUB_REQUESTS)
        throw new Error(`stub: more than ${MAX_STUB_REQUESTS} requests, the last to ${path}`);
      sent.push({
        method: request.method,
        path,
        body: typeof request.body === 'string' ? JSON.parse(request.body) : undefined,
      });
      const answer = byPath.get(path.toLowerCase()) ?? {
        status: 404,
        body: { error: { code: 'NotFound', message: `no stub for ${path}` } },
      };
      return {
        request,
        status: answer.status,
        headers: createHttpHeaders({ 'content-type': 'application/json', ...answer.headers }),
        bodyAsText:
          typeof answer.body === 'string' ? answer.body : answer.body === undefined ? '' : JSON.stringify(answer.body),
      };
    },
  };
  return { httpClient, sent };
}

const credential = { getToken: async () => ({ token: 'stub', expiresOnTimestamp: Date.now() + 3600_000 }) };

export function stubNetworkClient(answers: Record<string, StubAnswer>): StubbedNetwork {
  const { httpClient, sent } = stubHttpClient(answers);
  return {
    client: new NetworkManagementClient(credential, 'subId', { httpClient, retryOptions: { maxRetries: 0 } }),
    sent,
  };
}

/** ArmClients whose typed clients (network, private DNS, Cosmos DB) all answer from one table, for the adapters. */
export function stubArmClients(answers: Record<string, StubAnswer>): {
  clients: ArmClients;
  sent: StubbedHttp['sent'];
} {
  const { httpClient, sent } = stubHttpClient(answers);
  const options = { httpClient, retryOptions: { maxRetries: 0 } };
  class StubbedClients extends ArmClients {
    override network(subscriptionId: string): NetworkManagementClient {
      return new NetworkManagementClient(credential, subscriptionId, options);
    }
    override privateDns(subscriptionId: string): PrivateDnsManagementClient {
      return new PrivateDnsManagementClient(credential, subscriptionId, options);
    }
    override cosmos(subscriptionId: string): CosmosDBManagementClient {
      return new CosmosDBManagementClient(credential, subscriptionId, options);
    }
  }
  return { clients: new StubbedClients({ endpoint: ARM, audience: `${ARM}/.default` }, { credential }), sent };
}
