export { diagnose } from './diagnose';
export { renderDiagnosis } from './render';
export * from './types';
