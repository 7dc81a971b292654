/**
 * Two regional hubs from the command line, on the emulator's `two-hubs` world: one Cosmos DB account, an endpoint in
 * each region's spoke, each hub with its own copy of privatelink.documents.azure.com linked only to the hub network.
 * `apply` puts each endpoint's IPs in the copy its spoke's hub serves, with no conflict; then a region added to the
 * account refreshes both endpoints and both copies gain its record.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { cosmosRegionsChange, TWO_HUBS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { DnsAdapter } from '../../../src/azure/dns';
import { EndpointAdapter } from '../../../src/azure/endpoints';
import type { DiagnosisReport } from '../../../src/core/diagnose';
import type { AdapterWorld } from '../azure/support';
import { runAgainst, useCliWorld, type PlanJson } from './support';

let world: AdapterWorld;
useCliWorld('two-hubs', (started) => {
  world = started;
});
beforeEach(() => vi.stubEnv('AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS', TWO_HUBS_FACTS.dnsResourceGroups.join(',')));

type Hub = typeof TWO_HUBS_FACTS.east;

/** Record name → IPs in one hub's copy of the zone. */
async function copyOf(hub: Hub): Promise<Record<string, string[]>> {
  const { records } = await new DnsAdapter(world.clients()).listRecordSets(hub.zoneId);
  return Object.fromEntries(records.map((r) => [r.name, r.ips]));
}

/** Record name → the IP the hub's endpoint holds for it now. */
async function endpointIps(hub: Hub): Promise<Record<string, string[]>> {
  const { endpoint } = await new EndpointAdapter(world.clients(), {}).observeEndpoint(hub.endpointId);
  return Object.fromEntries(endpoint.ipConfigurations.map((c) => [c.memberName.toLowerCase(), [c.ipAddress]]));
}

async function planJson(): Promise<PlanJson> {
  const { code, stdout } = await runAgainst(world, ['plan', '--json']);
  expect(code).toBe(0);
  return JSON.parse(stdout) as PlanJson;
}

describe('two regional hubs', () => {
  it("apply puts each endpoint's IPs in its own hub's copy for every name, with no conflict; a second plan is empty", async () => {
    const before = await planJson();
    expect(before.conflicts).toEqual([]);
    expect(before.skipped.filter((s) => s.cause === 'zone-placement-ambiguous')).toEqual([]);

    const { code } = await runAgainst(world, ['apply', '--yes']);
    expect(code).toBe(0);
    for (const hub of [TWO_HUBS_FACTS.east, TWO_HUBS_FACTS.west]) {
      const expected = Object.fromEntries(Object.entries(hub.records).map(([name, ip]) => [name, [ip]]));
      expect(await copyOf(hub)).toEqual(expected);
    }
    expect(TWO_HUBS_FACTS.east.records).not.toEqual(TWO_HUBS_FACTS.west.records);

    const after = await planJson();
    expect(after.changes).toEqual([]);
    expect(after.conflicts).toEqual([]);
  });

  it('doctor judges each endpoint against the copy that serves it: peered, one record per name, no link unobserved', async () => {
    const { code, stdout } = await runAgainst(world, ['doctor', '--json', '--resource', TWO_HUBS_FACTS.accountId]);
    const report = JSON.parse(stdout) as DiagnosisReport;
    expect(code).toBe(0);
    expect(report.status).toBe('ok');
    const links = report.findings.filter((f) => f.check === 'zone-link');
    expect(links.map((f) => [f.status, f.subject])).toEqual(
      expect.arrayContaining([
        ['ok', TWO_HUBS_FACTS.east.zoneId],
        ['ok', TWO_HUBS_FACTS.west.zoneId],
      ]),
    );
    expect(links).toHaveLength(2);
    for (const link of links)
      expect(link.message).toMatch(
        /the copy in rg-dns-(east|west)\) is linked to vnet-hub-\1, which vnet-spoke-\1 .* peered with/,
      );
    const records = report.findings.filter((f) => f.check === 'dns-record').map((f) => `${f.status} ${f.subject}`);
    const expected = [TWO_HUBS_FACTS.east, TWO_HUBS_FACTS.west].flatMap((hub) =>
      Object.keys(hub.records).map((name) => `ok ${hub.zoneId}/A/${name}`),
    );
    expect(records.sort()).toEqual(expected.sort());
  });

  it('a region added to the account: both endpoints are refreshed and both copies gain its record', async () => {
    await world.emulator.loadScenario({
      name: 'two-hubs-region-added',
      description: 'North Europe added to the account',
      steps: [cosmosRegionsChange(TWO_HUBS_FACTS.accountId, [...TWO_HUBS_FACTS.regions, 'North Europe'])],
    });
    const planned = await planJson();
    expect(
      planned.changes
        .filter((c) => c.kind === 'endpoint-refresh')
        .map((c) => c.resourceId)
        .sort(),
    ).toEqual([TWO_HUBS_FACTS.east.endpointId, TWO_HUBS_FACTS.west.endpointId].sort());

    const { code } = await runAgainst(world, ['apply', '--yes']);
    expect(code).toBe(0);
    const name = 'twohubs-cosmos-northeurope';
    for (const hub of [TWO_HUBS_FACTS.east, TWO_HUBS_FACTS.west]) {
      const ips = await endpointIps(hub);
      expect(ips[name]).toBeDefined();
      const copy = await copyOf(hub);
      expect(copy[name]).toEqual(ips[name]);
      expect(Object.keys(copy).sort()).toEqual([...Object.keys(hub.records), name].sort());
    }
    expect((await copyOf(TWO_HUBS_FACTS.east))[name]).not.toEqual((await copyOf(TWO_HUBS_FACTS.west))[name]);
    const again = await planJson();
    expect(again.changes).toEqual([]);
    expect(again.conflicts).toEqual([]);
  });
});
