/**
 * A long-lived worker: every activity call makes its own ArmClients and counts its calls inside `measure`. The cost of
 * the same async work, early and late in the worker's life, shows whether anything one invocation leaves behind
 * (an AsyncLocalStorage still enabled, say) taxes every later one.
 */
import { performance } from 'node:perf_hooks';
import { ArmClients } from '../../src/azure/clients';

export interface WorkerFigure {
  invocations: number;
  firstMs: number;
  lastMs: number;
}

const TARGET = {
  endpoint: 'https://127.0.0.1:9',
  audience: 'https://127.0.0.1:9/.default',
  privateDnsPacing: false as const,
};
const SAMPLE = 50;
/** No request is sent: the clients are made and measured only. */
const NO_TOKEN = { getToken: async () => ({ token: 'unused', expiresOnTimestamp: Date.now() + 3_600_000 }) };

/** One invocation's async work: what an activity does between its ARM calls, in miniature. */
async function invocation(): Promise<number> {
  const clients = new ArmClients(TARGET, { credential: NO_TOKEN });
  const started = performance.now();
  await clients.measure(async () => {
    for (let i = 0; i < 2_000; i++) await Promise.resolve(i);
  });
  return performance.now() - started;
}

export async function runWorkerBenchmark(invocations: number): Promise<WorkerFigure> {
  const times: number[] = [];
  for (let i = 0; i < invocations; i++) times.push(await invocation());
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { invocations, firstMs: mean(times.slice(0, SAMPLE)), lastMs: mean(times.slice(-SAMPLE)) };
}
