import { describe, expect, it } from 'vitest';
import { emptyCallCount } from '../../../src/core/model';
import type { ApplyResult } from '../../../src/engine';
import { OUTCOME_PREFIX, outcomeLine, outcomeOfApplies } from '../../../src/orchestrations/outcome';

const identity = {
  orchestration: 'reconcileTarget',
  instanceId: 'reconcile-target-1',
  resourceId: '/subscriptions/s/x',
  pass: 1,
  dryRun: false,
};
const change = (kind: string, outcome: string, extra: Record<string, unknown> = {}) => ({
  kind,
  resourceId: `/r/${kind}`,
  reason: 'r',
  outcome,
  ...extra,
});

function result(partial: Partial<ApplyResult>): ApplyResult {
  return {
    dryRun: false,
    changes: [],
    conflicts: [],
    skipped: [],
    failures: [],
    calls: emptyCallCount(),
    ...partial,
  } as ApplyResult;
}

describe('the outcome of a run', () => {
  it('counts done changes by kind, sums the calls, and is complete only without failures', () => {
    const outcome = outcomeOfApplies(identity, [
      result({
        changes: [
          change('dns-create', 'done'),
          change('dns-create', 'done'),
          change('dns-delete', 'unchanged'),
        ] as never,
        calls: { reads: 5, writes: 2, deletes: 0 },
      }),
      result({ changes: [change('endpoint-refresh', 'done')] as never, calls: { reads: 3, writes: 1, deletes: 0 } }),
    ]);
    expect(outcome).toMatchObject({
      complete: true,
      changes: { 'dns-create': 2, 'endpoint-refresh': 1 },
      calls: { reads: 8, writes: 3, deletes: 0 },
      failures: [],
    });
  });

  it('never reports a failed write or a failed read as success', () => {
    const outcome = outcomeOfApplies(identity, [
      result({
        changes: [change('dns-create', 'failed', { error: 'PreconditionFailed: the record changed' })] as never,
        failures: [
          { stage: 'records', resourceId: '/zone', code: 'InternalServerError', message: 'boom', transient: true },
        ],
      }),
    ]);
    expect(outcome.complete).toBe(false);
    expect(outcome.changes).toEqual({});
    expect(outcome.failures).toEqual([
      { stage: 'records', resourceId: '/zone', code: 'InternalServerError', message: 'boom' },
      { stage: 'dns-create', resourceId: '/r/dns-create', code: 'PreconditionFailed', message: 'the record changed' },
    ]);
  });

  it('counts what a dry run would have made, and what is left for people', () => {
    const outcome = outcomeOfApplies({ ...identity, dryRun: true }, [
      result({
        changes: [change('connection-approve', 'skipped')] as never,
        skipped: [
          { resourceId: '/c/1', cause: 'connection-left-pending', reason: 'no rule' },
          { resourceId: '/pe/2', cause: 'connection-outside-scope', reason: 'alias' },
        ],
        conflicts: [
          { resourceId: '/rec', zoneId: '/z', zone: 'z', name: 'n', fqdn: 'f', claimants: [], reason: 'r' },
        ] as never,
      }),
    ]);
    expect(outcome).toMatchObject({
      changes: { 'connection-approve': 1 },
      pendingForHuman: 2,
      awaitingApproval: 1,
      conflicts: 1,
    });
  });

  it('is one line the workbook can parse', () => {
    const line = outcomeLine(outcomeOfApplies(identity, []));
    expect(line.startsWith(OUTCOME_PREFIX)).toBe(true);
    expect(JSON.parse(line.slice(OUTCOME_PREFIX.length))).toMatchObject({
      orchestration: 'reconcileTarget',
      instanceId: 'reconcile-target-1',
      complete: true,
    });
    expect(line).not.toContain('\n');
  });
});
