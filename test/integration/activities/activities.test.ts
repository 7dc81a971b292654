/**
 * The durable activity handlers called directly against the emulator's `demo` world: what each does, that it does
 * nothing in dry-run, that a second call finds nothing left (idempotent), and that bad or out-of-scope input is refused
 * before any ARM call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, buildActivities, contextFromEnvironment } from '../../../src/activities';
import { OutOfScopeError } from '../../../src/core/scope';
import { recordSetId } from '../../../src/core/plan/changes';
import { cosmosRegionsChange } from '@privatelink-autopilot/arm-emulator';
import { KEYVAULT_MANUAL_FACTS } from '@privatelink-autopilot/arm-emulator';
import { MONGO_VCORE_FACTS } from '@privatelink-autopilot/arm-emulator';
import { ORPHANS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { PROVIDER_SUBSCRIPTION, WORKLOAD_SUBSCRIPTION } from '@privatelink-autopilot/arm-emulator';
import type { EngineContext, SweepResult } from '../../../src/engine';
import type { AdapterWorld } from '../azure/support';
import {
  engineContext,
  kindsAndIds,
  operatorEnv,
  operatorSettings,
  pair,
  requestLog,
  startWorld,
} from '../engine/support';

const T0 = '2030-01-01T00:00:00.000Z';
const writes = (result: { calls: { writes: number; deletes: number } }) => result.calls.writes + result.calls.deletes;

function handlersFor(world: AdapterWorld, env: Record<string, string> = {}) {
  const made: EngineContext[] = [];
  const activities = buildActivities(() => {
    const ctx = engineContext(world, operatorSettings(world, env));
    made.push(ctx);
    return ctx;
  });
  return { activities, made };
}

describe('input and scope', () => {
  let world: AdapterWorld;
  beforeAll(async () => {
    world = await startWorld('demo');
  });
  afterAll(async () => {
    await world?.close();
  });

  const valid = SEED_COSMOS_FACTS.accountId;
  const badInputs: Array<[string, unknown, string]> = [
    [
      'checkOperationInProgress',
      undefined,
      'checkOperationInProgress: input: expected an object with resourceId, got nothing',
    ],
    [
      'checkOperationInProgress',
      { resourceId: 'seed-cosmos' },
      'checkOperationInProgress: input.resourceId: expected an ARM resource ID',
    ],
    [
      'applyApprovals',
      { resourceId: valid, dryRun: 'yes' },
      'applyApprovals: input.dryRun: expected true or false, got "yes"',
    ],
    ['refreshEndpoints', { resourceId: 42 }, 'refreshEndpoints: input.resourceId: expected an ARM resource ID'],
    [
      'reconcileEndpointDns',
      { resourceId: valid, dryrun: true },
      'reconcileEndpointDns: input.dryrun: expected no such field (known: resourceId, subscriptionId, dryRun, earlier)',
    ],
    [
      'reconcileEndpointDns',
      { resourceId: valid, earlier: { zones: [], recordSetIds: [], records: [{ zoneId: 'x' }] } },
      'reconcileEndpointDns: input.earlier.records[0].ips: expected an array of IP addresses',
    ],
    ['cleanupDeletedEndpointDns', {}, 'cleanupDeletedEndpointDns: input.endpointId: expected an ARM resource ID'],
    [
      'markOrDeleteOrphans',
      { now: T0, zoneIds: 'privatelink.documents.azure.com' },
      'markOrDeleteOrphans: input.zoneIds: expected an array of ARM resource IDs',
    ],
    [
      'markOrDeleteOrphans',
      { now: T0, zoneIds: ['privatelink.documents.azure.com'] },
      'markOrDeleteOrphans: input.zoneIds[0]: expected an ARM resource ID',
    ],
    ['findOrphans', {}, 'findOrphans: input.now: expected an ISO 8601 timestamp'],
    ['markOrDeleteOrphans', { now: 'yesterday' }, 'markOrDeleteOrphans: input.now: expected an ISO 8601 timestamp'],
  ];

  it.each(badInputs)('%s refuses bad input %j, naming the field', async (name, input, message) => {
    const { activities, made } = handlersFor(world);
    const handler = activities[name as keyof typeof activities];

    const refused = handler(input);

    await expect(refused).rejects.toBeInstanceOf(InputError);
    await expect(refused).rejects.toThrow(message);
    expect(made).toHaveLength(0);
  });

  const foreignAccount = `/subscriptions/${PROVIDER_SUBSCRIPTION}/resourceGroups/rg-seed/providers/Microsoft.DocumentDB/databaseAccounts/seed-cosmos`;
  const foreignEndpoint = `/subscriptions/${PROVIDER_SUBSCRIPTION}/resourceGroups/rg-seed/providers/Microsoft.Network/privateEndpoints/pe-seed-cosmos`;
  const foreignZone = `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourceGroups/rg-seed/providers/Microsoft.Network/privateDnsZones/privatelink.documents.azure.com`;
  const outOfScope: Array<[string, unknown]> = [
    ['checkOperationInProgress', { resourceId: foreignAccount }],
    ['applyApprovals', { resourceId: foreignAccount }],
    ['refreshEndpoints', { resourceId: foreignEndpoint }],
    ['reconcileEndpointDns', { resourceId: foreignEndpoint }],
    ['cleanupDeletedEndpointDns', { endpointId: foreignEndpoint }],
    ['markOrDeleteOrphans', { now: T0, zoneIds: [foreignZone] }],
  ];

  it.each(outOfScope)('%s refuses a resource outside the scope with no ARM call', async (name, input) => {
    const { activities, made } = handlersFor(world);
    const before = (await requestLog(world)).length;

    await expect(activities[name as keyof typeof activities](input)).rejects.toBeInstanceOf(OutOfScopeError);

    expect(made.map((ctx) => ctx.arm.meter.calls)).toEqual([{ reads: 0, writes: 0, deletes: 0 }]);
    expect((await requestLog(world)).length).toBe(before);
  });

  it('checkOperationInProgress says whether the resource (or the target of a connection) is still changing', async () => {
    const { activities } = handlersFor(world);
    const vault = await activities.checkOperationInProgress({ resourceId: KEYVAULT_MANUAL_FACTS.vaultId });
    const connection = await activities.checkOperationInProgress({
      resourceId: `${KEYVAULT_MANUAL_FACTS.vaultId}/privateEndpointConnections/any`,
    });

    expect(vault).toMatchObject({ resourceId: KEYVAULT_MANUAL_FACTS.vaultId, busy: false, state: 'Succeeded' });
    expect(connection).toMatchObject({ busy: false, state: 'Succeeded' });
  });

  it('the default factory builds everything from app settings (here: the emulator through AUTOPILOT_ARM_ENDPOINT and its CA file)', async () => {
    const activities = buildActivities(contextFromEnvironment(operatorEnv(world)));
    const result = await activities.findOrphans({ now: T0 });
    expect(result.failures).toEqual([]);
    expect(result.calls.reads).toBeGreaterThan(0);
    expect(writes(result)).toBe(0);
  });

  it('markOrDeleteOrphans sweeps every zone of the DNS scope, or only those asked for', async () => {
    const { activities } = handlersFor(world);
    const all = await activities.markOrDeleteOrphans({ now: T0, dryRun: true });
    const one = await activities.markOrDeleteOrphans({ now: T0, dryRun: true, zoneIds: [ORPHANS_FACTS.zoneId] });

    const zonesOf = (result: SweepResult) => [...new Set(result.orphans.map((o) => o.zoneId.toLowerCase()))];
    expect(zonesOf(one)).toEqual([ORPHANS_FACTS.zoneId.toLowerCase()]);
    expect(one.orphans.length).toBeGreaterThan(0);
    expect(one.calls.reads).toBeLessThan(all.calls.reads);
    expect(writes(all) + writes(one)).toBe(0);
  });
});

describe('one resource: approvals, refreshes, DNS', () => {
  let world: AdapterWorld;
  beforeAll(async () => {
    world = await startWorld('demo');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('applyApprovals writes nothing in dry-run, asked for or configured', async () => {
    const asked = await handlersFor(world).activities.applyApprovals({
      resourceId: KEYVAULT_MANUAL_FACTS.vaultId,
      dryRun: true,
    });
    const configured = await handlersFor(world, { AUTOPILOT_DRY_RUN: 'true' }).activities.applyApprovals({
      resourceId: KEYVAULT_MANUAL_FACTS.vaultId,
      dryRun: false,
    });

    for (const result of [asked, configured]) {
      expect(result.dryRun).toBe(true);
      expect(result.changes.map((c) => [c.kind, c.outcome])).toEqual([['connection-approve', 'skipped']]);
      expect(writes(result)).toBe(0);
    }
  });

  it('applyApprovals approves by the policy, then finds nothing left', async () => {
    const { activities } = handlersFor(world);
    const first = await activities.applyApprovals({ resourceId: KEYVAULT_MANUAL_FACTS.vaultId });
    const second = await activities.applyApprovals({ resourceId: KEYVAULT_MANUAL_FACTS.vaultId });

    expect(first.changes.map((c) => [c.kind, c.outcome])).toEqual([['connection-approve', 'done']]);
    expect(first.calls.writes).toBeGreaterThan(0);
    expect(second.changes).toEqual([]);
    expect(writes(second)).toBe(0);
  });

  it('reconcileEndpointDns writes the record the approval made necessary, once', async () => {
    const { activities } = handlersFor(world);
    const dry = await activities.reconcileEndpointDns({ resourceId: KEYVAULT_MANUAL_FACTS.endpointId, dryRun: true });
    const first = await activities.reconcileEndpointDns({ resourceId: KEYVAULT_MANUAL_FACTS.endpointId });
    const second = await activities.reconcileEndpointDns({ resourceId: KEYVAULT_MANUAL_FACTS.endpointId });

    const vaultRecord = recordSetId(KEYVAULT_MANUAL_FACTS.zoneId, 'kv-autopilot-manual');
    expect(kindsAndIds(dry.changes)).toEqual([pair('dns-create', vaultRecord)]);
    expect(writes(dry)).toBe(0);
    expect(first.changes).toMatchObject([
      { kind: 'dns-create', outcome: 'done', record: { ips: [KEYVAULT_MANUAL_FACTS.expectedIp] } },
    ]);
    expect(second.changes).toEqual([]);
  });

  it('reconcileEndpointDns on one endpoint leaves the other stories alone', async () => {
    const result = await handlersFor(world).activities.reconcileEndpointDns({
      resourceId: MONGO_VCORE_FACTS.endpointId,
    });
    expect(result.changes.map((c) => [c.kind, c.outcome])).toEqual([['dns-create', 'done']]);
    expect(result.calls.deletes).toBe(0);
  });

  it('refreshEndpoints for an endpoint or a subscription leaves the refresh to the target’s own run and names the target', async () => {
    await world.apply([
      cosmosRegionsChange(SEED_COSMOS_FACTS.accountId, [...SEED_COSMOS_FACTS.regions, 'North Europe']),
    ]);
    const { activities } = handlersFor(world);

    const byEndpoint = await activities.refreshEndpoints({ resourceId: SEED_COSMOS_FACTS.endpointId });
    const bySubscription = await activities.refreshEndpoints({ subscriptionId: WORKLOAD_SUBSCRIPTION });
    const dryRun = await activities.refreshEndpoints({ subscriptionId: WORKLOAD_SUBSCRIPTION, dryRun: true });

    for (const result of [byEndpoint, bySubscription, dryRun]) {
      expect(result.changes.filter((c) => c.kind === 'endpoint-refresh')).toEqual([]);
      expect(result.skipped).toContainEqual(
        expect.objectContaining({ resourceId: SEED_COSMOS_FACTS.endpointId, cause: 'left-to-target-run' }),
      );
      expect(result.calls.writes).toBe(0);
    }
    for (const result of [byEndpoint, bySubscription])
      expect(result.targetRuns?.map((t) => t.toLowerCase())).toEqual([SEED_COSMOS_FACTS.accountId.toLowerCase()]);
    // A dry run shows what the run would do (leave it to the target's run), and starts nothing.
    expect(dryRun.targetRuns).toBeUndefined();
  });

  it('refreshEndpoints refreshes the endpoints of an account whose regions changed, then DNS follows', async () => {
    await world.apply([
      cosmosRegionsChange(SEED_COSMOS_FACTS.accountId, [...SEED_COSMOS_FACTS.regions, 'North Europe', 'East US']),
    ]);
    const { activities } = handlersFor(world);

    const refreshed = await activities.refreshEndpoints({ resourceId: SEED_COSMOS_FACTS.accountId });
    const again = await activities.refreshEndpoints({ resourceId: SEED_COSMOS_FACTS.accountId });
    const dns = await activities.reconcileEndpointDns({ resourceId: SEED_COSMOS_FACTS.accountId });

    expect(kindsAndIds(refreshed.changes)).toEqual([pair('endpoint-refresh', SEED_COSMOS_FACTS.endpointId)]);
    expect(refreshed.changes[0]?.outcome).toBe('done');
    expect(again.changes).toEqual([]);
    expect(kindsAndIds(dns.changes)).toEqual([
      pair('dns-create', recordSetId(SEED_COSMOS_FACTS.zoneId, 'seed-cosmos-eastus')),
      pair('dns-create', recordSetId(SEED_COSMOS_FACTS.zoneId, 'seed-cosmos-northeurope')),
    ]);
  });
});

describe('DNS scope: clean-up after a deleted endpoint, orphans', () => {
  let world: AdapterWorld;
  beforeAll(async () => {
    world = await startWorld('demo');
  });
  afterAll(async () => {
    await world?.close();
  });

  const retiredRecords = ['orphans-retired', 'orphans-retired-westus'].map((name) =>
    pair('dns-delete', recordSetId(ORPHANS_FACTS.zoneId, name)),
  );

  it('cleanupDeletedEndpointDns deletes only the records written for the deleted endpoint, once', async () => {
    const { activities } = handlersFor(world);
    const dry = await activities.cleanupDeletedEndpointDns({
      endpointId: ORPHANS_FACTS.deletedEndpointId,
      dryRun: true,
    });
    const first = await activities.cleanupDeletedEndpointDns({ endpointId: ORPHANS_FACTS.deletedEndpointId });
    const second = await activities.cleanupDeletedEndpointDns({ endpointId: ORPHANS_FACTS.deletedEndpointId });

    expect(kindsAndIds(dry.changes)).toEqual(retiredRecords);
    expect(writes(dry)).toBe(0);
    expect(kindsAndIds(first.changes)).toEqual(retiredRecords);
    expect(first.changes.map((c) => c.outcome)).toEqual(['done', 'done']);
    expect(first.calls.deletes).toBe(2);
    expect(second.changes).toEqual([]);
  });

  it('cleanupDeletedEndpointDns leaves a live endpoint alone', async () => {
    const result = await handlersFor(world).activities.cleanupDeletedEndpointDns({
      endpointId: ORPHANS_FACTS.liveEndpointId,
    });
    expect(result.changes).toEqual([]);
    expect(result.skipped.map((s) => s.cause)).toEqual(['endpoint-exists']);
    expect(writes(result)).toBe(0);
  });

  const owned = (result: SweepResult) =>
    result.orphans
      .filter((o) => o.owned)
      .map((o) => `${o.action} ${o.resourceId.split('/').pop()}${o.outcome ? ` ${o.outcome}` : ''}`);

  it('findOrphans reports what the timer would do, writing nothing', async () => {
    const result = await handlersFor(world).activities.findOrphans({ now: T0 });
    expect(result.dryRun).toBe(true);
    expect(owned(result)).toEqual(['mark orphans-regions-northeurope']);
    expect(result.orphans.filter((o) => !o.owned).map((o) => o.action)).toEqual(['leave']);
    expect(writes(result)).toBe(0);
  });

  it('markOrDeleteOrphans marks, and deletes once the grace (AUTOPILOT_SWEEP_GRACE_MINUTES) has passed', async () => {
    const { activities } = handlersFor(world, { AUTOPILOT_SWEEP_GRACE_MINUTES: '60' });
    const dry = await activities.markOrDeleteOrphans({ now: T0, dryRun: true });
    const marked = await activities.markOrDeleteOrphans({ now: T0 });
    const early = await activities.markOrDeleteOrphans({ now: '2030-01-01T00:30:00Z' });
    const late: SweepResult = await activities.markOrDeleteOrphans({ now: '2030-01-01T01:01:00Z' });

    expect(owned(dry)).toEqual(['mark orphans-regions-northeurope']);
    expect(writes(dry)).toBe(0);
    expect(owned(marked)).toEqual(['mark orphans-regions-northeurope done']);
    expect(owned(early)).toEqual(['wait orphans-regions-northeurope']);
    expect(owned(late)).toEqual(['delete orphans-regions-northeurope done']);
    expect(late.calls.deletes).toBe(1);
  });
});
