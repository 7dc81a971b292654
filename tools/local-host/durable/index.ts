// Local Durable Functions runtime: runs the app's real @azure/functions + durable-functions
// registrations without the Functions host. See README.md for how a host embeds it.
export {
  captureApp,
  captureAppAsync,
  captureRegistrations,
  invocationContextFor,
  isDurableClientInput,
} from './registrations';
export type {
  CapturedApp,
  Handler,
  InvocationOptions,
  LogEntry,
  Registration,
  RegistrationOptions,
} from './registrations';
export { DurableRuntime } from './runtime';
export type { DurableClientBinding, DurableRuntimeOptions, InstanceFilter, ManagementUrls } from './runtime';
export type { Delivery } from './engine';
export type { TimelineEvent, TimelineKind } from './episode';
export {
  createHttpApiHandler,
  InvalidArgumentError,
  isDurableTaskPath,
  OrchestrationAlreadyExistsError,
  WEBHOOK_BASE_PATH,
} from './http-api';
export { realClock, scaledClock } from './clock';
export type { Clock } from './clock';
export type { StatusOptions, StatusPayload } from './status';
export type { InstanceRecord, RuntimeStatus } from './store';
