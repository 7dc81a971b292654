import { EventGridDeserializer } from '@azure/eventgrid';
import { orchestrationKey, zoneCopyKey } from '../arm-identity';
import { type ResourceId, ResourceIdError, formatResourceId, parseResourceId } from '../resource-id';
import { classifyOperation, classifyRecordOperation } from './classify';
import { isPlainObject } from '../plain-object';
import { scopeCheck, subscriptionInScope } from '../scope';
import { DEFAULT_TARGET_TYPES } from './target-types';
import type { EventError, EventSchema, RouteContext, RoutedDelivery, RoutedEvent } from './types';

export const SUBSCRIPTION_VALIDATION_EVENT = 'Microsoft.EventGrid.SubscriptionValidationEvent';

export const HANDLED_EVENT_TYPES = [
  'Microsoft.Resources.ResourceWriteSuccess',
  'Microsoft.Resources.ResourceDeleteSuccess',
  'Microsoft.Resources.ResourceActionSuccess',
];
const handledEventTypes = new Set(HANDLED_EVENT_TYPES.map((t) => t.toLowerCase()));

const RESOURCE_ID_EXAMPLE = '/subscriptions/{id}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}';

/**
 * Routes one Event Grid delivery (Event Grid schema or CloudEvents 1.0; one event or an array) to per-event intents.
 * Never throws on malformed input: each bad event becomes an entry in `errors` and the others are still routed.
 */
export async function routeDelivery(body: unknown, context: RouteContext): Promise<RoutedDelivery> {
  const events = Array.isArray(body) ? body : [body];
  const delivery: RoutedDelivery = { results: [], errors: [] };
  // An empty batch has no element to report on: it is the delivery's own error, so that it too is logged.
  if (events.length === 0) {
    const expected = 'expected an event object or a non-empty array of events, got [] (holds no event)';
    delivery.errors.push({ index: 0, field: 'delivery', expected, message: `delivery: ${expected}` });
  }
  for (const [index, raw] of events.entries()) {
    const envelope = await readEnvelope(raw, index);
    if ('field' in envelope) {
      delivery.errors.push(envelope);
      continue;
    }
    const routed = routeEvent(envelope, context);
    if ('field' in routed) {
      delivery.errors.push(routed);
    } else if ('validationCode' in routed) {
      delivery.validationCode = routed.validationCode;
      delivery.results.push(routed.result);
    } else {
      delivery.results.push(routed);
    }
  }
  return delivery;
}

type EventOutcome = RoutedEvent | EventError | { result: RoutedEvent; validationCode: string };

function routeEvent(envelope: EventEnvelope, context: RouteContext): EventOutcome {
  const { index, eventId, eventType, data } = envelope;
  const fail = (path: string, expected: string): EventError => eventError(index, path, expected, eventId);
  const operationName = isPlainObject(data) && typeof data.operationName === 'string' ? data.operationName : '';
  const base = {
    index,
    schema: envelope.schema,
    eventId,
    eventType,
    resourceId: envelope.subject ?? '',
    operationName,
  };

  if (eventType.toLowerCase() === SUBSCRIPTION_VALIDATION_EVENT.toLowerCase()) {
    if (!isPlainObject(data) || typeof data.validationCode !== 'string') {
      return fail('data.validationCode', 'expected a string (subscription validation handshake)');
    }
    const result: RoutedEvent = {
      ...base,
      intent: 'ignored',
      reason: 'Event Grid subscription validation handshake: answer with its validationCode',
    };
    return { result, validationCode: data.validationCode };
  }
  if (!handledEventTypes.has(eventType.toLowerCase())) {
    return {
      ...base,
      intent: 'ignored',
      reason: `event type ${eventType} is not handled (only ${HANDLED_EVENT_TYPES.join(', ')})`,
    };
  }
  if (!isPlainObject(data)) return fail('data', 'expected an object describing the resource operation');
  if (operationName.length === 0) {
    return fail('data.operationName', 'expected a string, e.g. Microsoft.DocumentDB/databaseAccounts/write');
  }
  const located = locateResource(envelope, data);
  if ('field' in located) return located;
  const { resource, resourceId } = located;
  const subscriptionId = resource.subscriptionId;
  const named = { ...base, resourceId, subscriptionId };

  const status = data.status;
  if (status !== undefined && typeof status !== 'string') return fail('data.status', 'expected a string');
  if (status !== undefined && status.toLowerCase() !== 'succeeded') {
    return { ...named, intent: 'ignored', reason: `operation status is "${status}", not Succeeded` };
  }
  const record = classifyRecordOperation(operationName, resource);
  if (record) return routeRecordEvent(named, record, data, context);
  if (!inScope(subscriptionId, context.scopeSubscriptions)) {
    return { ...named, intent: 'ignored', reason: `subscription ${subscriptionId} is outside the configured scope` };
  }
  const classification = classifyOperation(operationName, resource, context.targetTypes ?? DEFAULT_TARGET_TYPES);
  if (classification.intent === 'ignored') return { ...named, intent: 'ignored', reason: classification.reason };
  const subjectId = formatResourceId(classification.subject).toLowerCase();
  return {
    ...named,
    intent: classification.intent,
    reason: classification.reason,
    subjectKind: classification.subjectKind,
    subjectId,
    orchestrationKey: orchestrationKey(classification.subject),
  };
}

/**
 * A record set written or deleted: in a zone copy of the DNS scope and by someone other than the autopilot, it goes to
 * its zone copy's run (core/drift decides what that run does).
 */
function routeRecordEvent(
  named: Omit<RoutedEvent, 'intent' | 'reason'> & { subscriptionId: string },
  record: { change: 'written' | 'deleted'; zone: ResourceId },
  data: Record<string, unknown>,
  context: RouteContext,
): RoutedEvent {
  const zoneId = formatResourceId(record.zone).toLowerCase();
  const where = zoneScopeProblem(record.zone, context);
  if (where !== undefined) return { ...named, intent: 'ignored', reason: `record set ${record.change}: ${where}` };
  const caller = isPlainObject(data.claims) && typeof data.claims.appid === 'string' ? data.claims.appid : undefined;
  if (context.ownAppId !== undefined && caller?.toLowerCase() === context.ownAppId.toLowerCase()) {
    const reason = `record set ${record.change} by the autopilot itself (data.claims.appid is AZURE_CLIENT_ID): nothing to repair`;
    return { ...named, intent: 'ignored', reason };
  }
  const reason =
    record.change === 'written'
      ? 'record set written: read it once; put it back if someone changed a record of ours'
      : 'record set deleted: recreate it if an endpoint still claims it (one pass over its zone copy)';
  return {
    ...named,
    intent: record.change === 'written' ? 'record-written' : 'record-deleted',
    reason,
    recordSetId: named.resourceId.toLowerCase(),
    subjectKind: 'zone-copy',
    subjectId: zoneId,
    zoneId,
    orchestrationKey: zoneCopyKey(zoneId),
  };
}

function zoneScopeProblem(zone: ResourceId, context: RouteContext): string | undefined {
  if (context.scopeSubscriptions === 'all') return undefined;
  const dns = context.dnsZones;
  if (!dns) return 'no DNS zone subscription is configured (AUTOPILOT_DNS_ZONE_SUBSCRIPTION)';
  // The scope guard's own rule for DNS (zone subscription, then zone resource groups).
  return scopeCheck(
    {
      subscriptions: [],
      dnsZoneSubscription: dns.subscription.toLowerCase(),
      dnsZoneResourceGroups: dns.resourceGroups.map((g) => g.toLowerCase()),
    },
    formatResourceId(zone),
    'dns',
  );
}

/**
 * Event Grid schema events carry the resource ID in `subject`; CloudEvents from system topics do too, with
 * `data.resourceUri` as the fallback.
 */
function locateResource(
  envelope: EventEnvelope,
  data: Record<string, unknown>,
): { resource: ResourceId; resourceId: string } | EventError {
  const candidates: Array<[string, unknown]> =
    envelope.schema === 'eventgrid'
      ? [['subject', envelope.subject]]
      : [
          ['subject', envelope.subject],
          ['data.resourceUri', data.resourceUri],
        ];
  const present = candidates.filter((c): c is [string, string] => typeof c[1] === 'string' && c[1].length > 0);
  let firstProblem: EventError | undefined;
  for (const [path, value] of present) {
    try {
      return { resource: parseResourceId(value), resourceId: value };
    } catch (err) {
      const detail = err instanceof ResourceIdError ? ` (at ${err.segment}: expected ${err.expected})` : '';
      firstProblem ??= eventError(
        envelope.index,
        path,
        `expected an ARM resource ID such as ${RESOURCE_ID_EXAMPLE}${detail}`,
        envelope.eventId,
      );
    }
  }
  if (firstProblem) return firstProblem;
  if (data.resourceUri !== undefined && typeof data.resourceUri !== 'string') {
    return eventError(envelope.index, 'data.resourceUri', 'expected a string', envelope.eventId);
  }
  const where = candidates.map(([path]) => path).join(' or ');
  return eventError(
    envelope.index,
    candidates[0]?.[0] ?? 'subject',
    `expected the resource ID in ${where}`,
    envelope.eventId,
  );
}

function inScope(subscriptionId: string, scope: RouteContext['scopeSubscriptions']): boolean {
  return scope === 'all' || subscriptionInScope(scope, subscriptionId);
}

// Reading one event's envelope, whatever its schema.

/** The schema-independent part of one delivered event. */
export interface EventEnvelope {
  index: number;
  schema: EventSchema;
  eventId: string;
  eventType: string;
  subject?: string;
  /** The event's `data` exactly as delivered (see readEnvelope for why not the SDK's copy). */
  data: unknown;
}

const deserializer = new EventGridDeserializer();

export function eventError(index: number, path: string, expected: string, eventId?: string): EventError {
  const field = path ? `event[${index}].${path}` : `event[${index}]`;
  return { index, field, expected, message: `${field}: ${expected}`, ...(eventId === undefined ? {} : { eventId }) };
}

/**
 * Validates one event's envelope with the Event Grid SDK (Event Grid schema: id, topic, subject, eventType,
 * eventTime, dataVersion, metadataVersion "1" and data; CloudEvents 1.0: id, source, type, specversion "1.0").
 */
export async function readEnvelope(raw: unknown, index: number): Promise<EventEnvelope | EventError> {
  const empty = emptyShape(raw);
  if (empty !== undefined) return eventError(index, '', `expected an event object, got ${empty} (holds no event)`);
  if (!isPlainObject(raw)) return eventError(index, '', 'expected an event object');
  const eventId = typeof raw.id === 'string' ? raw.id : undefined;
  const schema: EventSchema = 'specversion' in raw ? 'cloudevents' : 'eventgrid';
  try {
    // A lone object is one event to the SDK, so its errors are this event's alone.
    const [event] =
      schema === 'cloudevents'
        ? (await deserializer.deserializeCloudEvents(raw)).map((e) => ({ id: e.id, type: e.type, subject: e.subject }))
        : (await deserializer.deserializeEventGridEvents(raw)).map((e) => ({
            id: e.id,
            type: e.eventType,
            subject: e.subject,
          }));
    if (!event) return eventError(index, '', 'expected an event object', eventId);
    // The SDK's Dictionary mapper turns a non-object `data` into `{}` or a character map; keep the delivered value so
    // that a malformed `data` is reported instead of silently read as empty.
    return { index, schema, eventId: event.id, eventType: event.type, subject: event.subject, data: raw.data };
  } catch (err) {
    return translateSdkError(err, index, schema, eventId);
  }
}

/**
 * How a delivery or an element that holds no event at all looks (`[]`, `{}`, an empty body), so that it is named as
 * such in the log instead of vanishing or being reported as an event missing its fields.
 */
export function emptyShape(value: unknown): string | undefined {
  if (value === undefined || value === null) return 'an empty body';
  if (typeof value === 'string' && value.trim().length === 0) return 'an empty body';
  if (Array.isArray(value) && value.length === 0) return '[]';
  if (isPlainObject(value) && Object.keys(value).length === 0) return '{}';
  return undefined;
}

function translateSdkError(err: unknown, index: number, schema: EventSchema, eventId?: string): EventError {
  const message = err instanceof Error ? err.message : String(err);
  const property = /property '([A-Za-z_]+)/.exec(message)?.[1];
  if (property !== undefined) {
    if (property === 'data') return eventError(index, 'data', 'required, expected an object', eventId);
    const expected = message.includes('missing') ? 'required, expected a string' : 'expected a string';
    return eventError(index, property, expected, eventId);
  }
  if (/Event Grid schema/.test(message)) {
    return eventError(index, 'metadataVersion', 'expected "1" (Event Grid schema)', eventId);
  }
  if (/Cloud Event 1.0 schema/.test(message)) {
    return eventError(index, 'specversion', 'expected "1.0" (CloudEvents 1.0)', eventId);
  }
  const what = schema === 'cloudevents' ? 'a CloudEvents 1.0 event' : 'an Event Grid schema event';
  return eventError(index, '', `expected ${what} (${message})`, eventId);
}
