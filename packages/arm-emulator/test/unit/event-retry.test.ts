import { describe, expect, it } from 'vitest';
import { EVENT_GRID_RETRY_POLICY, nextRetry } from '../../src/event-retry';

/** Follows a batch that never gets through: the waits before each retry, and why it ends. */
function lifeOfAFailingBatch(policy = EVENT_GRID_RETRY_POLICY): { waits: number[]; end: string } {
  const waits: number[] = [];
  let age = 0;
  for (let attempts = 1; ; attempts++) {
    const decision = nextRetry(policy, attempts, age, 503);
    if (!decision.retry) return { waits, end: `${decision.reason} after ${attempts}` };
    waits.push(decision.waitSeconds);
    age += decision.waitSeconds;
  }
}

describe("Event Grid's retry policy", () => {
  it('waits 10 s, 30 s, 1 min, 5 min, 10 min, 30 min, 1 h, 3 h, 6 h, then 12 h, and stops at the 24-hour time to live', () => {
    expect(lifeOfAFailingBatch()).toEqual({
      waits: [10, 30, 60, 300, 600, 1800, 3600, 10800, 21600, 43200],
      end: 'time-to-live after 11',
    });
  });

  it('stops at the maximum delivery attempts when that comes first', () => {
    expect(lifeOfAFailingBatch({ ...EVENT_GRID_RETRY_POLICY, maxDeliveryAttempts: 4 })).toEqual({
      waits: [10, 30, 60],
      end: 'max-delivery-attempts after 4',
    });
  });

  it('repeats the last step of the schedule', () => {
    const policy = { ...EVENT_GRID_RETRY_POLICY, scheduleSeconds: [1, 5] };
    expect(lifeOfAFailingBatch(policy).waits.slice(0, 4)).toEqual([1, 5, 5, 5]);
  });

  it('gives up at once on answers a retry cannot fix, and retries network errors (no status)', () => {
    expect(nextRetry(EVENT_GRID_RETRY_POLICY, 1, 0, 403)).toEqual({ retry: false, reason: 'not-retried-status' });
    expect(nextRetry(EVENT_GRID_RETRY_POLICY, 1, 0, undefined)).toEqual({ retry: true, waitSeconds: 10 });
    expect(nextRetry(EVENT_GRID_RETRY_POLICY, 1, 0, 429)).toEqual({ retry: true, waitSeconds: 10 });
  });
});
