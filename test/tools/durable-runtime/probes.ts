// State shared between the sample functions and the tests. Kept apart from the function files so
// that tests never import those directly: they must first be loaded inside captureAppAsync().

/** Executions per activity+input, to prove what replay does and does not re-run. */
export const calls = new Map<string, number>();

/** Lets a test hold a 'Step' activity execution in flight. */
export const gate = { hold: undefined as undefined | ((step: string) => Promise<void> | undefined) };

/** What each replay of the 'Deterministic' orchestrator observed, keyed by instance id. */
export const observed = new Map<string, Array<{ startTime: string; guid: string; replaying: boolean }>>();
