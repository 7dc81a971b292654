import { orchestrationKey } from '../arm-identity';
import { type ResourceId, ResourceIdError, formatResourceId, parseResourceId } from '../resource-id';
import { classifyOperation } from './classify';
import { isPlainObject } from '../plain-object';
import { subscriptionInScope } from '../scope';
import { type EventEnvelope, eventError, readEnvelope } from './envelope';
import { DEFAULT_TARGET_TYPES } from './target-types';
import type { EventError, RouteContext, RoutedDelivery, RoutedEvent } from './types';

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
