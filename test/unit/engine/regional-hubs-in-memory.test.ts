/**
 * Regional hubs on the in-memory ports: one account, an endpoint in each region's spoke, each hub with its own copy of
 * the zone linked only to the hub network, spokes peered with their hub. A focused run and a whole pass each read the
 * copies' links and the spokes' peerings once, and file each endpoint's records in its own hub's copy.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { runPolicy, type RunPolicy } from '../../../src/core/plan';
import { loadSettings } from '../../../src/core/settings';
import {
  applyPlan,
  cleanupDeletedEndpointDns,
  createContext,
  diagnoseResource,
  observeAndPlan,
  sweep,
  type EngineContext,
} from '../../../src/engine';
import { inMemoryArm, type FakeEndpoint, type InMemoryArm } from '../../support/in-memory-ports';

const SUB = '11111111-1111-1111-1111-111111111111';
const ZONE = 'privatelink.documents.azure.com';
const zoneId = (hub: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg-dns-${hub}/providers/Microsoft.Network/privateDnsZones/${ZONE}`;
const network = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/${name}`;
const ACCOUNT = `/subscriptions/${SUB}/resourceGroups/rg-data/providers/Microsoft.DocumentDB/databaseAccounts/acct`;
const endpointId = (hub: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/privateEndpoints/pe-${hub}`;
const TARGET_RUN = runPolicy({ kind: 'target', entry: 'cli', dryRun: false });
const SUBSCRIPTION_PASS = runPolicy({ kind: 'subscription', entry: 'cli', dryRun: false });
const NAMES = ['acct', 'acct-westus', 'acct-eastus'];

function endpoint(hub: string, octet: number): FakeEndpoint {
  return {
    id: endpointId(hub),
    location: `${hub}us`,
    provisioningState: 'Succeeded',
    connectionStatus: 'Approved',
    actionsRequired: 'None',
    target: ACCOUNT,
    groupIds: ['Sql'],
    ipConfigurations: NAMES.map((member, i) => ({
      groupId: 'Sql',
      memberName: member,
      fqdns: [`${member}.documents.azure.com`],
      ipAddress: `10.${octet}.0.${4 + i}`,
    })),
    managedByZoneGroup: false,
    subnetId: `${network(`spoke-${hub}`)}/subnets/endpoints`,
  };
}

let arm: InMemoryArm;
let ctx: EngineContext;
let reads: string[];

beforeEach(() => {
  arm = inMemoryArm([SUB]);
  for (const [hub, octet] of [
    ['east', 41],
    ['west', 51],
  ] as const) {
    arm.world.zones.push({ id: zoneId(hub), name: ZONE, linkedVirtualNetworkIds: [network(`hub-${hub}`)] });
    arm.world.peerings.push(
      { networkId: network(`spoke-${hub}`), remoteNetworkId: network(`hub-${hub}`), state: 'Connected' },
      { networkId: network(`hub-${hub}`), remoteNetworkId: network(`spoke-${hub}`), state: 'Connected' },
    );
    arm.putEndpoint(endpoint(hub, octet));
    arm.world.connections.push({
      id: `${ACCOUNT}/privateEndpointConnections/pe-${hub}`,
      name: `pe-${hub}`,
      targetId: ACCOUNT,
      targetType: 'Microsoft.DocumentDB/databaseAccounts',
      targetTags: {},
      privateEndpointId: endpointId(hub),
      groupIds: ['Sql'],
      status: 'Approved',
      description: '',
    });
  }
  arm.world.targets.set(ACCOUNT.toLowerCase(), {
    id: ACCOUNT,
    type: 'Microsoft.DocumentDB/databaseAccounts',
    name: 'acct',
    tags: {},
  });
  reads = [];
  const { listZoneLinks } = arm.dns;
  const { listPeerings } = arm.networks;
  arm.dns.listZoneLinks = (id) => (reads.push(`links ${id.split('/')[4]}`), listZoneLinks(id));
  arm.networks.listPeerings = (id) => (reads.push(`peerings ${id.split('/').pop()}`), listPeerings(id));
  ctx = createContext({
    arm,
    settings: loadSettings({
      AUTOPILOT_SCOPE_SUBSCRIPTIONS: SUB,
      AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: 'rg-dns-east,rg-dns-west',
    }),
  });
});

const run = async (policy: RunPolicy, resourceId?: string) => {
  const { observation, plan } = await observeAndPlan(ctx, resourceId ? { resourceId } : {}, policy);
  return { plan, result: await applyPlan(ctx, observation, plan, { policy }) };
};
const copy = (hub: string) => NAMES.map((name) => `${name} ${arm.record(zoneId(hub), name)?.ips.join(',') ?? '-'}`);

describe('two regional hubs', () => {
  it("a run about the account puts each endpoint's IPs in its own hub's copy, reading links and peerings once each", async () => {
    const { plan } = await run(TARGET_RUN, ACCOUNT);
    expect(plan.conflicts).toEqual([]);
    expect(copy('east')).toEqual(['acct 10.41.0.4', 'acct-westus 10.41.0.5', 'acct-eastus 10.41.0.6']);
    expect(copy('west')).toEqual(['acct 10.51.0.4', 'acct-westus 10.51.0.5', 'acct-eastus 10.51.0.6']);
    expect(reads.sort()).toEqual([
      'links rg-dns-east',
      'links rg-dns-west',
      'peerings spoke-east',
      'peerings spoke-west',
    ]);
    const again = await observeAndPlan(ctx, { resourceId: ACCOUNT }, TARGET_RUN);
    expect(again.plan.changes).toEqual([]);
  });

  it('a run about one endpoint writes its own copy only', async () => {
    await run(TARGET_RUN, endpointId('west'));
    expect(copy('west')).toEqual(['acct 10.51.0.4', 'acct-westus 10.51.0.5', 'acct-eastus 10.51.0.6']);
    expect(copy('east')).toEqual(['acct -', 'acct-westus -', 'acct-eastus -']);
  });

  it('a whole pass converges both copies; the zone listing brings the links, so only peerings are read', async () => {
    const { plan } = await run(SUBSCRIPTION_PASS);
    expect(plan.conflicts).toEqual([]);
    expect(copy('east')[0]).toBe('acct 10.41.0.4');
    expect(copy('west')[0]).toBe('acct 10.51.0.4');
    expect(reads.sort()).toEqual(['peerings spoke-east', 'peerings spoke-west']);
  });

  it('a single hub reads neither links nor peerings', async () => {
    arm.world.zones.splice(1, 1);
    arm.world.endpoints.delete(endpointId('west').toLowerCase());
    arm.world.connections.splice(1, 1);
    ctx = createContext({
      arm,
      settings: loadSettings({ AUTOPILOT_SCOPE_SUBSCRIPTIONS: SUB, AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: 'rg-dns-east' }),
    });
    const { plan } = await run(TARGET_RUN, endpointId('east'));
    expect(plan.changes.map((c) => c.kind)).toEqual(['dns-create', 'dns-create', 'dns-create']);
    expect(reads).toEqual([]);
  });

  it('doctor on one endpoint judges the copy that serves it, says which, and reads its links: none "not observed"', async () => {
    await run(SUBSCRIPTION_PASS);
    reads = [];
    const { report } = await diagnoseResource(ctx, endpointId('west'));
    expect(report.status).toBe('ok');
    const links = report.findings.filter((f) => f.check === 'zone-link');
    expect(links.map((f) => [f.status, f.subject])).toEqual([['ok', zoneId('west')]]);
    const records = report.findings.filter((f) => f.check === 'dns-record');
    expect(records.map((f) => f.subject.split('/A/')[0])).toEqual(NAMES.map(() => zoneId('west')));
    for (const f of records) expect(f.message).toContain('judged in the copy in rg-dns-west, which serves pe-west');
    expect(report.findings.map((f) => f.message).join('\n')).not.toContain('not observed');
    // The account's other endpoint is read too (its claims keep its records from looking stale), once each.
    expect(reads.sort()).toEqual([
      'links rg-dns-east',
      'links rg-dns-west',
      'peerings spoke-east',
      'peerings spoke-west',
    ]);
  });

  it('doctor on a single hub reads the one copy\'s links too: the link is judged, not "not observed"', async () => {
    arm.world.zones.splice(1, 1);
    ctx = createContext({
      arm,
      settings: loadSettings({ AUTOPILOT_SCOPE_SUBSCRIPTIONS: SUB, AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: 'rg-dns-east' }),
    });
    const { report } = await diagnoseResource(ctx, endpointId('east'));
    const links = report.findings.filter((f) => f.check === 'zone-link');
    expect(links.map((f) => [f.status, f.subject])).toEqual([['ok', zoneId('east')]]);
    expect(links[0]?.message).toContain('peered with');
    expect(reads.sort()).toEqual(['links rg-dns-east', 'peerings spoke-east', 'peerings spoke-west']);
  });

  it('with the peerings unreadable, no record is written and the plan says the placement is ambiguous', async () => {
    arm.faults.failNext('listPeerings', 500, network('spoke-west'));
    const { plan } = await run(TARGET_RUN, endpointId('west'));
    expect(plan.changes).toEqual([]);
    expect(new Set(plan.skipped.map((s) => s.cause))).toEqual(new Set(['zone-placement-ambiguous']));
  });
});

describe('two regional hubs: deletes, sweeps and the deleted-endpoint clean-up follow placement', () => {
  const NOW = '2030-01-01T00:00:00.000Z';
  const EAST = ['acct 10.41.0.4', 'acct-westus 10.41.0.5', 'acct-eastus 10.41.0.6'];
  const WEST = ['acct 10.51.0.4', 'acct-westus 10.51.0.5', 'acct-eastus 10.51.0.6'];
  const GONE = ['acct -', 'acct-westus -', 'acct-eastus -'];
  const deleteEndpoint = (hub: string) => {
    arm.world.endpoints.delete(endpointId(hub).toLowerCase());
    arm.world.connections = arm.world.connections.filter((c) => !c.name.endsWith(hub));
  };

  beforeEach(async () => {
    await run(SUBSCRIPTION_PASS);
    expect([copy('east'), copy('west')]).toEqual([EAST, WEST]);
  });

  it("the east endpoint deleted: its clean-up deletes the east copy's records, which the west endpoint does not keep alive", async () => {
    deleteEndpoint('east');
    const result = await cleanupDeletedEndpointDns(ctx, endpointId('east'), { dryRun: false });
    expect(result.conflicts).toEqual([]);
    expect([copy('east'), copy('west')]).toEqual([GONE, WEST]);
  });

  it('the west endpoint deleted: its clean-up leaves the east copy alone', async () => {
    deleteEndpoint('west');
    await cleanupDeletedEndpointDns(ctx, endpointId('west'), { dryRun: false });
    expect([copy('east'), copy('west')]).toEqual([EAST, GONE]);
  });

  it.each([
    ['the whole scope', undefined],
    ['zone by zone, as the timer sweeps', [zoneId('east'), zoneId('west')]],
  ])(
    'the sweep over %s deletes the east records a west endpoint claims the names of, and only those',
    async (_, zones) => {
      deleteEndpoint('east');
      for (const zoneIds of zones ? zones.map((z) => [z]) : [undefined]) {
        const result = await sweep(ctx, { now: NOW, maxDeletions: 50, delete: true, ...(zoneIds ? { zoneIds } : {}) });
        expect(result.failures).toEqual([]);
      }
      expect([copy('east'), copy('west')]).toEqual([GONE, WEST]);
    },
  );

  it('a name the west endpoint no longer claims goes from the west copy though the east endpoint claims it', async () => {
    const west = arm.world.endpoints.get(endpointId('west').toLowerCase()) as FakeEndpoint;
    west.ipConfigurations = west.ipConfigurations.filter((c) => c.memberName !== 'acct-eastus');
    const result = await sweep(ctx, { now: NOW, maxDeletions: 50, delete: true });
    expect(result.orphans.map((o) => `${o.action} ${o.resourceId.split('/')[4]} ${o.fqdn}`)).toEqual([
      `delete rg-dns-west acct-eastus.${ZONE}`,
    ]);
    expect([copy('east'), copy('west')]).toEqual([EAST, [...WEST.slice(0, 2), 'acct-eastus -']]);
  });

  it("a copy whose records cannot be read is left alone, and its endpoint's IPs never go to the other copy", async () => {
    arm.world.records.clear();
    arm.faults.failNext('getRecordSets', 500, zoneId('east'));
    const focused = await run(TARGET_RUN, endpointId('east'));
    expect(focused.plan.changes).toEqual([]);
    arm.faults.failNext('listRecordSets', 500, zoneId('east'));
    const pass = await run(SUBSCRIPTION_PASS);
    expect(pass.plan.conflicts).toEqual([]);
    expect([copy('east'), copy('west')]).toEqual([GONE, WEST]);
  });
});
