/**
 * ARM reads one step keeps in flight (endpoints, NICs, zones, record names): enough to hide latency, few enough that a
 * run does not spend its principal's ARM read quota in bursts. Every bounded read loop uses this one figure.
 */
export const ARM_READS_IN_FLIGHT = 8;

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`concurrency: expected a whole number ≥ 1, got ${String(limit)}`);
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
