/**
 * One chaos run: a fresh emulator (the demo world plus bait) and the function app on the local host; the schedule's
 * actions, faults, crash and event mischief; then the faults stop, the system goes quiet, the sweep timer runs twice
 * across its grace period as it would in production, and the invariants are read from the emulator.
 */
import { randomUUID } from 'node:crypto';
import {
  startEmulator,
  TWO_HUBS_FACTS,
  WORKLOAD_SUBSCRIPTION,
  type RunningEmulator,
} from '@privatelink-autopilot/arm-emulator';
import { loadSettings } from '../../../src/core/settings';
import { loadPolicySource } from '../../../src/engine/policy-source';
import { SWEEP_INSTANCE_ID } from '../../../src/orchestrations/contract';
import type { TimelineEvent } from '../../../tools/local-host/durable';
import { api, deliver, requestLog, startTestHost, TIME_SCALE, type TestHost } from '../../e2e/support';
import { figuresOf, type Figures } from './figures';
import { convergence, takenOverUntouched, WriteWatch, type ScopeRules, type Violation } from './invariants';
import { oracleFor } from './oracle';
import { describeAction, scheduleFor, type Action, type Schedule } from './schedule';
import { CHAOS_EXTRAS, DNS_GROUP, forgedEvent, People } from './world';

export interface RunOptions {
  /** Wall-clock limit for the system to go quiet, each time. */
  patienceMs?: number;
}

export interface RunResult {
  seed: number;
  schedule: Schedule;
  violations: Violation[];
  figures: Figures;
  /** What happened, in order (people's actions, crashes, how the run ended), for a failure's message. */
  story: string[];
  /** The emulator's request log: every ARM request the app made. */
  requests: Awaited<ReturnType<typeof requestLog>>;
  /** The hosts' log lines. */
  lines: string[];
}

const BUSY = new Set(['Pending', 'Running', 'ContinuedAsNew']);
const POLICY_SOURCES: Record<Schedule['policy'], string | undefined> = {
  demo: undefined, // the demo settings' examples/demo/policy.json
  invalid:
    'inline:{"version": 1, "defaultAction": "approve", "rules": [{"name": "x", "match": {"requestMessage": "("}, "action": "approve"}]}',
  missing: 'file:/nonexistent/chaos-policy.json',
};

export async function runChaos(seed: number, options: RunOptions = {}): Promise<RunResult> {
  const schedule = scheduleFor(seed);
  const patienceMs = options.patienceMs ?? 60_000;
  const started = Date.now();
  const story: string[] = [];
  const note = (line: string) => story.push(`${((Date.now() - started) / 1000).toFixed(2)}s ${line}`);

  // Private DNS's per-minute limits always, on the durable clock as the host runs them; ARM's buckets as scheduled.
  const emulator = await startEmulator({
    scenario: 'demo',
    lro: { msBeforeDone: 100 },
    faultSeed: schedule.faultSeed,
    throttle: { enabled: schedule.armThrottling, privateDns: { timeScale: TIME_SCALE } },
  });
  await emulator.loadScenario(CHAOS_EXTRAS);
  const hubs = schedule.world === 'two-hubs';
  if (hubs) await emulator.loadScenario('two-hubs');
  const hosts: TestHost[] = [];
  let watch: WriteWatch | undefined;
  try {
    const policy = POLICY_SOURCES[schedule.policy];
    const settings: Record<string, string> = {
      ...(policy ? { AUTOPILOT_POLICY_SOURCE: policy } : {}),
      ...(hubs
        ? { AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: [DNS_GROUP, ...TWO_HUBS_FACTS.dnsResourceGroups].join(',') }
        : {}),
    };
    note(`world: ${schedule.world}`);
    let crashAfter = 0;
    let crashes = 0;
    let restarting: Promise<void> | undefined;
    const onHistory = (event: TimelineEvent): void => {
      if (crashAfter === 0 || event.kind !== 'activityCompleted') return;
      crashAfter -= 1;
      if (crashAfter > 0) return;
      const dying = hosts[hosts.length - 1] as TestHost;
      dying.host.runtime.crash();
      crashes += 1;
      note(`host crashed after ${event.name} completed in ${event.instanceId}`);
      restarting = restart(dying);
    };
    const first = await startTestHost({ runningEmulator: emulator, settings, onHistory });
    hosts.push(first);
    const port = Number(new URL(first.host.hostUrl).port);
    const restart = async (dying: TestHost): Promise<void> => {
      await dying.host.close({ crashed: true });
      hosts.push(
        await startTestHost({
          runningEmulator: emulator,
          settings,
          onHistory,
          stateDir: dying.stateDir,
          clockAnchorMs: dying.host.clockAnchorMs,
          port,
          functionKey: dying.host.functionKey,
        }),
      );
      note('a new host replays the histories');
    };
    const host = async (): Promise<TestHost> => {
      while (restarting) {
        const waiting = restarting;
        await waiting;
        if (restarting === waiting) restarting = undefined;
      }
      return hosts[hosts.length - 1] as TestHost;
    };
    /**
     * A request to the host, sent again if the host died under it or the connection broke (as Event Grid and an
     * operator would): a keep-alive connection pooled before a crash can be found closed only when it is reused.
     */
    const toHost = async <T>(send: (current: TestHost) => Promise<T>, failed: (answer: T) => boolean): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        const current = await host();
        const died = () => attempt < 3 && (restarting !== undefined || current !== hosts[hosts.length - 1]);
        try {
          const answer = await send(current);
          if (!failed(answer) || !died()) return answer;
        } catch (error) {
          if (!died() && !(attempt < 3 && connectionBroke(error))) throw error;
        }
      }
    };

    const appSettings = loadSettings(process.env);
    const oracle = oracleFor(appSettings, loadPolicySource(appSettings.policySource));
    const scope: ScopeRules = {
      subscriptions: appSettings.scopeSubscriptions.map((s) => s.toLowerCase()),
      dnsSubscription: appSettings.dnsZoneSubscription ?? WORKLOAD_SUBSCRIPTION,
      dnsResourceGroups: appSettings.dnsZoneResourceGroups.map((g) => g.toLowerCase()),
      instance: appSettings.instanceId,
    };
    watch = new WriteWatch(emulator, oracle, scope);
    emulator.events.setFaults(schedule.eventFaults);
    const people = new People(emulator, hubs ? [TWO_HUBS_FACTS.accountId] : []);
    const mischief = { late: 0, forged: 0 };
    if (schedule.elasticApprovedBefore) await people.elasticApprove();

    const perform = async (action: Action): Promise<void> => {
      switch (action.kind) {
        case 'regions':
          return people.regions(action.regions);
        case 'vault':
          return people.vault(action.message);
        case 'cosmos':
          return people.cosmos(action.regions);
        case 'mongo':
          return people.mongo();
        case 'delete-endpoint':
          return people.deleteEndpoint(action.pick);
        case 'recreate-endpoint':
          return people.recreateEndpoint(action.pick);
        case 'elastic-approve':
          return people.elasticApprove();
        case 'sweep':
          await toHost(
            (h) => h.host.invoke('orphanSweepTimer'),
            () => false,
          );
          return;
        case 'catch-up':
          await expectAccepted(
            await toHost(
              (h) => api(h.host, 'POST', '/api/reconcile', { subscriptionId: WORKLOAD_SUBSCRIPTION }),
              (a) => a.status >= 500,
            ),
          );
          return;
        case 'reconcile': {
          const resourceId = people.target(action.pick);
          if (resourceId)
            await expectAccepted(
              await toHost(
                (h) => api(h.host, 'POST', '/api/reconcile', { resourceId }),
                (a) => a.status >= 500,
              ),
            );
          return;
        }
        case 'late-event': {
          const emitted = emulator.events.emitted();
          const event = emitted[action.pick % Math.max(emitted.length, 1)];
          if (event === undefined) return;
          mischief.late += 1;
          await toHost(
            (h) => deliver(h.host, [event]),
            (status) => status >= 500,
          );
          return;
        }
        case 'forged-event':
          mischief.forged += 1;
          await toHost(
            (h) => deliver(h.host, [forgedEvent(action.variant, randomUUID())]),
            (status) => status >= 500,
          );
          return;
        case 'crash':
          crashAfter = action.afterActivities;
          return;
        case 'fault':
          emulator.faults.add(action.rule);
          return;
        case 'record-delete':
          return people.recordDelete(action.pick);
        case 'record-change':
          return people.recordChange(action.pick);
        case 'record-take-over':
          return people.recordTakeOver(action.pick);
      }
    };

    for (const rule of schedule.faults) emulator.faults.add(rule);
    note(`faults from the start: ${schedule.faults.map((rule) => describeAction({ kind: 'fault', rule })).join('; ')}`);
    // As after a deployment (README "Deploy"): one catch-up of the scope subscription, then whatever the schedule does.
    for (const { action, pauseMs } of [{ action: { kind: 'catch-up' } as Action, pauseMs: 0 }, ...schedule.actions]) {
      note(describeAction(action));
      await perform(action);
      if (pauseMs > 0) await sleep(pauseMs);
    }

    // The app works through what happened (each fault rule fires a few times at most); then the outage ends.
    await quiet(emulator, host, () => restarting !== undefined, patienceMs);
    const faultHits = emulator.faults.list().reduce((n, r) => n + r.hits, 0);
    emulator.faults.clear();
    emulator.events.setFaults({ duplicateProbability: 0, reorder: false });
    crashAfter = 0;
    note(`quiet; faults stop (${faultHits} fired)`);
    const followUps = await lookAgain(
      await host(),
      () => convergence(oracle, emulator, scope, { orphans: false }).length > 0,
      patienceMs,
    );
    if (followUps > 0) {
      await quiet(emulator, host, () => restarting !== undefined, patienceMs);
      note(`quiet after ${followUps} follow-up pass(es) of runs awaiting an outside approval`);
    }
    note('quiet; the sweep timer runs, and again after the grace period');
    await sweep(await host(), patienceMs);
    await sleep((appSettings.sweepGraceMinutes * 60_000) / (await host()).host.timeScale + 100);
    await sweep(await host(), patienceMs);
    await quiet(emulator, host, () => restarting !== undefined, patienceMs);
    note('quiet again: invariants read');

    const log = await requestLog(emulator);
    const violations = [
      ...watch.violations(),
      ...convergence(oracle, emulator, scope),
      ...takenOverUntouched(emulator, people.takenOver),
    ];
    const lines = hosts.flatMap((h) => h.lines);
    const figures = figuresOf({
      log,
      lines,
      emulator,
      crashes,
      mischief,
      eventFaults: schedule.eventFaults,
      elapsedMs: Date.now() - started,
      writes: watch.seen,
      inFlightRaces: watch.inFlight.length,
    });
    return { seed, schedule, violations, figures, story, requests: log, lines };
  } catch (error) {
    note(`the run failed: ${error instanceof Error ? error.message : String(error)}`);
    throw new ChaosRunError(seed, story, error);
  } finally {
    watch?.close();
    for (const h of hosts) await h.close().catch(() => undefined);
    await emulator.close();
  }
}

export class ChaosRunError extends Error {
  constructor(
    readonly seed: number,
    readonly story: string[],
    cause: unknown,
  ) {
    super(`chaos seed ${seed}: ${cause instanceof Error ? cause.message : String(cause)}\n  ${story.join('\n  ')}`, {
      cause,
    });
    this.name = 'ChaosRunError';
  }
}

async function expectAccepted(answer: { status: number; json: unknown }): Promise<void> {
  if (answer.status !== 202)
    throw new Error(`POST /api/reconcile answered ${answer.status}: ${JSON.stringify(answer.json)}`);
}

/** Every orchestration at rest (or waiting out someone else's approval), no long-running operation or event delivery pending, several looks in a row. */
async function quiet(
  emulator: RunningEmulator,
  host: () => Promise<TestHost>,
  restarting: () => boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let calm = 0;
  while (calm < 4) {
    const current = await host();
    await emulator.events.flush();
    const busy = current.host.runtime
      .listInstances()
      .filter(
        (s) =>
          BUSY.has(String(s.runtimeStatus)) &&
          (s.customStatus as { phase?: string } | null | undefined)?.phase !== 'awaiting-approval',
      );
    const operations = emulator.lro.list().filter((op) => op.status === 'running');
    calm = busy.length === 0 && operations.length === 0 && !restarting() ? calm + 1 : 0;
    if (Date.now() > deadline) {
      throw new Error(
        `not quiet after ${timeoutMs} ms: ${busy.map((s) => `${s.instanceId} ${String(s.runtimeStatus)}`).join(', ') || 'no busy instance'}; ${operations.length} running operation(s)`,
      );
    }
    await sleep(50);
  }
}

/**
 * Runs waiting for someone else's approval look again on their own (every 30 durable minutes): when the world is not
 * converged yet (the SaaS provider approved meanwhile, and no event tells us), wait for each to make its next pass.
 */
async function lookAgain(current: TestHost, unconverged: () => boolean, timeoutMs: number): Promise<number> {
  const awaiting = current.host.runtime
    .listInstances()
    .filter((s) => (s.customStatus as { phase?: string } | null | undefined)?.phase === 'awaiting-approval');
  if (awaiting.length === 0 || !unconverged()) return 0;
  const passOf = (id: string) => {
    const status = current.host.runtime.getStatus(id);
    return BUSY.has(String(status?.runtimeStatus))
      ? ((status?.customStatus as { pass?: number } | null | undefined)?.pass ?? 0)
      : Number.POSITIVE_INFINITY;
  };
  const before = new Map(awaiting.map((s) => [s.instanceId, passOf(s.instanceId)]));
  const deadline = Date.now() + timeoutMs;
  while ([...before].some(([id, pass]) => passOf(id) <= pass)) {
    if (Date.now() > deadline)
      throw new Error(`runs awaiting an outside approval did not look again within ${timeoutMs} ms`);
    await sleep(50);
  }
  return awaiting.length;
}

async function sweep(current: TestHost, timeoutMs: number): Promise<void> {
  await current.host.invoke('orphanSweepTimer');
  await current.host.runtime.waitForCompletion(SWEEP_INSTANCE_ID, timeoutMs);
}

/** fetch's failure when the connection closed or was refused, not an answer from the host. */
function connectionBroke(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return (
    error instanceof TypeError &&
    error.message === 'fetch failed' &&
    typeof cause?.code === 'string' &&
    /^(UND_ERR_SOCKET|ECONNRESET|ECONNREFUSED|EPIPE)$/.test(cause.code)
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
