// History events in the JSON shape the Durable extension hands to out-of-proc workers
// (Newtonsoft serialisation of DurableTask.Core HistoryEvent: PascalCase, numeric EventType).

export enum EventType {
  ExecutionStarted = 0,
  ExecutionCompleted = 1,
  ExecutionFailed = 2,
  ExecutionTerminated = 3,
  TaskScheduled = 4,
  TaskCompleted = 5,
  TaskFailed = 6,
  SubOrchestrationInstanceCreated = 7,
  SubOrchestrationInstanceCompleted = 8,
  SubOrchestrationInstanceFailed = 9,
  TimerCreated = 10,
  TimerFired = 11,
  OrchestratorStarted = 12,
  OrchestratorCompleted = 13,
  EventSent = 14,
  EventRaised = 15,
  ContinueAsNew = 16,
}

/** Loose on purpose: each event type carries a different subset of these fields. */
export interface HistoryEvent {
  EventType: EventType;
  EventId: number;
  IsPlayed: boolean;
  Timestamp: string;
  Name?: string;
  Version?: string;
  Input?: string | null;
  Result?: string | null;
  Reason?: string;
  Details?: string;
  FailureDetails?: FailureDetailsPayload;
  TaskScheduledId?: number;
  TimerId?: number;
  FireAt?: string;
  InstanceId?: string;
  OrchestrationStatus?: string;
  OrchestrationInstance?: { InstanceId: string; ExecutionId: string };
  ParentInstance?: {
    OrchestrationInstance: { InstanceId: string; ExecutionId: string };
    TaskScheduleId: number;
    Name: string;
  } | null;
}

export interface FailureDetailsPayload {
  ErrorType: string;
  ErrorMessage: string;
  StackTrace?: string;
  IsNonRetriable?: boolean;
  Properties?: Record<string, unknown>;
}

/** JSON text as DTFx stores payloads; `undefined` is stored as null (what a null .NET object serialises to). */
export function toJsonText(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

export function fromJsonText(text: string | null | undefined): unknown {
  return text === null || text === undefined ? null : JSON.parse(text);
}

type Extra = Omit<Partial<HistoryEvent>, 'EventType' | 'Timestamp'>;

export function historyEvent(type: EventType, timestamp: Date, extra: Extra = {}): HistoryEvent {
  return { EventType: type, EventId: -1, IsPlayed: false, Timestamp: timestamp.toISOString(), ...extra };
}

/** The activity's failure as the extension's TaskActivityShim reports it (Reason / Details / FailureDetails). */
export function taskFailure(
  functionKind: 'Activity' | 'Orchestrator',
  name: string,
  err: unknown,
): Pick<HistoryEvent, 'Reason' | 'Details' | 'FailureDetails'> {
  const error = err instanceof Error ? err : new Error(String(err));
  const failure: Pick<HistoryEvent, 'Reason' | 'Details' | 'FailureDetails'> = {
    Reason: `${functionKind} function '${name}' failed: ${error.message}`,
    Details: JSON.stringify({ Message: error.message, StackTrace: error.stack ?? null, ClassName: error.name }),
  };
  // durable-functions 3.5's wrapActivityHandler puts a FailureDetails JSON into the message when an
  // ExceptionPropertiesProvider is registered; a host that understands it forwards it as FailureDetails.
  const structured = tryParseFailureDetails(error.message);
  if (structured) failure.FailureDetails = structured;
  return failure;
}

function tryParseFailureDetails(message: string): FailureDetailsPayload | undefined {
  if (!message.startsWith('{')) return undefined;
  try {
    const p = JSON.parse(message) as Record<string, unknown>;
    if (typeof p.errorType !== 'string' || typeof p.errorMessage !== 'string') return undefined;
    return {
      ErrorType: p.errorType,
      ErrorMessage: p.errorMessage,
      StackTrace: typeof p.stackTrace === 'string' ? p.stackTrace : undefined,
      IsNonRetriable: p.isNonRetriable === true,
      Properties: (p.properties as Record<string, unknown> | undefined) ?? undefined,
    };
  } catch {
    return undefined;
  }
}

/** TimeSpan as Json.NET writes it ("d.hh:mm:ss"), which is what moment.duration in durable-functions parses. */
export function toTimeSpan(ms: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const totalSeconds = Math.floor(ms / 1000);
  const days = Math.floor(totalSeconds / 86400);
  const h = Math.floor((totalSeconds % 86400) / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return `${days}.${pad(h)}:${pad(m)}:${pad(s)}`;
}

/** Azure Storage provider defaults (MaximumDelayTime / LongRunningTimerIntervalLength). */
export const MAX_SHORT_TIMER_MS = 6 * 24 * 3600 * 1000;
export const LONG_TIMER_INTERVAL_MS = 3 * 24 * 3600 * 1000;

export interface OrchestrationTriggerInit {
  instanceId: string;
  parentInstanceId: string | null;
  history: HistoryEvent[];
  input: string | null;
}

/**
 * The orchestrationTrigger payload, field for field what OrchestrationTriggerAttributeBindingProvider
 * serialises (upperSchemaVersion V2=1 for old SDKs, upperSchemaVersionNew V3=2 which durable-functions 3 uses).
 * Built as JSON text and re-parsed so the worker gets fresh objects, as it would over gRPC.
 */
export function orchestrationTriggerPayload(init: OrchestrationTriggerInit): unknown {
  const first = init.history.findIndex((e) => e.EventType === EventType.ExecutionStarted);
  const payload = {
    history: init.history,
    input: fromJsonText(init.input),
    instanceId: init.instanceId,
    isReplaying: first >= 0 && init.history[first]!.IsPlayed,
    parentInstanceId: init.parentInstanceId,
    upperSchemaVersion: 1,
    upperSchemaVersionNew: 2,
    longRunningTimerIntervalDuration: toTimeSpan(LONG_TIMER_INTERVAL_MS),
    maximumShortTimerDuration: toTimeSpan(MAX_SHORT_TIMER_MS),
    defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
  };
  return JSON.parse(JSON.stringify(payload));
}
