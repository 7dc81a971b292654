// The .NET side of the protocol in miniature: the action shapes the SDK sends, a Task stand-in whose
// continuations run synchronously (like DTFx's orchestration scheduler), and the composite behaviours
// the shim relies on: Task.WhenAll / Task.WhenAny and DurableTask.Core's RetryInterceptor.

export interface WireRetryOptions {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
  retryTimeoutInMilliseconds?: number;
}

/** An action as JSON.stringify(OrchestratorState) puts it on the wire. */
export interface WireAction {
  actionType: number;
  functionName?: string;
  input?: unknown;
  retryOptions?: WireRetryOptions;
  fireAt?: string;
  isCanceled?: boolean;
  externalEventName?: string;
  compoundActions?: WireAction[];
  instanceId?: string;
}

export interface WireState {
  isDone: boolean;
  actions: WireAction[][];
  output?: unknown;
  error?: string;
  customStatus?: unknown;
  schemaVersion?: number;
}

export const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  WhenAny: 11,
  WhenAll: 12,
} as const;

type Settled = 'running' | 'ok' | 'failed' | 'canceled';

/** A .NET Task stand-in whose continuations run synchronously, like DTFx's orchestration scheduler. */
export class DTask {
  state: Settled = 'running';
  nonRetriable = false;
  private continuations: Array<() => void> = [];
  settle(state: Exclude<Settled, 'running'>, nonRetriable = false): void {
    if (this.state !== 'running') return;
    this.state = state;
    this.nonRetriable = nonRetriable;
    for (const c of this.continuations.splice(0)) c();
  }
  then(fn: () => void): void {
    if (this.state === 'running') this.continuations.push(fn);
    else fn();
  }
  static done(): DTask {
    const t = new DTask();
    t.state = 'ok';
    return t;
  }
}

/** Task.WhenAny completes (never faults) with the first child; Task.WhenAll waits for every child. */
export function whenAllOrAny(children: DTask[], any: boolean): DTask {
  const outer = new DTask();
  let pending = children.length;
  if (pending === 0) outer.settle('ok');
  for (const child of children) {
    child.then(() => {
      pending--;
      if (any) return outer.settle('ok');
      if (pending > 0) return;
      const states = children.map((c) => c.state);
      outer.settle(states.includes('failed') ? 'failed' : states.includes('canceled') ? 'canceled' : 'ok');
    });
  }
  return outer;
}

/** RetryInterceptor, including the immediate timer it still schedules after the final failed attempt. */
export function withRetry(
  options: WireRetryOptions,
  now: () => Date,
  timer: (at: Date) => DTask,
  attemptOnce: () => DTask,
): DTask {
  const outer = new DTask();
  const firstAttempt = now().getTime();
  const backoff = options.backoffCoefficient ?? 1;
  const maxInterval = options.maxRetryIntervalInMilliseconds ?? Number.POSITIVE_INFINITY;
  const timeout = options.retryTimeoutInMilliseconds ?? Number.POSITIVE_INFINITY;
  let retryCount = 0;
  const attempt = (): void => {
    const inner = attemptOnce();
    inner.then(() => {
      if (inner.state === 'ok') return outer.settle('ok');
      if (inner.nonRetriable) return outer.settle('failed');
      if (retryCount + 1 === options.maxNumberOfAttempts) return timer(now()).then(() => outer.settle('failed'));
      const delay =
        now().getTime() < firstAttempt + timeout
          ? Math.min(options.firstRetryIntervalInMilliseconds * Math.pow(backoff, retryCount), maxInterval)
          : 0;
      // A zero delay (retryTimeout exceeded) ends the loop *without* a timer, which the JS SDK's
      // RetryableTask never expects: the real orchestration then hangs (durable-js issue #629).
      if (delay <= 0) return outer.settle('failed');
      retryCount++;
      timer(new Date(now().getTime() + delay)).then(attempt);
    });
  };
  attempt();
  return outer;
}
