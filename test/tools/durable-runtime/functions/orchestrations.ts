// Orchestrators written the way a user writes them for durable-functions v3.
import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import { observed } from '../probes';

const sequenceAndFanOut: OrchestrationHandler = function* (context: OrchestrationContext) {
  const first = yield context.df.callActivity('Hello', 'Tokyo');
  const second = yield context.df.callActivity('Hello', 'Seattle');
  const cities = context.df.getInput() as string[];
  const fanOut = yield context.df.Task.all(cities.map((c) => context.df.callActivity('Hello', c)));
  return { sequence: [first, second], fanOut };
};
df.app.orchestration('SequenceAndFanOut', sequenceAndFanOut);

df.app.orchestration('RetryFlaky', function* (context) {
  const options = new df.RetryOptions(1000, 5);
  options.backoffCoefficient = 2;
  return yield context.df.callActivityWithRetry('Flaky', options, context.df.getInput());
});

df.app.orchestration('RetryExhausted', function* (context) {
  try {
    yield context.df.callActivityWithRetry('AlwaysFails', new df.RetryOptions(1000, 2));
    return 'unexpected success';
  } catch (err) {
    return `caught: ${(err as Error).message.split('\n')[0]}`;
  }
});

df.app.orchestration('DurableTimer', function* (context) {
  const startedAt = context.df.currentUtcDateTime;
  yield context.df.createTimer(new Date(startedAt.getTime() + 5 * 60_000));
  return { startedAt: startedAt.toISOString(), resumedAt: context.df.currentUtcDateTime.toISOString() };
});

df.app.orchestration('Approval', function* (context) {
  context.df.setCustomStatus({ stage: 'waiting-for-approval' });
  const decision = yield context.df.waitForExternalEvent('Approval');
  context.df.setCustomStatus({ stage: 'decided' });
  return { decision };
});

/** Task.any of an event and a 4h timer (1.4 s real in tests); input.cancel decides whether the losing timer is cancelled. */
df.app.orchestration('EventOrTimeout', function* (context) {
  const { cancel } = context.df.getInput() as { cancel: boolean };
  const timeout = context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + 4 * 3600_000));
  const event = context.df.waitForExternalEvent('Go');
  const winner = yield context.df.Task.any([event, timeout]);
  if (winner === event && cancel) timeout.cancel();
  return winner === event ? 'event' : 'timeout';
});

df.app.orchestration('Counter', function* (context) {
  const state = (context.df.getInput() as { count: number; seen: unknown[] } | null) ?? { count: 0, seen: [] };
  const value = yield context.df.waitForExternalEvent('Add');
  const next = { count: state.count + 1, seen: [...state.seen, value] };
  if (next.count < 3) {
    context.df.continueAsNew(next);
    return undefined;
  }
  return next;
});

df.app.orchestration('CrashSequence', function* (context) {
  const a = yield context.df.callActivity('Step', 'A');
  const b = yield context.df.callActivity('Step', 'B');
  const c = yield context.df.callActivity('Step', 'C');
  return [a, b, c];
});

df.app.orchestration('Deterministic', function* (context) {
  const startTime = context.df.currentUtcDateTime.toISOString();
  const guid = context.df.newGuid(context.df.instanceId);
  const seen = observed.get(context.df.instanceId) ?? [];
  seen.push({ startTime, guid, replaying: context.df.isReplaying });
  observed.set(context.df.instanceId, seen);
  yield context.df.callActivity('Hello', 'one');
  const afterFirst = context.df.currentUtcDateTime.toISOString();
  yield context.df.callActivity('Hello', 'two');
  return { startTime, guid, afterFirst };
});

df.app.orchestration('Echo', function* (context) {
  yield context.df.callActivity('Hello', 'echo');
  return context.df.getInput();
});

df.app.orchestration('Parent', function* (context) {
  const child = yield context.df.callSubOrchestrator('Echo', { from: 'parent' });
  return { child };
});

df.app.orchestration('Throws', function* (context) {
  yield context.df.callActivity('Hello', 'before-throw');
  throw new Error('orchestrator exploded');
});
