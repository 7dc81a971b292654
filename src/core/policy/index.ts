export type { PolicyDocument, PolicyRule, RuleMatch, PolicyDecision } from './types';
export type { ApprovalPolicy } from './compile';
export { PolicyError } from './errors';
export { loadPolicy, parsePolicy, tryLoadPolicy } from './load';
export { evaluatePolicy, decideSafely } from './evaluate';
export { normaliseConnection, ConnectionShapeError, type ConnectionTarget } from './connection';
export { connectionsInDocument } from './connection-documents';
export { TEMPLATE_PLACEHOLDERS } from './template';
