/**
 * All pure planning, one entry point per job:
 * - `planReconcile`: a scope or one resource (an event's subject, `plan --resource`): refreshes, DNS, approvals, under
 *   the `RunPolicy` of the run's kind;
 * - `planOrphanSweep`: records no live endpoint claims, marked and deleted after a grace;
 * - `planEndpointCleanup`: the records a deleted endpoint leaves behind;
 * - `planDns`: the DNS records of a set of endpoints alone (what the others and `doctor` build on).
 */
export {
  planReconcile,
  planObserved,
  planChanges,
  needsRefresh,
  claimsOfObservation,
  placementOf,
  dnsOptions,
  writtenFor,
  holdDeletes,
  unseenClaimants,
  type PlanContext,
} from './plan-reconcile';
export {
  planOrphanSweep,
  orphanWriteFor,
  type OrphanSweepOptions,
  type OrphanSweepPlan,
  type OrphanRecord,
  type OrphanAction,
} from './plan-orphan-sweep';
export { planEndpointCleanup, hasRecordsWrittenFor } from './plan-endpoint-cleanup';
export { runPolicy, applyRunPolicy, type RunPolicy, type RunKind, type RunEntry } from './run-policy';
export { stillSafeDeletes, recordChangeNow, zoneGroupsToRead, type RecordName } from './questions';
export * from './plan-dns';
export * from './changes';
export * from './change-kinds';
export * from './observation';
export * from './report';
