import { describe, expect, it } from 'vitest';
import { emptyCallCount } from '../../../src/core/model';
import type { OrphanAction } from '../../../src/core/plan/plan-orphan-sweep';
import type { ApplyResult, SweepResult } from '../../../src/engine';
import {
  OUTCOME_PREFIX,
  outcomeLine,
  outcomeOfApplies,
  outcomeOfSweeps,
  withDrift,
} from '../../../src/orchestrations/outcome';

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

describe('the outcome of a sweep', () => {
  const orphan = (action: OrphanAction, outcome?: 'done' | 'failed', error?: string) => ({
    resourceId: `/zone/A/${action}-${outcome ?? 'none'}`,
    zoneId: '/zone',
    fqdn: `${action}.zone`,
    ips: ['10.0.0.4'],
    owned: true,
    action,
    reason: 'r',
    ...(outcome ? { outcome } : {}),
    ...(error ? { error } : {}),
  });
  const sweep = (orphans: SweepResult['orphans']): SweepResult => ({
    dryRun: false,
    orphans,
    failures: [],
    calls: { reads: 2, writes: 1, deletes: 1 },
  });

  it.each<[string, boolean, SweepResult['orphans'], Record<string, number>, string[]]>([
    [
      'counts deletes and marks made',
      false,
      [orphan('delete', 'done'), orphan('mark', 'done')],
      { 'dns-delete': 1, 'dns-orphan-mark': 1 },
      [],
    ],
    [
      'ignores what it only waits for, defers, holds or leaves',
      false,
      [orphan('wait'), orphan('defer'), orphan('hold'), orphan('leave')],
      {},
      [],
    ],
    [
      'reports a failed delete with its code',
      false,
      [orphan('delete', 'failed', 'PreconditionFailed: etag changed')],
      {},
      ['dns-delete PreconditionFailed'],
    ],
    ['reports a failed mark without a message', false, [orphan('mark', 'failed')], {}, ['dns-orphan-mark Failed']],
    [
      'counts what a dry run would delete or mark',
      true,
      [orphan('delete'), orphan('mark'), orphan('hold')],
      { 'dns-delete': 1, 'dns-orphan-mark': 1 },
      [],
    ],
    ['does not count an orphan without outcome outside a dry run', false, [orphan('delete')], {}, []],
  ])('%s', (_, dryRun, orphans, changes, failures) => {
    const outcome = outcomeOfSweeps({ ...identity, dryRun }, [sweep(orphans)]);
    expect(outcome.changes).toEqual(changes);
    expect(outcome.failures.map((f) => `${f.stage} ${f.code}`)).toEqual(failures);
    expect(outcome.complete).toBe(failures.length === 0);
    expect(outcome.calls).toEqual({ reads: 2, writes: 1, deletes: 1 });
  });

  it('puts a step that threw first, then each result read failures and writes in order', () => {
    const thrown = [{ stage: 'activity', resourceId: '/zone', code: 'ActivityFailed', message: 'boom' }];
    const read = {
      stage: 'records' as const,
      resourceId: '/zone2',
      code: 'Throttled',
      message: 'later',
      transient: true,
    };
    const outcome = outcomeOfSweeps(
      identity,
      [{ ...sweep([orphan('delete', 'failed', 'Conflict: no')]), failures: [read] }],
      thrown,
    );
    expect(outcome.failures.map((f) => f.code)).toEqual(['ActivityFailed', 'Throttled', 'Conflict']);
  });
});

describe('the outcome of a drift repair', () => {
  it('says what each repair found: created, fixed, or left alone because someone took it over', () => {
    const results = [
      result({
        changes: [
          change('dns-create', 'done'),
          change('dns-update', 'done'),
          change('dns-delete', 'done'),
          { ...change('dns-update', 'failed'), resourceId: '/r/failed' },
        ] as ApplyResult['changes'],
      }),
    ];
    const outcome = withDrift(outcomeOfApplies(identity, results), results, ['/r/taken']);
    expect(outcome.drift).toEqual([
      { resourceId: '/r/dns-create', found: 'record-missing' },
      { resourceId: '/r/dns-update', found: 'record-changed' },
      { resourceId: '/r/taken', found: 'record-taken-over' },
    ]);
    expect(outcomeLine(outcome)).toContain('"drift":[');
  });

  it('carries no drift when nothing was repaired, and in a dry run what it would repair', () => {
    const none = [result({ changes: [change('dns-create', 'unchanged')] as ApplyResult['changes'] })];
    expect(withDrift(outcomeOfApplies(identity, none), none, [])).not.toHaveProperty('drift');
    const dry = [result({ changes: [change('dns-create', 'skipped')] as ApplyResult['changes'] })];
    const planned = withDrift(outcomeOfApplies({ ...identity, dryRun: true }, dry), dry, []);
    expect(planned.drift).toEqual([{ resourceId: '/r/dns-create', found: 'record-missing' }]);
  });
});
