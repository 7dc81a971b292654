import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyPlanToRecords,
  planDns,
  type DnsPlan,
  type DnsPlanInput,
  type DnsPlanOptions,
} from '../../../../src/core/plan/plan-dns';
import type { ObservedEndpoint, ObservedRecordSet, ObservedZone, OwnershipMode } from '../../../../src/core/model';
import { COSMOS_ZONE, INSTANCE, VAULT_ZONE, claimsOf, endpoint, orphanedAt, ours, record, zone } from './dns.fixtures';

/** A small name space so that endpoints collide on names, zones share names and records meet claims. */
const BLOB_ZONE = 'privatelink.blob.core.windows.net';
const COSMOS_HUB = { zone: COSMOS_ZONE, suffix: 'documents.azure.com', resourceGroup: 'rg-hub' };
const ZONE_SPOTS = [
  COSMOS_HUB,
  { zone: COSMOS_ZONE, suffix: 'documents.azure.com', resourceGroup: 'rg-spoke' },
  { zone: VAULT_ZONE, suffix: 'vault.azure.net', resourceGroup: 'rg-hub' },
  { zone: BLOB_ZONE, suffix: 'blob.core.windows.net', resourceGroup: 'rg-hub' },
];
const NAMES = ['acct', 'acct-westus', 'acct-eastus', 'kv'];
const IPS = ['10.0.0.1', '10.0.0.2', '10.0.0.10'];
const ENDPOINT_NAMES = ['pe-1', 'pe-2', 'pe-3', 'pe-4', 'pe-5'];
const NOW = '2025-06-01T12:00:00.000Z';
const MARKS = [NOW, '2025-06-01T11:30:00.000Z', '2025-06-01T09:00:00.000Z', '2025-06-01T13:00:00.000Z', 'not-a-time'];

const endpointArbitrary: fc.Arbitrary<ObservedEndpoint> = fc
  .record({
    name: fc.constantFrom(...ENDPOINT_NAMES),
    status: fc.constantFrom('Approved', 'approved', 'Approved', 'Pending', 'Rejected', 'Disconnected'),
    // Mostly settled endpoints: one still provisioning holds every delete, and deletes must be exercised too.
    provisioningState: fc.oneof(
      { arbitrary: fc.constant('Succeeded'), weight: 12 },
      fc.constantFrom('Creating', 'Updating', 'Failed'),
    ),
    zoneGroup: fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, fc.constant(true)),
    ipConfigurations: fc.oneof(
      {
        arbitrary: fc.array(
          fc.record({
            suffix: fc.oneof(
              { arbitrary: fc.constant(COSMOS_HUB.suffix), weight: 4 },
              fc.constantFrom(...ZONE_SPOTS.map((s) => s.suffix), 'example.org'),
            ),
            name: fc.constantFrom(...NAMES),
            ip: fc.constantFrom(...IPS),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        weight: 12,
      },
      fc.constant<{ suffix: string; name: string; ip: string }[]>([]),
    ),
  })
  .map((spec) => ({
    ...endpoint(spec.name, {
      status: spec.status,
      provisioningState: spec.provisioningState,
      zoneGroup: spec.zoneGroup,
    }),
    ipConfigurations: spec.ipConfigurations.map((c) => ({
      groupId: 'Sql',
      memberName: c.name,
      fqdns: [`${c.name}.${c.suffix}`],
      ipAddress: c.ip,
    })),
  }));

const endpointSubset = fc.subarray(ENDPOINT_NAMES, { maxLength: 3 });

const metadataArbitrary: fc.Arbitrary<Record<string, string>> = fc.oneof(
  fc.constant({}),
  fc.constant({ owner: 'team-data' }),
  { arbitrary: endpointSubset.map((names) => ours(names)), weight: 4 },
  endpointSubset.map((names) => ({ ...ours(names), autopilotInstance: 'staging' })),
  fc.constant({ managedBy: 'privatelink-autopilot' }),
  {
    arbitrary: fc.tuple(endpointSubset, fc.constantFrom(...MARKS)).map(([names, since]) => orphanedAt(since, names)),
    weight: 2,
  },
);

const recordArbitrary: fc.Arbitrary<ObservedRecordSet> = fc
  .record({
    spot: fc.oneof({ arbitrary: fc.constant(COSMOS_HUB), weight: 3 }, fc.constantFrom(...ZONE_SPOTS)),
    name: fc.constantFrom(...NAMES),
    ips: fc.subarray(IPS, { minLength: 1 }),
    ttl: fc.constantFrom(10, 300),
    metadata: metadataArbitrary,
    etag: fc.option(fc.constantFrom('e1', 'e2'), { nil: undefined }),
  })
  .map((r) =>
    record(r.spot.zone, r.name, r.ips, {
      metadata: r.metadata,
      ttl: r.ttl,
      resourceGroup: r.spot.resourceGroup,
      ...(r.etag ? { etag: r.etag } : {}),
    }),
  );

interface World {
  endpoints: ObservedEndpoint[];
  zones: ObservedZone[];
  records: ObservedRecordSet[];
  options: DnsPlanOptions;
}

const worldArbitrary: fc.Arbitrary<World> = fc.record({
  endpoints: fc.uniqueArray(endpointArbitrary, { selector: (e) => e.id, maxLength: 5 }),
  zones: fc
    .subarray(ZONE_SPOTS.slice(1))
    .map((spots) => [COSMOS_HUB, ...spots].map((s) => zone(s.zone, s.resourceGroup))),
  records: fc.uniqueArray(recordArbitrary, { selector: (r) => `${r.zoneId}|${r.name}`, maxLength: 8 }),
  options: fc
    .record({
      ownershipMode: fc.constantFrom<OwnershipMode>('owned-only', 'adopt', 'adopt-and-delete'),
      ttlSeconds: fc.constantFrom(10, 300),
      graceMinutes: fc.option(fc.constantFrom(0, 60), { nil: undefined }),
      onlyDeleteCosmos: fc.boolean(),
    })
    .map(({ graceMinutes, onlyDeleteCosmos, ...rest }) => ({
      ...rest,
      instanceId: INSTANCE,
      ...(graceMinutes === undefined ? {} : { orphanGrace: { now: NOW, graceMinutes } }),
      ...(onlyDeleteCosmos ? { deletable: (r: ObservedRecordSet) => r.zone === COSMOS_ZONE } : {}),
    })),
});

function planWorld(world: World): DnsPlan {
  const input: DnsPlanInput = { ...world, claimsOf };
  return planDns(input);
}

/** `zone|name` keys the test derives on its own from the resolver, so the properties do not trust the planner's filing. */
function claimedKeys(endpoints: ObservedEndpoint[]): Set<string> {
  return new Set(endpoints.flatMap((e) => claimsOf(e).claims.map((c) => `${c.zone}|${c.name}`)));
}

const keyOf = (item: { zone: string; name: string }) => `${item.zone}|${item.name}`;
const writes = (plan: DnsPlan) => plan.changes.filter((c) => c.action !== 'keep');
const RUNS = { numRuns: 400 };

describe('planDns properties', () => {
  it('converges: planning again after applying the plan changes nothing', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const records = applyPlanToRecords(world.records, planWorld(world));
        expect(writes(planWorld({ ...world, records }))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('never deletes a record that any input endpoint claims', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const claimed = claimedKeys(world.endpoints);
        const deletes = planWorld(world).changes.filter((c) => c.action === 'delete');
        expect(deletes.filter((c) => claimed.has(keyOf(c)))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('never writes a record that a zone-group endpoint claims', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const zoneGroupClaims = claimedKeys(world.endpoints.filter((e) => e.managedByZoneGroup));
        expect(writes(planWorld(world)).filter((c) => zoneGroupClaims.has(keyOf(c)))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('plans the same whatever the order of endpoints, zones, records and IP configurations', () => {
    const shuffled = worldArbitrary.chain((world) =>
      fc.record({
        world: fc.constant(world),
        endpoints: fc.shuffledSubarray(world.endpoints, { minLength: world.endpoints.length }),
        zones: fc.shuffledSubarray(world.zones, { minLength: world.zones.length }),
        records: fc.shuffledSubarray(world.records, { minLength: world.records.length }),
      }),
    );
    fc.assert(
      fc.property(shuffled, ({ world, endpoints, zones, records }) => {
        const reordered = endpoints.map((e) => ({ ...e, ipConfigurations: [...e.ipConfigurations].reverse() }));
        expect(planWorld({ ...world, endpoints: reordered, zones, records })).toEqual(planWorld(world));
      }),
      RUNS,
    );
  });

  it('touches only records it may: never another instance’s, unowned ones only as the mode allows', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const byKey = new Map(world.records.map((r) => [`${r.zoneId.toLowerCase()}|${r.name}`, r]));
        for (const change of writes(planWorld(world))) {
          const observed = byKey.get(`${change.zoneId.toLowerCase()}|${change.name}`);
          const managedBy = observed?.metadata.managedBy;
          const instance = observed?.metadata.autopilotInstance;
          expect(managedBy === 'privatelink-autopilot' && instance !== INSTANCE).toBe(false);
          if (observed && managedBy === undefined) {
            expect(world.options.ownershipMode).not.toBe('owned-only');
            if (change.action === 'delete') expect(world.options.ownershipMode).toBe('adopt-and-delete');
          }
        }
      }),
      RUNS,
    );
  });

  it('writes only IPs of Approved endpoints, never over a conflict, and holds deletes while any endpoint provisions (a failed one: until the orphan grace has passed)', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const approvedIps = new Map<string, Map<string, Set<string>>>();
        for (const e of world.endpoints.filter(
          (e) => e.connectionStatus.toLowerCase() === 'approved' && !e.managedByZoneGroup,
        )) {
          for (const claim of claimsOf(e).claims) {
            const byEndpoint = approvedIps.get(keyOf(claim)) ?? new Map<string, Set<string>>();
            byEndpoint.set(e.id, (byEndpoint.get(e.id) ?? new Set()).add(claim.ip));
            approvedIps.set(keyOf(claim), byEndpoint);
          }
        }
        const plan = planWorld(world);
        for (const change of writes(plan)) {
          if (change.action === 'delete' || change.ips.join() === change.previousIps.join()) continue;
          const claimants = [...(approvedIps.get(keyOf(change))?.values() ?? [])];
          expect(new Set(claimants.map((ips) => [...ips].sort().join())).size).toBe(1);
          for (const ip of change.ips) expect(claimants.some((ips) => ips.has(ip))).toBe(true);
        }
        const unknownClaims = world.endpoints.filter(
          (e) => e.provisioningState !== 'Succeeded' || e.ipConfigurations.length === 0,
        );
        const deletes = plan.changes.filter((c) => c.action === 'delete');
        if (unknownClaims.some((e) => e.provisioningState !== 'Failed')) expect(deletes).toEqual([]);
        else if (unknownClaims.length > 0) {
          for (const change of deletes) {
            expect(world.options.orphanGrace).toBeDefined();
            expect(change.reason).toMatch(/longer than the \d+-minute grace/);
          }
        }
      }),
      RUNS,
    );
  });
});
