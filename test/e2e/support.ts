/**
 * The function app on the local host, in-process: the registrations are the app's own TypeScript sources (the same
 * files `func start` loads compiled), the emulator serves ARM, durable time runs fast. Each test file gets its own
 * process (vitest's forks pool), so registrations are captured once per file.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EmulatorOptions, RunningEmulator } from '@privatelink-autopilot/arm-emulator';
import { ArmClients, emulatorTarget } from '../../src/azure/clients';
import { loadFunctionsWith } from '../../tools/local-host/functions';
import { startLocalHost, type LocalHost } from '../../tools/local-host/host';
import { demoSettings } from '../../tools/local-host/main';
import type { Registration, TimelineEvent } from '../../tools/local-host/durable';
import type { StoryWorld } from '../../tools/local-host/stories';

const ROOT = resolve(__dirname, '../..');
let captured: Promise<Registration[]> | undefined;

export function appRegistrations(): Promise<Registration[]> {
  const folder = join(ROOT, 'src', 'functions');
  captured ??= loadFunctionsWith(() =>
    Promise.all(
      readdirSync(folder)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => import(join(folder, f))),
    ),
  );
  return captured;
}

export interface TestHost {
  host: LocalHost;
  emulator: RunningEmulator;
  world: StoryWorld;
  /** Durable milestones, in order. */
  history: TimelineEvent[];
  /** The timeline lines (function logs, host requests). */
  lines: string[];
  /** The functions' log messages as they wrote them (the timeline renders some, such as outcome lines, shorter). */
  logs: string[];
  stateDir: string;
  close(): Promise<void>;
}

export interface TestHostOptions {
  settings?: Record<string, string>;
  emulator?: EmulatorOptions;
  runningEmulator?: RunningEmulator;
  stateDir?: string;
  timeScale?: number;
  clockAnchorMs?: number;
  patienceMs?: number;
  /** A restarted host takes the crashed one's port and key, so Event Grid's webhook URL still reaches it. */
  port?: number;
  functionKey?: string;
  onHistory?: (event: TimelineEvent) => void;
}

export const TIME_SCALE = 600;

export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const history: TimelineEvent[] = [];
  const lines: string[] = [];
  const logs: string[] = [];
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'autopilot-host-'));
  const host = await startLocalHost({
    registrations: await appRegistrations(),
    stateDir,
    settings: { ...demoSettings(ROOT), ...options.settings },
    ...(options.runningEmulator
      ? { runningEmulator: options.runningEmulator }
      : { emulator: { scenario: 'demo', lro: { msBeforeDone: 100 }, ...options.emulator } }),
    timeScale: options.timeScale ?? TIME_SCALE,
    ...(options.clockAnchorMs === undefined ? {} : { clockAnchorMs: options.clockAnchorMs }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.functionKey === undefined ? {} : { functionKey: options.functionKey }),
    timers: false,
    timeline: (line) => lines.push(line),
    onLog: (entry) => logs.push(`${entry.functionName} ${entry.level}: ${entry.message}`),
    onHistory: (event) => {
      history.push(event);
      options.onHistory?.(event);
    },
  });
  const emulator = host.emulator as RunningEmulator;
  const world: StoryWorld = {
    host,
    emulator,
    clients: new ArmClients(emulatorTarget(emulator)),
    patienceMs: options.patienceMs ?? 30_000,
  };
  return { host, emulator, world, history, lines, logs, stateDir, close: () => host.close() };
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

/** The emulator's request log (admin API): which ARM calls were made, by anyone. */
export async function requestLog(emulator: RunningEmulator): Promise<LoggedRequest[]> {
  const ca = await readFile(emulator.caCertPath, 'utf8');
  const body = await new Promise<string>((done, fail) => {
    https
      .get(`${emulator.adminEndpoint}/requests`, { ca }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
        response.on('error', fail);
      })
      .on('error', fail);
  });
  return (JSON.parse(body) as { value: LoggedRequest[] }).value;
}

export async function api(
  host: LocalHost,
  method: string,
  path: string,
  body?: unknown,
  key: string | null = host.functionKey,
): Promise<{ status: number; json: unknown; headers: Headers }> {
  const response = await fetch(`${host.hostUrl}${path}`, {
    method,
    headers: {
      ...(key ? { 'x-functions-key': key } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, json, headers: response.headers };
}

/** Starts of each orchestration instance (first execution and every continue-as-new). */
export function executions(history: readonly TimelineEvent[], instanceId: string): number {
  return history.filter((e) => e.instanceId === instanceId && e.kind === 'orchestrationStarted').length;
}

/** The most passes one run of the instance took (a run starts at pass 1 and continues as new with pass + 1). */
export function longestRun(history: readonly TimelineEvent[], instanceId: string): number {
  const passes = history
    .filter((e) => e.instanceId === instanceId && e.kind === 'orchestrationStarted')
    .map((e) => ((e.detail as { pass?: unknown } | undefined)?.pass as number | undefined) ?? 1);
  return Math.max(0, ...passes);
}

export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined> | T | undefined,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every instance at rest (completed, failed or terminated): the system has gone quiet. */
export async function quiet(host: LocalHost, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    'every orchestration to finish',
    timeoutMs,
    () =>
      host.runtime
        .listInstances()
        .every((s) => !['Pending', 'Running', 'ContinuedAsNew'].includes(String(s.runtimeStatus))) || undefined,
  );
}

/** An Event Grid ResourceWriteSuccess for a resource, as the system topic delivers it (one element of the array). */
export function writeEvent(resourceId: string, operationName: string, id: string): Record<string, unknown> {
  const subscriptionId = resourceId.split('/')[2] ?? '';
  return {
    subject: resourceId,
    eventType: 'Microsoft.Resources.ResourceWriteSuccess',
    eventTime: new Date().toISOString(),
    id,
    data: {
      authorization: { scope: resourceId, action: operationName, evidence: { role: 'Contributor' } },
      resourceProvider: operationName.split('/')[0],
      resourceUri: resourceId,
      operationName,
      status: 'Succeeded',
      subscriptionId,
      tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    },
    dataVersion: '2',
    metadataVersion: '1',
    topic: `/subscriptions/${subscriptionId}`,
  };
}

/** POSTs a delivery to the host's Event Grid webhook, as Event Grid (or the emulator) does. */
export async function deliver(host: LocalHost, events: unknown[]): Promise<number> {
  const response = await fetch(
    `${host.hostUrl}/runtime/webhooks/eventgrid?functionName=resourceEvents&code=${encodeURIComponent(host.functionKey)}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
      body: JSON.stringify(events),
    },
  );
  await response.text();
  return response.status;
}
