/**
 * An event that arrives just as an instance finishes its closing step must not be lost: durable-functions answers a
 * raiseEvent on a completed instance with 410 and the client resolves, so the starter must notice and start again.
 * Each case breaks the world right as the instance closes (a record of ours deleted by hand) and delivers the event
 * that says so; the record must come back.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { DnsAdapter } from '../../src/azure/dns';
import { orchestrationKey } from '../../src/core/arm-identity';
import { instanceIdFor, RECONCILE_TARGET } from '../../src/orchestrations/names';
import { deliver, executions, quiet, startTestHost, waitFor, writeEvent, type TestHost } from './support';

const ACCOUNT_WRITE = 'Microsoft.DocumentDB/databaseAccounts/write';
const accountInstance = instanceIdFor(RECONCILE_TARGET, orchestrationKey(SEED_COSMOS_FACTS.accountId));
const RECORD = 'seed-cosmos-westus';

describe('an event at the closing step', () => {
  let t: TestHost | undefined;
  afterEach(async () => t?.close());

  // Scale 20: the 10 s closing window lasts 500 ms, so the event lands inside it. Scale 2000: 5 ms, so it lands after.
  it.each([20, 2000])('is not lost (durable time %i× faster)', async (timeScale) => {
    let closing!: () => void;
    const closingSeen = new Promise<void>((resolve) => (closing = resolve));
    t = await startTestHost({
      timeScale,
      onHistory: (event) => {
        const phase = (event.detail as { phase?: string } | null | undefined)?.phase;
        if (event.kind === 'customStatus' && event.instanceId === accountInstance && phase === 'closing') closing();
      },
    });
    const dns = new DnsAdapter(t.world.clients);
    expect(await deliver(t.host, [writeEvent(SEED_COSMOS_FACTS.accountId, ACCOUNT_WRITE, randomUUID())])).toBe(200);
    await closingSeen;

    const record = (await dns.listRecordSets(SEED_COSMOS_FACTS.zoneId)).records.find((r) => r.name === RECORD);
    expect(record).toBeDefined();
    await t.world.clients
      .privateDns(SEED_COSMOS_FACTS.zoneId.split('/')[2] as string)
      .recordSets.delete('rg-dns', 'privatelink.documents.azure.com', 'A', RECORD);
    const before = executions(t.history, accountInstance);
    expect(await deliver(t.host, [writeEvent(SEED_COSMOS_FACTS.accountId, ACCOUNT_WRITE, randomUUID())])).toBe(200);

    const restored = await waitFor('the record to be written again', 30_000, async () =>
      (await dns.listRecordSets(SEED_COSMOS_FACTS.zoneId)).records.find((r) => r.name === RECORD),
    );
    expect(restored.ips).toEqual(record?.ips);
    await quiet(t.host);
    // A pass ran after the event: the instance continued, or a new one started.
    expect(executions(t.history, accountInstance)).toBeGreaterThan(before);
  });
});
