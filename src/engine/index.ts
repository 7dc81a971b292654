/** The observe → plan → act service the CLI and the durable activities share. */
export { createContext, armTargetFromSettings, runDeadline, type EngineContext, type ContextOptions } from './context';
export { loadPolicySource } from './policy-source';
export { observe, observeZones, focusKind, type ObserveRequest, type ZoneObservation } from './observe';
export { planObservation, type PlanContext } from './plan';
export { applyPlan, guardChanges, APPLY_PARTS, type ApplyOptions, type ApplyPart } from './apply';
export { sweep, findOrphans, type SweepOptions, type SweepResult, type OrphanRecord, type OrphanAction } from './sweep';
export { cleanupDeletedEndpointDns } from './cleanup';
export { diagnoseResource, diagnosisInput, type ResourceDiagnosis } from './diagnose';
export { listSubscriptions } from './subscriptions';
export type * from './types';
