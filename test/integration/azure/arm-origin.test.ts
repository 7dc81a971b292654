/** Requests never leave the configured ARM origin, whatever a response points at (nextLink, operation URLs, redirects). */
import { createPipelineRequest } from '@azure/core-rest-pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestLog } from '../engine/support';
import { startAdapterWorld, type AdapterWorld } from './support';

let world: AdapterWorld;

beforeAll(async () => {
  world = await startAdapterWorld({ scenario: 'seed-cosmos' });
});
afterAll(async () => {
  await world?.close();
});

describe('ArmClients', () => {
  it('refuses a request to another origin before it is sent, even one that reaches the same server', async () => {
    const clients = world.clients();
    const sameServerOtherOrigin = world.emulator.armEndpoint.replace('127.0.0.1', 'localhost');
    const before = (await requestLog(world)).length;

    await expect(
      clients
        .generic()
        .sendRequest(createPipelineRequest({ url: `${sameServerOtherOrigin}/subscriptions?api-version=2022-12-01` })),
    ).rejects.toThrow(/refused to send GET .*localhost.*leaves ARM \(https:\/\/127\.0\.0\.1:\d+\)/);
    expect((await requestLog(world)).length).toBe(before);
    expect(clients.calls).toEqual({ reads: 0, writes: 0, deletes: 0 });
  });

  it('sends requests to the ARM origin as usual', async () => {
    const response = await world
      .clients()
      .generic()
      .sendRequest(
        createPipelineRequest({ url: `${world.emulator.armEndpoint}/subscriptions?api-version=2022-12-01` }),
      );
    expect(response.status).toBe(200);
  });
});
