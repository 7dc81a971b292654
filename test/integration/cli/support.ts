/**
 * CLI runs against the emulator in-process: settings as an operator would set them in the environment, the emulator
 * chosen with `--emulator <armEndpoint> --ca <caCertPath>`, long-running operations finished on the first poll (the
 * CLI polls at the SDK's own interval).
 */
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { startAdapterWorld, type AdapterWorld } from '../azure/support';
import { operatorEnv } from '../engine/support';
import { runCliCaptured, type CapturedRun } from '../../support/run-cli';

export async function startCliWorld(scenario: string): Promise<AdapterWorld> {
  return startAdapterWorld({ scenario, lro: { pollsBeforeDone: 0, msBeforeDone: null, retryAfterSeconds: 0 } });
}

/**
 * The lifecycle every CLI test file shares: one emulator world for the file (handed to `started` once it runs), the
 * operator's settings stubbed for each test, and stubs and injected faults cleared after it.
 */
export function useCliWorld(scenario: string, started: (world: AdapterWorld) => void | Promise<void>): void {
  let world: AdapterWorld | undefined;
  beforeAll(async () => {
    world = await startCliWorld(scenario);
    await started(world);
  });
  afterAll(async () => world?.close());
  beforeEach(() => stubOperatorEnv(world as AdapterWorld));
  afterEach(() => {
    vi.unstubAllEnvs();
    world?.emulator.faults.clear();
  });
}

/** The operator's settings minus the ARM endpoint ones: the flags choose the emulator. `unset` leaves settings out. */
export function stubOperatorEnv(world: AdapterWorld, unset: readonly string[] = []): void {
  const env = operatorEnv(world);
  for (const name of ['AUTOPILOT_ARM_ENDPOINT', 'AUTOPILOT_EMULATOR_CA_FILE', ...unset]) vi.stubEnv(name, '');
  for (const [name, value] of Object.entries(env))
    if (!unset.includes(name) && !name.startsWith('AUTOPILOT_ARM_') && name !== 'AUTOPILOT_EMULATOR_CA_FILE')
      vi.stubEnv(name, value);
}

export function runAgainst(world: AdapterWorld, args: string[]): Promise<CapturedRun> {
  return runCliCaptured([...args, '--emulator', world.emulator.armEndpoint, '--ca', world.emulator.caCertPath]);
}

export interface PlanJson {
  changes: Array<{ kind: string; resourceId: string; reason: string }>;
  conflicts: unknown[];
  skipped: Array<{ resourceId: string; cause: string; reason: string }>;
}
