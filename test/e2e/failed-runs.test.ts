/**
 * A run that could not do everything looks again on its own: ARM's failures are usually transient (a long-running
 * operation that failed, a 500 that outlasted the SDK's retries), and no further event may ever come for that resource.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cosmosRegionsChange, SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { DnsAdapter } from '../../src/azure/dns';
import { DEFAULT_TIMING } from '../../src/orchestrations/timing';
import { quiet, requestLog, startTestHost, type TestHost } from './support';

describe('a run that failed', () => {
  let t: TestHost | undefined;
  afterEach(async () => t?.close());

  it('refreshes again after the endpoint refresh’s long-running operation failed, until the new region’s record is written', async () => {
    t = await startTestHost();
    // Every refresh fails for a while (the operation is accepted, then ends Failed); then Azure recovers.
    const rule = t.emulator.faults.add({
      method: 'PUT',
      path: `privateEndpoints/pe-seed-cosmos$`,
      kind: 'lro-failed',
      count: 2,
    });
    await t.emulator.loadScenario(
      {
        name: 'east us',
        description: '',
        steps: [cosmosRegionsChange(SEED_COSMOS_FACTS.accountId, [...SEED_COSMOS_FACTS.regions, 'East US'])],
      },
      true,
    );
    await t.emulator.events.flush();
    await quiet(t.host, 60_000);

    expect(t.emulator.faults.list().find((r) => r.id === rule.id)?.hits).toBe(2);
    const refreshes = (await requestLog(t.emulator)).filter(
      (r) => r.method === 'PUT' && r.path.toLowerCase() === SEED_COSMOS_FACTS.endpointId.toLowerCase(),
    );
    expect(refreshes.length).toBe(3);
    const endpoint = t.emulator.read(SEED_COSMOS_FACTS.endpointId) as {
      properties: {
        provisioningState: string;
        privateLinkServiceConnections: Array<{
          properties: { privateLinkServiceConnectionState: { actionsRequired: string } };
        }>;
      };
    };
    expect(endpoint.properties.provisioningState).toBe('Succeeded');
    expect(
      endpoint.properties.privateLinkServiceConnections[0]?.properties.privateLinkServiceConnectionState
        .actionsRequired,
    ).toBe('None');
    const records = (await new DnsAdapter(t.world.clients).listRecordSets(SEED_COSMOS_FACTS.zoneId)).records;
    expect(records.find((r) => r.name === 'seed-cosmos-eastus')?.ips.length).toBe(1);
  });

  it('gives up after a bounded number of attempts when the failure does not clear, and says so', async () => {
    t = await startTestHost();
    t.emulator.faults.add({ method: 'PUT', path: `privateEndpoints/pe-seed-cosmos$`, kind: 'lro-failed' });
    await t.emulator.loadScenario(
      {
        name: 'east us',
        description: '',
        steps: [cosmosRegionsChange(SEED_COSMOS_FACTS.accountId, [...SEED_COSMOS_FACTS.regions, 'East US'])],
      },
      true,
    );
    await t.emulator.events.flush();
    await quiet(t.host, 60_000);

    const refreshes = (await requestLog(t.emulator)).filter(
      (r) => r.method === 'PUT' && r.path.toLowerCase() === SEED_COSMOS_FACTS.endpointId.toLowerCase(),
    );
    // The first pass and DEFAULT_TIMING.maxRetries more, each after a longer wait.
    expect(refreshes.length).toBe(1 + DEFAULT_TIMING.maxRetries);
    expect(t.lines.some((l) => /INCOMPLETE/.test(l))).toBe(true);
  });
});
