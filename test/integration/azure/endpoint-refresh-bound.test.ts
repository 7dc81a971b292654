/** Long-running operations that never end are given up after a bounded wait, not polled forever. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArmClients, emulatorTarget } from '../../../src/azure/clients';
import { ConnectionAdapter } from '../../../src/azure/connections';
import { EndpointAdapter } from '../../../src/azure/endpoints';
import { cosmosRegionsChange, SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { classifyArmError } from '../../../src/azure/errors';
import { FAST_POLL_MS, startAdapterWorld, type AdapterWorld } from './support';

let world: AdapterWorld;

beforeAll(async () => {
  // Only polls complete an operation here, and none of them ever does.
  world = await startAdapterWorld({
    scenario: 'seed-cosmos',
    lro: { pollsBeforeDone: Number.MAX_SAFE_INTEGER, msBeforeDone: null },
  });
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

    await expect(adapter.refreshEndpoint(SEED_COSMOS_FACTS.endpointId)).rejects.toThrow(
      /pe-seed-cosmos.*not finished after 300 ms/,
    );
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

    await expect(adapter.decide(connection!, 'reject', 'test')).rejects.toThrow(
      /connection .*privateEndpointConnections.*not finished after 300 ms/,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  }, 4000);
});

describe("the run's deadline", () => {
  let slow: AdapterWorld;
  beforeAll(async () => {
    slow = await startAdapterWorld({
      scenario: 'seed-cosmos',
      lro: { pollsBeforeDone: Number.MAX_SAFE_INTEGER, msBeforeDone: null, retryAfterSeconds: 600 },
    });
    await slow.apply([cosmosRegionsChange(SEED_COSMOS_FACTS.accountId, [...SEED_COSMOS_FACTS.regions, 'East US'])]);
  });
  afterAll(async () => {
    await slow?.close();
  });

  it('ends the wait for an operation whose polls ask to come back much later', async () => {
    const clients = new ArmClients(
      { ...emulatorTarget(slow.emulator), maxRetries: 0 },
      { deadline: AbortSignal.timeout(500) },
    );
    const started = Date.now();

    const error = await new EndpointAdapter(clients)
      .refreshEndpoint(SEED_COSMOS_FACTS.endpointId)
      .catch((e: unknown) => e);
    expect(classifyArmError(error)).toMatchObject({ transient: false, code: 'RunDeadlineExceeded' });
    expect(classifyArmError(error).message).toMatch(
      /pe-seed-cosmos: the refresh PUT was accepted but is not finished when the run's deadline passed/,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  }, 5000);
});
