export { buildFleetReport, type FleetReportInput } from './build';
export { fleetInputs, type FleetInputOptions, type TargetInputs } from './inputs';
export { renderReportMarkdown } from './markdown';
export { renderReportHtml, REPORT_CSP } from './html';
export * from './types';
