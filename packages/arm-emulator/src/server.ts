import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_PREFIX, handleAdmin, type AdminParts } from './admin';
import type { EventSink, FaultSource, Scenario, ThrottleConfigChange, Throttler } from './contracts';
import { ArmError } from './errors';
import { EventDispatcher } from './events';
import { FaultInjector } from './faults';
import { DEFAULT_LRO_TIMING, LroEngine, type LroTiming } from './lro';
import { DEFAULT_PAGING, type PagingConfig } from './paging';
import { ArmPipeline, errorAnswer } from './pipeline';
import type { EmulatorProvider, ProviderApi } from './provider';
import { BUILT_IN_PROVIDERS } from './providers';
import { resourcesProvider } from './providers/resources';
import { PrivateLinkTargets } from './private-link';
import { Router } from './router';
import { applyScenario, ScenarioError, type ScenarioResult } from './scenario-loader';
import { findScenario, scenarioNames } from './scenarios';
import { EmulatorState } from './state';
import { TokenBuckets } from './throttle';
import { makeCertificates } from './tls';
import type { MomentReader, WriteLog } from './write-log';

export interface EmulatorOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** Where the CA certificate is written; default a fresh temporary directory, removed on close. */
  certDir?: string;
  /** A scenario (or the name of a built-in one) loaded before the emulator answers. */
  scenario?: Scenario | string;
  /** Emit events for the scenario's operations (default false: a scenario is the world as found). */
  scenarioEvents?: boolean;
  /** Webhook URLs that receive Event Grid events. */
  eventsTo?: string[];
  lro?: Partial<LroTiming>;
  paging?: Partial<PagingConfig>;
  /** ARM's buckets and Private DNS's limits, both on by default; change what a test needs. */
  throttle?: ThrottleConfigChange;
  /**
   * The emulator's scaled clock: emulated seconds per wall second. Fault rules' `durationSeconds`, Event Grid's retry
   * schedule and time to live, and (unless `throttle.privateDns.timeScale` says otherwise) Private DNS's per-minute
   * limits run on it. Default: `throttle.privateDns.timeScale` when given (the local host sets it to its own durable
   * time scale), else 1.
   */
  timeScale?: number;
  /** Seed for fault probabilities (default 1), so runs replay. */
  faultSeed?: number;
  /** Extra providers (tests); the built-in ones are always registered. */
  providers?: EmulatorProvider[];
  /** Replacements for the default behaviours. */
  throttler?: Throttler;
  faults?: FaultSource;
  events?: EventSink;
  /** Entries kept in the request log (default 10,000). */
  requestLogLimit?: number;
}

export interface RunningEmulator {
  /** `https://127.0.0.1:<port>`. */
  armEndpoint: string;
  /** PEM file of the CA to trust for this emulator only. */
  caCertPath: string;
  /** `https://127.0.0.1:<port>/_admin`. */
  adminEndpoint: string;
  port: number;
  state: EmulatorState;
  lro: LroEngine;
  faults: FaultSource;
  throttler: Throttler;
  events: EventSink;
  paging: PagingConfig;
  /** Emulated seconds per wall second (see `EmulatorOptions.timeScale`). */
  timeScale: number;
  /** Every write that reached a handler, with its body and what it applied to; observers see each at its moment. */
  writes: WriteLog;
  /** A GET answered from the state as it is now, synchronously, without auth, throttling, faults or log (undefined for an error). */
  read: MomentReader;
  loadScenario(scenario: Scenario | string, emitEvents?: boolean): Promise<ScenarioResult>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const state = new EmulatorState();
  const router = new Router();
  const targets = new PrivateLinkTargets();
  const lro = new LroEngine({ ...DEFAULT_LRO_TIMING, ...options.lro }, () => new Date());
  const timeScale = options.timeScale ?? options.throttle?.privateDns?.timeScale ?? 1;
  if (!Number.isFinite(timeScale) || timeScale <= 0)
    throw new RangeError(`emulator: "timeScale" must be a number > 0, got ${JSON.stringify(timeScale)}`);
  const throttle: ThrottleConfigChange | undefined =
    options.timeScale === undefined
      ? options.throttle
      : { ...options.throttle, privateDns: { timeScale, ...options.throttle?.privateDns } };
  const throttler = options.throttler ?? new TokenBuckets(throttle);
  if (options.throttler && throttle) throttler.configure(throttle);
  const faults = options.faults ?? new FaultInjector(options.faultSeed ?? 1, { timeScale });
  const events = options.events ?? new EventDispatcher({ timeScale });
  const paging: PagingConfig = { ...DEFAULT_PAGING, ...options.paging };
  let baseUrl = '';
  const resourceGroupDeleteHooks: Parameters<ProviderApi['onResourceGroupDelete']>[0][] = [];

  const pipeline = new ArmPipeline({
    state,
    router,
    targets,
    lro,
    throttler,
    faults,
    events,
    paging,
    baseUrl: () => baseUrl,
    requestLogLimit: options.requestLogLimit ?? 10_000,
  });
  lro.registerRoutes(router);
  const api: ProviderApi = {
    route: (methods, template, handler) => {
      for (const method of Array.isArray(methods) ? methods : [methods]) router.add(method, template, handler);
    },
    registerPrivateLinkTarget: (type, target) => targets.register(type, target),
    onResourceGroupDelete: (hook) => resourceGroupDeleteHooks.push(hook),
  };
  for (const provider of [
    resourcesProvider(resourceGroupDeleteHooks),
    ...BUILT_IN_PROVIDERS,
    ...(options.providers ?? []),
  ]) {
    try {
      provider.register(api);
    } catch (error) {
      throw new Error(`emulator provider ${provider.name}: ${(error as Error).message}`, { cause: error });
    }
  }

  const admin: AdminParts = { state, pipeline, lro, faults, throttler, events, paging, findScenario, scenarioNames };
  const certificates = await makeCertificates();
  const server = createServer({ key: certificates.serverKey, cert: certificates.serverCert }, (req, res) => {
    serve(req, res, pipeline, admin, baseUrl).catch((error: unknown) => {
      process.stderr.write(`emulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const port = await listen(server, options.port ?? 0);
  baseUrl = `https://127.0.0.1:${port}`;

  const ownsCertDir = options.certDir === undefined;
  const certDir = options.certDir ?? (await mkdtemp(join(tmpdir(), 'privatelink-autopilot-emulator-')));
  await mkdir(certDir, { recursive: true });
  const caCertPath = join(certDir, `emulator-ca-${port}.pem`);
  await writeFile(caCertPath, certificates.caCert, { mode: 0o644 });

  const loadScenario = async (scenario: Scenario | string, emitEvents = false): Promise<ScenarioResult> => {
    const resolved = typeof scenario === 'string' ? findScenario(scenario) : scenario;
    if (!resolved)
      throw new ScenarioError(
        `scenario "${String(scenario)}" is not a named scenario (known: ${scenarioNames().join(', ')})`,
      );
    return applyScenario(pipeline, resolved, emitEvents);
  };

  const close = async (): Promise<void> => {
    lro.reset();
    await events.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(ownsCertDir ? certDir : caCertPath, { recursive: true, force: true });
  };

  try {
    for (const url of options.eventsTo ?? []) await events.subscribe(url);
    if (options.scenario !== undefined) await loadScenario(options.scenario, options.scenarioEvents ?? false);
  } catch (error) {
    await close();
    throw error;
  }

  return {
    armEndpoint: baseUrl,
    caCertPath,
    adminEndpoint: `${baseUrl}${ADMIN_PREFIX}`,
    port,
    state,
    lro,
    faults,
    throttler,
    events,
    paging,
    timeScale,
    writes: pipeline.writes,
    read: (path) => pipeline.readNow(path),
    loadScenario,
    close,
  };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  pipeline: ArmPipeline,
  admin: AdminParts,
  baseUrl: string,
): Promise<void> {
  const url = new URL(req.url ?? '/', baseUrl);
  let body: unknown;
  try {
    body = await readJsonBody(req);
  } catch (error) {
    return send(res, errorAnswer(error));
  }
  if (url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`)) {
    let answer;
    try {
      answer = await handleAdmin(admin, (req.method ?? 'GET').toUpperCase(), url.pathname, url.searchParams, body);
    } catch (error) {
      answer = errorAnswer(
        error instanceof ScenarioError ? new ArmError(400, 'InvalidScenario', error.message) : error,
      );
    }
    return send(res, answer);
  }
  await pipeline.handleHttp(req, res, url, body);
}

function send(res: ServerResponse, answer: { status: number; body?: unknown; headers?: Record<string, string> }): void {
  const payload = answer.body === undefined ? undefined : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...answer.headers,
    ...(payload === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' }),
  });
  res.end(payload);
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new ArmError(413, 'RequestEntityTooLarge', `The request body exceeds ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim().length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      `The request content was invalid and could not be deserialized: ${(error as Error).message}`,
    );
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
