/**
 * The durable activity handlers, by name: plain async functions, JSON in and JSON out, idempotent. Registration with
 * durable-functions happens elsewhere; this module only builds them.
 */
import { contextFromEnvironment, type ContextFactory } from './dependencies';
import { cleanupDeletedEndpointDns, findOrphans, listZoneRecords, markOrDeleteOrphans } from './dns-activities';
import {
  applyApprovals,
  checkOperationInProgress,
  observeTarget,
  reconcileEndpointDns,
  refreshEndpoints,
} from './resource-activities';

export type ActivityHandler = (input: unknown) => Promise<unknown>;

export const ACTIVITY_NAMES = [
  'observeTarget',
  'checkOperationInProgress',
  'applyApprovals',
  'refreshEndpoints',
  'reconcileEndpointDns',
  'cleanupDeletedEndpointDns',
  'listZoneRecords',
  'findOrphans',
  'markOrDeleteOrphans',
] as const;

export type ActivityName = (typeof ACTIVITY_NAMES)[number];

export function buildActivities(makeContext: ContextFactory = contextFromEnvironment()) {
  return {
    observeTarget: observeTarget(makeContext),
    checkOperationInProgress: checkOperationInProgress(makeContext),
    applyApprovals: applyApprovals(makeContext),
    refreshEndpoints: refreshEndpoints(makeContext),
    reconcileEndpointDns: reconcileEndpointDns(makeContext),
    cleanupDeletedEndpointDns: cleanupDeletedEndpointDns(makeContext),
    listZoneRecords: listZoneRecords(makeContext),
    findOrphans: findOrphans(makeContext),
    markOrDeleteOrphans: markOrDeleteOrphans(makeContext),
  } satisfies Record<ActivityName, ActivityHandler>;
}

/** Handlers reading their settings from the process environment, as the function app runs them. */
export const activities = buildActivities();

export { InputError } from '../core/input';
export { contextFromEnvironment, type ContextFactory } from './dependencies';
