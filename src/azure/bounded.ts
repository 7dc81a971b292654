/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`concurrency: expected a whole number ≥ 1, got ${String(limit)}`);
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** As long as GenericArm's polls (300 at 2 s): Azure usually finishes a PUT in a minute or two. */
export const DEFAULT_MAX_WAIT_MS = 10 * 60_000;

/**
 * The SDK's pollers wait as long as an operation says "running"; a stuck operation must not hold a run forever.
 * `what` names the operation in the error, e.g. "private endpoint <id>: the refresh PUT".
 */
export async function untilDone<T>(what: string, maxWaitMs: number, wait: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const signal = AbortSignal.timeout(maxWaitMs);
  try {
    return await wait(signal);
  } catch (error) {
    if (!signal.aborted) throw error;
    throw new Error(`${what} was accepted but is not finished after ${maxWaitMs} ms; the next run looks again`);
  }
}
