import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DurableRuntime, TimelineEvent } from '../../../tools/local-host/durable';
import { calls, gate } from './probes';
import { startRuntime, tempDir, TestRuntime } from './support';

const started: TestRuntime[] = [];
beforeEach(() => {
  calls.clear();
  gate.hold = undefined;
});
afterEach(async () => {
  for (const t of started.splice(0)) await t.runtime.close();
});

/** Starts a runtime whose onHistory hook may crash it; `crashed` resolves when it did. */
async function runtimeThatCrashes(dir: string, when: (e: TimelineEvent) => boolean) {
  const holder: { self?: DurableRuntime } = {};
  let signal!: () => void;
  const crashed = new Promise<void>((r) => (signal = r));
  const t = await startRuntime(dir, {
    onHistory: (e) => {
      if (holder.self && when(e)) {
        holder.self.crash();
        signal();
      }
    },
  });
  holder.self = t.runtime;
  started.push(t);
  return { ...t, crashed };
}

const instanceFile = (dir: string, id: string) =>
  fs.readFileSync(path.join(dir, `${encodeURIComponent(id)}.json`), 'utf8');

describe('crash and restart', () => {
  it('resumes by replay: activities completed before the crash are not executed again', async () => {
    const dir = tempDir();
    const first = await runtimeThatCrashes(dir, (e) => e.kind === 'activityCompleted' && e.detail === 'B#1');
    const id = first.runtime.startNew('CrashSequence');
    await first.crashed;
    const atCrash = instanceFile(dir, id);
    await new Promise((r) => setTimeout(r, 100));
    expect(instanceFile(dir, id)).toBe(atCrash); // nothing written after the crash point
    expect(JSON.parse(atCrash).runtimeStatus).toBe('Running');

    const second = await startRuntime(dir);
    started.push(second);
    const status = await second.runtime.waitForCompletion(id, 5_000);
    expect(status.output).toEqual(['A#1', 'B#1', 'C#1']);
    expect(Object.fromEntries(calls)).toEqual({ 'Step:A': 1, 'Step:B': 1, 'Step:C': 1 });
  });

  it('runs an activity that was in flight at the crash again (at-least-once)', async () => {
    const dir = tempDir();
    const holder: { first?: Awaited<ReturnType<typeof runtimeThatCrashes>> } = {};
    gate.hold = async (step) => {
      if (step === 'C' && calls.get('Step:C') === 1) {
        holder.first?.runtime.crash(); // the host dies while C is running; its result is lost
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const first = await runtimeThatCrashes(dir, () => false);
    holder.first = first;
    const id = first.runtime.startNew('CrashSequence');
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => calls.get('Step:C') === 1 && (clearInterval(poll), resolve()), 5);
    });
    await new Promise((r) => setTimeout(r, 50));

    const second = await startRuntime(dir);
    started.push(second);
    const status = await second.runtime.waitForCompletion(id, 5_000);
    expect(status.output).toEqual(['A#1', 'B#1', 'C#2']);
    expect(Object.fromEntries(calls)).toEqual({ 'Step:A': 1, 'Step:B': 1, 'Step:C': 2 });
  });

  it('re-arms durable timers and keeps waiting instances after a restart', async () => {
    const dir = tempDir();
    const first = await runtimeThatCrashes(dir, (e) => e.kind === 'timerCreated');
    const timerId = first.runtime.startNew('DurableTimer');
    await first.crashed;
    const second = await startRuntime(dir);
    started.push(second);
    expect((await second.runtime.waitForCompletion(timerId, 5_000)).runtimeStatus).toBe('Completed');

    const approvalId = second.runtime.startNew('Approval');
    await new Promise((r) => setTimeout(r, 50));
    await second.runtime.close();
    const third = await startRuntime(dir);
    started.push(third);
    expect(third.runtime.raiseEvent(approvalId, 'Approval', 'after-restart')).toBe('accepted');
    expect((await third.runtime.waitForCompletion(approvalId, 5_000)).output).toEqual({ decision: 'after-restart' });
  });
});
