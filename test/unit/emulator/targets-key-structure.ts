import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Recursive key sets for comparing emulator bodies with Microsoft's examples: `properties.locations[].id` names a key
 * inside array items. Keys under a path listed in `mapPaths` are caller-chosen names (a resource ID in
 * `userAssignedIdentities`, a tag name) and collapse to `*`.
 */
export function keyPaths(value: unknown, mapPaths: readonly string[] = [], prefix = ''): Set<string> {
  const paths = new Set<string>();
  if (Array.isArray(value)) {
    for (const item of value) for (const path of keyPaths(item, mapPaths, `${prefix}[]`)) paths.add(path);
    return paths;
  }
  if (typeof value !== 'object' || value === null) return paths;
  for (const [key, child] of Object.entries(value)) {
    const path = prefix === '' ? key : `${prefix}.${mapPaths.includes(prefix) ? '*' : key}`;
    paths.add(path);
    for (const nested of keyPaths(child, mapPaths, path)) paths.add(nested);
  }
  return paths;
}

export interface KeyStructureDiff {
  /** Keys the example has and the emulator lacks. */
  missing: string[];
  /** Keys the emulator has beyond the example that are not allowed explicitly. */
  unexpected: string[];
}

/**
 * Every key of the example must be in the actual body; keys beyond it must be listed in `allowedExtra` (spec-defined
 * properties that this particular example happens to leave out).
 */
export function compareKeyStructure(
  example: unknown,
  actual: unknown,
  options: { allowedExtra?: readonly string[]; mapPaths?: readonly string[] } = {},
): KeyStructureDiff {
  const expected = keyPaths(example, options.mapPaths);
  const got = keyPaths(actual, options.mapPaths);
  const allowed = new Set(options.allowedExtra ?? []);
  return {
    missing: [...expected].filter((path) => !got.has(path)).sort(),
    unexpected: [...got].filter((path) => !expected.has(path) && !allowed.has(path)).sort(),
  };
}

const REST_EXAMPLES = resolve(__dirname, '../../fixtures/reference/rest-examples');

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
