/**
 * Outcome events: what a run's outcome tells people who route events (e-mail, Teams, tickets), as CloudEvents 1.0 for an
 * Event Grid custom topic. Pure: the outcome in, the events out; publishing is an activity's (src/activities).
 */
import { createHash } from 'node:crypto';
import { InputError } from './input';
import { isPlainObject } from './plain-object';

export const OUTCOME_EVENT_TYPES = {
  runCompleted: 'PrivateLinkAutopilot.RunCompleted',
  runIncomplete: 'PrivateLinkAutopilot.RunIncomplete',
  connectionNeedsHuman: 'PrivateLinkAutopilot.ConnectionNeedsHuman',
  conflictFound: 'PrivateLinkAutopilot.ConflictFound',
  driftRepaired: 'PrivateLinkAutopilot.DriftRepaired',
} as const;

export type OutcomeEventType = (typeof OUTCOME_EVENT_TYPES)[keyof typeof OUTCOME_EVENT_TYPES];

/** The outcome fields the events read (orchestrations/outcome.ts RunOutcome has them all). */
export interface OutcomeForEvents {
  orchestration: string;
  instanceId: string;
  resourceId: string;
  pass: number;
  dryRun: boolean;
  complete: boolean;
  pendingConnections: ReadonlyArray<{ resourceId: string; cause: string }>;
  conflictNames: ReadonlyArray<{ resourceId: string; fqdn: string }>;
  /** Repairs of drifted records (drift runs and the periodic pass carry them; see orchestrations/outcome withDrift). */
  drift?: ReadonlyArray<{ resourceId: string; found: string }>;
}

export interface OutcomeEventData<O extends OutcomeForEvents = OutcomeForEvents> {
  /** The run's whole outcome, as its `autopilot.outcome` line has it. */
  outcome: O;
  /** The fleet report (`GET /api/report`, function key); absent when the app's address is unknown. */
  reportUrl?: string;
  connection?: { resourceId: string; cause: string };
  conflict?: { resourceId: string; fqdn: string };
  drift?: { resourceId: string; found: string };
}

export interface OutcomeEvent<O extends OutcomeForEvents = OutcomeForEvents> {
  /** Stable for one run's pass, type and subject: a delivery repeated after a retry can be recognised. */
  id: string;
  /** When the orchestration published it (its own deterministic clock, so a replay sends the same). */
  time: string;
  type: OutcomeEventType;
  source: string;
  subject: string;
  data: OutcomeEventData<O>;
}

/** What the publishing step did with one run's events. */
export interface PublishedOutcomeEvents {
  /** False when AUTOPILOT_OUTCOME_TOPIC_ENDPOINT is unset. */
  enabled: boolean;
  published: number;
  failed: number;
}

export interface OutcomeEventOptions {
  /** CloudEvents `source`: which deployment speaks (see outcomeEventSource). */
  source: string;
  reportUrl?: string;
  /**
   * The run ends with this pass (it will not continue as new). State events (run completed or incomplete, connections
   * waiting for a human, conflicts) are sent once, at the end; a drift repair is sent from the pass that made it.
   */
  final: boolean;
  /** ISO time of the publishing pass (the orchestration's clock); with the instance ID it tells runs apart. */
  time: string;
}

export function outcomeEventSource(instanceId: string): string {
  return `/privatelink-autopilot/instances/${instanceId}`;
}

/** `https://<host>/api/report` from the Functions host name (`WEBSITE_HOSTNAME`); plain HTTP for a loopback host. */
export function reportUrlOf(hostName: string | undefined): string | undefined {
  const host = hostName?.trim();
  if (!host) return undefined;
  const loopback = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i.test(host);
  return `${loopback ? 'http' : 'https'}://${host}/api/report`;
}

export function outcomeEvents<O extends OutcomeForEvents>(outcome: O, options: OutcomeEventOptions): OutcomeEvent<O>[] {
  const common = { outcome, ...(options.reportUrl ? { reportUrl: options.reportUrl } : {}) };
  const event = (type: OutcomeEventType, subject: string, extra: Partial<OutcomeEventData<O>> = {}) => ({
    id: eventId(outcome, options.time, type, subject),
    time: options.time,
    type,
    source: options.source,
    subject,
    data: { ...common, ...extra },
  });
  const events: OutcomeEvent<O>[] = (outcome.drift ?? []).map((drift) =>
    event(OUTCOME_EVENT_TYPES.driftRepaired, drift.resourceId, { drift: { ...drift } }),
  );
  if (!options.final) return events;
  for (const connection of outcome.pendingConnections)
    events.push(
      event(OUTCOME_EVENT_TYPES.connectionNeedsHuman, connection.resourceId, { connection: { ...connection } }),
    );
  for (const conflict of outcome.conflictNames)
    events.push(event(OUTCOME_EVENT_TYPES.conflictFound, conflict.resourceId, { conflict: { ...conflict } }));
  events.push(
    event(outcome.complete ? OUTCOME_EVENT_TYPES.runCompleted : OUTCOME_EVENT_TYPES.runIncomplete, outcome.resourceId),
  );
  return events;
}

/** Instance IDs are reused (one per resource), so the pass's time is part of the ID. */
function eventId(outcome: OutcomeForEvents, time: string, type: string, subject: string): string {
  return createHash('sha256')
    .update(`${outcome.instanceId}\n${time}\n${outcome.pass}\n${type}\n${subject.toLowerCase()}`)
    .digest('hex')
    .slice(0, 32);
}

/** An outcome as durable hands it over (stored JSON): the fields the events read, each checked and named if wrong. */
export function readOutcomeForEvents(where: string, value: unknown): OutcomeForEvents {
  if (!isPlainObject(value)) throw new InputError(where, '', 'a run outcome (an object)', value);
  for (const field of ['orchestration', 'instanceId', 'resourceId'])
    if (typeof value[field] !== 'string') throw new InputError(where, field, 'a string', value[field]);
  if (!Number.isSafeInteger(value.pass)) throw new InputError(where, 'pass', 'a whole number', value.pass);
  for (const field of ['dryRun', 'complete'])
    if (typeof value[field] !== 'boolean') throw new InputError(where, field, 'true or false', value[field]);
  const list = (field: string, keys: readonly string[]) => {
    const items = value[field] ?? [];
    const valid =
      Array.isArray(items) && items.every((i) => isPlainObject(i) && keys.every((k) => typeof i[k] === 'string'));
    if (!valid) throw new InputError(where, field, `a list of {${keys.join(', ')}} (strings)`, items);
  };
  list('pendingConnections', ['resourceId', 'cause']);
  list('conflictNames', ['resourceId', 'fqdn']);
  list('drift', ['resourceId', 'found']);
  return {
    pendingConnections: [],
    conflictNames: [],
    ...value,
  } as unknown as OutcomeForEvents;
}
