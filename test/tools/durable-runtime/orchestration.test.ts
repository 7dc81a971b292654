import { afterEach, describe, expect, it } from 'vitest';
import { EventType } from '../../../tools/local-host/durable/history';
import { calls, observed } from './probes';
import { startRuntime, tempDir, TestRuntime } from './support';

let current: TestRuntime | undefined;
afterEach(async () => {
  await current?.runtime.close();
  current = undefined;
});
const start = async () => (current = await startRuntime(tempDir()));

describe('orchestration engine with the real durable-functions replay', () => {
  it('runs two activities in sequence, then a Task.all fan-out', async () => {
    const { runtime, timeline } = await start();
    const id = runtime.startNew('SequenceAndFanOut', { input: ['Paris', 'Oslo', 'Lima'] });
    const status = await runtime.waitForCompletion(id, 5_000);
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toEqual({
      sequence: ['Hello Tokyo!', 'Hello Seattle!'],
      fanOut: ['Hello Paris!', 'Hello Oslo!', 'Hello Lima!'],
    });
    // The three fan-out activities are scheduled in one episode, after the sequential two.
    const scheduled = timeline
      .filter((e) => e.instanceId === id && e.kind === 'activityScheduled')
      .map((e) => e.detail);
    expect(scheduled).toEqual(['Tokyo', 'Seattle', 'Paris', 'Oslo', 'Lima']);
    const record = runtime.getStatus(id, { showHistory: true, showHistoryOutput: true })!;
    expect(record.historyEvents!.filter((e) => e.EventType === 'TaskCompleted')).toHaveLength(5);
  });

  it('retries a failing-then-succeeding activity per RetryOptions', async () => {
    const { runtime, timeline } = await start();
    const id = runtime.startNew('RetryFlaky', { input: `retry-${Date.now()}` });
    const status = await runtime.waitForCompletion(id, 5_000);
    expect(status.output).toEqual({ attempts: 3 });
    const kinds = timeline.filter((e) => e.instanceId === id).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'activityFailed')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'timerCreated')).toHaveLength(2); // back-off timers: 1s then 2s
    // Each retry timer fires firstRetryInterval * backoff^n after the episode that saw the failure.
    const history = runtime.instances.get(id)!.history;
    const delays = history.flatMap((e, i) => {
      if (e.EventType !== EventType.TimerCreated) return [];
      const episodeStart = history
        .slice(0, i)
        .reverse()
        .find((h) => h.EventType === EventType.OrchestratorStarted)!;
      return [new Date(e.FireAt!).getTime() - new Date(episodeStart.Timestamp).getTime()];
    });
    expect(delays).toEqual([1000, 2000]);
  });

  it('surfaces the last failure once retries are exhausted', async () => {
    const { runtime } = await start();
    const before = calls.get('AlwaysFails') ?? 0;
    const id = runtime.startNew('RetryExhausted');
    const status = await runtime.waitForCompletion(id, 5_000);
    expect(calls.get('AlwaysFails')! - before).toBe(2);
    expect(status.output).toBe("caught: Activity function 'AlwaysFails' failed: permanent failure ");
  });

  it('fires a 5 minute durable timer using scaled time', async () => {
    const { runtime } = await start();
    const realStart = Date.now();
    const id = runtime.startNew('DurableTimer');
    const status = await runtime.waitForCompletion(id, 5_000);
    const { startedAt, resumedAt } = status.output as { startedAt: string; resumedAt: string };
    expect(new Date(resumedAt).getTime() - new Date(startedAt).getTime()).toBeGreaterThanOrEqual(5 * 60_000);
    expect(Date.now() - realStart).toBeLessThan(3_000);
  });

  it('replays deterministically: currentUtcDateTime and newGuid are stable across episodes', async () => {
    const { runtime } = await start();
    const id = runtime.startNew('Deterministic');
    const status = await runtime.waitForCompletion(id, 5_000);
    const seen = observed.get(id)!;
    expect(seen.length).toBe(3); // one episode per activity completion, plus the first
    expect(new Set(seen.map((s) => s.startTime)).size).toBe(1);
    expect(new Set(seen.map((s) => s.guid)).size).toBe(1);
    expect(seen.map((s) => s.replaying)).toEqual([false, true, true]);
    const output = status.output as { startTime: string; afterFirst: string };
    expect(output.startTime).toBe(seen[0]!.startTime);
    expect(new Date(output.afterFirst).getTime()).toBeGreaterThan(new Date(output.startTime).getTime());
  });

  it('Task.any: an uncancelled losing timer keeps the instance Running until it fires (DurableTask.Core rule)', async () => {
    const { runtime, timeline } = await start();
    const cancelled = runtime.startNew('EventOrTimeout', { input: { cancel: true } });
    const kept = runtime.startNew('EventOrTimeout', { input: { cancel: false } });
    await new Promise((r) => setTimeout(r, 30));
    runtime.raiseEvent(cancelled, 'Go');
    runtime.raiseEvent(kept, 'Go');
    expect((await runtime.waitForCompletion(cancelled, 5_000)).output).toBe('event');
    expect(runtime.getStatus(kept)!.runtimeStatus).toBe('Running'); // orchestrator returned, timer still open
    const done = await runtime.waitForCompletion(kept, 5_000);
    expect(done.output).toBe('event');
    const kinds = (id: string) => timeline.filter((e) => e.instanceId === id).map((e) => e.kind);
    expect(kinds(cancelled)).not.toContain('timerFired');
    expect(kinds(kept).slice(-2)).toEqual(['timerFired', 'orchestrationCompleted']);
  });

  it('runs a sub-orchestration and returns its output', async () => {
    const { runtime } = await start();
    const id = runtime.startNew('Parent');
    const status = await runtime.waitForCompletion(id, 5_000);
    expect(status.output).toEqual({ child: { from: 'parent' } });
    expect(runtime.listInstances().some((s) => s.name === 'Echo' && s.runtimeStatus === 'Completed')).toBe(true);
  });

  it('fails the instance with the orchestrator error, as the extension words it', async () => {
    const { runtime } = await start();
    const id = runtime.startNew('Throws');
    const status = await runtime.waitForCompletion(id, 5_000);
    expect(status.runtimeStatus).toBe('Failed');
    expect(status.output).toBe("Orchestrator function 'Throws' failed: orchestrator exploded");
  });
});
