/**
 * Safe by default: a policy that is invalid or unreadable approves nothing, and health says why. Orphans: marked by
 * one sweep, still there within the grace period, deleted only once it has passed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KEYVAULT_MANUAL_FACTS, ORPHANS_FACTS, WORKLOAD_SUBSCRIPTION } from '@privatelink-autopilot/arm-emulator';
import { ConnectionAdapter } from '../../src/azure/connections';
import { DnsAdapter } from '../../src/azure/dns';
import { api, quiet, startTestHost, TIME_SCALE, type TestHost } from './support';

describe('an invalid or unreadable approval policy', () => {
  let t: TestHost | undefined;
  afterEach(async () => t?.close());

  it.each([
    ['invalid', 'inline:{"version": 1, "defaultAction": "approve-everything", "rules": []}', /defaultAction/],
    ['unreadable', 'file:/nonexistent/policy.json', /cannot read the policy/],
  ])('%s: approves nothing, and health says why', async (_, source, why) => {
    t = await startTestHost({ settings: { AUTOPILOT_POLICY_SOURCE: source } });
    const reconcile = await api(t.host, 'POST', '/api/reconcile', { subscriptionId: WORKLOAD_SUBSCRIPTION });
    expect(reconcile.status).toBe(202);
    await waitUntilIdle(t);

    const { connections } = await new ConnectionAdapter(t.world.clients).listConnections(KEYVAULT_MANUAL_FACTS.vaultId);
    expect(connections.map((c) => c.status)).toEqual(['Pending']);
    const health = await api(t.host, 'GET', '/api/health/details');
    expect(health.status).toBe(200);
    const report = health.json as { status: string; policy: { valid: boolean; problems: string[] } };
    expect(report.status).toBe('degraded');
    expect(report.policy.valid).toBe(false);
    expect(report.policy.problems.join(' ')).toMatch(why);
  });

  it('health answers 503 and names every problem when the settings are invalid', async () => {
    t = await startTestHost();
    const saved = process.env.AUTOPILOT_OWNERSHIP_MODE;
    process.env.AUTOPILOT_OWNERSHIP_MODE = 'take-everything';
    try {
      const health = await api(t.host, 'GET', '/api/health/details');
      expect(health.status).toBe(503);
      expect(JSON.stringify(health.json)).toMatch(
        /AUTOPILOT_OWNERSHIP_MODE: expected one of owned-only, adopt, adopt-and-delete/,
      );
      const anonymous = await api(t.host, 'GET', '/api/health', undefined, null);
      expect(anonymous.status).toBe(503);
      expect(anonymous.json).toMatchObject({ status: 'misconfigured', settingsValid: false });
      expect(JSON.stringify(anonymous.json)).not.toMatch(/take-everything|AUTOPILOT_OWNERSHIP_MODE/);
      const reconcile = await api(t.host, 'POST', '/api/reconcile', { subscriptionId: WORKLOAD_SUBSCRIPTION });
      expect(reconcile.status).toBe(503);
    } finally {
      process.env.AUTOPILOT_OWNERSHIP_MODE = saved;
    }
  });
});

describe('the orphan sweep and its grace period', () => {
  let t: TestHost | undefined;
  afterEach(async () => t?.close());

  it('marks, keeps within the grace, deletes after it, and never touches the hand-made record', async () => {
    t = await startTestHost({ settings: { AUTOPILOT_SWEEP_GRACE_MINUTES: '60' } });
    const names = async () =>
      new Set((await new DnsAdapter(t!.world.clients).listRecordSets(ORPHANS_FACTS.zoneId)).records.map((r) => r.name));
    const sweep = async () => {
      await t!.host.invoke('orphanSweepTimer');
      await t!.host.runtime.waitForCompletion('sweep-orphans', 30_000);
    };

    await sweep();
    const marked = (await new DnsAdapter(t.world.clients).listRecordSets(ORPHANS_FACTS.zoneId)).records.filter(
      (r) => r.metadata.autopilotOrphanedSince,
    );
    expect(marked.map((r) => r.name).sort()).toEqual([...ORPHANS_FACTS.ownedOrphans].sort());
    await sweep();
    for (const name of ORPHANS_FACTS.ownedOrphans) expect((await names()).has(name), name).toBe(true);

    // Past the grace (60 durable minutes): the next sweep deletes them.
    await new Promise((resolve) => setTimeout(resolve, (60 * 60_000) / TIME_SCALE + 100));
    await sweep();
    const after = await names();
    for (const name of ORPHANS_FACTS.ownedOrphans) expect(after.has(name), name).toBe(false);
    expect(after.has('legacy-app')).toBe(true);
    for (const name of ORPHANS_FACTS.claimed) expect(after.has(name), name).toBe(true);
  });
});

async function waitUntilIdle(t: TestHost): Promise<void> {
  // The subscription instance follows up on the Elastic endpoint awaiting its provider; the rest settles.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const busy = t.host.runtime.listInstances().filter((s) => ['Pending', 'Running'].includes(String(s.runtimeStatus)));
    const settled = busy.every((s) => (s.customStatus as { phase?: string } | null)?.phase === 'awaiting-approval');
    if (settled && busy.length <= 1) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  await quiet(t.host, 1);
}
