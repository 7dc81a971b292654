/**
 * `npm run bench`: figures, never assertions. Side by side in one run: what a focused reconcile and a whole-scope pass
 * cost in ARM calls as the estate grows (and the whole scope read as before, a read per resource), an event storm
 * against Private DNS's limits with and without pacing, what placing endpoints among regional hubs' zone copies reads,
 * and the pure planner at 10k and 100k records.
 */
import { runCoreBenchmarks, type Figure } from './core';
import { runPlacementBenchmark, type PlacementFigure } from './placement';
import { runScaleBenchmark, type ScaleFigure } from './scale';
import { runRecordStormBenchmark } from './record-storm';
import { runStormBenchmark, TIME_SCALE, type StormFigure } from './storm';
import { runWorkerBenchmark } from './worker';
import type { ArmCallCount } from '../../src/core/model';

const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const total = (c: ArmCallCount): number => c.reads + c.writes + c.deletes;

function printScale(figures: ScaleFigure[]): void {
  out(
    'endpoints  records | focused reconcile (1 account, 2 endpoints) | whole scope: pages   per resource (before) | planned changes',
  );
  for (const f of figures) {
    out(
      `${String(f.endpoints).padStart(9)} ${String(f.records).padStart(8)} | ${String(f.focused.reads).padStart(6)} reads ${String(total(f.focused) - f.focused.reads).padStart(3)} other` +
        `${''.padEnd(18)} | ${String(f.wholeScope.reads).padStart(6)} reads ${String(f.perResource.reads).padStart(12)} reads ` +
        `(${(f.perResource.reads / f.endpoints).toFixed(1)}/endpoint) | ${f.changes}`,
    );
  }
  for (const f of figures) {
    out(
      `fleet report at ${f.endpoints} endpoints: ${f.report.calls.reads} reads, ${total(f.report.calls) - f.report.calls.reads} other ` +
        `(${(f.report.calls.reads / f.endpoints).toFixed(2)}/endpoint; the whole-scope pass reads ${f.wholeScope.reads}), ` +
        `${f.report.targets} targets, ${f.report.ms.toFixed(0)} ms`,
    );
  }
  for (const f of figures)
    out(
      `periodic pass, converged, ${f.endpoints} endpoints: ${f.periodicConverged.reads} reads (pages), ${f.periodicConverged.writes} writes, ${f.periodicConverged.deletes} deletes`,
    );
  const focused = figures.map((f) => total(f.focused));
  const spread = (Math.max(...focused) - Math.min(...focused)) / Math.min(...focused);
  out(
    `focused reconcile: ${focused.join(' / ')} calls at ${figures.map((f) => f.endpoints).join(' / ')} endpoints (spread ${(spread * 100).toFixed(0)}%)`,
  );
}

function printPlacement(figures: PlacementFigure[]): void {
  out('endpoints copies | focused reconcile (1 account, 2 endpoints)          | whole scope');
  for (const f of figures) {
    const { focused: a, wholeScope: w } = f;
    out(
      `${String(f.endpoints).padStart(9)} ${String(f.copies).padStart(6)} | ` +
        `links ${a.linkPages} page(s) of ${a.linkedZones} zone(s), peerings ${a.peeringPages} of ${a.peeredNetworks} network(s), ${a.calls.reads} reads | ` +
        `links ${w.linkPages} page(s) of ${w.linkedZones} zone(s), peerings ${w.peeringPages} of ${w.peeredNetworks} network(s), ${w.calls.reads} reads; ` +
        `${w.conflicts} conflicts, ${w.ambiguous} ambiguous`,
    );
  }
  const reads = (f: PlacementFigure) => f.focused.linkPages + f.focused.peeringPages;
  out(
    `focused reconcile, links and peerings read: ${figures.map(reads).join(' / ')} at ${figures.map((f) => f.endpoints).join(' / ')} endpoints`,
  );
}

function printStorm(figure: StormFigure, pacing: boolean): void {
  const calls = total(figure.calls);
  out(
    `${pacing ? 'paced  ' : 'unpaced'}: ${figure.converged ? 'converged' : 'NOT converged'}; ARM calls ${calls} (${figure.calls.reads} reads, ${figure.calls.writes} writes, ` +
      `${figure.calls.deletes} deletes) = ${(calls / figure.writesNeeded).toFixed(1)} × the ${figure.writesNeeded} writes the work needs; ` +
      `429s: ${figure.throttledDns} from the zone's limits, ${figure.throttledArm} from ARM's buckets; wall ${figure.wallSeconds.toFixed(1)} s = ${(figure.wallSeconds / figure.floorSeconds).toFixed(2)} × the floor ` +
      `(${figure.floorSeconds.toFixed(1)} s: ${figure.floorReason})`,
  );
}

function printCore(figures: Figure[]): void {
  for (const f of figures) {
    out(
      `${f.name.padEnd(64)} ${f.ms.toFixed(1).padStart(9)} ms  ${Math.round(f.perSecond).toString().padStart(9)} items/s  heap ${f.heapDeltaMb.toFixed(1).padStart(7)} MB`,
    );
  }
}

async function main(): Promise<void> {
  out(`privatelink-autopilot benchmarks, ${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}`);
  // The pure core first, on a fresh heap.
  out('\n== pure planner (one zone, one endpoint per account, 8 records per endpoint plus a stale one per account)');
  for (const accounts of [1_112, 11_112])
    printCore(await runCoreBenchmarks({ accounts, endpointsPerAccount: 1, regionsPerAccount: 7 }));

  out('\n== ARM calls by estate size (SDK clients against the emulator, throttling off: calls, not time)');
  const scale: ScaleFigure[] = [];
  for (const endpoints of [10, 100, 1000]) scale.push(await runScaleBenchmark(endpoints));
  printScale(scale);

  out("\n== regional hubs: what placement reads (each lane's zone copy linked to a hub its spoke is peered with)");
  const placement: PlacementFigure[] = [];
  for (const endpoints of [10, 100, 1000]) placement.push(await runPlacementBenchmark(endpoints));
  printPlacement(placement);

  const accounts = 100;
  out(
    `\n== storm: a region added to ${accounts} Cosmos DB accounts at once, one endpoint each, records in one hub zone`,
  );
  out(`   (ARM buckets and Private DNS limits on; time scaled ×${TIME_SCALE} on the emulator and the clients alike)`);
  printStorm(await runStormBenchmark(accounts, true), true);
  printStorm(await runStormBenchmark(accounts, false), false);

  out('\n== record storm: a script deletes every record 100 Cosmos DB accounts claim in their zone (200), at once');
  out('   (the function app on the local host, durable time ×30; the emulator sends a record event per deletion)');
  const records = await runRecordStormBenchmark(100);
  out(
    `${records.deleted} deletions → ${records.zoneRuns} run of the zone copy, ${records.zonePasses} pass over the zone copy, ` +
      `${records.restored}/${records.deleted} records back; ${records.durableSeconds.toFixed(0)} s of durable time from the first deletion to rest ` +
      `(the deletions took ${records.stormSeconds.toFixed(0)} s); ` +
      `repair: ${records.repairCalls.reads} reads, ${records.repairCalls.writes} writes, ${records.repairCalls.deletes} deletes; ` +
      `the repairs' own ${records.deleted} record events: ${records.ownEventCalls.reads} reads, ${records.ownEventCalls.writes} writes ` +
      `(${records.passes} passes, ${records.events} record events in all)`,
  );

  const worker = await runWorkerBenchmark(2_000);
  out(
    `\n== a long-lived worker: ${worker.invocations} activity calls, each with its own ArmClients, the same async work inside measure`,
  );
  out(
    `first 50: ${worker.firstMs.toFixed(2)} ms a call; last 50: ${worker.lastMs.toFixed(2)} ms a call (${(worker.lastMs / worker.firstMs).toFixed(2)} ×)`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
