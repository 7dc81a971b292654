import { runCoreBenchmarks, type Figure } from './core';
import { runEstateBenchmark, type EstateFigure } from './estate';

function print(figures: Figure[]): void {
  for (const f of figures) {
    process.stdout.write(
      `${f.name.padEnd(64)} ${f.ms.toFixed(1).padStart(9)} ms  ${Math.round(f.perSecond).toString().padStart(9)} items/s  heap ${f.heapDeltaMb.toFixed(1).padStart(7)} MB\n`,
    );
  }
}

function printEstate(figures: EstateFigure[]): void {
  for (const f of figures) {
    const calls = `${f.calls.reads} reads ${f.calls.writes} writes ${f.calls.deletes} deletes`;
    process.stdout.write(`${f.step.padEnd(36)} ${f.ms.toFixed(0).padStart(8)} ms  ${String(f.changes).padStart(5)} changes  ${calls.padEnd(34)} heap ${f.heapMb.toFixed(0)} MB\n`);
  }
}

async function main(): Promise<void> {
  const sizes = [
    { accounts: 100, endpointsPerAccount: 2, regionsPerAccount: 3 },
    { accounts: 1000, endpointsPerAccount: 4, regionsPerAccount: 5 },
  ];
  for (const size of sizes) {
    process.stdout.write(`\n== pure core, ${size.accounts} accounts × ${size.endpointsPerAccount} endpoints × ${size.regionsPerAccount} regions\n`);
    print(await runCoreBenchmarks(size));
  }
  const estates = [
    { accountsPerSubscription: 10, endpointsPerAccount: 2, regionsPerAccount: 3, extraRecordsPerZone: 10 },
    { accountsPerSubscription: 60, endpointsPerAccount: 2, regionsPerAccount: 3, extraRecordsPerZone: 40 },
  ];
  for (const estate of estates) {
    process.stdout.write(
      `\n== estate through the SDK and the emulator (ARM throttling on): ${estate.accountsPerSubscription} accounts × ` +
        `${estate.endpointsPerAccount} endpoints × ${estate.regionsPerAccount} regions, ${estate.extraRecordsPerZone} stale records per zone\n`,
    );
    printEstate(await runEstateBenchmark(estate));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
