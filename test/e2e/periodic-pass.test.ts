/**
 * Stay converged when no event says so: the periodic pass (AUTOPILOT_RECONCILE_SCHEDULE) puts back a record a person
 * deleted and one they changed while record events were lost, and deletes nothing (orphans stay the sweep's).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ORPHANS_FACTS, SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { DnsAdapter } from '../../src/azure/dns';
import { PERIODIC_INSTANCE_ID } from '../../src/orchestrations/contract';
import type { RunOutcome } from '../../src/orchestrations/outcome';
import { api, quiet, requestLog, startTestHost, type TestHost } from './support';

const ZONE = SEED_COSMOS_FACTS.zoneId;
const ZONE_NAME = 'privatelink.documents.azure.com';
const DELETED = 'seed-cosmos';
const CHANGED = 'seed-cosmos-westus';

describe('the periodic pass', () => {
  let t: TestHost | undefined;
  afterEach(async () => t?.close());

  const runPass = async (host: TestHost): Promise<RunOutcome> => {
    await host.host.invoke('periodicReconcileTimer');
    const status = await host.host.runtime.waitForCompletion(PERIODIC_INSTANCE_ID, 30_000);
    expect(status.runtimeStatus).toBe('Completed');
    return status.output as RunOutcome;
  };

  it('puts back a deleted and a changed record while record events are dropped, writing nothing else and deleting nothing', async () => {
    t = await startTestHost();
    await quiet(t.host);
    const dns = new DnsAdapter(t.world.clients);
    const records = async () => new Map((await dns.listRecordSets(ZONE)).records.map((r) => [r.name, r]));

    // The demo starts with work to do (connections to decide); once done, a pass reads, writes nothing and deletes
    // nothing (the demo's orphans are the sweep's).
    await runPass(t);
    await quiet(t.host);
    const converged = await runPass(t);
    expect(converged.complete).toBe(true);
    expect(converged.calls.writes).toBe(0);
    expect(converged.calls.deletes).toBe(0);
    expect(converged.drift).toBeUndefined();

    // No event reaches the app from now on; a person deletes one claimed record and points another elsewhere.
    for (const url of t.emulator.events.subscribers()) t.emulator.events.unsubscribe(url);
    const zones = t.world.clients.privateDns(ZONE.split('/')[2] as string);
    await zones.recordSets.delete('rg-dns', ZONE_NAME, 'A', DELETED);
    const changed = await zones.recordSets.get('rg-dns', ZONE_NAME, 'A', CHANGED);
    await zones.recordSets.createOrUpdate('rg-dns', ZONE_NAME, 'A', CHANGED, {
      ...changed,
      aRecords: [{ ipv4Address: '192.0.2.99' }],
    });
    await quiet(t.host);
    expect((await records()).has(DELETED)).toBe(false);
    const orphanNames = async () =>
      new Set((await dns.listRecordSets(ORPHANS_FACTS.zoneId)).records.map((r) => r.name));
    for (const name of ORPHANS_FACTS.ownedOrphans) expect((await orphanNames()).has(name), name).toBe(true);
    const before = (await requestLog(t.emulator)).length;

    const repaired = await runPass(t);
    expect(repaired.complete).toBe(true);
    expect(repaired.changes).toMatchObject({ 'dns-create': 1, 'dns-update': 1 });
    expect(repaired.drift).toEqual(
      expect.arrayContaining([
        { resourceId: expect.stringMatching(new RegExp(`/A/${DELETED}$`, 'i')), found: 'record-missing' },
        { resourceId: expect.stringMatching(new RegExp(`/A/${CHANGED}$`, 'i')), found: 'record-changed' },
      ]),
    );
    expect(repaired.calls.deletes).toBe(0);
    const after = await records();
    expect(after.get(DELETED)?.ips).toEqual([SEED_COSMOS_FACTS.records[DELETED]]);
    expect(after.get(CHANGED)?.ips).toEqual([SEED_COSMOS_FACTS.records[CHANGED]]);
    expect(after.get(CHANGED)?.metadata.managedBy).toBe('privatelink-autopilot');
    for (const name of ORPHANS_FACTS.ownedOrphans) expect((await orphanNames()).has(name), name).toBe(true);
    const deletes = (await requestLog(t.emulator)).slice(before).filter((r) => r.method === 'DELETE');
    expect(deletes).toEqual([]);

    // Health shows the pass's last run.
    const health = await api(t.host, 'GET', '/api/health/details');
    expect(health.json).toMatchObject({
      lastPeriodicPass: { runtimeStatus: 'Completed', outcome: { orchestration: 'periodicReconcile', complete: true } },
    });
  });

  it('is a singleton: a timer firing while the pass runs leaves it alone', async () => {
    t = await startTestHost();
    await quiet(t.host);
    await t.host.invoke('periodicReconcileTimer');
    await t.host.invoke('periodicReconcileTimer');
    await t.host.runtime.waitForCompletion(PERIODIC_INSTANCE_ID, 30_000);
    expect(t.logs.some((l) => /periodic pass still running|periodic pass started/.test(l))).toBe(true);
    const starts = t.history.filter((e) => e.instanceId === PERIODIC_INSTANCE_ID && e.kind === 'orchestrationStarted');
    expect(starts.length).toBe(1);
  });
});
