// Re-derives, from the actions a durable-functions orchestrator returned, what the Durable extension
// (OutOfProcOrchestrationShim running inside a DurableTask.Core orchestration) would schedule next.
// The shim re-issues every action in order, awaiting each one; DurableTask.Core hands out sequence
// numbers as tasks are created and matches them against history by EventId. The JS SDK numbers its
// tasks the same way, which is why both must be driven event by event in history order.
import { EventType, HistoryEvent, LONG_TIMER_INTERVAL_MS, MAX_SHORT_TIMER_MS, toJsonText } from './history';
import { ActionType as A, DTask, whenAllOrAny, WireAction, WireState, withRetry } from './tasks';

export type NewWork =
  | { kind: 'activity'; id: number; name: string; input: string | null }
  | { kind: 'timer'; id: number; fireAt: Date }
  | { kind: 'subOrchestration'; id: number; name: string; instanceId: string; input: string | null };

export type Outcome =
  | { kind: 'running' }
  | { kind: 'completed'; output: string | null }
  | { kind: 'failed'; message: string; details?: string }
  | { kind: 'continuedAsNew'; input: string | null };

export interface ReplayContext {
  orchestrationName: string;
  executionId: string;
  history: HistoryEvent[];
  state: WireState;
  isActivity(name: string): boolean;
  isOrchestrator(name: string): boolean;
  knownActivities(): string[];
}

class NonDeterminismError extends Error {}

export function replay(ctx: ReplayContext): { newWork: NewWork[]; outcome: Outcome } {
  return new Replayer(ctx).run();
}

class Replayer {
  private nextId = 0;
  private now = new Date(0);
  private readonly scheduled = new Map<number, NewWork & { confirmed: boolean }>();
  private readonly open = new Map<number, DTask>();
  private readonly waiters = new Map<string, DTask[]>();
  private readonly buffered = new Map<string, Array<string | null>>();
  private programDone = false;
  private programError: string | undefined;
  private continueAsNewInput: string | null | undefined;

  constructor(private readonly ctx: ReplayContext) {}

  run(): { newWork: NewWork[]; outcome: Outcome } {
    try {
      for (const e of this.ctx.history) this.process(e);
    } catch (err) {
      if (!(err instanceof NonDeterminismError)) throw err;
      return { newWork: [], outcome: this.fail(`Non-Deterministic workflow detected: ${err.message}`) };
    }
    const newWork = [...this.scheduled.values()]
      .filter((w) => !w.confirmed)
      .map(({ confirmed: _c, ...w }) => w as NewWork);
    return { newWork, outcome: this.outcome() };
  }

  // DurableTask.Core only finishes an orchestration once no scheduled task is left open.
  private outcome(): Outcome {
    const { state } = this.ctx;
    if (this.open.size > 0 || !this.programDone) return { kind: 'running' };
    if (this.programError !== undefined) return this.fail(this.programError);
    if (state.error) return this.fail(state.error);
    if (!state.isDone) return { kind: 'running' };
    if (this.continueAsNewInput !== undefined) return { kind: 'continuedAsNew', input: this.continueAsNewInput };
    return { kind: 'completed', output: toJsonText(state.output) };
  }

  private fail(message: string): Outcome {
    return { kind: 'failed', message: `Orchestrator function '${this.ctx.orchestrationName}' failed: ${message}` };
  }

  private process(e: HistoryEvent): void {
    switch (e.EventType) {
      case EventType.OrchestratorStarted:
        this.now = new Date(e.Timestamp);
        return;
      case EventType.ExecutionStarted:
        return this.startProgram();
      case EventType.TaskScheduled:
        return this.confirm(e.EventId, 'activity', e.Name);
      case EventType.TimerCreated:
        return this.confirm(e.EventId, 'timer');
      case EventType.SubOrchestrationInstanceCreated:
        return this.confirm(e.EventId, 'subOrchestration', e.Name);
      case EventType.TaskCompleted:
      case EventType.SubOrchestrationInstanceCompleted:
        return this.complete(e.TaskScheduledId, 'ok');
      case EventType.TaskFailed:
      case EventType.SubOrchestrationInstanceFailed:
        return this.complete(e.TaskScheduledId, 'failed', e.FailureDetails?.IsNonRetriable === true);
      case EventType.TimerFired:
        return this.complete(e.TimerId, 'ok');
      case EventType.EventRaised:
        return this.deliver(e.Name ?? '', e.Input ?? null);
    }
  }

  private confirm(id: number, kind: NewWork['kind'], name?: string): void {
    const work = this.scheduled.get(id);
    if (!work || work.kind !== kind || ('name' in work && name !== undefined && work.name !== name)) {
      throw new NonDeterminismError(
        `A previous execution of this orchestration scheduled a ${kind} task with sequence ID ${id}${name ? ` and name '${name}'` : ''}, ` +
          `but the current replay execution hasn't (yet?) scheduled this task. Was a change made to the orchestrator code after this instance had already started running?`,
      );
    }
    work.confirmed = true;
  }

  private complete(id: number | undefined, state: 'ok' | 'failed', nonRetriable = false): void {
    const task = this.open.get(id ?? -1);
    if (!task) return; // DTFx logs and ignores completions for unknown or cancelled tasks
    this.open.delete(id!);
    task.settle(state, nonRetriable);
  }

  // The extension keeps waiters in a stack (newest first) and buffers events nobody waits for yet.
  private deliver(name: string, input: string | null): void {
    const waiter = this.waiters.get(name)?.pop();
    if (waiter) return waiter.settle('ok');
    const queue = this.buffered.get(name) ?? [];
    queue.push(input);
    this.buffered.set(name, queue);
  }

  private startProgram(): void {
    // We announce upperSchemaVersionNew=V3, so the SDK answers with one flat action list (schema V2+).
    const { actions, schemaVersion } = this.ctx.state;
    if (schemaVersion === 0 || actions.length !== 1) {
      this.programError = `With OOProc schema ${schemaVersion}, expected actions array to be of length 1 in outer layer but got size: ${actions.length}`;
      this.programDone = true;
      return;
    }
    const list = actions[0]!;
    let i = 0;
    const step = (): void => {
      try {
        while (i < list.length) {
          const task = this.invoke(list[i++]!);
          if (task.state === 'running') return task.then(step);
        }
        this.programDone = true;
      } catch (err) {
        this.programError = err instanceof Error ? err.message : String(err);
        this.programDone = true;
      }
    };
    step();
  }

  private invoke(a: WireAction): DTask {
    switch (a.actionType) {
      case A.CallActivity:
        return this.activity(a);
      case A.CallActivityWithRetry:
        return withRetry(
          a.retryOptions!,
          () => this.now,
          (at) => this.timer(at, false),
          () => this.activity(a),
        );
      case A.CallSubOrchestrator:
        return this.subOrchestration(a);
      case A.CallSubOrchestratorWithRetry:
        return withRetry(
          a.retryOptions!,
          () => this.now,
          (at) => this.timer(at, false),
          () => this.subOrchestration(a),
        );
      case A.ContinueAsNew:
        this.continueAsNewInput = toJsonText(a.input);
        return DTask.done();
      case A.CreateTimer:
        return this.timer(new Date(a.fireAt!), a.isCanceled === true);
      case A.WaitForExternalEvent:
        return this.waitForEvent(a.externalEventName!);
      case A.WhenAll:
      case A.WhenAny:
        return whenAllOrAny(
          a.compoundActions!.map((c) => this.invoke(c)),
          a.actionType === A.WhenAny,
        );
      default:
        throw new Error(
          `The local durable runtime does not support action type ${a.actionType} (entities and callHttp are not emulated).`,
        );
    }
  }

  private schedule(work: NewWork): DTask {
    const task = new DTask();
    this.scheduled.set(work.id, { ...work, confirmed: false });
    this.open.set(work.id, task);
    return task;
  }

  private activity(a: WireAction): DTask {
    const name = a.functionName!;
    if (!this.ctx.isActivity(name)) {
      const known = this.ctx.knownActivities();
      throw new Error(
        `The function '${name}' doesn't exist, is disabled, or is not an activity function. Additional info: ` +
          (known.length
            ? `The following are the known activity functions: '${known.join("', '")}'.`
            : 'No activity functions are currently registered!'),
      );
    }
    // The SDK JSON-encodes string inputs (Utils.processInput); the worker's tryJsonParse undoes it.
    const value = typeof a.input === 'string' ? JSON.parse(a.input) : a.input;
    return this.schedule({ kind: 'activity', id: this.nextId++, name, input: toJsonText(value) });
  }

  private subOrchestration(a: WireAction): DTask {
    const name = a.functionName!;
    if (!this.ctx.isOrchestrator(name)) {
      throw new Error(`The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`);
    }
    const id = this.nextId++;
    const instanceId = a.instanceId || `${this.ctx.executionId}:${id}`;
    return this.schedule({ kind: 'subOrchestration', id, name, instanceId, input: toJsonText(a.input) });
  }

  private timer(fireAt: Date, canceled: boolean): DTask {
    const create = (at: Date): DTask => {
      const id = this.nextId++;
      const t = this.schedule({ kind: 'timer', id, fireAt: at });
      if (canceled) {
        // The shim cancels the CancellationTokenSource right after CreateTimer: TimerCreated is still
        // written, but the task stops counting as open.
        this.open.delete(id);
        t.settle('canceled');
      }
      return t;
    };
    if (fireAt.getTime() - this.now.getTime() <= MAX_SHORT_TIMER_MS) return create(fireAt);
    // Long timers are a chain of shorter ones (DurableOrchestrationContext.CreateTimer in the extension).
    const outer = new DTask();
    const next = (at: Date): void => {
      const t = create(at);
      t.then(() => {
        if (t.state !== 'ok') return outer.settle(t.state === 'canceled' ? 'canceled' : 'failed');
        const remaining = fireAt.getTime() - this.now.getTime();
        if (remaining <= 0) return outer.settle('ok');
        next(new Date(this.now.getTime() + Math.min(remaining, LONG_TIMER_INTERVAL_MS)));
      });
    };
    next(new Date(this.now.getTime() + LONG_TIMER_INTERVAL_MS));
    return outer;
  }

  private waitForEvent(name: string): DTask {
    const task = new DTask();
    const stack = this.waiters.get(name) ?? [];
    stack.push(task);
    this.waiters.set(name, stack);
    const queue = this.buffered.get(name);
    if (queue && queue.length > 0) {
      const input = queue.shift()!;
      if (queue.length === 0) this.buffered.delete(name);
      this.deliver(name, input);
    }
    return task;
  }
}
