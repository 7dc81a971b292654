// Durable time (history timestamps, timer fireAt, retry delays) is read from a Clock so tests can run
// a "5 minute" durable timer in milliseconds without touching orchestrator code.

export interface Clock {
  now(): Date;
  /** Calls `fn` once the clock reaches `at`; returns a canceller. */
  at(at: Date, fn: () => void): () => void;
}

export const realClock: Clock = {
  now: () => new Date(),
  at(at, fn) {
    return scheduleReal(at.getTime() - Date.now(), fn);
  },
};

/**
 * Durable time runs `factor` times faster than wall time, anchored at `anchorMs` (wall-clock ms).
 * Runtimes sharing an anchor agree on durable time, so a restarted runtime never sees time go back.
 */
export function scaledClock(factor: number, anchorMs: number = Date.now()): Clock {
  const toDurable = (wallMs: number) => anchorMs + (wallMs - anchorMs) * factor;
  return {
    now: () => new Date(toDurable(Date.now())),
    at(at, fn) {
      return scheduleReal((at.getTime() - toDurable(Date.now())) / factor, fn);
    },
  };
}

// setTimeout overflows above ~24.8 days, so long waits are chained.
function scheduleReal(delayMs: number, fn: () => void): () => void {
  const MAX = 2 ** 31 - 1;
  let handle: NodeJS.Timeout;
  const arm = (remaining: number) => {
    handle = setTimeout(() => (remaining > MAX ? arm(remaining - MAX) : fn()), Math.max(0, Math.min(remaining, MAX)));
  };
  arm(delayMs);
  return () => clearTimeout(handle);
}
