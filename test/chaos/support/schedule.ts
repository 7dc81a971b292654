/**
 * A chaos schedule: what goes wrong (ARM faults, a host crash, duplicated, reordered, late and forged events) and what
 * people do meanwhile (regions added and removed, endpoints created and deleted, managed records deleted, changed and
 * taken over, sweeps and reconciles), drawn by
 * fast-check from one seed, so every run can be replayed from the seed it prints.
 */
import fc from 'fast-check';
import type { FaultRule } from '@privatelink-autopilot/arm-emulator';

/** Optional Cosmos DB regions of seed-cosmos besides its first one, West US, which stays. */
export const OPTIONAL_REGIONS = ['Central US', 'West Europe', 'East US', 'North Europe'] as const;

export type Action =
  /** seed-cosmos's regions become West US plus these (an account write: every endpoint asks for Recreate). */
  | { kind: 'regions'; regions: string[] }
  /** A new Key Vault and a manual endpoint whose connection arrives Pending with this request message. */
  | { kind: 'vault'; message: string }
  /** A new Cosmos DB account (West US plus these regions) with an auto-approved endpoint. */
  | { kind: 'cosmos'; regions: string[] }
  /** A new Mongo vCore cluster with an auto-approved endpoint. */
  | { kind: 'mongo' }
  /** An existing endpoint (picked among those alive) is deleted. */
  | { kind: 'delete-endpoint'; pick: number }
  /** An endpoint created by the schedule is deleted and created again at once. */
  | { kind: 'recreate-endpoint'; pick: number }
  /** The SaaS provider approves the Elastic Cloud connection on its side (no event concerns us). */
  | { kind: 'elastic-approve' }
  /** The sweep timer fires. */
  | { kind: 'sweep' }
  /** POST /api/reconcile {subscriptionId}: the catch-up after deploying. */
  | { kind: 'catch-up' }
  /** POST /api/reconcile {resourceId} of a target picked among those alive. */
  | { kind: 'reconcile'; pick: number }
  /** An event of this run delivered again, late (after what it reported may have changed). */
  | { kind: 'late-event'; pick: number }
  /** An event naming something outside the scope, delivered to the webhook. */
  | { kind: 'forged-event'; variant: number }
  /** The host dies after this many more activity completions; a new host on the same state replays. */
  | { kind: 'crash'; afterActivities: number }
  /** An ARM fault rule from now on. */
  | { kind: 'fault'; rule: FaultRule }
  /** A person deletes a record the app manages (picked among those in the zone scope), through ARM. */
  | { kind: 'record-delete'; pick: number }
  /** A person points a record the app manages at another IP, keeping its metadata. */
  | { kind: 'record-change'; pick: number }
  /** A person takes a record the app manages over: our metadata removed, another IP. The app must leave it alone. */
  | { kind: 'record-take-over'; pick: number };

export interface TimedAction {
  action: Action;
  /** Wall-clock pause after the action, so the next one lands while the app works. */
  pauseMs: number;
}

export type PolicyVariant = 'demo' | 'invalid' | 'missing';

/** `two-hubs`: the demo world plus two regional hubs, each with its own copy of the Cosmos DB zone (issue 18). */
export type ChaosWorld = 'demo' | 'two-hubs';

export interface Schedule {
  world: ChaosWorld;
  /** Seeds the emulator's fault probabilities. */
  faultSeed: number;
  eventFaults: { duplicateProbability: number; reorder: boolean };
  /** ARM's own token buckets (reads 250, refilled 25/s; writes and deletes 200, 10/s): 429 with Retry-After when drained. */
  armThrottling: boolean;
  /**
   * The SaaS provider approved the Elastic connection before the app was deployed. Otherwise the catch-up run waits
   * for that approval, looking again every 30 durable minutes, until a schedule's `elastic-approve` (or the run's end).
   */
  elasticApprovedBefore: boolean;
  policy: PolicyVariant;
  /** ARM fault rules in force from the start (more may come with the actions); each fires a few times at most. */
  faults: FaultRule[];
  actions: TimedAction[];
}

const RECORDS = '/providers/Microsoft\\.Network/privateDnsZones/[^/]+/A/[^/]+$';
const ENDPOINT = '/providers/Microsoft\\.Network/privateEndpoints/[^/]+$';
const CONNECTION = '/privateEndpointConnections/[^/]+$';

/** Where faults land: each kind only where ARM answers it. */
const TARGETS: ReadonlyArray<{ method?: string; path: string; kinds: FaultRule['kind'][] }> = [
  { method: 'PUT', path: RECORDS, kinds: ['throttle', 'server-error', 'reset', 'etag-race', 'delay'] },
  { method: 'DELETE', path: RECORDS, kinds: ['throttle', 'server-error', 'reset', 'etag-race', 'delay'] },
  {
    method: 'GET',
    path: '/providers/Microsoft\\.Network/privateDnsZones/[^/]+/(A|ALL)$',
    kinds: ['throttle', 'server-error', 'reset', 'delay'],
  },
  {
    method: 'GET',
    path: '/providers/Microsoft\\.Network/privateDnsZones$',
    kinds: ['throttle', 'server-error', 'reset'],
  },
  { method: 'PUT', path: ENDPOINT, kinds: ['lro-failed', 'conflict', 'throttle', 'server-error', 'reset', 'delay'] },
  { method: 'GET', path: ENDPOINT, kinds: ['throttle', 'server-error', 'reset', 'delay', 'conflict'] },
  {
    method: 'GET',
    path: '/providers/Microsoft\\.Network/(privateEndpoints|networkInterfaces)$',
    kinds: ['throttle', 'server-error', 'reset'],
  },
  { method: 'GET', path: '/networkInterfaces/[^/]+$', kinds: ['throttle', 'server-error', 'reset', 'delay'] },
  { method: 'PUT', path: CONNECTION, kinds: ['lro-failed', 'conflict', 'throttle', 'server-error', 'reset', 'delay'] },
  {
    method: 'GET',
    path: '/privateEndpointConnections(/[^/]+)?$',
    kinds: ['throttle', 'server-error', 'reset', 'delay'],
  },
  {
    method: 'GET',
    path: '/(operations|operationsStatus|operationResults|privateDnsOperationStatuses)/[^/]+$',
    kinds: ['throttle', 'server-error', 'reset'],
  },
  {
    method: 'GET',
    path: '/(databaseAccounts|vaults|mongoClusters)/[^/]+$',
    kinds: ['throttle', 'server-error', 'reset', 'delay'],
  },
  { path: '.', kinds: ['throttle', 'server-error', 'reset'] },
];

function faultRule(): fc.Arbitrary<FaultRule> {
  return fc
    .record({
      target: fc.constantFrom(...TARGETS),
      pick: fc.nat(),
      status: fc.boolean(),
      retryAfterSeconds: fc.constantFrom(0, 0, 1),
      delayMs: fc.integer({ min: 20, max: 300 }),
      probability: fc.constantFrom(0.25, 0.5, 1),
      count: fc.integer({ min: 1, max: 3 }),
    })
    .map(({ target, pick, status, retryAfterSeconds, delayMs, probability, count }) => {
      const kind = target.kinds[pick % target.kinds.length] as FaultRule['kind'];
      const rule: FaultRule = { path: target.path, kind, probability, count };
      if (target.method) rule.method = target.method;
      if (kind === 'throttle') rule.retryAfterSeconds = retryAfterSeconds;
      if (kind === 'server-error') rule.status = status ? 503 : 500;
      if (kind === 'conflict') {
        rule.status = status ? 429 : 409;
        rule.retryAfterSeconds = retryAfterSeconds;
      }
      if (kind === 'delay') rule.delayMs = delayMs;
      return rule;
    });
}

const regions = fc
  .subarray([...OPTIONAL_REGIONS])
  .chain((subset) => fc.shuffledSubarray(subset, { minLength: subset.length, maxLength: subset.length }));

const requestMessage = fc.oneof(
  fc.integer({ min: 1, max: 99_999 }).map((n) => `CHG${n} chaos vault`),
  fc.constantFrom('please approve', 'chg123 lower case', ' CHG42 leading space', 'CHG', 'INC0042 not a change', ''),
);

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: regions.map((r): Action => ({ kind: 'regions', regions: r })) },
  { weight: 2, arbitrary: requestMessage.map((message): Action => ({ kind: 'vault', message })) },
  { weight: 1, arbitrary: regions.map((r): Action => ({ kind: 'cosmos', regions: r.slice(0, 2) })) },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: 'mongo' }) },
  { weight: 2, arbitrary: fc.nat().map((pick): Action => ({ kind: 'delete-endpoint', pick })) },
  { weight: 1, arbitrary: fc.nat().map((pick): Action => ({ kind: 'recreate-endpoint', pick })) },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: 'elastic-approve' }) },
  { weight: 2, arbitrary: fc.constant<Action>({ kind: 'sweep' }) },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: 'catch-up' }) },
  { weight: 1, arbitrary: fc.nat().map((pick): Action => ({ kind: 'reconcile', pick })) },
  { weight: 2, arbitrary: fc.nat().map((pick): Action => ({ kind: 'late-event', pick })) },
  { weight: 1, arbitrary: fc.nat({ max: 3 }).map((variant): Action => ({ kind: 'forged-event', variant })) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 4 }).map((afterActivities): Action => ({ kind: 'crash', afterActivities })),
  },
  { weight: 4, arbitrary: faultRule().map((rule): Action => ({ kind: 'fault', rule })) },
  { weight: 2, arbitrary: fc.nat().map((pick): Action => ({ kind: 'record-delete', pick })) },
  { weight: 2, arbitrary: fc.nat().map((pick): Action => ({ kind: 'record-change', pick })) },
  { weight: 1, arbitrary: fc.nat().map((pick): Action => ({ kind: 'record-take-over', pick })) },
);

export const scheduleArbitrary: fc.Arbitrary<Omit<Schedule, 'world'>> = fc.record({
  faultSeed: fc.integer({ min: 1, max: 0x7fff_ffff }),
  eventFaults: fc.record({ duplicateProbability: fc.constantFrom(0, 0, 0.3, 1), reorder: fc.boolean() }),
  // One run in eight: the app's passes read enough to drain ARM's read bucket, and each such run takes seconds longer.
  armThrottling: fc.constantFrom(true, false, false, false, false, false, false, false),
  elasticApprovedBefore: fc.constantFrom(true, true, false),
  policy: fc.constantFrom<PolicyVariant>('demo', 'demo', 'demo', 'demo', 'invalid', 'missing'),
  faults: fc.array(faultRule(), { minLength: 1, maxLength: 4 }),
  actions: fc.array(fc.record({ action, pauseMs: fc.constantFrom(0, 0, 50, 150, 400) }), {
    minLength: 2,
    maxLength: 7,
  }),
});

/** The schedule a seed stands for (the same on every machine and every run). */
export function scheduleFor(seed: number): Schedule {
  const [schedule] = fc.sample(scheduleArbitrary, { seed, numRuns: 1 });
  if (!schedule) throw new Error(`no schedule for seed ${seed}`);
  return { world: worldFor(seed), ...schedule };
}

/** Every third seed plays in the two-hub world; taken from the seed, not drawn, so other seeds replay as they did. */
export function worldFor(seed: number): ChaosWorld {
  return seed % 3 === 0 ? 'two-hubs' : 'demo';
}

export function describeAction(action: Action): string {
  switch (action.kind) {
    case 'regions':
    case 'cosmos':
      return `${action.kind}(${['West US', ...action.regions].join(', ')})`;
    case 'vault':
      return `vault(${JSON.stringify(action.message)})`;
    case 'fault': {
      const r = action.rule;
      return `fault(${r.kind}${r.status ? ` ${r.status}` : ''} ${r.method ?? '*'} ${r.path} ×${r.count ?? '∞'} p=${r.probability ?? 1})`;
    }
    case 'crash':
      return `crash(after ${action.afterActivities} activities)`;
    case 'delete-endpoint':
    case 'recreate-endpoint':
    case 'reconcile':
    case 'late-event':
    case 'record-delete':
    case 'record-change':
    case 'record-take-over':
      return `${action.kind}(#${action.pick})`;
    case 'forged-event':
      return `forged-event(${action.variant})`;
    default:
      return action.kind;
  }
}
