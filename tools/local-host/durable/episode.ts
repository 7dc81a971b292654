// One orchestrator "episode" (a DurableTask.Core work item): take the queued messages, replay the
// whole history through the registered durable-functions orchestrator, and turn its answer into the
// history events the Durable extension would append.
import { randomUUID } from 'node:crypto';
import { EventType, HistoryEvent, fromJsonText, historyEvent, orchestrationTriggerPayload } from './history';
import { invocationContextFor, LogEntry, Registration } from './registrations';
import { NewWork, Outcome, replay } from './replay';
import type { WireState } from './tasks';
import type { InstanceRecord } from './store';

export type TimelineKind =
  | 'orchestrationStarted'
  | 'activityScheduled'
  | 'activityCompleted'
  | 'activityFailed'
  | 'timerCreated'
  | 'timerFired'
  | 'eventRaised'
  | 'subOrchestrationScheduled'
  | 'customStatus'
  | 'continuedAsNew'
  | 'orchestrationCompleted'
  | 'orchestrationFailed'
  | 'orchestrationTerminated';

export interface TimelineEvent {
  kind: TimelineKind;
  instanceId: string;
  /** Orchestration, activity or event name, where there is one. */
  name?: string;
  detail?: unknown;
  at: Date;
}

export interface EpisodeDeps {
  orchestrators: Map<string, Registration>;
  activities: Map<string, Registration>;
  now(): Date;
  onLog(entry: LogEntry): void;
}

/** What the engine needs afterwards; new work is read back from the history it appended. */
export interface EpisodeResult {
  outcome: Outcome | { kind: 'terminated'; reason: unknown };
  timeline: TimelineEvent[];
}

const OUT_OF_PROC_DATA = '\n\n$OutOfProcData$:';

/** Mutates `rec` into its post-episode state; the caller persists it and dispatches `newWork`. */
export async function runEpisode(deps: EpisodeDeps, rec: InstanceRecord): Promise<EpisodeResult> {
  const messages = rec.pendingEvents.splice(0);
  const timeline: TimelineEvent[] = [];
  const note = (kind: TimelineKind, name?: string, detail?: unknown) =>
    timeline.push({ kind, instanceId: rec.instanceId, name, detail, at: deps.now() });
  const started = historyEvent(EventType.OrchestratorStarted, deps.now());
  const past = rec.history.map((e) => ({ ...e, IsPlayed: true }));
  rec.history = [...past, started];

  // A terminate message short-circuits the batch without running user code, as in DurableTask.Core.
  const terminate = messages.find((m) => m.EventType === EventType.ExecutionTerminated);
  if (terminate) {
    const reason = fromJsonText(terminate.Input);
    rec.history.push(terminate, ...closing(deps, 'Terminated', terminate.Input ?? null));
    Object.assign(rec, { runtimeStatus: 'Terminated', output: reason, lastUpdatedTime: deps.now().toISOString() });
    note('orchestrationTerminated', rec.name, reason);
    return { outcome: { kind: 'terminated', reason }, timeline };
  }

  rec.history.push(...messages);
  for (const m of messages) describeMessage(m, note);
  if (rec.runtimeStatus === 'Pending' || rec.runtimeStatus === 'ContinuedAsNew') rec.runtimeStatus = 'Running';

  const invoked = await invokeOrchestrator(deps, rec);
  let newWork: NewWork[] = [];
  let outcome: Outcome;
  if ('infraError' in invoked) {
    outcome = { kind: 'failed', message: `Orchestrator function '${rec.name}' failed: ${invoked.infraError}` };
  } else {
    ({ newWork, outcome } = replay({
      orchestrationName: rec.name,
      executionId: rec.executionId,
      history: rec.history,
      state: invoked,
      isActivity: (n) => deps.activities.has(n),
      isOrchestrator: (n) => deps.orchestrators.has(n),
      knownActivities: () => [...deps.activities.keys()],
    }));
    // The SDK omits falsy custom statuses; the extension then writes none for this episode.
    const customStatus = invoked.customStatus ?? null;
    if (JSON.stringify(customStatus) !== JSON.stringify(rec.customStatus)) note('customStatus', rec.name, customStatus);
    rec.customStatus = customStatus;
  }

  // A finishing orchestration has nothing left to schedule worth recording.
  if (outcome.kind !== 'running') newWork = [];
  const stamp = deps.now();
  for (const w of newWork) {
    if (w.kind === 'activity') {
      rec.history.push(
        historyEvent(EventType.TaskScheduled, stamp, { EventId: w.id, Name: w.name, Version: '', Input: w.input }),
      );
      note('activityScheduled', w.name, fromJsonText(w.input));
    } else if (w.kind === 'timer') {
      rec.history.push(historyEvent(EventType.TimerCreated, stamp, { EventId: w.id, FireAt: w.fireAt.toISOString() }));
      note('timerCreated', undefined, w.fireAt.toISOString());
    } else {
      rec.history.push(
        historyEvent(EventType.SubOrchestrationInstanceCreated, stamp, {
          EventId: w.id,
          Name: w.name,
          Version: '',
          InstanceId: w.instanceId,
          Input: w.input,
        }),
      );
      note('subOrchestrationScheduled', w.name, w.instanceId);
    }
  }
  rec.lastUpdatedTime = stamp.toISOString();

  switch (outcome.kind) {
    case 'completed':
      rec.history.push(...closing(deps, 'Completed', outcome.output));
      Object.assign(rec, { runtimeStatus: 'Completed', output: fromJsonText(outcome.output) });
      note('orchestrationCompleted', rec.name, rec.output);
      break;
    case 'failed':
      rec.history.push(...closing(deps, 'Failed', JSON.stringify(outcome.message)));
      Object.assign(rec, { runtimeStatus: 'Failed', output: outcome.message });
      note('orchestrationFailed', rec.name, outcome.message);
      break;
    case 'continuedAsNew':
      startNewExecution(deps, rec, outcome.input);
      note('continuedAsNew', rec.name, rec.input);
      break;
    case 'running':
      rec.history.push(historyEvent(EventType.OrchestratorCompleted, deps.now()));
  }
  return { outcome, timeline };
}

function closing(deps: EpisodeDeps, status: string, result: string | null): HistoryEvent[] {
  return [
    historyEvent(EventType.ExecutionCompleted, deps.now(), { OrchestrationStatus: status, Result: result }),
    historyEvent(EventType.OrchestratorCompleted, deps.now()),
  ];
}

/**
 * ContinueAsNew: the old execution's history is dropped (Azure Storage keeps one execution per instance)
 * and so are events it had received but not consumed -- the JS SDK has no preserveUnprocessedEvents.
 * Messages still queued (arrived during the episode) stay queued and reach the new execution.
 */
function startNewExecution(deps: EpisodeDeps, rec: InstanceRecord, input: string | null): void {
  rec.executionId = randomUUID().replace(/-/g, '');
  rec.history = [];
  rec.input = fromJsonText(input);
  rec.output = null;
  rec.runtimeStatus = 'ContinuedAsNew';
  rec.pendingEvents.unshift(executionStarted(rec, input, deps.now()));
}

export function executionStarted(rec: InstanceRecord, input: string | null, at: Date): HistoryEvent {
  return historyEvent(EventType.ExecutionStarted, at, {
    OrchestrationInstance: { InstanceId: rec.instanceId, ExecutionId: rec.executionId },
    ParentInstance: rec.parent
      ? {
          OrchestrationInstance: { InstanceId: rec.parent.instanceId, ExecutionId: rec.parent.executionId },
          TaskScheduleId: rec.parent.taskScheduledId,
          Name: '',
        }
      : null,
    Name: rec.name,
    Version: '',
    Input: input,
  });
}

function describeMessage(m: HistoryEvent, note: (kind: TimelineKind, name?: string, detail?: unknown) => void): void {
  if (m.EventType === EventType.ExecutionStarted) note('orchestrationStarted', m.Name, fromJsonText(m.Input));
  else if (m.EventType === EventType.TimerFired) note('timerFired', undefined, m.FireAt);
  else if (m.EventType === EventType.EventRaised) note('eventRaised', m.Name, fromJsonText(m.Input));
}

async function invokeOrchestrator(deps: EpisodeDeps, rec: InstanceRecord): Promise<WireState | { infraError: string }> {
  const registration = deps.orchestrators.get(rec.name);
  if (!registration)
    return { infraError: `The function '${rec.name}' doesn't exist, is disabled, or is not an orchestrator function.` };
  const started = rec.history.find((e) => e.EventType === EventType.ExecutionStarted);
  const payload = orchestrationTriggerPayload({
    instanceId: rec.instanceId,
    parentInstanceId: rec.parent?.instanceId ?? null,
    history: rec.history,
    input: started?.Input ?? null,
  });
  const context = invocationContextFor(registration, {
    invocationId: randomUUID(),
    triggerMetadata: { instanceId: rec.instanceId },
    onLog: deps.onLog,
  });
  try {
    // Round-trip through JSON: the extension only ever sees the serialised OrchestratorState.
    return JSON.parse(JSON.stringify(await registration.handler(payload, context))) as WireState;
  } catch (err) {
    // An orchestrator exception arrives as OrchestrationFailureError carrying the state after a marker,
    // which the extension (OutOfProcExceptionHelpers) extracts and still replays.
    const message = err instanceof Error ? err.message : String(err);
    const at = message.indexOf(OUT_OF_PROC_DATA);
    if (at >= 0) return JSON.parse(message.slice(at + OUT_OF_PROC_DATA.length)) as WireState;
    return { infraError: message };
  }
}
