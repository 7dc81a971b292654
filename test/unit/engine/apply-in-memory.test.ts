/**
 * The engine's apply phases on the in-memory ports, in milliseconds: a 412 planned again (once), deletes re-checked just
 * before they are made (held when an endpoint claims the record again or cannot be read), DNS planned again after a
 * refresh, and zone groups read only for the writes that rest on them.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { recordSetId, runPolicy, type RunPolicy } from '../../../src/core/plan';
import { loadSettings } from '../../../src/core/settings';
import { applyPlan, createContext, observeAndPlan, type EngineContext } from '../../../src/engine';
import { inMemoryArm, type FakeEndpoint, type InMemoryArm } from '../../support/in-memory-ports';

const SUB = '11111111-1111-1111-1111-111111111111';
const ZONE = 'privatelink.documents.azure.com';
const ZONE_ID = `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${ZONE}`;
const ACCOUNT = `/subscriptions/${SUB}/resourceGroups/rg-data/providers/Microsoft.DocumentDB/databaseAccounts/acct`;
const ENDPOINT = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/privateEndpoints/pe-acct`;
const TARGET_RUN = runPolicy({ kind: 'target', entry: 'function-app', dryRun: false });
const SUBSCRIPTION_PASS = runPolicy({ kind: 'subscription', entry: 'function-app', dryRun: false });

const members = (...names: Array<[string, string]>) =>
  names.map(([member, ip]) => ({
    groupId: 'Sql',
    memberName: member,
    fqdns: [`${member}.documents.azure.com`],
    ipAddress: ip,
  }));

function endpoint(overrides: Partial<FakeEndpoint> = {}): FakeEndpoint {
  return {
    id: ENDPOINT,
    provisioningState: 'Succeeded',
    connectionStatus: 'Approved',
    actionsRequired: 'None',
    target: ACCOUNT,
    groupIds: ['Sql'],
    ipConfigurations: members(['acct', '10.0.0.4'], ['acct-westus', '10.0.0.5']),
    managedByZoneGroup: false,
    ...overrides,
  };
}

const ours = (ips: string[]) => ({
  zoneId: ZONE_ID,
  zone: ZONE,
  ips,
  ttl: 10,
  metadata: {
    managedBy: 'privatelink-autopilot',
    autopilotInstance: 'default',
    autopilotEndpoints: ENDPOINT.toLowerCase(),
  },
});

let arm: InMemoryArm;
let ctx: EngineContext;

/** `acct` in West US, converged, plus the record of a region it lost (North Europe), written for its endpoint. */
beforeEach(() => {
  arm = inMemoryArm([SUB]);
  arm.world.zones.push({ id: ZONE_ID, name: ZONE });
  arm.world.targets.set(ACCOUNT.toLowerCase(), {
    id: ACCOUNT,
    type: 'Microsoft.DocumentDB/databaseAccounts',
    name: 'acct',
    tags: {},
  });
  arm.world.connections.push({
    id: `${ACCOUNT}/privateEndpointConnections/pe-acct`,
    name: 'pe-acct',
    targetId: ACCOUNT,
    targetType: 'Microsoft.DocumentDB/databaseAccounts',
    targetTags: {},
    privateEndpointId: ENDPOINT,
    groupIds: ['Sql'],
    status: 'Approved',
    description: '',
  });
  arm.putEndpoint(endpoint());
  arm.putRecord({ ...ours(['10.0.0.4']), name: 'acct' });
  arm.putRecord({ ...ours(['10.0.0.5']), name: 'acct-westus' });
  arm.putRecord({ ...ours(['10.0.0.6']), name: 'acct-northeurope' });
  ctx = createContext({
    arm,
    settings: loadSettings({ AUTOPILOT_SCOPE_SUBSCRIPTIONS: SUB, AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: 'rg-dns' }),
  });
});

const planAndApply = async (policy: RunPolicy = TARGET_RUN, resourceId: string | undefined = ACCOUNT) => {
  const { observation, plan } = await observeAndPlan(ctx, resourceId ? { resourceId } : {}, policy);
  return applyPlan(ctx, observation, plan, { policy });
};
const outcomes = (result: Awaited<ReturnType<typeof planAndApply>>) =>
  result.changes.map((c) => `${c.kind} ${c.resourceId.split('/').pop()} ${c.outcome}`);

describe('a write answered 412 (someone changed the record since it was read)', () => {
  it('reads the name again and plans that record alone again: nothing left when the other writer made it right', async () => {
    arm.world.records.delete(`${ZONE_ID.toLowerCase()}|acct-westus`);
    arm.faults.preconditionFailOnNextWrite(ZONE_ID, 'acct-westus', () =>
      arm.putRecord({ ...ours(['10.0.0.5']), name: 'acct-westus' }),
    );
    const result = await planAndApply();
    expect(outcomes(result)).toEqual(['dns-create acct-westus unchanged']);
    expect(result.changes[0]?.detail).toMatch(/planned again: nothing left to do/);
    expect(arm.writes).toEqual([]);
  });

  it('writes what the record needs now when the other writer left it wrong', async () => {
    arm.faults.preconditionFailOnNextWrite(ZONE_ID, 'acct-westus', () =>
      arm.putRecord({ ...ours(['10.9.9.9']), name: 'acct-westus' }),
    );
    arm.putRecord({ ...ours(['10.0.0.7']), name: 'acct-westus' });
    const result = await planAndApply();
    expect(outcomes(result)).toEqual(['dns-update acct-westus done']);
    expect(result.changes[0]?.detail).toMatch(/planned again and written/);
    expect(arm.record(ZONE_ID, 'acct-westus')?.ips).toEqual(['10.0.0.5']);
  });

  it('a second 412 is a conflict for the next run, not retried', async () => {
    arm.putRecord({ ...ours(['10.0.0.7']), name: 'acct-westus' });
    arm.faults.preconditionFailOnNextWrite(ZONE_ID, 'acct-westus', () => {
      arm.putRecord({ ...ours(['10.9.9.9']), name: 'acct-westus' });
      arm.faults.preconditionFailOnNextWrite(ZONE_ID, 'acct-westus');
    });
    const result = await planAndApply();
    expect(outcomes(result)).toEqual(['dns-update acct-westus failed']);
    expect(result.conflicts.map((c) => c.name)).toEqual(['acct-westus']);
  });
});

/** The account's run after West US was replaced by East US: the endpoint asks for Recreate. */
function regionReplaced(): void {
  arm.world.records.delete(`${ZONE_ID.toLowerCase()}|acct-northeurope`);
  arm.putEndpoint(
    endpoint({ actionsRequired: 'Recreate', afterRefresh: members(['acct', '10.0.0.4'], ['acct-eastus', '10.0.0.8']) }),
  );
}

describe('a refresh', () => {
  it("is followed by DNS planned again from the endpoint it changed: the new region written, the lost one's deleted", async () => {
    regionReplaced();
    const result = await planAndApply();
    expect(outcomes(result)).toEqual([
      'endpoint-refresh pe-acct done',
      'dns-create acct-eastus done',
      'dns-delete acct-westus done',
    ]);
    expect(arm.writes[0]).toBe(`REFRESH ${ENDPOINT.toLowerCase()}`);
    expect(arm.record(ZONE_ID, 'acct-westus')).toBeUndefined();
  });

  it("is handed to the target's own run by an endpoint run of the function app", async () => {
    regionReplaced();
    const policy = runPolicy({ kind: 'endpoint', entry: 'function-app', dryRun: false });
    const { plan } = await observeAndPlan(ctx, { resourceId: ENDPOINT }, policy);
    expect(plan.changes.filter((c) => c.kind === 'endpoint-refresh')).toEqual([]);
    expect(plan.targetRuns).toEqual([ACCOUNT]);
  });
});

describe('deletes, re-checked just before they are made', () => {
  it('are not made when the endpoint claims the name again since the plan (the region added back, refreshed by another run)', async () => {
    regionReplaced();
    arm.faults.preconditionFailOnNextWrite(ZONE_ID, 'acct-eastus', () =>
      arm.putEndpoint(
        endpoint({
          ipConfigurations: members(['acct', '10.0.0.4'], ['acct-westus', '10.0.0.5'], ['acct-eastus', '10.0.0.8']),
        }),
      ),
    );
    const result = await planAndApply();
    expect(outcomes(result)).toContain('dns-delete acct-westus unchanged');
    expect(result.changes.at(-1)?.detail).toMatch(/an endpoint claims it again, or cannot be read/);
    expect(arm.record(ZONE_ID, 'acct-westus')?.ips).toEqual(['10.0.0.5']);
  });

  it('are held when the endpoint cannot be read again (throttled): its claims are unknown', async () => {
    regionReplaced();
    arm.faults.preconditionFailOnNextWrite(ZONE_ID, 'acct-eastus', () =>
      arm.faults.failNext('observeEndpoints', 429, ENDPOINT),
    );
    const result = await planAndApply();
    expect(outcomes(result)).toContain('dns-delete acct-westus unchanged');
    expect(result.failures.map((f) => f.code)).toEqual(['TooManyRequests']);
    expect(arm.writes.filter((w) => w.startsWith('DELETE'))).toEqual([]);
  });
});

describe('zone groups of listed endpoints', () => {
  it('are not read when no write rests on them', async () => {
    const { observation } = await observeAndPlan(ctx, {}, SUBSCRIPTION_PASS);
    expect(observation.endpoints[0]?.zoneGroupsUnread).toBe(true);
  });

  it('are read before a write rests on them, and a zone group turns the write into a skip', async () => {
    arm.world.records.delete(`${ZONE_ID.toLowerCase()}|acct-westus`);
    arm.putEndpoint(endpoint({ managedByZoneGroup: true, zoneGroupZones: [ZONE] }));
    const { plan } = await observeAndPlan(ctx, {}, SUBSCRIPTION_PASS);
    expect(plan.changes).toEqual([]);
    expect(plan.skipped).toContainEqual(
      expect.objectContaining({ resourceId: recordSetId(ZONE_ID, 'acct-westus'), cause: 'zone-group' }),
    );
  });
});
