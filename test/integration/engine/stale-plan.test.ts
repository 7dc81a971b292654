/**
 * A plan is read from endpoints as they were; by the time its deletes run, another run may have made an endpoint claim
 * the name again (a region removed, then added back and the endpoint refreshed by the account's own run). Found by the
 * chaos suite: the record was deleted while the endpoint claimed it, and written again only later.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cosmosRegionsChange, SEED_COSMOS_FACTS, workloadSpoke } from '@privatelink-autopilot/arm-emulator';
import { planReconcile } from '../../../src/core/plan';
import { applyPlan, observeAndPlan } from '../../../src/engine';
import type { AdapterWorld } from '../azure/support';
import { engineContext, startWorld, DELETING } from './support';

let world: AdapterWorld;
beforeEach(async () => {
  world = await startWorld('seed-cosmos');
});
afterEach(async () => world?.close());

/** A person's change, applied through ARM's own routes at once (long-running operations done). */
async function change(regions: string[]): Promise<void> {
  // The endpoint PUT again with the payload it was created with, as a refresh does.
  const refresh = workloadSpoke('seed', 'westus', 0).endpoint({
    name: 'pe-seed-cosmos',
    target: SEED_COSMOS_FACTS.accountId,
    groupIds: ['Sql'],
  }).step;
  await world.emulator.loadScenario({
    name: 'regions',
    description: '',
    steps: [cosmosRegionsChange(SEED_COSMOS_FACTS.accountId, regions), refresh],
  });
}

describe('deletes planned from endpoints that have changed since', () => {
  it('are not made when an endpoint claims the record again', async () => {
    await change(['West US', 'Central US']);
    const ctx = engineContext(world);
    const { observation, plan } = await observeAndPlan(ctx, {}, DELETING);
    expect(plan.changes.filter((c) => c.kind === 'dns-delete').map((c) => c.resourceId.split('/').pop())).toEqual([
      'seed-cosmos-westeurope',
    ]);

    // West Europe comes back, and another run refreshes the endpoint, before this run gets to its deletes.
    await change(['West US', 'Central US', 'West Europe']);
    const result = await applyPlan(ctx, observation, plan, { policy: DELETING, parts: ['dns'] });

    expect(
      world.emulator.writes
        .entries()
        .filter((w) => w.method === 'DELETE')
        .map((w) => w.path),
    ).toEqual([]);
    expect(result.changes.find((c) => c.kind === 'dns-delete')).toMatchObject({ outcome: 'unchanged' });
  });

  it('are still made when the endpoint no longer claims the record', async () => {
    await change(['West US', 'Central US']);
    const ctx = engineContext(world);
    const { observation } = await observeAndPlan(ctx, {}, DELETING);
    const result = await applyPlan(ctx, observation, planReconcile(ctx, observation, DELETING), {
      policy: DELETING,
      parts: ['dns'],
    });
    expect(
      result.changes.filter((c) => c.kind === 'dns-delete').map((c) => [c.resourceId.split('/').pop(), c.outcome]),
    ).toEqual([['seed-cosmos-westeurope', 'done']]);
  });
});
