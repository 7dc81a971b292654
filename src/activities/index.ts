/**
 * The durable activity handlers, by name: plain async functions, JSON in and JSON out, idempotent. Registration with
 * durable-functions happens elsewhere; this module only builds them, typed by the step contract (orchestrations/step-contract).
 */
import { STEP, type StepHandler, type StepName } from '../orchestrations/step-contract';
import { contextFromEnvironment, type ContextFactory } from './dependencies';
import { cleanupDeletedEndpointDns, findOrphans, markOrDeleteOrphans } from './dns-activities';
import {
  applyApprovals,
  checkOperationInProgress,
  reconcileEndpointDns,
  refreshEndpoints,
} from './resource-activities';

/** The steps built here: all but startTargetRuns, which needs the durable client (functions/startTargetRuns.ts). */
export type ActivityName = Exclude<StepName, typeof STEP.startTargetRuns>;
export type ActivityHandlers = { [K in ActivityName]: StepHandler<K> };

export const ACTIVITY_NAMES: readonly ActivityName[] = Object.values(STEP).filter(
  (name): name is ActivityName => name !== STEP.startTargetRuns,
);

export function buildActivities(makeContext: ContextFactory = contextFromEnvironment()): ActivityHandlers {
  return {
    checkOperationInProgress: checkOperationInProgress(makeContext),
    applyApprovals: applyApprovals(makeContext),
    refreshEndpoints: refreshEndpoints(makeContext),
    reconcileEndpointDns: reconcileEndpointDns(makeContext),
    cleanupDeletedEndpointDns: cleanupDeletedEndpointDns(makeContext),
    findOrphans: findOrphans(makeContext),
    markOrDeleteOrphans: markOrDeleteOrphans(makeContext),
  };
}

/** Handlers reading their settings from the process environment, as the function app runs them. */
export const activities = buildActivities();

export { InputError } from '../core/input';
export { contextFromEnvironment, type ContextFactory } from './dependencies';
