import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armIdKey, parseArmId } from '../../src/arm-id';
import type { Scenario } from '../../src/contracts';
import { API_VERSIONS } from '../../src/scenarios/arm-steps';
import { generateEstate, SCENARIOS } from '../../src/scenarios/index';
import { KEYVAULT_MANUAL_FACTS } from '../../src/scenarios/keyvault-manual';
import { ORPHANS_FACTS } from '../../src/scenarios/orphans';
import { ZONE_GROUP_FACTS } from '../../src/scenarios/zone-group';
import { startEmulator, type RunningEmulator } from '../../src/server';

interface EndpointView {
  properties: {
    provisioningState: string;
    customDnsConfigs: Array<{ fqdn: string; ipAddresses: string[] }>;
    privateLinkServiceConnections: Array<{
      properties: {
        privateLinkServiceConnectionState: { status: string; description: string; actionsRequired?: string };
      };
    }>;
    manualPrivateLinkServiceConnections: Array<{
      properties: { privateLinkServiceConnectionState: { status: string; description: string } };
    }>;
  };
}
interface RecordView {
  name: string;
  properties: { metadata?: Record<string, string>; aRecords?: Array<{ ipv4Address: string }> };
}

let emulator: RunningEmulator;
let ca: Buffer;

beforeAll(async () => {
  emulator = await startEmulator();
  ca = readFileSync(emulator.caCertPath);
});
afterAll(async () => {
  await emulator.close();
});

function get<T>(path: string, apiVersion: string): Promise<{ status: number; body: T }> {
  const url = new URL(path.startsWith('https://') ? path : `${emulator.armEndpoint}${path}?api-version=${apiVersion}`);
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: { authorization: 'Bearer scenario-test' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') as T,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function listRecords(zoneId: string): Promise<RecordView[]> {
  const records: RecordView[] = [];
  let next: string | undefined = `${zoneId}/A`;
  while (next) {
    const page: { status: number; body: { value: RecordView[]; nextLink?: string | null } } = await get(
      next,
      API_VERSIONS.privateDns,
    );
    expect(page.status).toBe(200);
    records.push(...page.body.value);
    next = page.body.nextLink ?? undefined;
  }
  return records;
}

/** For each live endpoint: record name → IP of every FQDN it serves, read from its customDnsConfigs. */
async function servedRecords(endpointIds: string[]): Promise<Map<string, Map<string, string>>> {
  const served = new Map<string, Map<string, string>>();
  for (const id of endpointIds) {
    const { status, body } = await get<EndpointView>(id, API_VERSIONS.network);
    if (status === 404) continue;
    expect(status).toBe(200);
    const names = new Map(
      body.properties.customDnsConfigs.map((c) => [c.fqdn.split('.')[0] as string, c.ipAddresses[0] as string]),
    );
    served.set(armIdKey(id), names);
  }
  return served;
}

/**
 * Loads a scenario into the shared emulator and checks that every record it wrote for an endpoint that is still
 * live points at the IP the emulator allocated; returns the written records no live endpoint serves.
 */
async function loadAndCheckRecords(scenario: Scenario): Promise<string[]> {
  await emulator.loadScenario(scenario);
  const endpointIds = scenario.steps
    .filter((s) => s.method === 'PUT' && /\/privateEndpoints\/[^/]+$/i.test(s.path))
    .map((s) => s.path);
  const served = await servedRecords([...new Set(endpointIds)]);
  const unserved: string[] = [];
  for (const step of scenario.steps.filter((s) => s.method === 'PUT' && /\/A\/[^/]+$/.test(s.path))) {
    const name = step.path.split('/').pop() as string;
    const body = step.body as RecordView;
    const claimant = body.properties.metadata?.autopilotEndpoints ?? '';
    const ip = served.get(claimant)?.get(name);
    if (ip === undefined) unserved.push(name);
    else expect(body.properties.aRecords, `${scenario.name}: ${step.path}`).toEqual([{ ipv4Address: ip }]);
  }
  return unserved;
}

describe('scenarios loaded into the emulator', () => {
  it('seed-cosmos: the 4 records match the 4 IPs of the endpoint, which is approved', async () => {
    const scenario = SCENARIOS['seed-cosmos'] as Scenario;
    expect(await loadAndCheckRecords(scenario)).toEqual([]);
    const { body } = await get<EndpointView>(
      scenario.steps.find((s) => /privateEndpoints/.test(s.path))?.path ?? '',
      API_VERSIONS.network,
    );
    expect(body.properties.customDnsConfigs).toHaveLength(4);
    expect(body.properties.privateLinkServiceConnections[0]?.properties.privateLinkServiceConnectionState.status).toBe(
      'Approved',
    );
  });

  it('keyvault-manual: the connection waits Pending with the request message', async () => {
    expect(await loadAndCheckRecords(SCENARIOS['keyvault-manual'] as Scenario)).toEqual([]);
    const { body } = await get<EndpointView>(KEYVAULT_MANUAL_FACTS.endpointId, API_VERSIONS.network);
    const state = body.properties.manualPrivateLinkServiceConnections[0]?.properties.privateLinkServiceConnectionState;
    expect(state?.status).toBe('Pending');
    expect(body.properties.customDnsConfigs.flatMap((c) => c.ipAddresses)).toEqual([KEYVAULT_MANUAL_FACTS.expectedIp]);
  });

  it('mongo-vcore: the endpoint gets the expected IP and no record exists yet', async () => {
    const scenario = SCENARIOS['mongo-vcore'] as Scenario;
    expect(await loadAndCheckRecords(scenario)).toEqual([]);
    const endpointId = scenario.steps.find((s) => /privateEndpoints/.test(s.path))?.path ?? '';
    const { body } = await get<EndpointView>(endpointId, API_VERSIONS.network);
    expect(body.properties.customDnsConfigs.flatMap((c) => c.ipAddresses)).toEqual(['10.2.1.4']);
  });

  it('orphans: exactly the advertised owned orphans are served by no endpoint, besides the hand-made record', async () => {
    const unserved = await loadAndCheckRecords(SCENARIOS.orphans as Scenario);
    expect(unserved.sort()).toEqual([...ORPHANS_FACTS.ownedOrphans, ...ORPHANS_FACTS.unownedOrphans].sort());
    const { body } = await get<EndpointView>(ORPHANS_FACTS.liveEndpointId, API_VERSIONS.network);
    expect(
      body.properties.privateLinkServiceConnections[0]?.properties.privateLinkServiceConnectionState.actionsRequired,
    ).toBe('None');
    expect((await get(ORPHANS_FACTS.deletedEndpointId, API_VERSIONS.network)).status).toBe(404);
    const names = (await listRecords(ORPHANS_FACTS.zoneId)).map((r) => r.name);
    for (const name of [...ORPHANS_FACTS.claimed, ...ORPHANS_FACTS.ownedOrphans, ...ORPHANS_FACTS.unownedOrphans])
      expect(names).toContain(name);
  });

  it("zone-group: the emulator writes the endpoint's records itself", async () => {
    expect(await loadAndCheckRecords(SCENARIOS['zone-group'] as Scenario)).toEqual([]);
    const names = (await listRecords(ZONE_GROUP_FACTS.zoneId)).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['zonegroup-cosmos', 'zonegroup-cosmos-westus']));
  });

  it('a generated estate loads with every record matching its endpoint', async () => {
    const estate = generateEstate({
      subscriptions: 2,
      accountsPerSubscription: 2,
      endpointsPerAccount: 2,
      regionsPerAccount: 2,
      extraRecordsPerZone: 3,
      seed: 4,
    });
    const unserved = await loadAndCheckRecords(estate);
    expect(unserved).toHaveLength(2 * 2 * 3);
    expect(unserved.every((name) => name.startsWith('stale-'))).toBe(true);
    expect(new Set(estate.steps.map((s) => parseArmId(s.path).subscriptionId)).size).toBe(2);
  });
});
