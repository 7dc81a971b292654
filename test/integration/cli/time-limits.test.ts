/** The CLI honours AUTOPILOT_ARM_REQUEST_TIMEOUT_SECONDS and AUTOPILOT_RUN_DEADLINE_SECONDS. */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { KEYVAULT_MANUAL_FACTS } from '@privatelink-autopilot/arm-emulator';
import type { AdapterWorld } from '../azure/support';
import { runAgainst, startCliWorld, stubOperatorEnv } from './support';

let world: AdapterWorld;
const VAULT = KEYVAULT_MANUAL_FACTS.vaultId;
const DELAY_MS = 4000;

beforeAll(async () => {
  world = await startCliWorld('keyvault-manual');
});
afterAll(async () => {
  await world?.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
  world.emulator.faults.clear();
});

describe('time limits from the settings', () => {
  it('plan stops at the run deadline although every ARM answer is slow and would be retried for long', async () => {
    stubOperatorEnv(world);
    vi.stubEnv('AUTOPILOT_ARM_REQUEST_TIMEOUT_SECONDS', '1');
    vi.stubEnv('AUTOPILOT_RUN_DEADLINE_SECONDS', '2');
    world.fault({ kind: 'delay', delayMs: DELAY_MS, path: '^/subscriptions/' });
    const started = performance.now();
    const { stderr } = await runAgainst(world, ['plan', '--resource', VAULT, '--json']);
    expect(performance.now() - started).toBeLessThan(DELAY_MS);
    expect(stderr).toMatch(
      /connections .*\/vaults\/kv-autopilot-manual: RunDeadlineExceeded: GET .*: (aborted|not sent), the run's deadline has passed/,
    );
  });

  it('plan abandons a slow answer after the request timeout and retries it, instead of waiting for it', async () => {
    stubOperatorEnv(world);
    vi.stubEnv('AUTOPILOT_ARM_REQUEST_TIMEOUT_SECONDS', '1');
    world.fault({
      kind: 'delay',
      delayMs: DELAY_MS,
      path: '^/subscriptions/[^/]+/providers/Microsoft\\.Network/privateEndpoints$',
      count: 1,
    });
    const started = performance.now();
    const { code, stdout, stderr } = await runAgainst(world, ['plan', '--resource', VAULT, '--json']);
    expect(performance.now() - started).toBeLessThan(DELAY_MS);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect((JSON.parse(stdout) as { changes: unknown[] }).changes).toHaveLength(1);
  });
});
