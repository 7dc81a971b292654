import type {
  EventDeliveryFaults,
  EventSink,
  FaultRule,
  FaultSource,
  Scenario,
  ThrottleConfigChange,
  Throttler,
} from './contracts';
import type { ArmResponse } from './context';
import { ArmError } from './errors';
import { isJsonObject } from './json';
import type { LroEngine, LroTiming } from './lro';
import type { PagingConfig } from './paging';
import type { ArmPipeline } from './pipeline';
import { applyScenario, parseScenario, ScenarioError } from './scenario-loader';
import type { EmulatorState } from './state';

export const ADMIN_PREFIX = '/_admin';

export interface AdminParts {
  state: EmulatorState;
  pipeline: ArmPipeline;
  lro: LroEngine;
  faults: FaultSource;
  throttler: Throttler;
  events: EventSink;
  paging: PagingConfig;
  findScenario: (name: string) => Scenario | undefined;
  scenarioNames: () => string[];
}

type AdminHandler = (
  parts: AdminParts,
  body: unknown,
  query: URLSearchParams,
  rest: string,
) => Promise<ArmResponse> | ArmResponse;

const ok = (body: unknown): ArmResponse => ({ status: 200, body });

/**
 * The admin API: plain JSON, no authentication, on the same HTTPS server under `/_admin`. Every route is listed by
 * `GET /_admin`.
 */
const ROUTES: Record<string, { describe: string; handle: AdminHandler }> = {
  'GET /state': { describe: 'snapshot of every subscription and resource', handle: (p) => ok(p.state.snapshot()) },
  'POST /reset': {
    describe: 'empty the state, drop running LROs, the request log and the write log (faults and throttling stay)',
    handle: (p) => {
      p.state.reset();
      p.lro.reset();
      p.pipeline.clearLog();
      return ok({ reset: true });
    },
  },
  'POST /scenario': {
    describe: 'load a scenario: body {name} for a named one, or {name, description, steps}; ?events=true emits events',
    handle: async (p, body, query) =>
      ok(await applyScenario(p.pipeline, scenarioFrom(p, body), query.get('events') === 'true')),
  },
  'GET /scenarios': { describe: 'names of the built-in scenarios', handle: (p) => ok({ value: p.scenarioNames() }) },
  'GET /requests': {
    describe: 'request log: {time, method, path, status, durationMs, fault?}',
    handle: (p) => ok({ value: p.pipeline.log }),
  },
  'DELETE /requests': {
    describe: 'clear the request log, the write log and counters',
    handle: (p) => (p.pipeline.clearLog(), ok({ cleared: true })),
  },
  'GET /writes': {
    describe:
      'write log: writes past authentication and throttling, {seq, time, method, path, body?, before, reached, status}',
    handle: (p) => ok({ value: p.pipeline.writes.entries() }),
  },
  'GET /counters': {
    describe: 'per-route counters: {method, route, count, statuses}',
    handle: (p) => ok({ value: p.pipeline.routeCounters() }),
  },
  'GET /faults': { describe: 'active fault rules with hits', handle: (p) => ok({ value: p.faults.list() }) },
  'POST /faults': {
    describe: 'add a fault rule (FaultRule) or {rules: FaultRule[]}',
    handle: (p, body) => {
      const rules = isJsonObject(body) && Array.isArray(body.rules) ? body.rules : [body];
      return { status: 201, body: { value: rules.map((rule) => p.faults.add(rule as FaultRule)) } };
    },
  },
  'DELETE /faults': {
    describe: 'remove every fault rule, or /faults/{id} for one',
    handle: (p, _body, _query, id) => {
      if (!id) return (p.faults.clear(), ok({ cleared: true }));
      if (!p.faults.remove(id)) throw new ArmError(404, 'FaultRuleNotFound', `No fault rule has id '${id}'.`);
      return ok({ removed: id });
    },
  },
  'POST /faults/seed': {
    describe: 'reseed the fault generator: {seed: number}',
    handle: (p, body) => ok({ seed: (p.faults.reseed(numberField(body, 'seed')), numberField(body, 'seed')) }),
  },
  'GET /throttle': { describe: 'throttle configuration', handle: (p) => ok(p.throttler.config) },
  'PUT /throttle': {
    describe:
      'change throttling: {enabled, read|write|delete: {capacity, refillPerSecond}, privateDns: {enabled, timeScale, perMinute: {recordSetCreate, ...}}}',
    handle: (p, body) => (p.throttler.configure(objectBody(body) as ThrottleConfigChange), ok(p.throttler.config)),
  },
  'PUT /event-faults': {
    describe: 'event delivery faults: {duplicateProbability, reorder}',
    handle: (p, body) => (p.events.setFaults(objectBody(body) as Partial<EventDeliveryFaults>), ok({ updated: true })),
  },
  'GET /event-subscribers': { describe: 'webhook subscribers', handle: (p) => ok({ value: p.events.subscribers() }) },
  'POST /event-subscribers': {
    describe: 'add a webhook subscriber: {url} (runs the Event Grid validation handshake)',
    handle: async (p, body) => {
      const url = stringBodyField(body, 'url');
      await p.events.subscribe(url);
      return { status: 201, body: { url } };
    },
  },
  'DELETE /event-subscribers': {
    describe: 'remove a subscriber: ?url=...',
    handle: (p, _body, query) => (p.events.unsubscribe(requiredQuery(query, 'url')), ok({ removed: query.get('url') })),
  },
  'GET /event-deliveries': {
    describe:
      'what became of event deliveries: {delivered, retries, deadLettered: [{subscriber, reason, attempts, lastProblem, eventIds}]}',
    handle: (p) => ok(p.events.deliveries()),
  },
  'GET /events': {
    describe: 'every event emitted so far, newest last',
    handle: (p) => ok({ value: p.events.emitted() }),
  },
  'GET /lro': {
    describe: 'long-running operations and the completion timing',
    handle: (p) => ok({ timing: p.lro.config, value: p.lro.list() }),
  },
  'PUT /lro': {
    describe: 'LRO timing: {pollsBeforeDone, msBeforeDone (null = polls only), retryAfterSeconds (null = none)}',
    handle: (p, body) => (p.lro.configure(lroTiming(body)), ok(p.lro.config)),
  },
  'POST /lro/fast-forward': {
    describe: 'complete every running LRO now',
    handle: (p) => ok({ completed: p.lro.completeAll() }),
  },
  'GET /paging': { describe: 'page size and empty-first-page setting', handle: (p) => ok(p.paging) },
  'PUT /paging': {
    describe: 'paging: {pageSize, emptyFirstPage}',
    handle: (p, body) => {
      const input = objectBody(body);
      if (input.pageSize !== undefined) p.paging.pageSize = positiveInteger(input.pageSize, 'pageSize');
      if (input.emptyFirstPage !== undefined) p.paging.emptyFirstPage = input.emptyFirstPage === true;
      return ok(p.paging);
    },
  },
};

export async function handleAdmin(
  parts: AdminParts,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
): Promise<ArmResponse> {
  const sub = path.slice(ADMIN_PREFIX.length).replace(/\/+$/, '') || '/';
  if (method === 'GET' && sub === '/') {
    return ok({
      routes: Object.entries(ROUTES).map(([route, r]) => ({
        route: `${route.split(' ')[0]} ${ADMIN_PREFIX}${route.split(' ')[1]}`,
        describe: r.describe,
      })),
    });
  }
  const direct = ROUTES[`${method} ${sub}`];
  const faultId = /^\/faults\/([^/]+)$/.exec(sub);
  try {
    if (direct) return await direct.handle(parts, body, query, '');
    if (method === 'DELETE' && faultId)
      return await (ROUTES['DELETE /faults'] as (typeof ROUTES)[string]).handle(
        parts,
        body,
        query,
        decodeURIComponent(faultId[1] as string),
      );
  } catch (error) {
    if (error instanceof ArmError) throw error;
    if (error instanceof Error) throw new ArmError(400, 'InvalidAdminRequest', error.message);
    throw error;
  }
  throw new ArmError(404, 'NotFound', `No admin route ${method} ${path}; GET ${ADMIN_PREFIX} lists them.`);
}

function scenarioFrom(parts: AdminParts, body: unknown): Scenario {
  const input = objectBody(body);
  if (input.steps === undefined) {
    const name = stringBodyField(input, 'name');
    const named = parts.findScenario(name);
    if (!named)
      throw new ScenarioError(
        `scenario "${name}" is not a named scenario (known: ${parts.scenarioNames().join(', ')})`,
      );
    return named;
  }
  return parseScenario(input);
}

function lroTiming(body: unknown): Partial<LroTiming> {
  const input = objectBody(body);
  const timing: Partial<LroTiming> = {};
  if (input.pollsBeforeDone !== undefined)
    timing.pollsBeforeDone = nonNegativeInteger(input.pollsBeforeDone, 'pollsBeforeDone');
  if (input.msBeforeDone !== undefined)
    timing.msBeforeDone = input.msBeforeDone === null ? null : nonNegativeInteger(input.msBeforeDone, 'msBeforeDone');
  if (input.retryAfterSeconds !== undefined) {
    timing.retryAfterSeconds =
      input.retryAfterSeconds === null ? null : nonNegativeInteger(input.retryAfterSeconds, 'retryAfterSeconds');
  }
  return timing;
}

function nonNegativeInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ArmError(400, 'InvalidAdminRequest', `"${field}": expected an integer >= 0.`);
  }
  return value;
}

function objectBody(body: unknown): Record<string, unknown> {
  if (!isJsonObject(body)) throw new ArmError(400, 'InvalidAdminRequest', 'Expected a JSON object body.');
  return body;
}

function stringBodyField(body: unknown, field: string): string {
  const value = objectBody(body)[field];
  if (typeof value !== 'string' || value.length === 0)
    throw new ArmError(400, 'InvalidAdminRequest', `"${field}": expected a non-empty string.`);
  return value;
}

function numberField(body: unknown, field: string): number {
  const value = objectBody(body)[field];
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new ArmError(400, 'InvalidAdminRequest', `"${field}": expected a number.`);
  return value;
}

function positiveInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ArmError(400, 'InvalidAdminRequest', `"${field}": expected a positive integer.`);
  }
  return value;
}

function requiredQuery(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (!value) throw new ArmError(400, 'InvalidAdminRequest', `query parameter "${name}" is required.`);
  return value;
}
