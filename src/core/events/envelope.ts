import { EventGridDeserializer } from '@azure/eventgrid';
import type { EventError, EventSchema } from './types';
import { isPlainObject } from '../plain-object';

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
