/**
 * Safe by default, where the shared zone and the connection states can change under a run: records written for
 * endpoints the run cannot see, and connections decided by a person between plan and apply.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionAdapter } from '../../../src/azure/connections';
import { DnsAdapter } from '../../../src/azure/dns';
import { recordSetId } from '../../../src/core/plan/changes';
import { API_VERSIONS } from '@privatelink-autopilot/arm-emulator';
import { KEYVAULT_MANUAL_FACTS } from '@privatelink-autopilot/arm-emulator';
import { SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { PROVIDER_SUBSCRIPTION, WORKLOAD_SUBSCRIPTION } from '@privatelink-autopilot/arm-emulator';
import { applyPlan, observe, sweep, observeAndPlan } from '../../../src/engine';
import { planReconcile } from '../../../src/core/plan';
import type { AdapterWorld } from '../azure/support';
import { engineContext, operatorSettings, startWorld, DELETING } from './support';

let world: AdapterWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

const seedRecords = () =>
  Object.keys(SEED_COSMOS_FACTS.records).map((name) => recordSetId(SEED_COSMOS_FACTS.zoneId, name).toLowerCase());

describe('records written for endpoints outside the scope (the zone is shared; e.g. `apply --subscription` narrower than the estate)', () => {
  async function narrowScope(): Promise<AdapterWorld> {
    world = await startWorld('seed-cosmos');
    return world;
  }
  // The seed endpoint lives in the workload subscription; this run sees only the provider subscription's endpoints.
  const narrow = (w: AdapterWorld) =>
    engineContext(
      w,
      operatorSettings(w, {
        AUTOPILOT_SCOPE_SUBSCRIPTIONS: PROVIDER_SUBSCRIPTION,
        AUTOPILOT_DNS_ZONE_SUBSCRIPTION: WORKLOAD_SUBSCRIPTION,
      }),
    );

  it('are not planned for deletion: their endpoint could not be observed, so its claims are unknown', async () => {
    const w = await narrowScope();
    const ctx = narrow(w);
    const plan = (await observeAndPlan(ctx, {}, DELETING)).plan;

    expect(plan.changes.filter((c) => c.kind === 'dns-delete')).toEqual([]);
    const held = plan.skipped.filter((s) => seedRecords().includes(s.resourceId.toLowerCase()));
    expect(held.map((s) => s.resourceId.toLowerCase()).sort()).toEqual(seedRecords().sort());
    expect(held[0]?.reason).toMatch(/outside the scope/);
  });

  it('are not deleted by apply', async () => {
    const w = await narrowScope();
    const ctx = narrow(w);
    const { observation } = await observeAndPlan(ctx, {}, DELETING);
    const result = await applyPlan(ctx, observation, planReconcile(ctx, observation, DELETING), { policy: DELETING });

    expect(result.calls.deletes).toBe(0);
    const { records } = await new DnsAdapter(w.clients()).listRecordSets(SEED_COSMOS_FACTS.zoneId);
    expect(records.map((r) => recordSetId(r.zoneId, r.name).toLowerCase()).sort()).toEqual(seedRecords().sort());
  });

  it('are neither marked nor deleted by the sweep, and are reported as held', async () => {
    const w = await narrowScope();
    const now = '2030-01-01T00:00:00.000Z';
    const timer = await sweep(narrow(w), { now, graceMinutes: 0, maxDeletions: 50, delete: true });
    expect(timer.calls).toMatchObject({ writes: 0, deletes: 0 });
    const asked = await sweep(narrow(w), { now, maxDeletions: 50, delete: true });
    expect(asked.calls).toMatchObject({ writes: 0, deletes: 0 });
    expect(asked.orphans.map((o) => `${o.action} ${o.resourceId.toLowerCase()}`).sort()).toEqual(
      seedRecords()
        .map((id) => `hold ${id}`)
        .sort(),
    );
  });
});

describe('a connection a person decided between plan and apply', () => {
  const REJECT_CHG = {
    version: 1,
    defaultAction: 'leave-pending',
    rules: [
      {
        name: 'no-vault-access',
        match: { requestMessage: '^CHG' },
        action: 'reject',
        description: 'rejected by {rule}',
      },
    ],
  };

  it('is left as the person decided, not overwritten by the stale plan', async () => {
    world = await startWorld('keyvault-manual');
    const w = world;
    const ctx = engineContext(
      w,
      operatorSettings(w, { AUTOPILOT_POLICY_SOURCE: `inline:${JSON.stringify(REJECT_CHG)}` }),
    );
    const observation = await observe(ctx, { resourceId: KEYVAULT_MANUAL_FACTS.vaultId });
    const plan = planReconcile(ctx, observation, DELETING);
    const [reject] = plan.changes;
    expect(reject?.kind).toBe('connection-reject');

    // Meanwhile a person approves it on the vault.
    await w.apply([
      {
        method: 'PUT',
        path: reject?.resourceId ?? '',
        apiVersion: API_VERSIONS.keyVault,
        body: {
          properties: {
            privateLinkServiceConnectionState: { status: 'Approved', description: 'approved by a person' },
          },
        },
      },
    ]);

    const result = await applyPlan(ctx, observation, plan, { policy: DELETING, parts: ['connections'] });

    expect(result.changes).toMatchObject([
      { kind: 'connection-reject', outcome: 'skipped', detail: expect.stringMatching(/no longer Pending.*Approved/) },
    ]);
    const after = await new ConnectionAdapter(w.clients()).listConnections(KEYVAULT_MANUAL_FACTS.vaultId);
    expect(after.connections.map((c) => [c.status, c.description])).toEqual([['Approved', 'approved by a person']]);
  });
});
