/**
 * Event storms, duplicates and reordering: one orchestration per resource, one run plus at most one rerun however
 * many events arrive during a pass, and the world converged at the end.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { orchestrationKey } from '../../src/core/arm-identity';
import { instanceIdFor, RECONCILE_TARGET } from '../../src/orchestrations/contract';
import { playStory, STORIES } from '../../tools/local-host/stories';
import { deliver, executions, longestRun, quiet, startTestHost, waitFor, writeEvent, type TestHost } from './support';

const ACCOUNT_WRITE = 'Microsoft.DocumentDB/databaseAccounts/write';
const accountInstance = instanceIdFor(RECONCILE_TARGET, orchestrationKey(SEED_COSMOS_FACTS.accountId));
const story = (name: string) => STORIES.find((s) => s.name === name) as (typeof STORIES)[number];

describe('event storms', () => {
  let t: TestHost | undefined;
  afterEach(async () => t?.close());

  it('coalesces 50 events for one account that arrive during a pass into one run and one rerun', async () => {
    t = await startTestHost();
    // Slow the pass down (each read of the endpoint waits), so the whole storm lands while it runs: 50 deliveries go
    // through the starter in a few seconds on a loaded machine, and one landing after the pass would be a third run.
    t.emulator.faults.add({
      method: 'GET',
      path: 'privateEndpoints/pe-seed-cosmos$',
      kind: 'delay',
      delayMs: 1_500,
      count: 6,
    });
    expect(await deliver(t.host, [writeEvent(SEED_COSMOS_FACTS.accountId, ACCOUNT_WRITE, randomUUID())])).toBe(200);
    await waitFor('the pass to be running', 10_000, () => {
      const status = t?.host.runtime.getStatus(accountInstance);
      return status?.runtimeStatus === 'Running' &&
        (status.customStatus as { phase?: string } | undefined)?.phase === 'running'
        ? true
        : undefined;
    });

    const storm = Array.from({ length: 50 }, () =>
      deliver(t!.host, [writeEvent(SEED_COSMOS_FACTS.accountId, ACCOUNT_WRITE, randomUUID())]),
    );
    expect(await Promise.all(storm)).toEqual(Array(50).fill(200));
    await quiet(t.host);

    expect(executions(t.history, accountInstance)).toBe(2);
    expect(
      t.host.runtime
        .listInstances()
        .filter((s) => s.instanceId.startsWith('reconcile-target'))
        .map((s) => s.instanceId),
    ).toEqual([accountInstance]);
  });

  it('converges with every event delivered twice and out of order', async () => {
    t = await startTestHost();
    t.emulator.events.setFaults({ duplicateProbability: 1, reorder: true });
    for (const name of ['cosmos-region', 'keyvault-pending', 'mongo-endpoint']) {
      const verdict = await playStory(story(name), t.world);
      expect(verdict, `${name}: ${verdict.detail}`).toMatchObject({ ok: true });
    }
    await quiet(t.host);
    // A run is one pass plus at most a rerun or two, however many duplicates arrive, and one more when an endpoint's
    // run found the endpoint asking for Recreate and handed the refresh to the target's run. A story's later event may
    // find the instance completed (a pass that reads only what its resource needs is quick) and start a run of its own.
    for (const instance of t.host.runtime.listInstances())
      expect(longestRun(t.history, instance.instanceId), instance.instanceId).toBeLessThanOrEqual(4);
  });
});
