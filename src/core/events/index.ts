export { routeDelivery, SUBSCRIPTION_VALIDATION_EVENT } from './router';
export { routeContextOf } from './route-context';
export { DEFAULT_TARGET_TYPES } from './target-types';
export {
  EVENT_INTENTS,
  type ActionableEvent,
  type ActionableIntent,
  type EventError,
  type EventIntent,
  type EventSchema,
  type IgnoredEvent,
  type RecordEvent,
  type RecordIntent,
  type RouteContext,
  type RoutedDelivery,
  type RoutedEvent,
} from './types';
