/**
 * A region removed from a Cosmos DB account, as the event path meets it: the account's endpoint asks to be recreated,
 * and a focused reconcile (about the account, as an event's subject) refreshes it and deletes exactly the removed
 * region's record, reading only what the account concerns: no listing of endpoints or of a zone's records.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildActivities } from '../../../src/activities';
import { recordSetId } from '../../../src/core/plan/changes';
import { planReconcile } from '../../../src/core/plan';
import { cosmosRegionsChange, SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { applyPlan, observe } from '../../../src/engine';
import type { AdapterWorld } from '../azure/support';
import { engineContext, kindsAndIds, pair, requestLog, startWorld, DELETING } from './support';

let world: AdapterWorld;
const westEurope = recordSetId(SEED_COSMOS_FACTS.zoneId, 'seed-cosmos-westeurope');
const kept = ['seed-cosmos', 'seed-cosmos-centralus', 'seed-cosmos-westus'];

beforeEach(async () => {
  world = await startWorld('seed-cosmos');
  // West Europe has the lowest failover priority: it goes, the others keep their IPs. Set up through the scenario
  // loader, so the request log holds only the run's own requests.
  const regions = SEED_COSMOS_FACTS.regions.filter((r) => r !== 'West Europe');
  expect(regions).toHaveLength(SEED_COSMOS_FACTS.regions.length - 1);
  await world.apply([cosmosRegionsChange(SEED_COSMOS_FACTS.accountId, regions)]);
});
afterEach(async () => {
  await world?.close();
});

async function recordNames(): Promise<string[]> {
  const ctx = engineContext(world);
  return (await observe(ctx)).records
    .filter((r) => r.zoneId.toLowerCase() === SEED_COSMOS_FACTS.zoneId.toLowerCase())
    .map((r) => r.name)
    .sort();
}

/** Listings whose cost grows with the estate: endpoints or NICs of a subscription, a zone's record sets. */
function estateListings(log: ReadonlyArray<{ method: string; path: string }>): string[] {
  return log
    .filter(
      (r) =>
        r.method === 'GET' &&
        /\/providers\/Microsoft\.Network\/(privateEndpoints|networkInterfaces)$|\/privateDnsZones\/[^/]+\/A$/i.test(
          r.path,
        ),
    )
    .map((r) => r.path);
}

describe('a region removed from a Cosmos DB account, reconciled about the account', () => {
  it("refreshes the endpoint and deletes exactly the removed region's record, without listing the estate", async () => {
    const ctx = engineContext(world);
    const observation = await observe(ctx, { resourceId: SEED_COSMOS_FACTS.accountId });
    const plan = planReconcile(ctx, observation, DELETING);
    expect(kindsAndIds(plan.changes)).toEqual([pair('endpoint-refresh', SEED_COSMOS_FACTS.endpointId)]);

    const result = await applyPlan(ctx, observation, plan, { policy: DELETING });

    expect(kindsAndIds(result.changes)).toEqual([
      pair('dns-delete', westEurope),
      pair('endpoint-refresh', SEED_COSMOS_FACTS.endpointId),
    ]);
    expect(result.changes.every((c) => c.outcome === 'done')).toBe(true);
    expect(estateListings(await requestLog(world))).toEqual([]);
    expect(await recordNames()).toEqual(kept);
  });

  it('through the activities, one step after another: each hands the next what it read, and the DNS step deletes it', async () => {
    const activities = buildActivities(() => engineContext(world));
    const input = { resourceId: SEED_COSMOS_FACTS.accountId };
    const dnsReads = async () =>
      (await requestLog(world)).filter((r) => r.method === 'GET' && /privateDnsZones/i.test(r.path)).length;
    const approvals = await activities.applyApprovals(input);
    const afterApprovals = await dnsReads();
    expect(afterApprovals).toBeGreaterThan(0);
    const refreshed = await activities.refreshEndpoints({ ...input, earlier: approvals.earlier });
    expect(kindsAndIds(refreshed.changes)).toEqual([pair('endpoint-refresh', SEED_COSMOS_FACTS.endpointId)]);
    expect(refreshed.earlier?.recordSetIds.map((id) => id.toLowerCase())).toContain(westEurope.toLowerCase());
    // The refresh step listed no zone and read no record: the approvals step had, and handed them on.
    expect(await dnsReads()).toBe(afterApprovals);

    // Alone, the DNS step no longer sees the name: the refreshed endpoint does not claim it.
    const alone = await activities.reconcileEndpointDns({ ...input, dryRun: true });
    expect(alone.changes).toEqual([]);
    const dns = await activities.reconcileEndpointDns({ ...input, earlier: refreshed.earlier });
    expect(kindsAndIds(dns.changes)).toEqual([pair('dns-delete', westEurope)]);
    expect(dns.changes.every((c) => c.outcome === 'done')).toBe(true);
    expect(estateListings(await requestLog(world))).toEqual([]);
    expect(await recordNames()).toEqual(kept);
  });
});
