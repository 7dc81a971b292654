/**
 * An event storm: a region added to many Cosmos DB accounts at once, each with one endpoint whose records live in the
 * same hub zone. Every account runs the function app's reconcile steps (applyApprovals, refreshEndpoints,
 * reconcileEndpointDns, each with its own clients, each handing the next what it read) at the same time, against the
 * emulator with ARM's buckets and Private DNS's limits on. Time is scaled (TIME_SCALE emulated minutes a real minute)
 * on the emulator's limits and on the clients' pacing alike, so the storm takes seconds; figures are in scaled time
 * too, as ratios to the rate-limit floor.
 */
import { buildActivities } from '../../src/activities';
import { createArmContext } from '../../src/azure/ports';
import { ArmClients, emulatorTarget } from '../../src/azure/clients';
import { emptyCallCount, type ArmCallCount } from '../../src/core/model';
import { loadSettings } from '../../src/core/settings';
import type { EngineContext } from '../../src/engine';
import {
  cosmosRegionsChange,
  estateSubscriptionId,
  generateEstate,
  startEmulator,
} from '@privatelink-autopilot/arm-emulator';
import { adminGet } from './admin';

export const TIME_SCALE = 3;
/** The region each account gains: the first of these it is not in yet. */
const NEW_REGIONS = ['Japan East', 'Korea Central'];
const SUBSCRIPTION = estateSubscriptionId(0);

export interface StormFigure {
  accounts: number;
  calls: ArmCallCount;
  /** One refresh PUT and one record create per account: the writes the work cannot do without. */
  writesNeeded: number;
  /** 429s answered by Private DNS's limits, and by ARM's buckets. */
  throttledDns: number;
  throttledArm: number;
  wallSeconds: number;
  /** The slowest of the zone's limits for the requests the work needs, in real (scaled) seconds. */
  floorSeconds: number;
  floorReason: string;
  converged: boolean;
}

/** The storms' estate: one subscription, `accounts` Cosmos DB accounts with one endpoint and one region each. */
export function stormEstate(accounts: number, seed: number): ReturnType<typeof generateEstate> {
  return generateEstate({
    subscriptions: 1,
    accountsPerSubscription: accounts,
    endpointsPerAccount: 1,
    regionsPerAccount: 1,
    extraRecordsPerZone: 0,
    seed,
  });
}

export async function runStormBenchmark(accounts: number, pacing: boolean): Promise<StormFigure> {
  const scenario = stormEstate(accounts, 11);
  // ARM's buckets and Private DNS's limits on, on the same scaled clock.
  const throttle = {
    read: { capacity: 250, refillPerSecond: 25 * TIME_SCALE },
    write: { capacity: 200, refillPerSecond: 10 * TIME_SCALE },
    delete: { capacity: 200, refillPerSecond: 10 * TIME_SCALE },
    privateDns: { enabled: true, timeScale: TIME_SCALE },
  };
  const emulator = await startEmulator({ scenario, throttle, lro: { msBeforeDone: 50 } });
  try {
    const ids = Array.from(
      { length: accounts },
      (_v, a) =>
        `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-estate-data/providers/Microsoft.DocumentDB/databaseAccounts/est-s0000-a${String(a).padStart(3, '0')}`,
    );
    const setup = new ArmClients({ ...emulatorTarget(emulator), privateDnsPacing: false });
    const regions = await Promise.all(
      ids.map(
        async (id) =>
          (
            await setup.cosmos(SUBSCRIPTION).databaseAccounts.get('rg-estate-data', id.split('/').pop() as string)
          ).locations?.map((l) => l.locationName as string) ?? [],
      ),
    );
    const gained = (current: string[]): string => NEW_REGIONS.find((r) => !current.includes(r)) as string;
    await emulator.loadScenario({
      name: 'storm',
      description: 'a region added to every account',
      steps: ids.map((id, a) => cosmosRegionsChange(id, [...(regions[a] ?? []), gained(regions[a] ?? [])])),
    });
    emulator.throttler.configure(throttle);

    const settings = loadSettings({
      AUTOPILOT_SCOPE_SUBSCRIPTIONS: SUBSCRIPTION,
      AUTOPILOT_ARM_ENDPOINT: emulator.armEndpoint,
      AUTOPILOT_ARM_AUDIENCE: `${emulator.armEndpoint}/.default`,
      AUTOPILOT_EMULATOR_CA_FILE: emulator.caCertPath,
    });
    const made: EngineContext[] = [];
    const activities = buildActivities(() => {
      const clients = new ArmClients({
        ...emulatorTarget(emulator),
        privateDnsPacing: pacing ? { timeScale: TIME_SCALE } : false,
        maxRetries: 8,
      });
      const ctx = createArmContext({ settings, clients, updateIntervalInMs: 50 });
      made.push(ctx);
      return ctx;
    });
    const started = process.hrtime.bigint();
    const outcomes = await Promise.allSettled(
      ids.map(async (resourceId) => {
        const approvals = await activities.applyApprovals({ resourceId });
        const refreshed = await activities.refreshEndpoints({
          resourceId,
          ...(approvals.earlier ? { earlier: approvals.earlier } : {}),
        });
        return activities.reconcileEndpointDns({
          resourceId,
          ...(refreshed.earlier ? { earlier: refreshed.earlier } : {}),
        });
      }),
    );
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const created = outcomes.filter(
      (o) => o.status === 'fulfilled' && o.value.changes.some((c) => c.kind === 'dns-create' && c.outcome === 'done'),
    ).length;
    const calls = made.reduce((sum, ctx) => add(sum, ctx.arm.meter.calls), emptyCallCount());
    // Per zone, for the work alone: creates (one per account), GETs of the names each endpoint claims before and
    // after the refresh (the account's and its region's, then the new region's), one zone listing per account.
    const perMinute = (limit: number) => (limit * TIME_SCALE) / 60;
    const floors: Array<[number, string]> = [
      [accounts / perMinute(60), `${accounts} record creates at 60/min`],
      [(3 * accounts) / perMinute(200), `${3 * accounts} record GETs at 200/min`],
      [accounts / perMinute(100), `${accounts} zone listings at 100/min per resource group`],
    ];
    const [floorSeconds, floorReason] = floors.reduce((a, b) => (b[0] > a[0] ? b : a));
    return {
      accounts,
      calls,
      writesNeeded: 2 * accounts,
      ...(await throttledAnswers(emulator)),
      wallSeconds,
      floorSeconds,
      floorReason,
      converged: created === accounts,
    };
  } finally {
    await emulator.close();
  }
}

async function throttledAnswers(
  emulator: Parameters<typeof adminGet>[0],
): Promise<{ throttledDns: number; throttledArm: number }> {
  const { value } = await adminGet<{ value: Array<{ path: string; status: number }> }>(emulator, '/requests');
  const refused = value.filter((r) => r.status === 429);
  const dns = refused.filter((r) => /\/privateDnsZones/i.test(r.path)).length;
  return { throttledDns: dns, throttledArm: refused.length - dns };
}

function add(a: ArmCallCount, b: ArmCallCount): ArmCallCount {
  return { reads: a.reads + b.reads, writes: a.writes + b.writes, deletes: a.deletes + b.deletes };
}
