/**
 * Outcome events from the function app on the local host: its receiver (a stand-in Event Grid topic) gets what a
 * run's outcome says, one line per event in the timeline; a topic that answers 500 or refuses connections leaves the
 * runs complete, and health/details counts the failures.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYVAULT_MANUAL_FACTS } from '@privatelink-autopilot/arm-emulator';
import { OUTCOME_EVENT_TYPES } from '../../src/core/outcome-events';
import type { RunOutcome } from '../../src/orchestrations/outcome';
import { startOutcomeReceiver, type OutcomeReceiver } from '../../tools/local-host/outcome-receiver';
import { playStory, STORIES } from '../../tools/local-host/stories';
import { api, quiet, startTestHost, type TestHost } from './support';

const needsHuman = STORIES.find((s) => s.name === 'keyvault-needs-human') as (typeof STORIES)[number];

describe('outcome events on the local host', () => {
  let t: TestHost | undefined;
  let topic: OutcomeReceiver | undefined;
  afterEach(async () => {
    await t?.close();
    await topic?.close();
    t = undefined;
    topic = undefined;
  });

  it('a connection left for a human: the receiver gets ConnectionNeedsHuman and the run’s RunCompleted', async () => {
    t = await startTestHost();
    const verdict = await playStory(needsHuman, t.world);
    expect(verdict, verdict.detail).toMatchObject({ ok: true });
    await quiet(t.host);
    const events = t.host.outcomes?.events ?? [];
    const human = events.find((e) => e.type === OUTCOME_EVENT_TYPES.connectionNeedsHuman);
    expect(human?.subject).toMatch(
      /\/providers\/Microsoft\.KeyVault\/vaults\/kv-handoff\/privateEndpointConnections\//i,
    );
    const data = human?.data as { outcome: RunOutcome; connection: { cause: string } };
    expect(data.connection.cause).toBe('connection-left-pending');
    expect(data.outcome).toMatchObject({ orchestration: 'reconcileTarget', complete: true, pendingForHuman: 1 });
    expect(
      events.some((e) => e.type === OUTCOME_EVENT_TYPES.runCompleted && e.subject === data.outcome.resourceId),
    ).toBe(true);
    expect(
      t.lines.some((l) => l.includes(`would route ${OUTCOME_EVENT_TYPES.connectionNeedsHuman} ${human?.subject}`)),
    ).toBe(true);
    const health = await api(t.host, 'GET', '/api/health/details');
    expect(health.json).toMatchObject({ outcomeEvents: { enabled: true, failed: 0 } });
  });

  it.each([
    ['answers 500', async () => ((topic = await startOutcomeReceiver()), (topic.failWith = 500), topic.endpoint)],
    ['refuses connections', refusedEndpoint],
  ])('a topic that %s leaves the runs complete, and the failures are counted and logged', async (_, endpoint) => {
    t = await startTestHost({ settings: { AUTOPILOT_OUTCOME_TOPIC_ENDPOINT: await endpoint() } });
    // The counters are the worker's since it started: this file's earlier hosts share the process.
    const before = await countersOf(t);
    const answer = await api(t.host, 'POST', '/api/reconcile', { resourceId: KEYVAULT_MANUAL_FACTS.vaultId });
    expect(answer.status).toBe(202);
    const id = (answer.json as { id: string }).id;
    await quiet(t.host);
    const status = await t.host.runtime.waitForCompletion(id, 30_000);
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toMatchObject({ complete: true });
    const after = await countersOf(t);
    expect(after.enabled).toBe(true);
    expect(after.failed).toBeGreaterThan(before.failed);
    expect(t.logs.filter((l) => l.includes('autopilot.outcome-events not published'))).toHaveLength(
      after.failedPublishes - before.failedPublishes,
    );
    expect(topic?.events ?? []).toEqual([]);
  });
});

async function countersOf(t: TestHost): Promise<{ enabled: boolean; failed: number; failedPublishes: number }> {
  const health = await api(t.host, 'GET', '/api/health/details');
  return (health.json as { outcomeEvents: { enabled: boolean; failed: number; failedPublishes: number } })
    .outcomeEvents;
}

async function refusedEndpoint(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/api/events`;
}
