/** POST /api/reconcile's body, checked (400 naming the field; 403 outside the scope, before any ARM call) and turned into a start or signal. */
import { inputObject, optionalBoolean } from '../core/input';
import { orchestrationKey } from '../core/arm-identity';
import { normaliseResourceId } from '../core/resource-id';
import { focusKind } from '../engine';
import { instanceIdFor, RECONCILE_TARGET } from '../orchestrations/names';
import { subjectOf } from './queries';
import { requireAppSettings } from './settings';
import type { SignalRequest } from './starter';

export function reconcileRequest(
  body: unknown,
  newId: () => string,
  env: NodeJS.ProcessEnv = process.env,
): SignalRequest {
  const { settings, scope } = requireAppSettings(env);
  const fields = inputObject('body', body, ['resourceId', 'subscriptionId', 'dryRun']);
  const subject = subjectOf('body', fields, scope);
  const dryRun = settings.dryRun || (optionalBoolean('body', fields, 'dryRun') ?? false);
  const key =
    subject.resourceId !== undefined ? resourceKey(subject.resourceId) : `subscription-${subject.subscriptionId}`;
  const input = { ...subject, dryRun };
  const reason = `requested over HTTP${dryRun ? ' (dry run)' : ''}`;
  if (dryRun) return { orchestration: RECONCILE_TARGET, instanceId: `dryrun-${newId()}`, input, reason };
  return { orchestration: RECONCILE_TARGET, instanceId: instanceIdFor(RECONCILE_TARGET, key), input, reason };
}

/** The key events about the same resource get (one derivation for both); `focusKind` refuses IDs no run can be about. */
function resourceKey(resourceId: string): string {
  focusKind(resourceId);
  return orchestrationKey(resourceId);
}

/** The run of a target another run hands its endpoints' refreshes to: the same instance its events and HTTP requests reach. */
export function targetRunRequest(targetId: string, settings: { dryRun: boolean }): SignalRequest {
  return {
    orchestration: RECONCILE_TARGET,
    instanceId: instanceIdFor(RECONCILE_TARGET, resourceKey(targetId)),
    input: { resourceId: normaliseResourceId(targetId), dryRun: settings.dryRun },
    reason: 'endpoints to refresh, found by another run',
  };
}
