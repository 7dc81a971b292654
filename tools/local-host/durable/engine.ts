// The part of the Durable Task Framework a local host needs: a per-instance message queue, one
// episode at a time per instance, activity workers, durable timers and sub-orchestrations, with
// every state change written to the store before anything is dispatched.
import { randomUUID } from 'node:crypto';
import { EventType, HistoryEvent, fromJsonText, historyEvent, taskFailure, toJsonText } from './history';
import { Clock } from './clock';
import { EpisodeDeps, runEpisode, TimelineEvent, executionStarted } from './episode';
import { invocationContextFor, InvocationOptions, LogEntry, Registration } from './registrations';
import { FileInstanceStore, InstanceRecord, TERMINAL_STATUSES } from './store';

export type Delivery = 'accepted' | 'gone' | 'notFound';

export const isTerminal = (rec: InstanceRecord) => TERMINAL_STATUSES.includes(rec.runtimeStatus);

export class DurableEngine {
  readonly instances = new Map<string, InstanceRecord>();
  readonly orchestrators = new Map<string, Registration>();
  readonly activities = new Map<string, Registration>();
  private readonly busy = new Set<string>();
  private readonly inFlight = new Set<string>();
  private readonly timers = new Map<string, () => void>();
  private readonly completionWaiters = new Map<string, Array<() => void>>();
  protected crashed = false;
  protected stopped = false;
  private readonly deps: EpisodeDeps;

  constructor(
    readonly registrations: Registration[],
    readonly store: FileInstanceStore,
    readonly clock: Clock,
    private readonly hooks: { onHistory?: (e: TimelineEvent) => void; onLog?: (e: LogEntry) => void },
  ) {
    for (const r of registrations) {
      if (r.triggerType === 'orchestrationTrigger') this.orchestrators.set(r.name, r);
      if (r.triggerType === 'activityTrigger') this.activities.set(r.name, r);
    }
    this.deps = {
      orchestrators: this.orchestrators,
      activities: this.activities,
      now: () => clock.now(),
      onLog: (e) => this.log(e),
    };
  }

  /** An activity's InvocationContext; the runtime adds the durable client for activities that declare one. */
  protected activityContext(
    registration: Registration,
    opts: InvocationOptions,
  ): ReturnType<typeof invocationContextFor> {
    return invocationContextFor(registration, opts);
  }

  protected log(entry: LogEntry): void {
    this.hooks.onLog?.(entry);
  }

  private emit(event: TimelineEvent): void {
    try {
      this.hooks.onHistory?.(event);
    } catch (err) {
      this.log({ level: 'error', functionName: 'onHistory', invocationId: '', message: String(err) });
    }
  }

  /** Loads every instance and picks up where the previous process stopped: queued messages, open timers, unfinished activities. */
  protected resumeAll(): void {
    for (const rec of this.store.list()) this.instances.set(rec.instanceId, rec);
    for (const rec of this.instances.values()) {
      if (isTerminal(rec)) continue;
      this.dispatchOutstanding(rec);
      this.kick(rec.instanceId);
    }
  }

  protected persist(rec: InstanceRecord): void {
    if (!this.crashed) this.store.save(rec);
  }

  /** Adds a message to the instance's queue (persisted) and schedules an episode. */
  enqueue(instanceId: string, executionId: string | undefined, event: HistoryEvent): Delivery {
    const rec = this.instances.get(instanceId);
    if (this.crashed || !rec) return 'notFound';
    // DurableTask.Core drops messages for finished instances and for executions that no longer exist.
    if (isTerminal(rec) || (executionId !== undefined && executionId !== rec.executionId)) return 'gone';
    rec.pendingEvents.push(event);
    this.persist(rec);
    this.kick(instanceId);
    return 'accepted';
  }

  protected kick(instanceId: string): void {
    if (this.stopped || this.busy.has(instanceId)) return;
    this.busy.add(instanceId);
    void this.drain(instanceId);
  }

  get idle(): boolean {
    return this.busy.size === 0;
  }

  private async drain(instanceId: string): Promise<void> {
    try {
      for (;;) {
        const live = this.instances.get(instanceId);
        if (this.stopped || !live || live.pendingEvents.length === 0 || isTerminal(live)) return;
        // Work on a copy: if the process dies mid-episode the stored record still holds the batch, which is
        // then redelivered, like an uncommitted DTFx work item. Messages arriving meanwhile go to `live`.
        const queuedBefore = live.pendingEvents.length;
        const working = structuredClone(live);
        const result = await runEpisode(this.deps, working);
        if (this.crashed || this.instances.get(instanceId) !== live) return; // crashed, or purged meanwhile
        working.pendingEvents.push(...live.pendingEvents.slice(queuedBefore));
        if (isTerminal(working)) working.pendingEvents = [];
        this.instances.set(instanceId, working);
        this.persist(working);
        for (const e of result.timeline) this.emit(e);
        if (this.crashed) return;
        if (isTerminal(working)) this.finished(working);
        else this.dispatchOutstanding(working);
      }
    } catch (err) {
      this.log({
        level: 'error',
        functionName: instanceId,
        invocationId: '',
        message: `episode failed: ${(err as Error).stack ?? err}`,
      });
    } finally {
      this.busy.delete(instanceId);
    }
  }

  /** Starts whatever the history says is scheduled but not finished; safe to call repeatedly. */
  private dispatchOutstanding(rec: InstanceRecord): void {
    if (this.stopped) return;
    const finished = new Set<string>();
    for (const e of [...rec.history, ...rec.pendingEvents]) {
      if (e.EventType === EventType.TimerFired) finished.add(`timer:${e.TimerId}`);
      else if (e.TaskScheduledId !== undefined) finished.add(`task:${e.TaskScheduledId}`);
    }
    for (const e of rec.history) {
      if (e.EventType === EventType.TaskScheduled && !finished.has(`task:${e.EventId}`)) this.runActivity(rec, e);
      if (e.EventType === EventType.TimerCreated && !finished.has(`timer:${e.EventId}`)) this.armTimer(rec, e);
      if (e.EventType === EventType.SubOrchestrationInstanceCreated && !finished.has(`task:${e.EventId}`))
        this.ensureChild(rec, e);
    }
  }

  private runActivity(rec: InstanceRecord, scheduled: HistoryEvent): void {
    const { instanceId, executionId } = rec;
    const key = `${instanceId}|${executionId}|${scheduled.EventId}`;
    if (this.inFlight.has(key)) return;
    this.inFlight.add(key);
    const name = scheduled.Name!;
    const registration = this.activities.get(name);
    void (async () => {
      let outcome: HistoryEvent;
      try {
        // Possible when resuming history written by an older version of the app.
        if (!registration)
          throw new Error(`The function '${name}' doesn't exist, is disabled, or is not an activity function.`);
        const context = this.activityContext(registration, {
          triggerMetadata: { instanceId },
          onLog: (e) => this.log(e),
        });
        const value = await registration.handler(fromJsonText(scheduled.Input), context);
        outcome = historyEvent(EventType.TaskCompleted, this.clock.now(), {
          TaskScheduledId: scheduled.EventId,
          Result: toJsonText(value),
        });
      } catch (err) {
        outcome = historyEvent(EventType.TaskFailed, this.clock.now(), {
          TaskScheduledId: scheduled.EventId,
          ...taskFailure('Activity', name, err),
        });
      }
      this.inFlight.delete(key);
      // Work in flight when the host "crashes" is lost; the next runtime runs it again (at-least-once).
      if (this.stopped || this.crashed) return;
      if (this.enqueue(instanceId, executionId, outcome) !== 'accepted') return;
      const failed = outcome.EventType === EventType.TaskFailed;
      this.emit({
        kind: failed ? 'activityFailed' : 'activityCompleted',
        instanceId,
        name,
        detail: failed ? outcome.Reason : fromJsonText(outcome.Result),
        at: this.clock.now(),
      });
    })();
  }

  private armTimer(rec: InstanceRecord, created: HistoryEvent): void {
    const { instanceId, executionId } = rec;
    const key = `${instanceId}|${executionId}|${created.EventId}`;
    if (this.timers.has(key)) return;
    const cancel = this.clock.at(new Date(created.FireAt!), () => {
      this.timers.delete(key);
      this.enqueue(
        instanceId,
        executionId,
        historyEvent(EventType.TimerFired, this.clock.now(), { TimerId: created.EventId, FireAt: created.FireAt }),
      );
    });
    this.timers.set(key, cancel);
  }

  private ensureChild(parent: InstanceRecord, created: HistoryEvent): void {
    const childId = created.InstanceId!;
    const existing = this.instances.get(childId);
    const ours =
      existing?.parent?.executionId === parent.executionId && existing.parent.taskScheduledId === created.EventId;
    if (existing && ours) {
      if (isTerminal(existing)) this.notifyParent(existing);
      return;
    }
    if (existing && !isTerminal(existing)) return;
    this.createInstance(childId, created.Name!, fromJsonText(created.Input), {
      instanceId: parent.instanceId,
      executionId: parent.executionId,
      taskScheduledId: created.EventId,
    });
  }

  protected createInstance(
    instanceId: string,
    name: string,
    input: unknown,
    parent?: InstanceRecord['parent'],
  ): InstanceRecord {
    const now = this.clock.now().toISOString();
    const rec: InstanceRecord = {
      instanceId,
      name,
      executionId: randomUUID().replace(/-/g, ''),
      runtimeStatus: 'Pending',
      input,
      output: null,
      customStatus: null,
      createdTime: now,
      lastUpdatedTime: now,
      parent,
      history: [],
      pendingEvents: [],
    };
    rec.pendingEvents.push(executionStarted(rec, toJsonText(input), this.clock.now()));
    this.instances.set(instanceId, rec);
    this.persist(rec);
    this.kick(instanceId);
    return rec;
  }

  private cancelTimers(instanceId: string): void {
    for (const [key, cancel] of this.timers) {
      if (key.startsWith(`${instanceId}|`)) {
        cancel();
        this.timers.delete(key);
      }
    }
  }

  /** Drops an instance from memory (purge); late results for it then find nothing to deliver to. */
  protected forget(instanceId: string): void {
    this.cancelTimers(instanceId);
    this.instances.delete(instanceId);
  }

  private finished(rec: InstanceRecord): void {
    this.cancelTimers(rec.instanceId);
    this.notifyParent(rec);
    for (const resolve of this.completionWaiters.get(rec.instanceId) ?? []) resolve();
    this.completionWaiters.delete(rec.instanceId);
  }

  // A terminated sub-orchestration does not report back, as in DurableTask.Core.
  private notifyParent(child: InstanceRecord): void {
    const p = child.parent;
    if (!p || (child.runtimeStatus !== 'Completed' && child.runtimeStatus !== 'Failed')) return;
    const event =
      child.runtimeStatus === 'Completed'
        ? historyEvent(EventType.SubOrchestrationInstanceCompleted, this.clock.now(), {
            TaskScheduledId: p.taskScheduledId,
            Result: toJsonText(child.output),
          })
        : historyEvent(EventType.SubOrchestrationInstanceFailed, this.clock.now(), {
            TaskScheduledId: p.taskScheduledId,
            Reason: String(child.output),
            Details: JSON.stringify({ Message: String(child.output) }),
          });
    this.enqueue(p.instanceId, p.executionId, event);
  }

  protected onceFinished(instanceId: string, fn: () => void): () => void {
    const list = this.completionWaiters.get(instanceId) ?? [];
    list.push(fn);
    this.completionWaiters.set(instanceId, list);
    return () => list.splice(list.indexOf(fn), 1);
  }

  /** Stops all scheduling and drops in-flight work without writing anything more, like a killed host. */
  protected halt(crash: boolean): void {
    this.crashed ||= crash;
    this.stopped = true;
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    this.inFlight.clear();
  }
}
