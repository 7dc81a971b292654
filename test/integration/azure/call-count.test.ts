/**
 * `measure` counts the calls made on its behalf through its own ArmClients only: nested in another ArmClients'
 * measure, or run concurrently with another measure of the same clients, each sees exactly its calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_COSMOS_FACTS, WORKLOAD_SUBSCRIPTION } from '@privatelink-autopilot/arm-emulator';
import { parseResourceId } from '../../../src/core/resource-id';
import type { ArmClients } from '../../../src/azure/clients';
import { counts, startAdapterWorld, type AdapterWorld } from './support';

const endpoint = parseResourceId(SEED_COSMOS_FACTS.endpointId);
const readEndpoint = (clients: ArmClients) =>
  clients
    .network(WORKLOAD_SUBSCRIPTION)
    .privateEndpoints.get(endpoint.resourceGroup as string, endpoint.segments[0]?.name as string);

describe('ArmClients.measure', () => {
  let world: AdapterWorld;
  beforeAll(async () => {
    world = await startAdapterWorld();
  });
  afterAll(async () => world?.close());

  it('counts only its own clients’ calls when nested in another clients’ measure', async () => {
    const outer = world.clients();
    const inner = world.clients();
    const measured = await outer.measure(async () => {
      const nested = await inner.measure(async () => {
        await readEndpoint(inner);
        await readEndpoint(inner);
      });
      await readEndpoint(outer);
      return nested.calls;
    });
    expect(measured.value).toEqual(counts(2));
    expect(measured.calls).toEqual(counts(1));
    expect(inner.calls).toEqual(counts(2));
    expect(outer.calls).toEqual(counts(1));
  });

  it('keeps concurrent measures of the same clients apart, and an enclosing one sees both', async () => {
    const clients = world.clients();
    const all = await clients.measure(async () => {
      const [one, three] = await Promise.all([
        clients.measure(async () => readEndpoint(clients)),
        clients.measure(async () => {
          for (let i = 0; i < 3; i++) await readEndpoint(clients);
        }),
      ]);
      return [one.calls, three.calls];
    });
    expect(all.value).toEqual([counts(1), counts(3)]);
    expect(all.calls).toEqual(counts(4));
  });
});
