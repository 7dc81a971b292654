// Activities registered exactly as an app would; module-level counters let tests count real executions.
import * as df from 'durable-functions';
import { calls, gate } from '../probes';

const count = (key: string) => {
  const n = (calls.get(key) ?? 0) + 1;
  calls.set(key, n);
  return n;
};

df.app.activity('Hello', {
  handler: (name: unknown) => {
    count(`Hello:${String(name)}`);
    return `Hello ${String(name)}!`;
  },
});

/** Fails on its first two calls per key, then succeeds. */
df.app.activity('Flaky', {
  handler: (key: unknown) => {
    const n = count(`Flaky:${String(key)}`);
    if (n <= 2) throw new Error(`transient failure #${n}`);
    return { attempts: n };
  },
});

df.app.activity('AlwaysFails', {
  handler: () => {
    count('AlwaysFails');
    throw new Error('permanent failure');
  },
});

df.app.activity('Step', {
  handler: async (step: unknown) => {
    const n = count(`Step:${String(step)}`);
    await gate.hold?.(String(step));
    return `${String(step)}#${n}`;
  },
});
