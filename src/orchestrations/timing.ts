/** Durable timers of the orchestrations; an input may shorten them (the local host's tests do). */
export interface Timing {
  /** How often to look again while the target's own operation runs, and how many times at most (10 minutes). */
  busyPollSeconds: number;
  maxBusyPolls: number;
  /** The closing window in which a rerun event makes a pass run once more. */
  closingSeconds: number;
  /**
   * While a connection waits for its target owner's approval (a SaaS provider's Private Link Service, outside the
   * scope: no event reaches us when they decide), look again this often, this many times (a day).
   */
  followUpSeconds: number;
  maxFollowUps: number;
  /**
   * After a run that could not read or write everything (ARM's failures are mostly transient, and no other event may
   * come), run again this long after, doubling each time, this many times at most (1, 2, 4, 8, 16 minutes).
   */
  retrySeconds: number;
  maxRetries: number;
  /**
   * A zone copy's run starts reading once no record event has come for this long (but after `maxCoalesceSeconds` at
   * most), so that a storm lands in one pass: Private DNS allows 60 deletions a minute per zone, so a script deleting
   * 200 records takes more than three minutes and sends an event every second or so.
   */
  coalesceSeconds: number;
  maxCoalesceSeconds: number;
}

export const DEFAULT_TIMING: Timing = {
  busyPollSeconds: 30,
  maxBusyPolls: 20,
  closingSeconds: 10,
  followUpSeconds: 1800,
  maxFollowUps: 48,
  retrySeconds: 60,
  maxRetries: 5,
  coalesceSeconds: 30,
  maxCoalesceSeconds: 600,
};

export function timingOf(input: { timing?: Partial<Timing> }): Timing {
  return { ...DEFAULT_TIMING, ...input.timing };
}
