/**
 * Every seed story of the emulator's `demo` world through the engine: plan finds exactly each story's changes,
 * apply makes them (including the vault record that only exists once its connection is approved), and a second plan
 * is empty and writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionAdapter } from '../../../src/azure/connections';
import { EndpointAdapter } from '../../../src/azure/endpoints';
import { recordSetId } from '../../../src/core/plan/changes';
import { ELASTIC_ALIAS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { KEYVAULT_MANUAL_FACTS } from '@privatelink-autopilot/arm-emulator';
import { MONGO_VCORE_FACTS } from '@privatelink-autopilot/arm-emulator';
import { ORPHANS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { ZONE_GROUP_FACTS } from '@privatelink-autopilot/arm-emulator';
import { applyPlan, observe, observeAndPlan } from '../../../src/engine';
import { planReconcile } from '../../../src/core/plan';
import type { AdapterWorld } from '../azure/support';
import { engineContext, kindsAndIds, pair, requestLog, startWorld, DELETING, DRY_RUN } from './support';

let world: AdapterWorld;
let vaultConnectionId: string;
let mongoRecordName: string;

beforeAll(async () => {
  world = await startWorld('demo');
  const clients = world.clients();
  vaultConnectionId = (await new ConnectionAdapter(clients).listConnections(KEYVAULT_MANUAL_FACTS.vaultId))
    .connections[0]?.id as string;
  const mongo = (await new EndpointAdapter(clients).observeEndpoint(MONGO_VCORE_FACTS.endpointId)).endpoint;
  mongoRecordName = (mongo.ipConfigurations[0]?.fqdns[0] ?? '').replace(/\.mongocluster\.cosmos\.azure\.com$/, '');
});
afterAll(async () => {
  await world?.close();
});

const record = (zoneId: string, name: string) => recordSetId(zoneId, name);

describe('the demo world', () => {
  it('plans exactly each seed story: approve the vault connection, create the Mongo vCore record, delete the three owned orphans', async () => {
    const ctx = engineContext(world);
    const plan = (await observeAndPlan(ctx, {}, DELETING)).plan;

    expect(mongoRecordName).toMatch(/^fc-[0-9a-f]{12}-000\.global$/);
    expect(kindsAndIds(plan.changes)).toEqual(
      [
        pair('connection-approve', vaultConnectionId),
        pair('dns-create', record(MONGO_VCORE_FACTS.zoneId, mongoRecordName)),
        ...ORPHANS_FACTS.ownedOrphans.map((name) => pair('dns-delete', record(ORPHANS_FACTS.zoneId, name))),
      ].sort(),
    );
    expect(plan.conflicts).toEqual([]);
    const approve = plan.changes.find((c) => c.kind === 'connection-approve');
    expect(approve).toMatchObject({ rule: 'change-ticket', targetId: KEYVAULT_MANUAL_FACTS.vaultId });
  });

  it('leaves alone what is not its to change, and says why', async () => {
    const ctx = engineContext(world);
    const plan = (await observeAndPlan(ctx, {}, DELETING)).plan;
    const skipped = plan.skipped.map((s) => `${s.cause} ${s.resourceId.toLowerCase()}`);

    expect(skipped).toEqual(
      expect.arrayContaining([
        pair('zone-group', record(ZONE_GROUP_FACTS.zoneId, 'zonegroup-cosmos')),
        pair('zone-group', record(ZONE_GROUP_FACTS.zoneId, 'zonegroup-cosmos-westus')),
        pair('not-owned', record(ORPHANS_FACTS.zoneId, 'legacy-app')),
        pair('connection-outside-scope', ELASTIC_ALIAS_FACTS.endpointId),
        pair('not-approved', record(KEYVAULT_MANUAL_FACTS.zoneId, 'kv-autopilot-manual')),
        pair('not-approved', record(ELASTIC_ALIAS_FACTS.zoneId, '*')),
      ]),
    );
    // The converged seed estate is neither changed nor reported.
    const seedMentions = [...plan.changes, ...plan.skipped].filter((c) =>
      c.resourceId.toLowerCase().includes('seed-cosmos'),
    );
    expect(seedMentions).toEqual([]);
  });

  it('a dry run reports every change as skipped and writes nothing', async () => {
    const ctx = engineContext(world);
    const { observation, plan } = await observeAndPlan(ctx, {}, DELETING);
    const before = (await requestLog(world)).length;

    const result = await applyPlan(ctx, observation, plan, { policy: DRY_RUN });

    expect(result.dryRun).toBe(true);
    expect(result.changes.map((c) => c.outcome)).toEqual(plan.changes.map(() => 'skipped'));
    expect(ctx.arm.meter.calls.writes + ctx.arm.meter.calls.deletes).toBe(0);
    expect((await requestLog(world)).slice(before)).toEqual([]);
  });

  it('applies the plan, then plans the vault record its approval made necessary', async () => {
    const ctx = engineContext(world);
    const { observation } = await observeAndPlan(ctx, {}, DELETING);
    const progress: string[] = [];

    const result = await applyPlan(ctx, observation, planReconcile(ctx, observation, DELETING), {
      policy: DELETING,
      onProgress: ({ index, total, change }) => progress.push(`${index}/${total} ${change.kind} ${change.outcome}`),
    });

    const vaultRecord = record(KEYVAULT_MANUAL_FACTS.zoneId, 'kv-autopilot-manual');
    expect(kindsAndIds(result.changes)).toEqual(
      [
        pair('connection-approve', vaultConnectionId),
        pair('dns-create', record(MONGO_VCORE_FACTS.zoneId, mongoRecordName)),
        pair('dns-create', vaultRecord),
        ...ORPHANS_FACTS.ownedOrphans.map((name) => pair('dns-delete', record(ORPHANS_FACTS.zoneId, name))),
      ].sort(),
    );
    expect(result.changes.map((c) => [c.kind, c.outcome, c.error])).toEqual(
      result.changes.map((c) => [c.kind, 'done', undefined]),
    );
    expect(progress[0]).toBe('1/5 connection-approve done');
    expect(progress.at(-1)).toBe('6/6 dns-delete done');
    // Deletes come after every create.
    const kinds = result.changes.map((c) => c.kind);
    expect(kinds.lastIndexOf('dns-create')).toBeLessThan(kinds.indexOf('dns-delete'));

    const after = await observe(engineContext(world), { connections: false });
    const ipsOf = (id: string) =>
      after.records.find((r) => record(r.zoneId, r.name).toLowerCase() === id.toLowerCase())?.ips;
    expect(ipsOf(vaultRecord)).toEqual([KEYVAULT_MANUAL_FACTS.expectedIp]);
    expect(ipsOf(record(MONGO_VCORE_FACTS.zoneId, mongoRecordName))).toEqual([MONGO_VCORE_FACTS.expectedIp]);
    for (const name of ORPHANS_FACTS.ownedOrphans) expect(ipsOf(record(ORPHANS_FACTS.zoneId, name))).toBeUndefined();
    expect(ipsOf(record(ORPHANS_FACTS.zoneId, 'legacy-app'))).toEqual(['10.4.3.10']);
    expect(ipsOf(record(ZONE_GROUP_FACTS.zoneId, 'zonegroup-cosmos'))).toBeDefined();
  });

  it('a second plan is empty and costs no write', async () => {
    const ctx = engineContext(world);
    const { observation, plan } = await observeAndPlan(ctx, {}, DELETING);
    const result = await applyPlan(ctx, observation, plan, { policy: DELETING });

    expect(plan.changes).toEqual([]);
    expect(result.changes).toEqual([]);
    expect(ctx.arm.meter.calls.writes).toBe(0);
    expect(ctx.arm.meter.calls.deletes).toBe(0);
    expect(ctx.arm.meter.calls.reads).toBeGreaterThan(0);
  });
});
