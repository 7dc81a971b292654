/**
 * The seed story: a Cosmos DB account gains East US; its endpoint asks to be recreated; the engine refreshes it,
 * then plans DNS again and creates the new region's record; after that there is nothing left to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EndpointAdapter } from '../../../src/azure/endpoints';
import { parseResourceId } from '../../../src/core/resource-id';
import { recordSetId } from '../../../src/core/plan/changes';
import { SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { applyPlan, observeAndPlan } from '../../../src/engine';
import { FAST_POLL_MS, type AdapterWorld } from '../azure/support';
import { engineContext, kindsAndIds, pair, startWorld, DELETING } from './support';

let world: AdapterWorld;

beforeAll(async () => {
  world = await startWorld('seed-cosmos');
});
afterAll(async () => {
  await world?.close();
});

describe('a region added to a Cosmos DB account', () => {
  it('is planned as an endpoint refresh, applied, and ends with the new region record and an empty plan', async () => {
    const converged = engineContext(world);
    expect((await observeAndPlan(converged, {}, DELETING)).plan.changes).toEqual([]);

    const account = parseResourceId(SEED_COSMOS_FACTS.accountId);
    const regions = [...SEED_COSMOS_FACTS.regions, 'East US'].map((locationName, failoverPriority) => ({
      locationName,
      failoverPriority,
    }));
    await world
      .clients()
      .cosmos(account.subscriptionId)
      .databaseAccounts.beginUpdateAndWait(
        account.resourceGroup as string,
        'seed-cosmos',
        { locations: regions },
        { updateIntervalInMs: FAST_POLL_MS },
      );

    const ctx = engineContext(world);
    const { observation, plan } = await observeAndPlan(ctx, {}, DELETING);
    expect(kindsAndIds(plan.changes)).toEqual([pair('endpoint-refresh', SEED_COSMOS_FACTS.endpointId)]);

    const result = await applyPlan(ctx, observation, plan, { policy: DELETING });
    const eastUs = recordSetId(SEED_COSMOS_FACTS.zoneId, 'seed-cosmos-eastus');
    expect(kindsAndIds(result.changes)).toEqual([
      pair('dns-create', eastUs),
      pair('endpoint-refresh', SEED_COSMOS_FACTS.endpointId),
    ]);
    expect(result.changes.every((c) => c.outcome === 'done')).toBe(true);
    expect(result.changes.find((c) => c.kind === 'dns-create')).toMatchObject({ record: { ips: ['10.0.1.8'] } });

    const endpoint = (await new EndpointAdapter(world.clients()).observeEndpoint(SEED_COSMOS_FACTS.endpointId))
      .endpoint;
    expect(endpoint.ipConfigurations.map((c) => c.ipAddress)).toEqual([
      '10.0.1.4',
      '10.0.1.5',
      '10.0.1.6',
      '10.0.1.7',
      '10.0.1.8',
    ]);
    expect(endpoint.actionsRequired).not.toBe('Recreate');

    const again = engineContext(world);
    expect((await observeAndPlan(again, {}, DELETING)).plan.changes).toEqual([]);
    expect(again.arm.meter.calls.writes + again.arm.meter.calls.deletes).toBe(0);
  });
});
