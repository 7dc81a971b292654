/**
 * Event Grid's retry policy for push delivery (learn.microsoft.com, "Event Grid message delivery and retry"): retries
 * after 10 s, 30 s, 1 min, 5 min, 10 min, 30 min, 1 h, 3 h, 6 h, then every 12 h, until the event's time to live
 * (default 1,440 minutes) or the subscription's maximum delivery attempts (default 30) runs out; then the event is
 * dead-lettered, or dropped when no dead-letter destination is set. Webhook answers 400, 401, 403 and 413 are not
 * retried. Times here are emulated seconds; the dispatcher divides them by its time scale.
 */

export const EVENT_GRID_RETRY_SCHEDULE_SECONDS: readonly number[] = [
  10,
  30,
  60,
  300,
  600,
  1800,
  3600,
  3 * 3600,
  6 * 3600,
  12 * 3600,
];
export const EVENT_GRID_MAX_DELIVERY_ATTEMPTS = 30;
export const EVENT_GRID_EVENT_TTL_MINUTES = 1440;
/** Configuration errors a retry cannot fix (webhook endpoints). */
export const NOT_RETRIED_STATUSES: ReadonlySet<number> = new Set([400, 401, 403, 413]);

export interface RetryPolicy {
  /** Emulated seconds to wait before retry n (1-based: the first entry follows the first failed attempt); the last entry repeats. */
  scheduleSeconds: readonly number[];
  maxDeliveryAttempts: number;
  eventTimeToLiveMinutes: number;
}

export const EVENT_GRID_RETRY_POLICY: RetryPolicy = {
  scheduleSeconds: EVENT_GRID_RETRY_SCHEDULE_SECONDS,
  maxDeliveryAttempts: EVENT_GRID_MAX_DELIVERY_ATTEMPTS,
  eventTimeToLiveMinutes: EVENT_GRID_EVENT_TTL_MINUTES,
};

export type RetryDecision =
  | { retry: true; waitSeconds: number }
  | { retry: false; reason: 'not-retried-status' | 'max-delivery-attempts' | 'time-to-live' };

/**
 * After `attempts` failed attempts, `ageSeconds` (emulated) after the batch's oldest event was published: wait and
 * retry, or give up and why. A retry that would fall after the time to live is not made.
 */
export function nextRetry(
  policy: RetryPolicy,
  attempts: number,
  ageSeconds: number,
  status: number | undefined,
): RetryDecision {
  if (status !== undefined && NOT_RETRIED_STATUSES.has(status)) return { retry: false, reason: 'not-retried-status' };
  if (attempts >= policy.maxDeliveryAttempts) return { retry: false, reason: 'max-delivery-attempts' };
  const schedule = policy.scheduleSeconds;
  const waitSeconds = schedule[Math.min(attempts, schedule.length) - 1] ?? 0;
  if (ageSeconds + waitSeconds > policy.eventTimeToLiveMinutes * 60) return { retry: false, reason: 'time-to-live' };
  return { retry: true, waitSeconds };
}

/** Validates a policy given to the dispatcher; errors name the field. */
export function parseRetryPolicy(input: Partial<RetryPolicy>): RetryPolicy {
  const policy = { ...EVENT_GRID_RETRY_POLICY, ...input };
  const schedule = policy.scheduleSeconds;
  if (!Array.isArray(schedule) || schedule.length === 0 || schedule.some((s) => !Number.isFinite(s) || s < 0)) {
    throw new RangeError(
      `event dispatcher: "retry.scheduleSeconds" must be a non-empty list of seconds >= 0, got ${JSON.stringify(schedule)}`,
    );
  }
  if (
    !Number.isInteger(policy.maxDeliveryAttempts) ||
    policy.maxDeliveryAttempts < 1 ||
    policy.maxDeliveryAttempts > 30
  ) {
    throw new RangeError(
      `event dispatcher: "retry.maxDeliveryAttempts" must be an integer from 1 to 30 (Event Grid's range), got ${JSON.stringify(policy.maxDeliveryAttempts)}`,
    );
  }
  const ttl = policy.eventTimeToLiveMinutes;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 1440) {
    throw new RangeError(
      `event dispatcher: "retry.eventTimeToLiveMinutes" must be an integer from 1 to 1440 (Event Grid's range), got ${JSON.stringify(ttl)}`,
    );
  }
  return policy;
}
