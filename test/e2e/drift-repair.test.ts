/**
 * Stay converged by events: a person deletes a record an Approved endpoint claims and points another managed record
 * elsewhere, through ARM. Their record events alone put both back within one minute of durable time; the autopilot's
 * own repair writes come back as events too and cost one read each, no write.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { DnsAdapter } from '../../src/azure/dns';
import { OUTCOME_EVENT_TYPES } from '../../src/core/outcome-events';
import { PERIODIC_INSTANCE_ID } from '../../src/orchestrations/contract';
import type { RunOutcome } from '../../src/orchestrations/outcome';
import { quiet, requestLog, startTestHost, waitFor, type TestHost } from './support';

const ZONE = SEED_COSMOS_FACTS.zoneId;
const ZONE_NAME = 'privatelink.documents.azure.com';
const DELETED = 'seed-cosmos';
const CHANGED = 'seed-cosmos-westus';
/** Slow enough that a minute of durable time is six seconds of wall time on a busy machine. */
const TIME_SCALE = 10;

describe('drift repair by record events', () => {
  let t: TestHost | undefined;
  afterEach(async () => t?.close());

  it('puts back a deleted claimed record and a changed one within a minute of durable time, by their events alone', async () => {
    t = await startTestHost({ timeScale: TIME_SCALE });
    await quiet(t.host, 120_000);
    const dns = new DnsAdapter(t.world.clients);
    const records = async () => new Map((await dns.listRecordSets(ZONE)).records.map((r) => [r.name, r]));
    const zones = t.world.clients.privateDns(ZONE.split('/')[2] as string);

    const logged = (await requestLog(t.emulator)).length;
    const startedAt = t.host.runtime.clock.now().getTime();
    await zones.recordSets.delete('rg-dns', ZONE_NAME, 'A', DELETED);
    const changed = await zones.recordSets.get('rg-dns', ZONE_NAME, 'A', CHANGED);
    await zones.recordSets.createOrUpdate('rg-dns', ZONE_NAME, 'A', CHANGED, {
      ...changed,
      aRecords: [{ ipv4Address: '192.0.2.99' }],
    });
    await waitFor('both records back', 60_000, async () => {
      const now = await records();
      return (
        now.get(DELETED)?.ips[0] === SEED_COSMOS_FACTS.records[DELETED] &&
        now.get(CHANGED)?.ips[0] === SEED_COSMOS_FACTS.records[CHANGED]
      );
    });
    const durableSeconds = (t.host.runtime.clock.now().getTime() - startedAt) / 1000;
    expect(durableSeconds).toBeLessThan(60);
    await quiet(t.host, 60_000);

    // No periodic pass ran: the events did it.
    expect(t.history.some((e) => e.instanceId === PERIODIC_INSTANCE_ID)).toBe(false);
    const after = await records();
    expect(after.get(CHANGED)?.metadata).toMatchObject({ managedBy: 'privatelink-autopilot' });
    expect(after.get(DELETED)?.metadata).toMatchObject({ managedBy: 'privatelink-autopilot' });

    // Each repair is in its run's outcome, with what was found, and published as a DriftRepaired event.
    const drift = (t.host.outcomes?.events ?? [])
      .filter((e) => e.type === OUTCOME_EVENT_TYPES.driftRepaired)
      .map((e) => (e.data as { drift: { resourceId: string; found: string }; outcome: RunOutcome }).drift);
    expect(drift).toEqual(
      expect.arrayContaining([
        { resourceId: expect.stringMatching(new RegExp(`/A/${DELETED}$`, 'i')), found: 'record-missing' },
        { resourceId: expect.stringMatching(new RegExp(`/A/${CHANGED}$`, 'i')), found: 'record-changed' },
      ]),
    );

    // The repairs' own writes came back as events: read once each (inspectRecords), never written again (no loop).
    // Besides the person's delete and write, the only writes are the two repairs.
    const writes = (await requestLog(t.emulator)).slice(logged).filter((r) => r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.path.split('?')[0]?.split('/').pop()}`).sort()).toEqual([
      `DELETE ${DELETED}`,
      `PUT ${DELETED}`,
      `PUT ${CHANGED}`,
      `PUT ${CHANGED}`,
    ]);
    const inspected = t.history.filter((e) => e.kind === 'activityScheduled' && e.name === 'inspectRecords');
    expect(inspected.length).toBeGreaterThan(0);
    const repairs = t.history.filter(
      (e) =>
        e.kind === 'activityScheduled' &&
        e.instanceId.startsWith('zone-') &&
        (e.name === 'reconcileZoneDns' || e.name === 'reconcileEndpointDns'),
    );
    expect(repairs.map((e) => e.name)).toEqual(['reconcileZoneDns']);
  });
});

describe('a changed record of ours alone', () => {
  let t: TestHost | undefined;
  afterEach(async () => t?.close());

  it('is put back by its claimants’ DNS step, without a pass over the zone copy', async () => {
    t = await startTestHost();
    await quiet(t.host);
    const zones = t.world.clients.privateDns(ZONE.split('/')[2] as string);
    const changed = await zones.recordSets.get('rg-dns', ZONE_NAME, 'A', CHANGED);
    await zones.recordSets.createOrUpdate('rg-dns', ZONE_NAME, 'A', CHANGED, {
      ...changed,
      aRecords: [{ ipv4Address: '192.0.2.99' }],
    });
    await waitFor('the record back', 30_000, async () => {
      const now = await zones.recordSets.get('rg-dns', ZONE_NAME, 'A', CHANGED);
      return now.aRecords?.[0]?.ipv4Address === SEED_COSMOS_FACTS.records[CHANGED];
    });
    await quiet(t.host);
    const steps = t.history
      .filter((e) => e.kind === 'activityScheduled' && e.instanceId.startsWith('zone-'))
      .map((e) => e.name);
    expect(steps).toContain('reconcileEndpointDns');
    expect(steps).not.toContain('reconcileZoneDns');
  });
});

describe('a record a person took over', () => {
  let t: TestHost | undefined;
  afterEach(async () => t?.close());

  it('is left alone in owned-only mode and reported as taken over', async () => {
    t = await startTestHost();
    await quiet(t.host);
    const zones = t.world.clients.privateDns(ZONE.split('/')[2] as string);
    const ours = await zones.recordSets.get('rg-dns', ZONE_NAME, 'A', CHANGED);
    await zones.recordSets.createOrUpdate('rg-dns', ZONE_NAME, 'A', CHANGED, {
      ...ours,
      metadata: { owner: 'team-network' },
      aRecords: [{ ipv4Address: '192.0.2.99' }],
    });
    const reported = await waitFor('the take-over reported', 30_000, () =>
      (t?.host.outcomes?.events ?? []).find((e) => e.type === OUTCOME_EVENT_TYPES.driftRepaired),
    );
    expect((reported.data as { drift: unknown }).drift).toEqual({
      resourceId: expect.stringMatching(new RegExp(`/A/${CHANGED}$`, 'i')),
      found: 'record-taken-over',
    });
    await quiet(t.host);
    const after = await zones.recordSets.get('rg-dns', ZONE_NAME, 'A', CHANGED);
    expect(after.aRecords?.map((a) => a.ipv4Address)).toEqual(['192.0.2.99']);
    expect(after.metadata).toEqual({ owner: 'team-network' });
  });
});

describe('a drift repair that could not be made', () => {
  let t: TestHost | undefined;
  afterEach(async () => t?.close());

  it('runs again by itself: a record deleted while the zone group refused the app is back once it is allowed', async () => {
    t = await startTestHost();
    await quiet(t.host);
    const zones = t.world.clients.privateDns(ZONE.split('/')[2] as string);
    // Three durable minutes of AuthorizationFailed on the zone group for every caller: the person deletes first.
    await zones.recordSets.delete('rg-dns', ZONE_NAME, 'A', DELETED);
    const zoneGroup = ZONE.split('/providers/')[0] as string;
    t.emulator.faults.add({ scope: zoneGroup, kind: 'authorization-failed', durationSeconds: 180 });
    await waitFor('the record back', 25_000, () =>
      t?.emulator.read(`${ZONE}/A/${DELETED}`) === undefined ? undefined : true,
    );
    await quiet(t.host);
    const passes = t.history.filter(
      (e) => e.kind === 'orchestrationStarted' && e.instanceId.startsWith('zone-') && e.name === 'reconcileZone',
    );
    expect(passes.length).toBeGreaterThan(1);
    expect(t.history.some((e) => e.instanceId === PERIODIC_INSTANCE_ID)).toBe(false);
  });
});
