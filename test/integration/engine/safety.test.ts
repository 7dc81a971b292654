/** Safe by default: the scope guard before any ARM call, deletes held while claims are unknown, 412 races. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OutOfScopeError } from '../../../src/core/scope';
import { recordSetId, type ReconcilePlan } from '../../../src/core/plan/changes';
import { aRecord, ownedBy } from '@privatelink-autopilot/arm-emulator';
import { ORPHANS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { PROVIDER_SUBSCRIPTION } from '@privatelink-autopilot/arm-emulator';
import { applyPlan, observe, observeAndPlan } from '../../../src/engine';
import { planReconcile } from '../../../src/core/plan';
import type { AdapterWorld } from '../azure/support';
import { engineContext, requestLog, startWorld, DELETING } from './support';

let world: AdapterWorld;

beforeAll(async () => {
  world = await startWorld('demo');
});
afterAll(async () => {
  await world?.close();
});
afterEach(() => {
  world.emulator.faults.clear();
});

const foreignAccount = `/subscriptions/${PROVIDER_SUBSCRIPTION}/resourceGroups/rg-x/providers/Microsoft.DocumentDB/databaseAccounts/other`;

describe('the scope guard', () => {
  it('refuses to observe a resource outside the scope, with a clear message and no ARM call', async () => {
    const ctx = engineContext(world);
    const before = (await requestLog(world)).length;

    const refused = observe(ctx, { resourceId: foreignAccount });

    await expect(refused).rejects.toBeInstanceOf(OutOfScopeError);
    await expect(refused).rejects.toThrow(
      `refused: ${foreignAccount} is outside the configured scope (subscription ${PROVIDER_SUBSCRIPTION} is not one of AUTOPILOT_SCOPE_SUBSCRIPTIONS)`,
    );
    expect(ctx.arm.meter.calls).toEqual({ reads: 0, writes: 0, deletes: 0 });
    expect((await requestLog(world)).length).toBe(before);
  });

  it('refuses a plan that changes anything outside the scope before writing any of it', async () => {
    const ctx = engineContext(world);
    const observation = await observe(ctx, { connections: false });
    const planned = planReconcile(ctx, observation, DELETING);
    const foreignZone = `/subscriptions/${PROVIDER_SUBSCRIPTION}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.documents.azure.com`;
    const [first] = planned.changes;
    if (first?.kind !== 'dns-delete')
      throw new Error(`expected the demo plan to start with a delete, got ${first?.kind}`);
    const smuggled: ReconcilePlan = {
      ...planned,
      changes: [
        ...planned.changes,
        { ...first, resourceId: `${foreignZone}/A/x`, record: { ...first.record, zoneId: foreignZone } },
      ],
    };
    const before = (await requestLog(world)).length;
    const calls = { ...ctx.arm.meter.calls };

    await expect(applyPlan(ctx, observation, smuggled, { policy: DELETING })).rejects.toThrow(
      /refused: .*privatelink\.documents\.azure\.com is outside the configured scope/,
    );
    expect(ctx.arm.meter.calls).toEqual(calls);
    expect((await requestLog(world)).length).toBe(before);
  });
});

describe('observation failures', () => {
  it('hold every DNS delete while an endpoint cannot be read (its own records look unclaimed), and say which', async () => {
    // The NIC listing fails, so each endpoint's NIC is read alone, and one of those fails too.
    world.fault({
      method: 'GET',
      path: 'providers/Microsoft.Network/networkInterfaces$',
      kind: 'server-error',
      status: 500,
    });
    world.fault({ method: 'GET', path: 'networkInterfaces/pe-orphans-regions', kind: 'server-error', status: 500 });
    const ctx = engineContext(world);
    const { observation, plan } = await observeAndPlan(ctx, {}, DELETING);

    expect(observation.failures).toMatchObject([
      { stage: 'endpoint', resourceId: expect.stringContaining('pe-orphans-regions'), transient: true },
    ]);
    expect(plan.changes.filter((c) => c.kind === 'dns-delete')).toEqual([]);
    const held = plan.skipped.filter((s) => s.cause === 'observation-failed');
    expect(held.map((s) => s.resourceId.toLowerCase()).sort()).toEqual(
      [...ORPHANS_FACTS.claimed, ...ORPHANS_FACTS.ownedOrphans]
        .map((name) => recordSetId(ORPHANS_FACTS.zoneId, name).toLowerCase())
        .sort(),
    );
    expect(held[0]?.reason).toMatch(/pe-orphans-regions could not be observed/);
  });
});

describe('a record changed by someone else between plan and write (412)', () => {
  const westus = recordSetId(SEED_COSMOS_FACTS.zoneId, 'seed-cosmos-westus');

  async function driftWestUs(): Promise<void> {
    await world.apply([
      aRecord(SEED_COSMOS_FACTS.zoneId, 'seed-cosmos-westus', ['10.9.9.9'], ownedBy([SEED_COSMOS_FACTS.endpointId]))
        .step,
    ]);
  }

  async function applyWestUsUpdate() {
    const ctx = engineContext(world);
    const observation = await observe(ctx, { resourceId: SEED_COSMOS_FACTS.endpointId });
    const plan = planReconcile(ctx, observation, DELETING);
    expect(plan.changes.map((c) => [c.kind, c.resourceId.toLowerCase()])).toEqual([
      ['dns-update', westus.toLowerCase()],
    ]);
    return applyPlan(ctx, observation, plan, { policy: DELETING });
  }

  it('is read again, planned again once, and written', async () => {
    await driftWestUs();
    world.fault({ method: 'PUT', path: '/A/seed-cosmos-westus$', kind: 'etag-race', count: 1 });

    const result = await applyWestUsUpdate();

    expect(result.changes).toMatchObject([
      { kind: 'dns-update', outcome: 'done', detail: expect.stringContaining('412'), record: { ips: ['10.0.1.5'] } },
    ]);
    expect(result.conflicts).toEqual([]);
  });

  it('is reported as a conflict when it happens again, not retried without end', async () => {
    await driftWestUs();
    world.fault({ method: 'PUT', path: '/A/seed-cosmos-westus$', kind: 'etag-race' });

    const result = await applyWestUsUpdate();

    expect(result.changes).toMatchObject([
      { kind: 'dns-update', outcome: 'failed', error: expect.stringContaining('precondition failed twice') },
    ]);
    expect(result.conflicts.map((c) => c.resourceId.toLowerCase())).toEqual([westus.toLowerCase()]);
    const puts = (await requestLog(world)).filter(
      (r) => r.method === 'PUT' && r.path.endsWith('/A/seed-cosmos-westus'),
    );
    expect(puts.slice(-2).map((r) => r.status)).toEqual([412, 412]);
  });
});
