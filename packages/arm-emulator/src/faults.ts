import type { ActiveFaultRule, FaultKind, FaultMatch, FaultRule, FaultSource } from './contracts';
import { createSeededRandom, type SeededRandom } from './seeded-random';

export const FAULT_KINDS: readonly FaultKind[] = [
  'throttle',
  'server-error',
  'reset',
  'delay',
  'lro-failed',
  'conflict',
  'etag-race',
  'authorization-failed',
];

/** Which `status` values each kind accepts; kinds not listed take no `status`. */
const STATUSES_BY_KIND: Partial<Record<FaultKind, readonly number[]>> = {
  'server-error': [500, 503],
  conflict: [409, 429],
};

const RULE_FIELDS = new Set([
  'id',
  'method',
  'path',
  'scope',
  'kind',
  'status',
  'code',
  'retryAfterSeconds',
  'delayMs',
  'probability',
  'count',
  'durationSeconds',
]);

export class FaultRuleError extends Error {
  constructor(
    readonly field: string,
    expected: string,
    got: unknown,
  ) {
    super(`fault rule: "${field}" ${expected}, got ${describe(got)}`);
    this.name = 'FaultRuleError';
  }
}

/** Validates a rule from the admin API (JSON) or from code; errors name the field and what was expected. */
export function parseFaultRule(value: unknown): FaultRule {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new FaultRuleError('(rule)', 'must be a JSON object', value);
  }
  const input = value as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!RULE_FIELDS.has(key)) {
      throw new FaultRuleError(
        key,
        `is not a fault rule field (expected one of ${[...RULE_FIELDS].join(', ')})`,
        input[key],
      );
    }
  }

  const kind = input.kind;
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new FaultRuleError('kind', `must be one of ${FAULT_KINDS.join(', ')}`, kind);
  }
  if (input.path === undefined && input.scope === undefined) {
    throw new FaultRuleError('path', 'must be a non-empty string (or give "scope", an ARM ID)', undefined);
  }
  const rule: FaultRule = { kind: kind as FaultKind };
  if (input.path !== undefined) rule.path = parsePath(input.path);
  if (input.scope !== undefined) rule.scope = parseScope(input.scope);

  if (input.id !== undefined) rule.id = nonEmptyString('id', input.id);
  if (input.method !== undefined) {
    const method = nonEmptyString('method', input.method);
    if (!/^[A-Za-z]+$/.test(method))
      throw new FaultRuleError('method', 'must be an HTTP method such as GET or PUT', method);
    rule.method = method.toUpperCase();
  }
  if (input.status !== undefined) {
    const allowed = STATUSES_BY_KIND[rule.kind];
    if (!allowed)
      throw new FaultRuleError(
        'status',
        `is not used by kind "${rule.kind}" (only by server-error and conflict)`,
        input.status,
      );
    if (typeof input.status !== 'number' || !allowed.includes(input.status)) {
      throw new FaultRuleError('status', `must be one of ${allowed.join(', ')} for kind "${rule.kind}"`, input.status);
    }
    rule.status = input.status;
  }
  if (input.code !== undefined) rule.code = nonEmptyString('code', input.code);
  if (input.retryAfterSeconds !== undefined)
    rule.retryAfterSeconds = integerAtLeast('retryAfterSeconds', input.retryAfterSeconds, 0);
  if (input.delayMs !== undefined) rule.delayMs = integerAtLeast('delayMs', input.delayMs, 0);
  if (rule.kind === 'delay' && rule.delayMs === undefined) {
    throw new FaultRuleError(
      'delayMs',
      'is required for kind "delay" (an integer number of milliseconds >= 0)',
      undefined,
    );
  }
  if (input.probability !== undefined) {
    const p = input.probability;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1))
      throw new FaultRuleError('probability', 'must be a number in [0, 1]', p);
    rule.probability = p;
  }
  if (input.count !== undefined) rule.count = integerAtLeast('count', input.count, 1);
  if (input.durationSeconds !== undefined) {
    const d = input.durationSeconds;
    if (typeof d !== 'number' || !Number.isFinite(d) || d <= 0)
      throw new FaultRuleError('durationSeconds', 'must be a number of seconds > 0', d);
    rule.durationSeconds = d;
  }
  return rule;
}

interface ActiveRule {
  rule: FaultRule & { id: string };
  pattern: RegExp | undefined;
  /** Lower-cased scope without a trailing slash. */
  scope: string | undefined;
  /** Wall-clock ms after which the rule has lapsed. */
  expiresAtMs: number | undefined;
  hits: number;
}

export interface FaultInjectorClock {
  /** Emulated seconds per wall second (default 1): a rule's `durationSeconds` lasts `durationSeconds / timeScale` s. */
  timeScale?: number;
  /** Wall clock in ms (default `Date.now`). */
  now?: () => number;
}

/**
 * Seeded, replayable fault injection: the same seed and the same sequence of requests give the same decisions.
 * Rules are tried in the order they were added; the first one that fires wins.
 */
export class FaultInjector implements FaultSource {
  private rules: ActiveRule[] = [];
  private random: SeededRandom;
  private nextId = 1;

  private readonly timeScale: number;
  private readonly now: () => number;

  constructor(seed: number, clock: FaultInjectorClock = {}) {
    this.random = createSeededRandom(seed);
    this.timeScale = clock.timeScale ?? 1;
    if (!Number.isFinite(this.timeScale) || this.timeScale <= 0)
      throw new RangeError(`fault injector: "timeScale" must be a number > 0, got ${String(clock.timeScale)}`);
    this.now = clock.now ?? Date.now;
  }

  add(rule: FaultRule): FaultRule & { id: string } {
    const parsed = parseFaultRule(rule);
    const id = parsed.id ?? this.freshId();
    if (this.rules.some((r) => r.rule.id === id)) {
      throw new FaultRuleError('id', 'must be unique among active rules (remove the old rule first)', id);
    }
    const stored = { ...parsed, id };
    this.rules.push({
      rule: stored,
      pattern: stored.path === undefined ? undefined : new RegExp(stored.path, 'i'),
      scope: stored.scope?.toLowerCase().replace(/\/+$/, ''),
      expiresAtMs:
        stored.durationSeconds === undefined
          ? undefined
          : this.now() + (stored.durationSeconds * 1000) / this.timeScale,
      hits: 0,
    });
    return { ...stored };
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.rule.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): ActiveFaultRule[] {
    this.dropLapsed();
    return this.rules.map((r) => ({
      ...r.rule,
      hits: r.hits,
      ...(r.expiresAtMs === undefined ? {} : { expiresAt: new Date(r.expiresAtMs).toISOString() }),
    }));
  }

  match(method: string, path: string): FaultMatch | undefined {
    const pathOnly = path.split('?', 1)[0] ?? '';
    const upperMethod = method.toUpperCase();
    const lowerPath = pathOnly.toLowerCase();
    this.dropLapsed();
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.count !== undefined && active.hits >= rule.count) continue;
      if (rule.method !== undefined && rule.method !== upperMethod) continue;
      if (active.pattern && !active.pattern.test(pathOnly)) continue;
      if (active.scope !== undefined && lowerPath !== active.scope && !lowerPath.startsWith(`${active.scope}/`))
        continue;
      const probability = rule.probability ?? 1;
      // Draw only for rules that are truly random, so adding a certain rule does not shift other rules' draws.
      if (probability < 1 && !(this.random.next() < probability)) continue;
      active.hits++;
      return { rule: { ...rule } };
    }
    return undefined;
  }

  reseed(seed: number): void {
    this.random = createSeededRandom(seed);
  }

  /** Lapsed rules leave the list, so `GET /_admin/faults` shows what is still in force. */
  private dropLapsed(): void {
    const now = this.now();
    this.rules = this.rules.filter((r) => r.expiresAtMs === undefined || now < r.expiresAtMs);
  }

  private freshId(): string {
    let id: string;
    do id = `fault-${this.nextId++}`;
    while (this.rules.some((r) => r.rule.id === id));
    return id;
  }
}

function parsePath(value: unknown): string {
  const source = nonEmptyString('path', value);
  try {
    new RegExp(source, 'i');
  } catch (error) {
    throw new FaultRuleError('path', `must be a valid regular expression (${(error as Error).message})`, source);
  }
  return source;
}

function parseScope(value: unknown): string {
  const scope = nonEmptyString('scope', value);
  if (!/^\/subscriptions\/[^/]+(\/.*)?$/i.test(scope))
    throw new FaultRuleError('scope', 'must be an ARM ID starting with /subscriptions/{subscriptionId}', scope);
  return scope;
}

function nonEmptyString(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new FaultRuleError(field, 'must be a non-empty string', value);
  return value;
}

function integerAtLeast(field: string, value: unknown, minimum: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new FaultRuleError(field, `must be an integer >= ${minimum}`, value);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
