// Shared test plumbing: load the sample app once per test file, start runtimes on temp directories.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HttpRequest } from '@azure/functions';
import {
  captureAppAsync,
  DurableRuntime,
  DurableRuntimeOptions,
  Registration,
  scaledClock,
  TimelineEvent,
} from '../../../tools/local-host/durable';

let registrations: Promise<Registration[]> | undefined;
export function loadApp(): Promise<Registration[]> {
  registrations ??= captureAppAsync(() => import('./functions')).then((c) => c.registrations);
  return registrations;
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'durable-runtime-'));
}

/** Durable time runs 10 000x faster: a 5 minute timer takes 30 ms. Shared anchor keeps restarts monotonic. */
export const clock = scaledClock(10_000);

export interface TestRuntime {
  runtime: DurableRuntime;
  timeline: TimelineEvent[];
  http: Array<{ method: string; url: string; status: number }>;
}

export async function startRuntime(dir: string, extra: Partial<DurableRuntimeOptions> = {}): Promise<TestRuntime> {
  const timeline: TimelineEvent[] = [];
  const http: TestRuntime['http'] = [];
  const runtime = await DurableRuntime.start({
    registrations: await loadApp(),
    storeDir: dir,
    clock,
    onLog: (e) => {
      if (e.level === 'error') console.error(e.message);
    },
    ...extra,
    onHistory: (e) => {
      timeline.push(e);
      extra.onHistory?.(e);
    },
    onHttpRequest: (e) => http.push(e),
  });
  return { runtime, timeline, http };
}

/** An HttpRequest as the worker would build it for a route-matched HTTP trigger. */
export function httpRequest(
  runtime: DurableRuntime,
  method: string,
  route: string,
  params: Record<string, string>,
  body?: unknown,
): HttpRequest {
  return new HttpRequest({
    method,
    url: `${runtime.baseUrl}/api/${route}`,
    headers: { 'content-type': 'application/json' },
    params,
    body: body === undefined ? undefined : { string: JSON.stringify(body) },
  });
}

export async function eventually<T>(probe: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
