/** Runs about one resource (`--resource`, an event's subject) change only what concerns that resource. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionAdapter } from '../../../src/azure/connections';
import { recordSetId } from '../../../src/core/plan/changes';
import { KEYVAULT_MANUAL_FACTS } from '@privatelink-autopilot/arm-emulator';
import { MONGO_VCORE_FACTS } from '@privatelink-autopilot/arm-emulator';
import { ORPHANS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { applyPlan, observe, observeAndPlan } from '../../../src/engine';
import { planReconcile } from '../../../src/core/plan';
import type { AdapterWorld } from '../azure/support';
import { engineContext, kindsAndIds, pair, startWorld, DELETING } from './support';

let world: AdapterWorld;

beforeAll(async () => {
  world = await startWorld('demo');
});
afterAll(async () => {
  await world?.close();
});

async function planFor(resourceId: string) {
  const ctx = engineContext(world);
  const observation = await observe(ctx, { resourceId });
  return { ctx, observation, plan: planReconcile(ctx, observation, DELETING) };
}

describe('a plan about one resource', () => {
  it('for an endpoint: its own record only', async () => {
    const { plan, observation } = await planFor(MONGO_VCORE_FACTS.endpointId);
    expect(observation.focus).toMatchObject({ kind: 'endpoint', targetId: MONGO_VCORE_FACTS.clusterId });
    expect(plan.changes.map((c) => c.kind)).toEqual(['dns-create']);
    expect(
      plan.changes[0]?.resourceId.toLowerCase().startsWith(`${MONGO_VCORE_FACTS.zoneId.toLowerCase()}/a/fc-`),
    ).toBe(true);
  });

  it("for an account whose endpoint was refreshed outside the autopilot: the removed region's record is found once named", async () => {
    const accountId = ORPHANS_FACTS.zoneId.replace(
      /rg-dns\/.*$/,
      'rg-orphans/providers/Microsoft.DocumentDB/databaseAccounts/orphans-regions',
    );
    const northEurope = recordSetId(ORPHANS_FACTS.zoneId, 'orphans-regions-northeurope');
    // A focused run reads only the names its endpoints claim: nothing names North Europe any more, so it is left to
    // the whole-scope pass and the sweep ...
    expect((await planFor(accountId)).plan.changes).toEqual([]);
    const everything = engineContext(world);
    expect(
      kindsAndIds((await observeAndPlan(everything, {}, DELETING)).plan.changes.filter((c) => c.kind === 'dns-delete')),
    ).toContain(pair('dns-delete', northEurope));
    // ... unless an earlier step of the run read it (before the refresh): then only that record, written for its endpoint.
    const read = (await observe(engineContext(world), { connections: false })).records.filter(
      (r) => r.name === 'orphans-regions-northeurope',
    );
    expect(read).toHaveLength(1);
    const ctx = engineContext(world);
    const observation = await observe(ctx, {
      resourceId: accountId,
      earlier: { zones: [], recordSetIds: [northEurope], records: read },
    });
    expect(kindsAndIds(planReconcile(ctx, observation, DELETING).changes)).toEqual([pair('dns-delete', northEurope)]);
  });

  it('for a vault: its connection decision, and once applied, its record', async () => {
    const { ctx, observation, plan } = await planFor(KEYVAULT_MANUAL_FACTS.vaultId);
    expect(plan.changes.map((c) => c.kind)).toEqual(['connection-approve']);
    expect(plan.skipped.map((s) => s.cause).sort()).toEqual(['not-approved']);

    const result = await applyPlan(ctx, observation, plan, { policy: DELETING });
    expect(kindsAndIds(result.changes)).toEqual(
      [
        pair('connection-approve', plan.changes[0]?.resourceId ?? ''),
        pair('dns-create', recordSetId(KEYVAULT_MANUAL_FACTS.zoneId, 'kv-autopilot-manual')),
      ].sort(),
    );
    const connections = await new ConnectionAdapter(world.clients()).listConnections(KEYVAULT_MANUAL_FACTS.vaultId);
    expect(connections.connections.map((c) => [c.status, c.description])).toEqual([
      ['Approved', 'approved by change-ticket: change ticket in the request'],
    ]);
    // Nothing outside the vault's story was touched: the orphans are still there.
    const everything = engineContext(world);
    const rest = (await observeAndPlan(everything, {}, DELETING)).plan;
    expect(rest.changes.filter((c) => c.kind === 'dns-delete')).toHaveLength(ORPHANS_FACTS.ownedOrphans.length);
  });
});
