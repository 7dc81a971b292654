import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Vitest runs from the repository root (the emulator package's own `npm test` changes there first). Tests run the emulator from its sources, so `npm test` needs no build of the package first.
    alias: { '@privatelink-autopilot/arm-emulator': resolve('packages/arm-emulator/src/index.ts') },
  },
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    // Hands the chaos shards a directory for their run records and prints the suite's closing line (test/chaos).
    globalSetup: ['test/chaos/support/summary.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
