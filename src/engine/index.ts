/** The observe → plan → act service the CLI, the activities and the function app share; ARM is reached through `ArmPorts`. */
export { createContext, withinSubscription, dryRunFor, type EngineContext, type ContextOptions } from './context';
export {
  reconcileStep,
  appRunPolicy,
  runKindOf,
  contextFor,
  type RunSubject,
  type StepRequest,
  type StepResult,
} from './reconcile';
export { loadPolicySource } from './policy-source';
export { observe, observeZones, focusKind, readZoneGroups, type ObserveRequest, type ZoneObservation } from './observe';
export { observeAndPlan, type ObservedPlan } from './reconcile';
export { applyPlan, guardChanges, APPLY_PARTS, type ApplyOptions, type ApplyPart } from './apply';
export { sweep, type SweepOptions, type SweepResult } from './sweep';
export { cleanupDeletedEndpointDns } from './cleanup';
export { inspectRecords, reconcileZoneCopy, type RecordInspection, type ZonePassResult } from './drift';
export { operationInProgress, type OperationState } from './busy';
export { diagnoseResource, diagnosisInput, type ResourceDiagnosis } from './diagnose';
export type * from './ports';
export type * from './types';
export { fleetReport, type FleetReportRun } from './report';
