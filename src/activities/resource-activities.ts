/**
 * Activities about one resource (an event's subject) or one subscription (an HTTP request): whether its own operation
 * still runs, then decide its connections, refresh its endpoints and reconcile its records, each a step of its own so
 * an orchestration can retry one without repeating the others. What a run may do is its policy (core/plan RunPolicy).
 */
import {
  inputObject,
  oneOf,
  optionalBoolean,
  optionalEarlierReads,
  resourceIdField,
  subscriptionIdField,
  type InputRecord,
} from '../core/input';
import type { ApplyPart, OperationState, RunSubject, StepResult } from '../engine';
import { operationInProgress, reconcileStep } from '../engine';
import type { ContextFactory } from './dependencies';

/** Whether the resource's own operation (a region being added, an endpoint being created) is still running. */
export function checkOperationInProgress(makeContext: ContextFactory) {
  return async (input: unknown): Promise<OperationState> => {
    const where = 'checkOperationInProgress: input';
    const resourceId = resourceIdField(where, inputObject(where, input, ['resourceId']), 'resourceId');
    return operationInProgress(makeContext(), resourceId);
  };
}

export const applyApprovals = (makeContext: ContextFactory) => stepOf('applyApprovals', 'connections', makeContext);
export const refreshEndpoints = (makeContext: ContextFactory) => stepOf('refreshEndpoints', 'refreshes', makeContext);
export const reconcileEndpointDns = (makeContext: ContextFactory) => stepOf('reconcileEndpointDns', 'dns', makeContext);

/** `{resourceId | subscriptionId, dryRun?, earlier?}` → one `reconcileStep` on its part. */
function stepOf(activity: string, part: ApplyPart, makeContext: ContextFactory) {
  return async (input: unknown): Promise<StepResult> => {
    const where = `${activity}: input`;
    const fields = inputObject(where, input, ['resourceId', 'subscriptionId', 'dryRun', 'earlier']);
    const subject = subjectOf(where, fields);
    const dryRun = optionalBoolean(where, fields, 'dryRun') ?? false;
    const earlier = subject.resourceId ? optionalEarlierReads(where, fields, 'earlier') : undefined;
    return reconcileStep(makeContext(), { subject, part, dryRun, ...(earlier ? { earlier } : {}) });
  };
}

function subjectOf(where: string, fields: InputRecord): RunSubject {
  return oneOf(where, fields, ['resourceId', 'subscriptionId']) === 'resourceId'
    ? { resourceId: resourceIdField(where, fields, 'resourceId') }
    : { subscriptionId: subscriptionIdField(where, fields, 'subscriptionId') };
}
