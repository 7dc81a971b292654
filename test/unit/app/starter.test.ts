/**
 * The starter against a fake durable backend that reproduces durable-functions v3's traps: startNew on an active ID is
 * refused (500 "already exists"), raiseEvent on a finished instance resolves and drops the event (410), getStatus on an
 * unknown ID throws (404). Interleavings are scripted through hooks that run between the starter's calls.
 */
import { describe, expect, it } from 'vitest';
import { startOrSignal, type InstanceClient } from '../../../src/app/starter';

type Phase = 'running' | 'closing';
interface Instance {
  runtimeStatus: 'Running' | 'Completed' | 'Failed';
  customStatus?: { phase: Phase; pass: number; incomplete?: unknown };
  events: unknown[];
}

class FakeDurable implements InstanceClient {
  readonly instances = new Map<string, Instance>();
  readonly calls: string[] = [];
  readonly inputs: unknown[] = [];
  droppedEvents = 0;
  /** Runs after the named call, once: lets a test change the world between the starter's steps. */
  readonly after = new Map<string, () => void>();

  async startNew(_name: string, options: { instanceId: string; input: unknown }): Promise<string> {
    this.calls.push('startNew');
    this.inputs.push(options.input);
    const existing = this.instances.get(options.instanceId);
    if (existing && existing.runtimeStatus === 'Running') {
      throw new Error(
        'The operation failed with an unexpected status code: 500. Details: {"ExceptionMessage":"An Orchestration instance with the status Running already exists."}',
      );
    }
    this.instances.set(options.instanceId, {
      runtimeStatus: 'Running',
      customStatus: { phase: 'running', pass: 1 },
      events: [],
    });
    this.hook('startNew');
    return options.instanceId;
  }

  async raiseEvent(instanceId: string, _name: string, data: unknown): Promise<void> {
    this.calls.push('raiseEvent');
    const instance = this.instances.get(instanceId);
    if (!instance) throw new Error(`No instance with ID '${instanceId}' found.`);
    if (instance.runtimeStatus !== 'Running')
      this.droppedEvents += 1; // 410: the client resolves anyway
    else instance.events.push(data);
    this.hook('raiseEvent');
  }

  async getStatus(instanceId: string) {
    this.calls.push('getStatus');
    const instance = this.instances.get(instanceId);
    const snapshot = instance && { runtimeStatus: instance.runtimeStatus, customStatus: instance.customStatus };
    this.hook('getStatus');
    if (!snapshot) throw new Error(`DurableClient error: Durable Functions extension replied with HTTP 404 response.`);
    return snapshot;
  }

  private hook(call: string): void {
    const hook = this.after.get(call);
    if (hook) {
      this.after.delete(call);
      hook();
    }
  }
}

const REQUEST = {
  orchestration: 'reconcileTarget',
  instanceId: 'reconcile-target-abc',
  input: { resourceId: '/x' },
  reason: 'test',
};
const OPTIONS = { closingWaitMs: 1_000, pollMs: 1, sleep: async () => undefined };

describe('startOrSignal', () => {
  it('starts the instance when none exists', async () => {
    const durable = new FakeDurable();
    expect(await startOrSignal(durable, REQUEST, OPTIONS)).toBe('started');
    expect(durable.instances.get(REQUEST.instanceId)?.runtimeStatus).toBe('Running');
  });

  it('starts a fresh instance over a finished one', async () => {
    const durable = new FakeDurable();
    durable.instances.set(REQUEST.instanceId, { runtimeStatus: 'Completed', events: [] });
    expect(await startOrSignal(durable, REQUEST, OPTIONS)).toBe('started');
  });

  it('a fresh run of a resource whose latest run was incomplete carries on since when', async () => {
    const durable = new FakeDurable();
    const incomplete = {
      resourceId: '/x',
      subject: { resourceId: '/x' },
      since: '2026-12-01T00:00:00.000Z',
      failures: [],
    };
    durable.instances.set(REQUEST.instanceId, {
      runtimeStatus: 'Completed',
      customStatus: { phase: 'closing', pass: 6, incomplete },
      events: [],
    });
    expect(await startOrSignal(durable, REQUEST, OPTIONS)).toBe('started');
    expect(durable.inputs).toEqual([{ resourceId: '/x', incomplete }]);
    // Another orchestration, or an instance whose latest run completed, starts with the input as given.
    durable.instances.set(REQUEST.instanceId, {
      runtimeStatus: 'Completed',
      customStatus: { phase: 'closing', pass: 1 },
      events: [],
    });
    await startOrSignal(durable, REQUEST, OPTIONS);
    expect(durable.inputs[1]).toEqual({ resourceId: '/x' });
  });

  it('signals a running instance that has not reached its closing step', async () => {
    const durable = new FakeDurable();
    durable.instances.set(REQUEST.instanceId, {
      runtimeStatus: 'Running',
      customStatus: { phase: 'running', pass: 1 },
      events: [],
    });
    expect(await startOrSignal(durable, REQUEST, OPTIONS)).toBe('signalled');
    expect(durable.instances.get(REQUEST.instanceId)?.events).toHaveLength(1);
    expect(durable.calls).not.toContain('startNew');
  });

  it('signals the instance a concurrent starter just started (startNew refused)', async () => {
    const durable = new FakeDurable();
    // Someone else starts it between our status read and our start.
    durable.after.set('getStatus', () =>
      durable.instances.set(REQUEST.instanceId, {
        runtimeStatus: 'Running',
        customStatus: { phase: 'running', pass: 1 },
        events: [],
      }),
    );
    expect(await startOrSignal(durable, REQUEST, OPTIONS)).toBe('signalled');
    expect(durable.instances.get(REQUEST.instanceId)?.events).toHaveLength(1);
  });

  it('starts again when the instance completed just as the event was raised (410: the event was dropped)', async () => {
    const durable = new FakeDurable();
    durable.instances.set(REQUEST.instanceId, {
      runtimeStatus: 'Running',
      customStatus: { phase: 'running', pass: 1 },
      events: [],
    });
    // It completes after our status read and before our raiseEvent is processed.
    durable.after.set('getStatus', () => {
      const instance = durable.instances.get(REQUEST.instanceId) as Instance;
      instance.runtimeStatus = 'Completed';
    });
    expect(await startOrSignal(durable, REQUEST, OPTIONS)).toBe('started');
    expect(durable.droppedEvents).toBe(1);
    expect(durable.calls.filter((c) => c === 'startNew')).toHaveLength(1);
  });

  it('waits out a closing step and starts again when the instance ends without the event', async () => {
    const durable = new FakeDurable();
    durable.instances.set(REQUEST.instanceId, {
      runtimeStatus: 'Running',
      customStatus: { phase: 'closing', pass: 3 },
      events: [],
    });
    // The closing timer wins: the instance completes, discarding the event we raised into its window.
    durable.after.set('raiseEvent', () => {
      durable.after.set('getStatus', () => {
        durable.after.set('getStatus', () =>
          Object.assign(durable.instances.get(REQUEST.instanceId) as Instance, {
            runtimeStatus: 'Completed',
            events: [],
          }),
        );
      });
    });
    expect(await startOrSignal(durable, REQUEST, OPTIONS)).toBe('started');
  });

  it('is done once a closing instance continues (the event made it run again)', async () => {
    const durable = new FakeDurable();
    durable.instances.set(REQUEST.instanceId, {
      runtimeStatus: 'Running',
      customStatus: { phase: 'closing', pass: 3 },
      events: [],
    });
    durable.after.set('raiseEvent', () => {
      durable.after.set('getStatus', () => {
        durable.after.set(
          'getStatus',
          () => ((durable.instances.get(REQUEST.instanceId) as Instance).customStatus = { phase: 'running', pass: 4 }),
        );
      });
    });
    expect(await startOrSignal(durable, REQUEST, OPTIONS)).toBe('signalled');
    expect(durable.calls).not.toContain('startNew');
  });

  it('fails (so the trigger is retried) when an instance stays in its closing step too long', async () => {
    const durable = new FakeDurable();
    durable.instances.set(REQUEST.instanceId, {
      runtimeStatus: 'Running',
      customStatus: { phase: 'closing', pass: 1 },
      events: [],
    });
    await expect(startOrSignal(durable, REQUEST, { ...OPTIONS, closingWaitMs: 5 })).rejects.toThrow(/still closing/);
  });

  it('passes on errors other than "not found"', async () => {
    const durable = new FakeDurable();
    durable.getStatus = async () => {
      throw new Error('The operation failed with an unexpected status code: 503');
    };
    await expect(startOrSignal(durable, REQUEST, OPTIONS)).rejects.toThrow(/503/);
  });
});
