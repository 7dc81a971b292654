/**
 * A storm of record deletions: a script deletes every record the endpoints of a generated estate claim in their zone
 * (200 records), at once, through ARM. The function app runs on the local host against the emulator, which delivers one
 * record event per deletion; the figures say how many runs and passes over the zone copy those events made, what the
 * repair cost in ARM calls, and what the repairs' own record events cost afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { estateSubscriptionId } from '@privatelink-autopilot/arm-emulator';
import { ArmClients, emulatorTarget } from '../../src/azure/clients';
import { DnsAdapter } from '../../src/azure/dns';
import type { TimelineEvent } from '../local-host/durable';
import { functionFilesFromMain, loadCompiledFunctions } from '../local-host/functions';
import { startLocalHost } from '../local-host/host';
import { adminGet } from './admin';
import { stormEstate } from './storm';

/** Durable time's speed-up; Private DNS's limits (emulator and clients) are scaled alike. */
const TIME_SCALE = 30;
const SUBSCRIPTION = estateSubscriptionId(0);
const ROOT = resolve(__dirname, '../../..');

export interface RecordStormFigure {
  deleted: number;
  /** Record events ARM emitted: one per deletion, then one per repair write. */
  events: number;
  zoneRuns: number;
  /** Passes of the zone copy's run (the first, then one with the repairs' own events). */
  passes: number;
  /** Passes over the whole zone copy (reconcileZoneDns): the storm's cost does not grow with its size. */
  zonePasses: number;
  repairCalls: { reads: number; writes: number; deletes: number };
  /** What the repairs' own record events cost (the following pass). */
  ownEventCalls: { reads: number; writes: number; deletes: number };
  restored: number;
  /** Durable seconds the script took to delete them (Private DNS allows 60 deletions a minute per zone). */
  stormSeconds: number;
  /** From the first deletion until every run was at rest. */
  durableSeconds: number;
}

export async function runRecordStormBenchmark(accounts: number): Promise<RecordStormFigure> {
  const scenario = stormEstate(accounts, 19);
  const history: TimelineEvent[] = [];
  const files = functionFilesFromMain(ROOT);
  const stateDir = mkdtempSync(join(tmpdir(), 'autopilot-record-storm-'));
  const host = await startLocalHost({
    registrations: loadCompiledFunctions(files),
    stateDir,
    settings: {
      AUTOPILOT_SCOPE_SUBSCRIPTIONS: SUBSCRIPTION,
      AUTOPILOT_DNS_ZONE_SUBSCRIPTION: SUBSCRIPTION,
      AUTOPILOT_OWNERSHIP_MODE: 'owned-only',
      AUTOPILOT_TASK_HUB: 'RecordStorm',
    },
    emulator: { scenario, lro: { msBeforeDone: 20 } },
    timeScale: TIME_SCALE,
    timers: false,
    onHistory: (event) => history.push(event),
  });
  try {
    const emulator = host.emulator;
    if (!emulator) throw new Error('record storm: the local host started no emulator');
    // The person's script keeps to the zone's limits too (60 deletions a minute), as a script in Azure must.
    const clients = new ArmClients({
      ...emulatorTarget(emulator),
      privateDnsPacing: { timeScale: TIME_SCALE },
      maxRetries: 8,
    });
    const dns = new DnsAdapter(clients);
    const { zones } = await dns.listZones({ subscriptionId: SUBSCRIPTION, resourceGroups: [] }, { links: false });
    const zone = zones[0];
    if (!zone) throw new Error('record storm: the estate has no zone');
    const before = (await dns.listRecordSets(zone.id)).records;
    const ours = before.filter((r) => r.metadata.managedBy === 'privatelink-autopilot');
    const [, , , , group] = zone.id.split('/');
    const recordSets = clients.privateDns(SUBSCRIPTION).recordSets;
    const startedAt = host.runtime.clock.now().getTime();
    await Promise.all(ours.map((r) => recordSets.delete(group as string, zone.name, 'A', r.name)));
    const stormSeconds = (host.runtime.clock.now().getTime() - startedAt) / 1000;
    await quiet(host.runtime, 300_000);
    const durableSeconds = (host.runtime.clock.now().getTime() - startedAt) / 1000;
    const after = new Map((await dns.listRecordSets(zone.id)).records.map((r) => [r.name, r]));
    const restored = ours.filter((r) => after.get(r.name)?.ips.join(',') === r.ips.join(',')).length;

    const zone_ = history.filter((e) => e.instanceId.startsWith('zone-'));
    // Each pass's ARM calls: what its activities returned, pass by pass (a pass starts at each orchestrationStarted).
    const perPass: Array<{ reads: number; writes: number; deletes: number }> = [];
    for (const event of zone_) {
      if (event.kind === 'orchestrationStarted') perPass.push({ reads: 0, writes: 0, deletes: 0 });
      const calls = (event.detail as { calls?: { reads: number; writes: number; deletes: number } } | undefined)?.calls;
      if (event.kind === 'activityCompleted' && calls && perPass.length > 0)
        perPass[perPass.length - 1] = sumCalls([perPass[perPass.length - 1] as (typeof perPass)[number], calls]);
    }
    return {
      deleted: ours.length,
      events: await recordEvents(emulator),
      zoneRuns: new Set(zone_.map((e) => e.instanceId)).size,
      passes: perPass.length,
      zonePasses: zone_.filter((e) => e.kind === 'activityScheduled' && e.name === 'reconcileZoneDns').length,
      repairCalls: perPass[0] ?? { reads: 0, writes: 0, deletes: 0 },
      ownEventCalls: sumCalls(perPass.slice(1)),
      restored,
      stormSeconds,
      durableSeconds,
    };
  } finally {
    await host.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

type Runtime = Awaited<ReturnType<typeof startLocalHost>>['runtime'];

async function quiet(runtime: Runtime, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // Events are still arriving for a moment after the last delete: wait until a run exists and every run is at rest.
  let settled = 0;
  while (Date.now() < deadline) {
    const busy = runtime
      .listInstances()
      .some((s) => ['Pending', 'Running', 'ContinuedAsNew'].includes(String(s.runtimeStatus)));
    settled = busy || runtime.listInstances().length === 0 ? 0 : settled + 1;
    if (settled >= 10) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('record storm: the runs did not finish');
}

/** Record set writes and deletes the emulator answered (each one a record event): the storm's and the repairs'. */
async function recordEvents(emulator: Parameters<typeof adminGet>[0]): Promise<number> {
  const { value } = await adminGet<{ value: Array<{ path: string; method: string; status: number }> }>(
    emulator,
    '/requests',
  );
  return value.filter((r) => /\/privateDnsZones\/[^/]+\/A\//i.test(r.path) && r.method !== 'GET' && r.status < 300)
    .length;
}

function sumCalls(calls: ReadonlyArray<{ reads: number; writes: number; deletes: number }>) {
  return calls.reduce(
    (sum, c) => ({ reads: sum.reads + c.reads, writes: sum.writes + c.writes, deletes: sum.deletes + c.deletes }),
    { reads: 0, writes: 0, deletes: 0 },
  );
}
