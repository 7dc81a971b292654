/**
 * The adapters' integration world: the emulator in-process with the `demo` scenario (every seed story side by side),
 * ArmClients in emulator mode with fast retries, and helpers to change the world through the scenario loader (so
 * set-up calls never count against the clients under test).
 */
import { ArmClients, emulatorTarget } from '../../../src/azure/clients';
import type { ArmCallCount } from '../../../src/core/model';
import type { FaultRule, ScenarioStep } from '@privatelink-autopilot/arm-emulator';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '@privatelink-autopilot/arm-emulator';

/** Poll interval for every long-running operation in these tests. */
export const FAST_POLL_MS = 5;
export const MAX_RETRIES = 3;

export interface AdapterWorld {
  emulator: RunningEmulator;
  /** Fresh clients (their own call counter) against the emulator. */
  clients(): ArmClients;
  /** Applies ARM requests through the scenario loader (long-running operations complete at once); throws on a failed step. */
  apply(steps: ScenarioStep[]): Promise<void>;
  fault(rule: FaultRule): void;
  close(): Promise<void>;
}

export async function startAdapterWorld(options: EmulatorOptions = {}): Promise<AdapterWorld> {
  const emulator = await startEmulator({
    scenario: 'demo',
    lro: { pollsBeforeDone: 1, msBeforeDone: null },
    ...options,
  });
  return {
    emulator,
    clients: () =>
      new ArmClients({
        ...emulatorTarget(emulator),
        maxRetries: MAX_RETRIES,
        retryDelayInMs: 5,
        maxRetryDelayInMs: 20,
      }),
    async apply(steps) {
      await emulator.loadScenario({ name: 'set-up', description: 'set-up for an adapter test', steps });
    },
    fault(rule) {
      emulator.faults.add(rule);
    },
    close: () => emulator.close(),
  };
}

export function counts(reads: number, writes = 0, deletes = 0): ArmCallCount {
  return { reads, writes, deletes };
}
