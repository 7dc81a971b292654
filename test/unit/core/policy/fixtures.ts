import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const REST_EXAMPLES = resolve(__dirname, '../../../fixtures/reference/rest-examples');

export function readRestExample(path: string): unknown {
  return JSON.parse(readFileSync(join(REST_EXAMPLES, path), 'utf8'));
}

/** Every spec example about private endpoint connections, as paths relative to REST_EXAMPLES. */
export function connectionExamplePaths(): string[] {
  return walk(REST_EXAMPLES)
    .filter((file) => /privateendpointconnections?/i.test(file.split('/').pop() ?? ''))
    .map((file) => relative(REST_EXAMPLES, file))
    .sort();
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
