import { describe, expect, it } from 'vitest';
import { applyRunPolicy, runPolicy, type RunEntry, type RunKind } from '../../../../src/core/plan';
import { ACCOUNT, E1, observation, planContext, record } from './fixtures';
import { planObserved } from '../../../../src/core/plan';

/** The declared table: run kind × entry point → what it may do (the doc comment of core/plan/run-policy.ts). */
const table: Array<[RunKind, RunEntry, 'delete' | 'orphan-sweep', 'here' | 'target-run']> = [
  ['target', 'function-app', 'delete', 'here'],
  ['endpoint', 'function-app', 'delete', 'target-run'],
  ['subscription', 'function-app', 'orphan-sweep', 'target-run'],
  ['target', 'cli', 'delete', 'here'],
  ['endpoint', 'cli', 'delete', 'here'],
  ['subscription', 'cli', 'orphan-sweep', 'here'],
];

describe('runPolicy', () => {
  it.each(table)('a %s run from the %s: unclaimed records %s, refreshes %s', (kind, entry, unclaimed, refreshes) => {
    for (const dryRun of [false, true])
      expect(runPolicy({ kind, entry, dryRun })).toEqual({
        kind,
        entry,
        dryRun,
        unclaimedRecords: unclaimed,
        refreshes,
      });
  });
});

describe('applyRunPolicy', () => {
  const refreshing = observation({
    endpoints: observation().endpoints.map((e) => ({ ...e, actionsRequired: 'Recreate' })),
  });
  const plan = planObserved(planContext, refreshing);

  it('a subscription pass leaves the deletes to the orphan sweep and hands the refresh to the target run', () => {
    const policy = runPolicy({ kind: 'subscription', entry: 'function-app', dryRun: false });
    const after = applyRunPolicy(planContext, plan, policy);
    expect(after.changes).toEqual([]);
    expect(after.skipped.map((s) => `${s.cause} ${s.resourceId}`).sort()).toEqual(
      [
        `left-to-orphan-sweep ${record('acct-northeurope')}`,
        `left-to-orphan-sweep ${record('gone')}`,
        `left-to-target-run ${E1}`,
      ].sort(),
    );
    expect(after.targetRuns).toEqual([ACCOUNT]);
  });

  it('the CLI refreshes where it finds the endpoint; a target run deletes', () => {
    const cli = applyRunPolicy(planContext, plan, runPolicy({ kind: 'subscription', entry: 'cli', dryRun: false }));
    expect(cli.changes.map((c) => c.kind)).toEqual(['endpoint-refresh']);
    expect(cli.targetRuns).toBeUndefined();
    const target = applyRunPolicy(
      planContext,
      plan,
      runPolicy({ kind: 'target', entry: 'function-app', dryRun: false }),
    );
    expect(target).toEqual(plan);
  });
});
