import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const REST_EXAMPLES = resolve(__dirname, '../fixtures/reference/rest-examples');

export interface RestExample {
  parameters: Record<string, unknown>;
  responses: Record<string, { body?: unknown; headers?: Record<string, string> }>;
}

/** Reads one of Microsoft's examples from the repository copy, e.g. `documentdb/CosmosDBDatabaseAccountGet.2025-04-15.json`. */
export function restExample(relativePath: string): RestExample {
  return JSON.parse(readFileSync(resolve(REST_EXAMPLES, relativePath), 'utf8')) as RestExample;
}

export function exampleBody(relativePath: string, status = '200'): unknown {
  const response = restExample(relativePath).responses[status];
  if (response?.body === undefined) throw new Error(`${relativePath} has no ${status} body`);
  return response.body;
}
