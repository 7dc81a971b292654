// Captures what the user's function files register through @azure/functions' `app`, instead of
// letting the library hand them to a Functions host. durable-functions' df.app.* end up here too:
// orchestrations/activities/entities call app.generic with an orchestrationTrigger/activityTrigger/
// entityTrigger, df.app.client.* call app.http/timer/... with a durableClient extra input.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { format } from 'node:util';
import * as azf from '@azure/functions';

export type Handler = (triggerInput: unknown, context: azf.InvocationContext) => unknown;

export interface RegistrationOptions {
  trigger: azf.FunctionTrigger;
  return?: azf.FunctionOutput;
  extraInputs: azf.FunctionInput[];
  extraOutputs: azf.FunctionOutput[];
  retry?: unknown;
  // Copied from the trigger for convenience (undefined when the trigger has no such setting).
  route?: string;
  methods?: string[];
  authLevel?: string;
  schedule?: string;
  queueName?: string;
  connection?: string;
}

export interface Registration {
  name: string;
  /** trigger.type: 'httpTrigger', 'timerTrigger', 'eventGridTrigger', 'queueTrigger', 'orchestrationTrigger', 'activityTrigger', ... */
  triggerType: string;
  options: RegistrationOptions;
  handler: Handler;
}

// app.setup is a non-configurable getter re-export and cannot be patched; it needs no host anyway
// (it only sets library flags), so it runs as usual during load().
export interface CapturedApp {
  registrations: Registration[];
}

const HTTP_SHORTCUTS: Record<string, string> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  patch: 'PATCH',
  deleteRequest: 'DELETE',
};
const NOT_TRIGGERS = new Set(['hook', 'setup', 'generic', ...Object.keys(HTTP_SHORTCUTS)]);
const COPIED_TRIGGER_SETTINGS = ['route', 'methods', 'authLevel', 'schedule', 'queueName', 'connection'] as const;

type AnyFn = (...args: unknown[]) => unknown;
type GenericLike = Record<string, unknown> & { handler: Handler; trigger?: azf.FunctionTrigger };

/** Runs `load` (which requires the compiled function files) with `app` patched; registrations are returned, not sent to a host. */
export function captureRegistrations(load: () => void): Registration[] {
  return captureApp(load).registrations;
}

export function captureApp(load: () => void): CapturedApp {
  const session = patchApp();
  try {
    load();
  } finally {
    session.restore();
  }
  return nonEmpty(session.captured);
}

/** Same, for loaders that import ES modules or TypeScript through a test runner (`() => import('./functions')`). */
export async function captureAppAsync(load: () => Promise<unknown>): Promise<CapturedApp> {
  const session = patchApp();
  try {
    await load();
  } finally {
    session.restore();
  }
  return nonEmpty(session.captured);
}

// The usual cause is a function module that was already required (module cache) before capturing.
function nonEmpty(captured: CapturedApp): CapturedApp {
  if (captured.registrations.length === 0) {
    throw new Error(
      'No function was registered during load(). Were the function modules already loaded before capturing?',
    );
  }
  return captured;
}

/** durable-functions registers through *its* copy of @azure/functions, which may be a nested duplicate. */
function appObjects(): Array<Record<string, AnyFn>> {
  const apps = new Set([azf.app as unknown as Record<string, AnyFn>]);
  try {
    const dfRequire = createRequire(path.dirname(require.resolve('durable-functions')) + path.sep);
    apps.add((dfRequire('@azure/functions') as typeof azf).app as unknown as Record<string, AnyFn>);
  } catch {
    // durable-functions not installed: plain Functions apps are captured all the same
  }
  return [...apps];
}

function patchApp(): { captured: CapturedApp; restore: () => void } {
  const triggerFactories = azf.trigger as unknown as Record<string, AnyFn | undefined>;
  const captured: CapturedApp = { registrations: [] };
  const originals: Array<[Record<string, AnyFn>, string, AnyFn]> = [];
  const apps = appObjects();
  const replace = (key: string, fn: AnyFn) => {
    for (const appObj of apps) {
      originals.push([appObj, key, appObj[key]!]);
      appObj[key] = fn;
    }
  };

  const record = (name: string, options: GenericLike, makeTrigger?: AnyFn) => {
    if (captured.registrations.some((r) => r.name.toLowerCase() === name.toLowerCase())) {
      throw new Error(`A function with the name "${name}" has already been registered.`);
    }
    // Mirrors convertToGenericOptions in @azure/functions: every other property configures the trigger.
    const { handler, return: ret, trigger, extraInputs, extraOutputs, retry, ...triggerOptions } = options;
    const effectiveTrigger = (trigger ?? makeTrigger!(triggerOptions)) as azf.FunctionTrigger;
    const regOptions: RegistrationOptions = {
      trigger: effectiveTrigger,
      return: ret as azf.FunctionOutput | undefined,
      extraInputs: (extraInputs as azf.FunctionInput[] | undefined) ?? [],
      extraOutputs: (extraOutputs as azf.FunctionOutput[] | undefined) ?? [],
      retry,
    };
    for (const key of COPIED_TRIGGER_SETTINGS) {
      const value = (effectiveTrigger as Record<string, unknown>)[key];
      if (value !== undefined) (regOptions as unknown as Record<string, unknown>)[key] = value;
    }
    captured.registrations.push({ name, triggerType: effectiveTrigger.type, options: regOptions, handler });
  };

  for (const key of Object.keys(azf.app)) {
    const factory = triggerFactories[key];
    if (NOT_TRIGGERS.has(key) || typeof factory !== 'function') continue;
    replace(key, (name, opts) => {
      const options = opts as GenericLike;
      if (key === 'http') options.return ||= azf.output.http({});
      record(name as string, options, factory);
    });
  }
  for (const [key, method] of Object.entries(HTTP_SHORTCUTS)) {
    replace(key, (name, optsOrHandler) => {
      const options = (typeof optsOrHandler === 'function' ? { handler: optsOrHandler } : optsOrHandler) as GenericLike;
      options.methods = [method];
      options.return ||= azf.output.http({});
      record(name as string, options, triggerFactories.http);
    });
  }
  replace('generic', (name, opts) => record(name as string, opts as GenericLike));

  return {
    captured,
    restore: () => originals.reverse().forEach(([appObj, key, fn]) => (appObj[key] = fn)),
  };
}

export function isDurableClientInput(input: azf.FunctionInput): boolean {
  return input.type === 'durableClient' || input.type === 'orchestrationClient';
}

export interface LogEntry {
  level: azf.LogLevel;
  functionName: string;
  invocationId: string;
  message: string;
}

export interface InvocationOptions {
  invocationId?: string;
  triggerMetadata?: azf.TriggerMetadata;
  /** Binding info for the durableClient input (see DurableRuntime.durableClientBinding()). */
  durableClient?: unknown;
  /** Values for other extra inputs, keyed by binding name. */
  extraInputs?: Record<string, unknown>;
  onLog?: (entry: LogEntry) => void;
}

/** An InvocationContext shaped like the one the worker builds for `registration`. */
export function invocationContextFor(registration: Registration, opts: InvocationOptions = {}): azf.InvocationContext {
  const invocationId = opts.invocationId ?? randomUUID();
  const functionName = registration.name;
  const context = new azf.InvocationContext({
    invocationId,
    functionName,
    triggerMetadata: opts.triggerMetadata,
    options: {
      trigger: registration.options.trigger,
      return: registration.options.return,
      extraInputs: registration.options.extraInputs,
      extraOutputs: registration.options.extraOutputs,
    },
    logHandler: (level, ...args) => opts.onLog?.({ level, functionName, invocationId, message: format(...args) }),
  });
  for (const input of registration.options.extraInputs) {
    if (isDurableClientInput(input) && opts.durableClient !== undefined)
      context.extraInputs.set(input, opts.durableClient);
    else if (opts.extraInputs && input.name in opts.extraInputs)
      context.extraInputs.set(input, opts.extraInputs[input.name]);
  }
  return context;
}
