/**
 * Targets are found by listing, not only through our own endpoints: a vault in scope whose manual connection comes
 * from an endpoint in another subscription still gets its connection decided.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateEndpoint, resourceGroup, virtualNetwork } from '@privatelink-autopilot/arm-emulator';
import { KEYVAULT_MANUAL_FACTS } from '@privatelink-autopilot/arm-emulator';
import { PROVIDER_SUBSCRIPTION } from '@privatelink-autopilot/arm-emulator';
import { applyPlan, observeAndPlan } from '../../../src/engine';
import type { AdapterWorld } from '../azure/support';
import { engineContext, startWorld, DELETING } from './support';

let world: AdapterWorld;
const partnerGroup = resourceGroup(PROVIDER_SUBSCRIPTION, 'rg-partner', 'westus');
const partnerNet = virtualNetwork({
  resourceGroupId: partnerGroup.id,
  name: 'vnet-partner',
  location: 'westus',
  addressPrefix: '10.60.0.0/16',
  subnets: [{ name: 'snet-endpoints', addressPrefix: '10.60.1.0/24' }],
});
const partnerEndpoint = privateEndpoint({
  resourceGroupId: partnerGroup.id,
  name: 'pe-partner-kv',
  location: 'westus',
  subnetId: partnerNet.subnetIds['snet-endpoints'] as string,
  target: KEYVAULT_MANUAL_FACTS.vaultId,
  groupIds: ['vault'],
  manual: true,
  requestMessage: 'CHG777 partner access',
});

beforeAll(async () => {
  world = await startWorld('keyvault-manual');
  await world.apply([partnerGroup.step, partnerNet.step, partnerEndpoint.step]);
});
afterAll(async () => {
  await world?.close();
});

describe('a target in scope reached from outside the scope', () => {
  it('has its connection decided, and only in-scope endpoints are read again afterwards', async () => {
    const ctx = engineContext(world);
    const { observation, plan } = await observeAndPlan(ctx, {}, DELETING);

    const decisions = plan.changes.flatMap((c) =>
      c.kind === 'connection-approve' ? [c.connection.privateEndpointId?.toLowerCase()] : [],
    );
    expect(decisions.sort()).toEqual(
      [KEYVAULT_MANUAL_FACTS.endpointId.toLowerCase(), partnerEndpoint.id.toLowerCase()].sort(),
    );
    expect(observation.endpoints.map((e) => e.id.toLowerCase())).not.toContain(partnerEndpoint.id.toLowerCase());

    const result = await applyPlan(ctx, observation, plan, { policy: DELETING });
    expect(result.changes.map((c) => `${c.kind} ${c.outcome}`).sort()).toEqual([
      'connection-approve done',
      'connection-approve done',
      'dns-create done',
    ]);
    expect(result.failures).toEqual([]);
  });
});
