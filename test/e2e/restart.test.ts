/**
 * A host that dies in the middle of an orchestration: the next host on the same state replays the history, so the
 * steps that completed are not done again (no repeated write), and the orchestration finishes what was left.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_COSMOS_FACTS, startEmulator, type RunningEmulator } from '@privatelink-autopilot/arm-emulator';
import { playStory, STORIES } from '../../tools/local-host/stories';
import { quiet, requestLog, startTestHost, type TestHost } from './support';

const cosmosRegion = STORIES.find((s) => s.name === 'cosmos-region') as (typeof STORIES)[number];

describe('a host restart in the middle of an orchestration', () => {
  const hosts: TestHost[] = [];
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.close().catch(() => undefined);
    await emulator?.close();
  });

  it('replays after the endpoint refresh: the refresh PUT is not repeated, the new region record is written once', async () => {
    let crashed!: () => void;
    let crashedInstance: string | undefined;
    const crash = new Promise<void>((resolve) => (crashed = resolve));
    emulator = await startEmulator({ scenario: 'demo', lro: { msBeforeDone: 100 } });
    const first = await startTestHost({
      runningEmulator: emulator,
      onHistory: (event) => {
        if (event.kind === 'activityCompleted' && event.name === 'refreshEndpoints' && hosts[0] && !crashedInstance) {
          crashedInstance = event.instanceId;
          hosts[0].host.runtime.crash();
          crashed();
        }
      },
    });
    hosts.push(first);
    await cosmosRegion.act(first.world);
    await crash;
    await first.close();

    const second = await startTestHost({
      runningEmulator: emulator,
      stateDir: first.stateDir,
      clockAnchorMs: first.host.clockAnchorMs,
    });
    hosts.push(second);
    const verdict = await playStory({ ...cosmosRegion, act: async () => undefined }, second.world);
    expect(verdict, verdict.detail).toMatchObject({ ok: true });
    await quiet(second.host);

    const log = await requestLog(emulator);
    const endpointPuts = log.filter(
      (r) => r.method === 'PUT' && r.path.toLowerCase() === SEED_COSMOS_FACTS.endpointId.toLowerCase(),
    );
    const recordPuts = log.filter((r) => r.method === 'PUT' && r.path.toLowerCase().endsWith('/a/seed-cosmos-eastus'));
    expect(endpointPuts).toHaveLength(1);
    expect(recordPuts).toHaveLength(1);
    // The crashed instance resumed at the step after the refresh instead of starting over.
    const resumed = second.history
      .filter((e) => e.instanceId === crashedInstance && e.kind === 'activityScheduled')
      .map((e) => e.name);
    expect(resumed[0]).toBe('reconcileEndpointDns');
  });
});
