/**
 * The report on the emulator's two-hubs world (one Cosmos DB account, an endpoint per regional hub, each hub with its
 * own copy of privatelink.documents.azure.com): every DNS row names the copy it was judged in by resource group, and
 * both copies appear. Where a record belongs is issue 18's placement; the report only shows what was judged where.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TWO_HUBS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { fleetReport } from '../../../src/engine';
import type { AdapterWorld } from '../azure/support';
import { engineContext, operatorSettings, startWorld } from '../engine/support';

let world: AdapterWorld;
beforeAll(async () => {
  world = await startWorld('two-hubs');
});
afterAll(async () => world?.close());

describe('the fleet report of two regional hubs', () => {
  it('shows DNS per claimed name and zone copy, with both copies and both endpoints', async () => {
    const settings = operatorSettings(world, {
      AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: TWO_HUBS_FACTS.dnsResourceGroups.join(','),
    });
    const { report } = await fleetReport(engineContext(world, settings), 'cli');
    const account = report.targets.find((t) => t.id.toLowerCase() === TWO_HUBS_FACTS.accountId.toLowerCase());
    if (!account) throw new Error(`no row for ${TWO_HUBS_FACTS.accountId}`);

    expect(report.complete).toBe(true);
    expect(account.endpoints.map((e) => e.id.toLowerCase()).sort()).toEqual(
      [TWO_HUBS_FACTS.east.endpointId, TWO_HUBS_FACTS.west.endpointId].map((id) => id.toLowerCase()).sort(),
    );
    const copies = new Set(account.dns.map((d) => `${d.zoneCopy?.resourceGroup}/${d.zoneCopy?.zone}`));
    expect([...copies].sort()).toEqual(
      TWO_HUBS_FACTS.dnsResourceGroups.map((group) => `${group}/${TWO_HUBS_FACTS.zone}`).sort(),
    );
    // Nothing is written yet in this world: every name each endpoint claims is missing, and the report says so.
    expect(account.dns.length).toBeGreaterThan(0);
    expect(account.dns.every((d) => d.state === 'missing')).toBe(true);
    expect(account.status).toBe('broken');
    expect(account.failover.map((r) => r.region)).toEqual(TWO_HUBS_FACTS.regions);
  });
});
