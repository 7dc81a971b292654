/**
 * vitest global setup: gives the chaos shards a directory for their run records, and prints one closing line over
 * every shard once all tests are done (each shard also prints its own).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { summarise, type RunRecord } from './figures';

declare module 'vitest' {
  export interface ProvidedContext {
    chaosResultsDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'autopilot-chaos-'));
  project.provide('chaosResultsDir', dir);
  return () => {
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.jsonl')) : [];
    const records = files.flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as RunRecord),
    );
    if (records.length > 0) console.log(`\n${summarise(records, 'chaos summary')}\n`);
    rmSync(dir, { recursive: true, force: true });
  };
}
