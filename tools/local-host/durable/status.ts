// Status payloads as the extension's HTTP API returns them (StatusResponsePayload), including the
// condensed `historyEvents` view that DurableClient.GetDurableOrchestrationStatusAsync builds.
import { EventType, fromJsonText, HistoryEvent } from './history';
import type { InstanceRecord, RuntimeStatus } from './store';

export interface StatusOptions {
  showHistory?: boolean;
  showHistoryOutput?: boolean;
  showInput?: boolean;
}

export interface StatusPayload {
  name: string;
  instanceId: string;
  runtimeStatus: RuntimeStatus;
  input: unknown;
  customStatus: unknown;
  output: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  historyEvents?: Record<string, unknown>[];
}

// .NET's DateTime.ToString("s") + "Z": whole seconds.
const toSeconds = (iso: string) => `${iso.slice(0, 19)}Z`;

export function statusPayload(rec: InstanceRecord, opts: StatusOptions = {}): StatusPayload {
  const payload: StatusPayload = {
    name: rec.name,
    instanceId: rec.instanceId,
    runtimeStatus: rec.runtimeStatus,
    input: opts.showInput === false ? null : rec.input,
    customStatus: rec.customStatus,
    output: rec.output,
    createdTime: toSeconds(rec.createdTime),
    lastUpdatedTime: toSeconds(rec.lastUpdatedTime),
  };
  if (opts.showHistory && rec.runtimeStatus !== 'Pending') {
    payload.historyEvents = condensedHistory(rec.history, opts.showHistoryOutput === true, opts.showInput !== false);
  }
  return payload;
}

function condensedHistory(history: HistoryEvent[], showOutput: boolean, showInput: boolean): Record<string, unknown>[] {
  const scheduled = new Map<string, { index: number; name?: string; at: string; input?: string | null }>();
  const drop = new Set<number>();
  const items = history.map((e, i) => {
    const item: Record<string, unknown> = { ...e, EventType: EventType[e.EventType] ?? e.EventType };
    switch (e.EventType) {
      case EventType.TaskScheduled:
      case EventType.SubOrchestrationInstanceCreated:
        scheduled.set(`${e.EventType}_${e.EventId}`, { index: i, name: e.Name, at: e.Timestamp, input: e.Input });
        delete item.Version;
        break;
      case EventType.TaskCompleted:
      case EventType.TaskFailed:
      case EventType.SubOrchestrationInstanceCompleted:
      case EventType.SubOrchestrationInstanceFailed: {
        const createdType =
          e.EventType <= EventType.TaskFailed ? EventType.TaskScheduled : EventType.SubOrchestrationInstanceCreated;
        const origin = scheduled.get(`${createdType}_${e.TaskScheduledId}`);
        if (origin) {
          Object.assign(item, { ScheduledTime: origin.at, FunctionName: origin.name });
          if (showInput) item.Input = origin.input;
          drop.add(origin.index);
        }
        delete item.TaskScheduledId;
        if (item.Result !== undefined) item.Result = showOutput ? fromJsonText(e.Result) : undefined;
        break;
      }
      case EventType.ExecutionStarted:
        Object.assign(item, {
          FunctionName: e.Name,
          Name: undefined,
          OrchestrationInstance: undefined,
          ParentInstance: undefined,
          Version: undefined,
        });
        break;
      case EventType.ExecutionCompleted:
        if (item.Result !== undefined) item.Result = showOutput ? fromJsonText(e.Result) : undefined;
        break;
      case EventType.TimerFired:
        delete item.TimerId;
        break;
      case EventType.OrchestratorStarted:
      case EventType.OrchestratorCompleted:
        drop.add(i);
        break;
    }
    if (!showInput) delete item.Input;
    delete item.EventId;
    delete item.IsPlayed;
    return JSON.parse(JSON.stringify(item)) as Record<string, unknown>;
  });
  return items.filter((_, i) => !drop.has(i));
}
