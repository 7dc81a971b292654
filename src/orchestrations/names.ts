/** Orchestration names, instance IDs and the rerun event: shared by the starters and the orchestrators (steps: ./step-contract). */
export const RECONCILE_TARGET = 'reconcileTarget';
export const ENDPOINT_DELETED = 'endpointDeleted';
export const SWEEP_ORPHANS = 'sweepOrphans';

/** Raised on a running instance when something changed again; the orchestrator runs once more at its closing step. */
export const RERUN_EVENT = 'rerun';

/** What starting a run did: a new instance, or a rerun event raised on the running one. */
export type SignalOutcome = 'started' | 'signalled';

/** What orchestrators publish as custom status, so starters can tell a pass from its closing step. */
export interface PassStatus {
  phase: 'waiting' | 'running' | 'closing' | 'awaiting-approval' | 'retrying';
  pass: number;
}

/** The sweep is one singleton for the whole zone scope. */
export const SWEEP_INSTANCE_ID = 'sweep-orphans';

/**
 * One instance per orchestration and resource (the router's orchestrationKey, or a subscription): storms coalesce and
 * two passes never run on one resource at once. Durable instance IDs may not contain "/", so keys are hashes.
 */
export function instanceIdFor(orchestration: typeof RECONCILE_TARGET | typeof ENDPOINT_DELETED, key: string): string {
  return `${orchestration === RECONCILE_TARGET ? 'reconcile' : 'cleanup'}-${key.replace(/[^A-Za-z0-9-]/g, '-')}`;
}
