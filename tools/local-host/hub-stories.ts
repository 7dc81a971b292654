/**
 * Two regional hubs (issue 18) on the local host: the emulator starts with the hubs, their zone copies, links and
 * peerings and the account, but no endpoint. The stories create the endpoints and add a region through the SDK only;
 * the function app converges on the events alone, each hub's copy of the zone holding its own endpoint's IPs.
 */
import { cosmosRegionsChange, getScenario, TWO_HUBS_FACTS, type Scenario } from '@privatelink-autopilot/arm-emulator';
import { DnsAdapter } from '../../src/azure/dns';
import { EndpointAdapter } from '../../src/azure/endpoints';
import { applyThroughArm } from './arm-actions';
import type { Story, StoryWorld, Verdict } from './stories';

const HUBS = [TWO_HUBS_FACTS.east, TWO_HUBS_FACTS.west];
const ADDED_REGION = 'North Europe';
const ADDED_RECORD = 'twohubs-cosmos-northeurope';
const isEndpointStep = (path: string) => /\/providers\/Microsoft\.Network\/privateEndpoints\//i.test(path);

/** The `two-hubs` world without its endpoints: the stories create them. */
export const TWO_HUBS_GROUND: Scenario = {
  name: 'two-hubs-ground',
  description: 'the two-hubs world before its endpoints exist',
  steps: getScenario('two-hubs').steps.filter((step) => !isEndpointStep(step.path)),
};

/** The app settings the two-hub stories add to the demo's: both hubs' DNS resource groups in scope. */
export const TWO_HUBS_SETTINGS: Readonly<Record<string, string>> = {
  AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: TWO_HUBS_FACTS.dnsResourceGroups.join(','),
};

export const TWO_HUB_STORIES: readonly Story[] = [
  {
    name: 'two-hubs-endpoints',
    title:
      "one Cosmos DB account gets an endpoint in each regional hub's spoke: each hub's copy of the zone gets its own endpoint's IPs",
    async act(world) {
      for (const step of getScenario('two-hubs').steps.filter((s) => isEndpointStep(s.path)))
        await applyThroughArm(world.clients, step);
    },
    async converged(world) {
      return eachCopy(world, async (hub) => {
        const copy = await copyOf(world, hub.zoneId);
        const wanted = Object.fromEntries(Object.entries(hub.records).map(([name, ip]) => [name, [ip]]));
        return { ok: same(copy, wanted), detail: describe(copy) };
      });
    },
  },
  {
    name: 'two-hubs-region',
    title: `the account gains ${ADDED_REGION}: both endpoints are refreshed, both copies gain ${ADDED_RECORD}, each with its own endpoint's IP`,
    async act(world) {
      await applyThroughArm(
        world.clients,
        cosmosRegionsChange(TWO_HUBS_FACTS.accountId, [...TWO_HUBS_FACTS.regions, ADDED_REGION]),
      );
    },
    async converged(world) {
      return eachCopy(world, async (hub) => {
        const { endpoint } = await new EndpointAdapter(world.clients).observeEndpoint(hub.endpointId);
        const ip = endpoint.ipConfigurations.find((c) => c.memberName.toLowerCase() === ADDED_RECORD)?.ipAddress;
        const record = (await copyOf(world, hub.zoneId))[ADDED_RECORD];
        const refreshed = !/recreate/i.test(endpoint.actionsRequired ?? '') && ip !== undefined;
        return {
          ok: refreshed && record?.length === 1 && record[0] === ip,
          detail: `endpoint ${refreshed ? `refreshed (${ip})` : 'not refreshed yet'}; ${ADDED_RECORD} ${record ? `→ ${record.join(', ')}` : 'missing'}`,
        };
      });
    },
  },
];

type Hub = (typeof HUBS)[number];

async function eachCopy(world: StoryWorld, check: (hub: Hub) => Promise<Verdict>): Promise<Verdict> {
  const verdicts = await Promise.all(HUBS.map(async (hub) => ({ hub, verdict: await check(hub) })));
  return {
    ok: verdicts.every(({ verdict }) => verdict.ok),
    detail: verdicts.map(({ hub, verdict }) => `${hub.dnsResourceGroup}: ${verdict.detail}`).join('; '),
  };
}

/** Record name → IPs in one copy of the zone. */
async function copyOf(world: StoryWorld, zoneId: string): Promise<Record<string, string[]>> {
  const { records } = await new DnsAdapter(world.clients).listRecordSets(zoneId);
  return Object.fromEntries(records.map((r) => [r.name, [...r.ips].sort()]));
}

function same(a: Record<string, string[]>, b: Record<string, string[]>): boolean {
  const names = Object.keys(a).sort();
  return names.join() === Object.keys(b).sort().join() && names.every((name) => a[name]?.join() === b[name]?.join());
}

function describe(copy: Record<string, string[]>): string {
  const names = Object.keys(copy).sort();
  return names.length === 0 ? 'no records' : names.map((name) => `${name} → ${copy[name]?.join(', ')}`).join(', ');
}
