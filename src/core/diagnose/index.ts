export { diagnose, diagnoseInDetail, type DiagnosisDetail } from './diagnose';
export type { RegionReadiness } from './failover';
export type { RecordCheck, RecordState } from './records';
export { renderDiagnosis } from './render';
export * from './types';
