import type { SubjectKind } from '../arm-identity';

/** What the orchestration layer should do about one delivered event. */
export type EventIntent =
  | 'reconcile-target'
  | 'endpoint-written'
  | 'endpoint-deleted'
  | 'connection-changed'
  | 'record-written'
  | 'record-deleted'
  | 'ignored';

export type RecordIntent = 'record-written' | 'record-deleted';
export type ActionableIntent = Exclude<EventIntent, 'ignored' | RecordIntent>;

export const EVENT_INTENTS: readonly EventIntent[] = [
  'reconcile-target',
  'endpoint-written',
  'endpoint-deleted',
  'connection-changed',
  'record-written',
  'record-deleted',
  'ignored',
];

export type EventSchema = 'eventgrid' | 'cloudevents';

interface RoutedEventBase {
  /** Position of the event in its delivery. */
  index: number;
  schema: EventSchema;
  eventId: string;
  eventType: string;
  /** The resource ID as the event gave it ('' when it carried none). */
  resourceId: string;
  /** `data.operationName` as the event gave it ('' when it carried none). */
  operationName: string;
  reason: string;
}

export interface IgnoredEvent extends RoutedEventBase {
  intent: 'ignored';
  /** Present when the event named a resource. */
  subscriptionId?: string;
}

export interface ActionableEvent extends RoutedEventBase {
  intent: ActionableIntent;
  /** Subscription of the resource the orchestration works on. */
  subscriptionId: string;
  /** Whether `subjectId` is a private link target (Cosmos account, vault, Private Link Service ...) or a private endpoint. */
  subjectKind: SubjectKind;
  /** Normalised (lower-case) ARM ID of the resource the orchestration works on. */
  subjectId: string;
  /**
   * Stable per affected resource, usable as a Durable Functions instance ID (no `/`, `\`, `#`, `?`; under 256
   * characters), so a storm of events about one resource coalesces into one singleton orchestration.
   */
  orchestrationKey: string;
}

/** An A record set written or deleted in a zone copy of the DNS scope, by someone other than the autopilot itself. */
export interface RecordEvent extends RoutedEventBase {
  intent: RecordIntent;
  subscriptionId: string;
  /** The run is about the zone copy. */
  subjectKind: 'zone-copy';
  /** Same as `zoneId`. */
  subjectId: string;
  /** Normalised (lower-case) ARM ID of the record set. */
  recordSetId: string;
  /** Normalised (lower-case) ARM ID of its zone copy: the run the event goes to. */
  zoneId: string;
  /** Stable per zone copy (see ActionableEvent.orchestrationKey): a storm in one zone copy makes one run. */
  orchestrationKey: string;
}

export type RoutedEvent = IgnoredEvent | ActionableEvent | RecordEvent;

export interface EventError {
  /** Position of the malformed event in its delivery. */
  index: number;
  /** The event's `id` when it had a readable one. */
  eventId?: string;
  /** Path of the offending field, e.g. `event[2].data.operationName`. */
  field: string;
  /** What was expected there, e.g. `expected a string`. */
  expected: string;
  /** `field: expected`, ready to print. */
  message: string;
}

export interface RoutedDelivery {
  /** One entry per well-formed event, in delivery order. */
  results: RoutedEvent[];
  /** One entry per malformed event; they never hide the well-formed ones. */
  errors: EventError[];
  /** Present when the delivery is Event Grid's subscription validation handshake: echo it as `{ validationResponse }`. */
  validationCode?: string;
}

export interface RouteContext {
  /**
   * Subscriptions whose resources may be touched (case-insensitive). An empty list puts nothing in scope (see
   * src/core/scope.ts); `'all'` is the offline CLI's stated fallback, never the function app's.
   */
  scopeSubscriptions: readonly string[] | 'all';
  /** Lower-case private link target types, e.g. `microsoft.documentdb/databaseaccounts`; defaults to DEFAULT_TARGET_TYPES. */
  targetTypes?: ReadonlySet<string>;
  /**
   * Where the zone copies are (AUTOPILOT_DNS_ZONE_SUBSCRIPTION and its resource groups): record events elsewhere are
   * ignored. Without it, record events are in scope only when `scopeSubscriptions` is `'all'`.
   */
  dnsZones?: { subscription: string; resourceGroups: readonly string[] };
  /**
   * The autopilot's own client ID (AZURE_CLIENT_ID): a record event whose caller (`data.claims.appid`) is this
   * identity is the autopilot's own write, ignored without a read.
   */
  ownAppId?: string;
}
