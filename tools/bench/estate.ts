/**
 * The whole loop on a generated estate, through the real SDK clients against the emulator with ARM's token-bucket
 * throttling on: how long observing, planning and applying take, and what they cost in ARM calls.
 */
import { emptyCallCount, type ArmCallCount } from '../../src/core/model';
import { loadSettings } from '../../src/core/settings';
import { startEmulator } from '@privatelink-autopilot/arm-emulator';
import { generateEstate, type EstateOptions } from '@privatelink-autopilot/arm-emulator';
import { estateSubscriptionId } from '@privatelink-autopilot/arm-emulator';
import { applyPlan } from '../../src/engine/apply';
import { createArmContext } from '../../src/azure/ports';
import { observe } from '../../src/engine/observe';
import { planReconcile } from '../../src/core/plan/plan-reconcile';

export interface EstateFigure {
  step: string;
  ms: number;
  calls: ArmCallCount;
  changes: number;
  heapMb: number;
}

export async function runEstateBenchmark(size: Omit<EstateOptions, 'subscriptions' | 'seed'>): Promise<EstateFigure[]> {
  const subscription = estateSubscriptionId(0);
  const figures: EstateFigure[] = [];
  const record = (step: string, started: bigint, calls: ArmCallCount, changes: number) =>
    figures.push({ step, ms: Number(process.hrtime.bigint() - started) / 1e6, calls, changes, heapMb: process.memoryUsage().heapUsed / 1024 / 1024 });

  let started = process.hrtime.bigint();
  const emulator = await startEmulator({ scenario: generateEstate({ ...size, subscriptions: 1, seed: 7 }), lro: { msBeforeDone: 50 } });
  record('load the estate into the emulator', started, emptyCallCount(), 0);
  try {
    const settings = loadSettings({
      AUTOPILOT_SCOPE_SUBSCRIPTIONS: subscription,
      AUTOPILOT_DNS_ZONE_SUBSCRIPTION: subscription,
      AUTOPILOT_ARM_ENDPOINT: emulator.armEndpoint,
      AUTOPILOT_ARM_AUDIENCE: `${emulator.armEndpoint}/.default`,
      AUTOPILOT_EMULATOR_CA_FILE: emulator.caCertPath,
    });
    const ctx = () => createArmContext({ settings, updateIntervalInMs: 50 });

    for (const step of ['observe + plan (cold)', 'apply', 'observe + plan again']) {
      const run = ctx();
      started = process.hrtime.bigint();
      const observation = await observe(run);
      const plan = planReconcile(run, observation);
      if (step === 'apply') {
        const result = await applyPlan(run, observation, plan, { dryRun: false });
        record(step, started, run.arm.meter.calls, result.changes.filter((c) => c.outcome === 'done').length);
      } else {
        record(step, started, run.arm.meter.calls, plan.changes.length);
      }
    }
  } finally {
    await emulator.close();
  }
  return figures;
}
