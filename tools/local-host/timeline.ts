/** The host's readable timeline: event → orchestration → changes → ARM calls, one line each. */
import type { LogEntry, TimelineEvent } from './durable';

const OUTCOME_PREFIX = 'autopilot.outcome ';

export type TimelineSink = (line: string) => void;

export function timelineLine(at: Date, who: string, what: string): string {
  return `${at.toISOString().slice(11, 23)}  ${who.padEnd(22).slice(0, 22)}  ${what}`;
}

/** Orchestration milestones; activity chatter is left out unless it failed (the outcome line says what each did). */
export function historyLine(event: TimelineEvent): string | undefined {
  const who = shortInstance(event.instanceId);
  switch (event.kind) {
    case 'orchestrationStarted':
      return timelineLine(new Date(), who, `${event.name ?? 'orchestration'} started`);
    case 'continuedAsNew':
      return timelineLine(new Date(), who, 'continues as new: another pass (changed meanwhile, or a follow-up)');
    case 'activityFailed':
      return timelineLine(
        new Date(),
        who,
        `activity ${event.name ?? ''} failed: ${String(event.detail ?? '')}`.slice(0, 300),
      );
    case 'orchestrationCompleted':
      return timelineLine(new Date(), who, 'completed');
    case 'orchestrationFailed':
      return timelineLine(new Date(), who, `FAILED: ${String(event.detail ?? '')}`.slice(0, 300));
    default:
      return undefined;
  }
}

export function logLine(entry: LogEntry): string {
  const message = String(entry.message);
  if (message.startsWith(OUTCOME_PREFIX))
    return timelineLine(new Date(), entry.functionName, describeOutcome(message.slice(OUTCOME_PREFIX.length)));
  return timelineLine(new Date(), entry.functionName, message);
}

interface OutcomeView {
  resourceId?: string;
  dryRun?: boolean;
  complete?: boolean;
  changes?: Record<string, number>;
  failures?: Array<{ code?: string; resourceId?: string }>;
  calls?: { reads?: number; writes?: number; deletes?: number };
  pendingForHuman?: number;
  awaitingApproval?: number;
  conflicts?: number;
}

function describeOutcome(json: string): string {
  const o = JSON.parse(json) as OutcomeView;
  const changes = Object.entries(o.changes ?? {}).map(([kind, n]) => `${n} ${kind}`);
  const parts = [
    `${shortName(o.resourceId ?? '')}:`,
    changes.length > 0 ? `${o.dryRun ? 'would make ' : ''}${changes.join(', ')}` : 'nothing to change',
    `— ARM ${o.calls?.reads ?? 0} reads, ${o.calls?.writes ?? 0} writes, ${o.calls?.deletes ?? 0} deletes`,
  ];
  if (o.pendingForHuman) parts.push(`— ${o.pendingForHuman} pending for a person`);
  if (o.awaitingApproval) parts.push(`— ${o.awaitingApproval} awaiting the target owner's approval`);
  if (o.conflicts) parts.push(`— ${o.conflicts} conflict(s)`);
  if (!o.complete)
    parts.push(
      `— INCOMPLETE: ${(o.failures ?? []).map((f) => `${f.code} ${shortName(f.resourceId ?? '')}`).join('; ')}`,
    );
  return parts.join(' ');
}

function shortName(id: string): string {
  const parts = id.split('/').filter(Boolean);
  return parts.length >= 2 ? (parts[parts.length - 1] as string) : id;
}

function shortInstance(instanceId: string): string {
  return instanceId.length > 22 ? `${instanceId.slice(0, 21)}…` : instanceId;
}
