/** Activities over the DNS zone scope: reading records, cleaning up after a deleted endpoint, and the orphan sweep. */
import type { ApplyResult, SweepResult, ZoneObservation } from '../engine';
import { cleanupDeletedEndpointDns as cleanup, observeZones, sweep } from '../engine';
import type { ContextFactory } from './dependencies';
import { inputObject, isoTimeField, optionalBoolean, optionalResourceIds, resourceIdField } from './input';
import { dryRun } from './resource-activities';

export function cleanupDeletedEndpointDns(makeContext: ContextFactory) {
  return async (input: unknown): Promise<ApplyResult> => {
    const activity = 'cleanupDeletedEndpointDns';
    const fields = inputObject(activity, input, ['endpointId', 'dryRun']);
    const endpointId = resourceIdField(activity, fields, 'endpointId');
    const asked = optionalBoolean(activity, fields, 'dryRun') ?? false;
    const ctx = makeContext();
    return cleanup(ctx, endpointId, { dryRun: dryRun(ctx, asked) });
  };
}

export function listZoneRecords(makeContext: ContextFactory) {
  return async (input: unknown): Promise<ZoneObservation> => {
    const fields = inputObject('listZoneRecords', input ?? {}, ['zoneIds']);
    const zoneIds = optionalResourceIds('listZoneRecords', fields, 'zoneIds');
    return observeZones(makeContext(), zoneIds);
  };
}

/** What the timer sweep would do now; writes nothing. */
export function findOrphans(makeContext: ContextFactory) {
  return async (input: unknown): Promise<SweepResult> => {
    const fields = inputObject('findOrphans', input, ['now']);
    const now = isoTimeField('findOrphans', fields, 'now');
    const ctx = makeContext();
    return sweep(ctx, { now, graceMinutes: ctx.settings.sweepGraceMinutes, maxDeletions: ctx.settings.sweepMaxDeletions, delete: false });
  };
}

/** The timer sweep: marks unclaimed records of ours, deletes those unclaimed longer than the grace, at most the limit per run. */
export function markOrDeleteOrphans(makeContext: ContextFactory) {
  return async (input: unknown): Promise<SweepResult> => {
    const activity = 'markOrDeleteOrphans';
    const fields = inputObject(activity, input, ['now', 'dryRun']);
    const now = isoTimeField(activity, fields, 'now');
    const asked = optionalBoolean(activity, fields, 'dryRun') ?? false;
    const ctx = makeContext();
    return sweep(ctx, {
      now,
      graceMinutes: ctx.settings.sweepGraceMinutes,
      maxDeletions: ctx.settings.sweepMaxDeletions,
      delete: !dryRun(ctx, asked),
    });
  };
}
