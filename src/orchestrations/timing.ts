/** Durable timers of the orchestrations; an input may shorten them (the local host's tests do). */
export interface Timing {
  /** How often to look again while the target's own operation runs, and how many times at most (10 minutes). */
  busyPollSeconds: number;
  maxBusyPolls: number;
  /** The closing window in which a rerun event makes a pass run once more. */
  closingSeconds: number;
}

export const DEFAULT_TIMING: Timing = { busyPollSeconds: 30, maxBusyPolls: 20, closingSeconds: 10 };

export function timingOf(input: { timing?: Partial<Timing> }): Timing {
  return { ...DEFAULT_TIMING, ...input.timing };
}
