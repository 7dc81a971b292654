/** Activities over the DNS zone scope: cleaning up after a deleted endpoint, and the orphan sweep. */
import {
  inputObject,
  isoTimeField,
  optionalBoolean,
  optionalCount,
  optionalResourceIds,
  resourceIdField,
} from '../core/input';
import type { ApplyResult, SweepResult } from '../engine';
import { cleanupDeletedEndpointDns as cleanup, dryRunFor, sweep } from '../engine';
import type { ContextFactory } from './dependencies';

export function cleanupDeletedEndpointDns(makeContext: ContextFactory) {
  return async (input: unknown): Promise<ApplyResult> => {
    const where = 'cleanupDeletedEndpointDns: input';
    const fields = inputObject(where, input, ['endpointId', 'dryRun']);
    const endpointId = resourceIdField(where, fields, 'endpointId');
    const asked = optionalBoolean(where, fields, 'dryRun') ?? false;
    const ctx = makeContext();
    return cleanup(ctx, endpointId, { dryRun: dryRunFor(ctx, asked) });
  };
}

/** What the timer sweep would do now; writes nothing. */
export function findOrphans(makeContext: ContextFactory) {
  return async (input: unknown): Promise<SweepResult> => {
    const where = 'findOrphans: input';
    const now = isoTimeField(where, inputObject(where, input, ['now']), 'now');
    const ctx = makeContext();
    return sweep(ctx, {
      now,
      graceMinutes: ctx.settings.sweepGraceMinutes,
      maxDeletions: ctx.settings.sweepMaxDeletions,
      delete: false,
    });
  };
}

/**
 * The timer sweep: marks unclaimed records of ours, deletes those unclaimed longer than the grace, at most the limit
 * per run. An orchestration going zone by zone passes the zones and what is left of the run's deletion budget.
 */
export function markOrDeleteOrphans(makeContext: ContextFactory) {
  return async (input: unknown): Promise<SweepResult> => {
    const where = 'markOrDeleteOrphans: input';
    const fields = inputObject(where, input, ['now', 'dryRun', 'zoneIds', 'maxDeletions']);
    const now = isoTimeField(where, fields, 'now');
    const asked = optionalBoolean(where, fields, 'dryRun') ?? false;
    const zoneIds = optionalResourceIds(where, fields, 'zoneIds');
    const ctx = makeContext();
    const budget = optionalCount(where, fields, 'maxDeletions');
    return sweep(ctx, {
      now,
      graceMinutes: ctx.settings.sweepGraceMinutes,
      maxDeletions: Math.min(budget ?? ctx.settings.sweepMaxDeletions, ctx.settings.sweepMaxDeletions),
      delete: !dryRunFor(ctx, asked),
      ...(zoneIds ? { zoneIds } : {}),
    });
  };
}
