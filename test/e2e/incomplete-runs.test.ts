/**
 * No resource is given up on (issue 19's fault drill): while the DNS zone resource group answers AuthorizationFailed
 * (a role assignment not yet effective), a region is added to seed-cosmos. The refresh lands, the record cannot be
 * written; the run retries, ends incomplete, and health says so (with its failures and since when, in durable time)
 * until the periodic timer starts it again after the authorization returns and the record is written.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cosmosRegionsChange, SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { PERIODIC_INSTANCE_ID } from '../../src/orchestrations/contract';
import { api, quiet, startTestHost, TIME_SCALE, waitFor, type TestHost } from './support';

const NEW_RECORD = 'seed-cosmos-japaneast';

interface Incomplete {
  resourceId: string;
  since: string;
  runtimeStatus: string;
  failures: Array<{ stage: string; code: string }>;
}

describe('a resource whose latest run was incomplete', () => {
  let t: TestHost | undefined;
  afterEach(async () => t?.close());

  it('stays on health’s list, whatever its age, until a run started by the periodic timer writes its record', async () => {
    t = await startTestHost();
    await quiet(t.host);
    // Read from the emulator's state: the test's own ARM reads would meet the fault too.
    const hasRecord = () => t!.emulator.read(`${SEED_COSMOS_FACTS.zoneId}/A/${NEW_RECORD}`) !== undefined;
    const incomplete = async () =>
      ((await api(t!.host, 'GET', '/api/health/details')).json as { incomplete?: Incomplete[] }).incomplete ?? [];

    // Two hours of durable time: longer than the run's own retries (1 + 2 + 4 + 8 + 16 minutes).
    const zoneGroup = SEED_COSMOS_FACTS.zoneId.split('/providers/')[0] as string;
    const fault = t.emulator.faults.add({ scope: zoneGroup, kind: 'authorization-failed', durationSeconds: 7200 });
    const durableStart = t.host.runtime.clock.now();
    await t.emulator.loadScenario(
      {
        name: 'japan east',
        description: '',
        steps: [cosmosRegionsChange(SEED_COSMOS_FACTS.accountId, [...SEED_COSMOS_FACTS.regions, 'Japan East'])],
      },
      true,
    );
    await t.emulator.events.flush();
    await quiet(t.host, 60_000);
    expect(t.emulator.faults.list().find((r) => r.id === fault.id)).toBeDefined();
    expect(hasRecord()).toBe(false);

    const listed = (await incomplete()).find(
      (r) => r.resourceId.toLowerCase() === SEED_COSMOS_FACTS.accountId.toLowerCase(),
    );
    expect(listed?.failures.map((f) => f.code)).toContain('AuthorizationFailed');
    expect(listed?.runtimeStatus).toBe('Completed');
    // Durable time: the run began after the fault was added, on the host's scaled clock.
    expect(Date.parse(listed?.since ?? '')).toBeGreaterThanOrEqual(durableStart.getTime() - 1000);
    const health = await api(t.host, 'GET', '/api/health', undefined, null);
    expect(health.json).toMatchObject({ status: 'degraded', recentFailures: true });

    // A timer while the authorization is still missing: still incomplete, with the same `since`.
    await t.host.invoke('periodicReconcileTimer');
    await t.host.runtime.waitForCompletion(PERIODIC_INSTANCE_ID, 30_000);
    await quiet(t.host, 60_000);
    const still = (await incomplete()).find((r) => r.resourceId === listed?.resourceId);
    expect(still?.since).toBe(listed?.since);
    expect(hasRecord()).toBe(false);

    // The authorization returns; nothing reports it, so only the periodic timer brings the resource back.
    await waitFor('the fault to lapse', (7200 * 1000) / TIME_SCALE + 10_000, () =>
      t!.emulator.faults.list().every((r) => r.id !== fault.id),
    );
    await quiet(t.host, 60_000);
    expect(hasRecord()).toBe(false);
    await t.host.invoke('periodicReconcileTimer');
    await t.host.runtime.waitForCompletion(PERIODIC_INSTANCE_ID, 30_000);
    await quiet(t.host, 60_000);

    expect(hasRecord()).toBe(true);
    expect(await incomplete()).toEqual([]);
  });
});
