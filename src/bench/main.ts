import { runCoreBenchmarks, type Figure } from './core';

function print(figures: Figure[]): void {
  for (const f of figures) {
    process.stdout.write(
      `${f.name.padEnd(64)} ${f.ms.toFixed(1).padStart(9)} ms  ${Math.round(f.perSecond).toString().padStart(9)} items/s  heap ${f.heapDeltaMb.toFixed(1).padStart(7)} MB\n`,
    );
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
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
