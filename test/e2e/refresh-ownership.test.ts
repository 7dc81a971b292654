/**
 * Only a target's own run refreshes its endpoints: a subscription's run (the catch-up after a deployment, or one
 * asked for over HTTP) that finds an endpoint asking for Recreate starts the target's run instead, so the refresh and
 * the deletes of the regions the endpoint lost are never interleaved with another run's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cosmosRegionsChange, SEED_COSMOS_FACTS, WORKLOAD_SUBSCRIPTION } from '@privatelink-autopilot/arm-emulator';
import { orchestrationKey } from '../../src/core/arm-identity';
import { STEP } from '../../src/orchestrations/step-contract';
import { instanceIdFor, RECONCILE_TARGET } from '../../src/orchestrations/names';
import { api, requestLog, startTestHost, waitFor, type TestHost } from './support';

const accountInstance = instanceIdFor(RECONCILE_TARGET, orchestrationKey(SEED_COSMOS_FACTS.accountId));
const subscriptionInstance = instanceIdFor(RECONCILE_TARGET, `subscription-${WORKLOAD_SUBSCRIPTION}`);

type Completed = { instanceId: string; kind: string; name?: string; detail?: unknown };

describe('who refreshes an endpoint', () => {
  let t: TestHost | undefined;
  afterEach(async () => t?.close());

  it('a subscription run hands an endpoint asking for Recreate to its target’s run, which refreshes it and writes the new region', async () => {
    t = await startTestHost();
    // A region added while no event reached the app (it was not deployed yet, say): only a catch-up finds it.
    await t.emulator.loadScenario(
      {
        name: 'unseen-region',
        description: 'a region added without events',
        steps: [cosmosRegionsChange(SEED_COSMOS_FACTS.accountId, [...SEED_COSMOS_FACTS.regions, 'North Europe'])],
      },
      false,
    );
    const before = (await requestLog(t.emulator)).length;

    expect((await api(t.host, 'POST', '/api/reconcile', { subscriptionId: WORKLOAD_SUBSCRIPTION })).status).toBe(202);
    // The subscription's run waits on for the SaaS provider's approval of the demo's Elastic endpoint; the account's ends.
    await waitFor(
      'the account’s run to end',
      20_000,
      () => t?.host.runtime.getStatus(accountInstance)?.runtimeStatus === 'Completed' || undefined,
    );

    const writes = (await requestLog(t.emulator)).slice(before).filter((r) => r.method === 'PUT');
    expect(writes.filter((r) => r.path.toLowerCase() === SEED_COSMOS_FACTS.endpointId.toLowerCase())).toHaveLength(1);
    expect(writes.filter((r) => r.path.endsWith('/A/seed-cosmos-northeurope') && r.status < 300)).toHaveLength(1);
    const completed = (t.history as readonly Completed[]).filter(
      (e) => e.kind === 'activityCompleted' && e.name === 'refreshEndpoints',
    );
    const refreshedBy = completed
      .filter((e) => JSON.stringify(e.detail).includes('"outcome":"done"'))
      .map((e) => e.instanceId);
    expect(refreshedBy).toEqual([accountInstance]);
    expect(
      t.history.some(
        (e) =>
          e.instanceId === subscriptionInstance && e.kind === 'activityCompleted' && e.name === STEP.startTargetRuns,
      ),
    ).toBe(true);
  });
});
