/** Long-running operations that never end are given up after a bounded wait, not polled forever. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionAdapter } from '../../../src/azure/connections';
import { EndpointAdapter } from '../../../src/azure/endpoints';
import { cosmosRegionsChange } from '@privatelink-autopilot/arm-emulator';
import { SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { FAST_POLL_MS, startAdapterWorld, type AdapterWorld } from './support';

let world: AdapterWorld;

beforeAll(async () => {
  // Only polls complete an operation here, and none of them ever does.
  world = await startAdapterWorld({ scenario: 'seed-cosmos', lro: { pollsBeforeDone: Number.MAX_SAFE_INTEGER, msBeforeDone: null } });
  // The scenario loader completes its own operations at once; the region change makes the endpoint ask for Recreate.
  await world.apply([cosmosRegionsChange(SEED_COSMOS_FACTS.accountId, [...SEED_COSMOS_FACTS.regions, 'East US'])]);
});
afterAll(async () => {
  await world?.close();
});

describe('refreshEndpoint', () => {
  it('stops waiting for a PUT that never finishes after maxWaitMs, with an error naming the endpoint', async () => {
    const adapter = new EndpointAdapter(world.clients(), { updateIntervalInMs: FAST_POLL_MS, maxWaitMs: 300 });
    const started = Date.now();

    await expect(adapter.refreshEndpoint(SEED_COSMOS_FACTS.endpointId)).rejects.toThrow(/pe-seed-cosmos.*not finished after 300 ms/);
    expect(Date.now() - started).toBeLessThan(3000);
  }, 4000);
});

describe('ConnectionAdapter.decide on Cosmos DB', () => {
  it('stops waiting for a state change that never finishes after maxWaitMs, with an error naming the connection', async () => {
    const adapter = new ConnectionAdapter(world.clients(), { updateIntervalInMs: FAST_POLL_MS, maxWaitMs: 300 });
    const { connections } = await adapter.listConnections(SEED_COSMOS_FACTS.accountId);
    const connection = connections[0];
    expect(connection?.status).toBe('Approved');
    const started = Date.now();

    await expect(adapter.decide(connection!, 'reject', 'test')).rejects.toThrow(/connection .*privateEndpointConnections.*not finished after 300 ms/);
    expect(Date.now() - started).toBeLessThan(3000);
  }, 4000);
});
