import { describe, expect, it } from 'vitest';
import { formatArmId, armIdKey, parseArmId, armType } from '../../src/arm-id';
import type { Scenario, ScenarioStep } from '../../src/contracts';
import { cosmosRequiredMemberNames } from '../../src/providers/documentdb-private-link';
import { privateLinkServiceAlias } from '../../src/private-link-alias';
import { API_VERSIONS, subnetHost } from '../../src/scenarios/arm-steps';
import { ELASTIC_ALIAS_FACTS } from '../../src/scenarios/elastic-alias';
import { estateSubscriptionId } from '../../src/scenarios/estate-generator';
import { findScenario, generateEstate, getScenario, SCENARIOS, scenarioNames } from '../../src/scenarios/index';
import { KEYVAULT_MANUAL_FACTS } from '../../src/scenarios/keyvault-manual';
import { ORPHANS_FACTS } from '../../src/scenarios/orphans';
import { SEED_COSMOS_FACTS } from '../../src/scenarios/seed-cosmos';
import { PROVIDER_SUBSCRIPTION, WORKLOAD_SUBSCRIPTION } from '../../src/scenarios/world';

const NAMED = [
  'seed-cosmos',
  'keyvault-manual',
  'mongo-vcore',
  'elastic-alias',
  'orphans',
  'zone-group',
  'demo',
  'two-hubs',
];
/** Worlds of their own that demo does not hold. */
const SEPARATE = new Set(['two-hubs']);
const SMALL_ESTATE = generateEstate({
  subscriptions: 2,
  accountsPerSubscription: 3,
  endpointsPerAccount: 2,
  regionsPerAccount: 2,
  extraRecordsPerZone: 4,
  seed: 5,
});

/** The emulator models no load balancers: a Private Link Service's frontend reference is taken on trust. */
const UNMODELLED_REFERENCES = /\/providers\/Microsoft\.Network\/loadBalancers\//i;

interface RecordBody {
  properties: { metadata: Record<string, string>; ttl: number; aRecords: Array<{ ipv4Address: string }> };
}
interface EndpointConnection {
  name: string;
  properties: { privateLinkServiceId: string; groupIds?: string[]; requestMessage?: string };
}
interface EndpointBody {
  location: string;
  properties: {
    subnet: { id: string };
    privateLinkServiceConnections?: EndpointConnection[];
    manualPrivateLinkServiceConnections?: EndpointConnection[];
  };
}

function typeOf(step: ScenarioStep): string {
  const id = parseArmId(step.path);
  return armType(id) ?? (id.resourceGroup ? 'Microsoft.Resources/resourceGroups' : 'subscription');
}

function expectedApiVersion(type: string): string {
  const lower = type.toLowerCase();
  if (lower === 'microsoft.resources/resourcegroups') return API_VERSIONS.resources;
  if (lower.startsWith('microsoft.network/privatednszones')) return API_VERSIONS.privateDns;
  if (lower.startsWith('microsoft.network/')) return API_VERSIONS.network;
  if (lower.startsWith('microsoft.documentdb/databaseaccounts')) return API_VERSIONS.cosmosDb;
  if (lower.startsWith('microsoft.documentdb/mongoclusters')) return API_VERSIONS.mongoCluster;
  if (lower.startsWith('microsoft.keyvault/')) return API_VERSIONS.keyVault;
  throw new Error(`no api-version expectation for ${type}`);
}

/** IDs a body points at; record metadata is history (it may name endpoints long deleted), not a reference. */
function referencedIds(value: unknown): string[] {
  if (typeof value === 'string') return value.startsWith('/subscriptions/') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => (key === 'metadata' ? [] : referencedIds(child)));
  }
  return [];
}

function puts(scenario: Scenario, type: string): ScenarioStep[] {
  return scenario.steps.filter((s) => s.method === 'PUT' && typeOf(s).toLowerCase() === type.toLowerCase());
}

function recordsIn(scenario: Scenario): Map<string, RecordBody> {
  return new Map(
    puts(scenario, 'Microsoft.Network/privateDnsZones/A').map((s) => [
      s.path.split('/').pop() as string,
      s.body as RecordBody,
    ]),
  );
}

function sameStep(a: ScenarioStep, b: ScenarioStep): boolean {
  return (
    a.method === b.method &&
    a.path === b.path &&
    a.apiVersion === b.apiVersion &&
    JSON.stringify(a.body) === JSON.stringify(b.body)
  );
}

/** Problems that would make the loader fail or the world inconsistent, in order of the steps. */
function wellFormednessProblems(scenario: Scenario): string[] {
  const problems: string[] = [];
  const live = new Set<string>();
  const exactlyLive = (id: string): boolean => live.has(armIdKey(id));
  /** Exists, or is a child written inline in its parent's body (a virtual network's subnets). */
  const isLive = (id: string): boolean => {
    if (exactlyLive(id)) return true;
    const parsed = parseArmId(id);
    return (
      parsed.segments.length > 1 && exactlyLive(formatArmId({ ...parsed, segments: parsed.segments.slice(0, -1) }))
    );
  };

  scenario.steps.forEach((step, i) => {
    const where = `step ${i} ${step.method} ${step.path}`;
    let id;
    try {
      id = parseArmId(step.path);
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
      return;
    }
    const type = typeOf(step);
    if (step.apiVersion !== expectedApiVersion(type)) problems.push(`${where}: api-version ${step.apiVersion}`);
    if (JSON.stringify(step.body) !== JSON.stringify(structuredClone(step.body)))
      problems.push(`${where}: body is not plain JSON`);
    const isGroupPut = type === 'Microsoft.Resources/resourceGroups' && step.method === 'PUT';
    if (
      id.resourceGroup &&
      !isGroupPut &&
      !exactlyLive(`/subscriptions/${id.subscriptionId}/resourceGroups/${id.resourceGroup}`)
    ) {
      problems.push(`${where}: resource group ${id.resourceGroup} is not created first`);
    }
    if (id.segments.length > 1 && !exactlyLive(step.path.split('/').slice(0, -2).join('/'))) {
      problems.push(`${where}: parent resource is not created first`);
    }
    for (const ref of referencedIds(step.body)) {
      if (!UNMODELLED_REFERENCES.test(ref) && !isLive(ref))
        problems.push(`${where}: refers to ${ref}, which does not exist yet`);
    }
    if (step.method === 'PUT') live.add(armIdKey(step.path));
    if (step.method === 'PATCH' || step.method === 'DELETE') {
      if (!exactlyLive(step.path)) problems.push(`${where}: ${step.method} of a resource that does not exist`);
      if (step.method === 'DELETE') {
        const key = armIdKey(step.path);
        for (const existing of [...live]) if (existing === key || existing.startsWith(`${key}/`)) live.delete(existing);
      }
    }
  });
  return problems;
}

describe('scenario registry', () => {
  it('names every scenario under its own name', () => {
    expect(scenarioNames()).toEqual(NAMED);
    for (const name of NAMED) {
      expect(SCENARIOS[name]?.name).toBe(name);
      expect(getScenario(name)).toBe(SCENARIOS[name]);
      expect(findScenario(name)).toBe(SCENARIOS[name]);
      expect(SCENARIOS[name]?.description.length).toBeGreaterThan(20);
    }
  });

  it('answers an unknown name with the list of known names', () => {
    expect(findScenario('nope')).toBeUndefined();
    expect(findScenario('constructor')).toBeUndefined();
    expect(() => getScenario('nope')).toThrow(
      'unknown scenario "nope": expected one of seed-cosmos, keyvault-manual, mongo-vcore, elastic-alias, orphans, zone-group, demo',
    );
  });
});

describe('scenario well-formedness', () => {
  it.each([
    ...NAMED.map((name) => [name, SCENARIOS[name] as Scenario] as const),
    ['generated estate', SMALL_ESTATE] as const,
  ])('%s: parses, creates groups and parents first, refers only to existing resources', (_name, scenario) => {
    expect(scenario.steps.length).toBeGreaterThan(0);
    expect(wellFormednessProblems(scenario)).toEqual([]);
  });

  it('catches the mistakes it is meant to catch', () => {
    const rg = `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourceGroups/rg-x`;
    const zone = `${rg}/providers/Microsoft.Network/privateDnsZones/z.example`;
    const broken: Scenario = {
      name: 'broken',
      description: '',
      steps: [
        { method: 'PUT', path: zone, apiVersion: API_VERSIONS.privateDns, body: {} },
        { method: 'PUT', path: rg, apiVersion: API_VERSIONS.resources, body: { location: 'westus' } },
        {
          method: 'PUT',
          path: `${rg}/providers/Microsoft.Network/privateDnsZones/other.example/A/r`,
          apiVersion: API_VERSIONS.privateDns,
          body: {},
        },
        { method: 'PUT', path: `${zone}/A/r`, apiVersion: API_VERSIONS.network, body: {} },
        {
          method: 'PUT',
          path: `${rg}/providers/Microsoft.Network/privateEndpoints/pe`,
          apiVersion: API_VERSIONS.network,
          body: { properties: { subnet: { id: `${rg}/providers/Microsoft.Network/virtualNetworks/v/subnets/s` } } },
        },
        {
          method: 'DELETE',
          path: `${rg}/providers/Microsoft.Network/privateEndpoints/other`,
          apiVersion: API_VERSIONS.network,
        },
        { method: 'PUT', path: '/subscriptions/s/oops', apiVersion: API_VERSIONS.resources },
      ],
    };
    const problems = wellFormednessProblems(broken);
    expect(problems).toHaveLength(6);
    expect(problems[0]).toMatch(/^step 0 .*resource group rg-x is not created first/);
    expect(problems[1]).toMatch(/^step 2 .*parent resource is not created first/);
    expect(problems[2]).toMatch(/^step 3 .*api-version 2024-05-01/);
    expect(problems[3]).toMatch(/^step 4 .*refers to .*virtualNetworks\/v\/subnets\/s, which does not exist yet/);
    expect(problems[4]).toMatch(/^step 5 .*DELETE of a resource that does not exist/);
    expect(problems[5]).toMatch(/^step 6 .*not an ARM resource ID/);
  });
});

describe('demo', () => {
  const demo = SCENARIOS.demo as Scenario;
  const parts = NAMED.filter((name) => name !== 'demo' && !SEPARATE.has(name)).map(
    (name) => SCENARIOS[name] as Scenario,
  );

  it('includes every step of every other scenario', () => {
    for (const part of parts) {
      for (const step of part.steps)
        expect(
          demo.steps.some((s) => sameStep(s, step)),
          `${part.name}: ${step.method} ${step.path}`,
        ).toBe(true);
    }
  });

  it('writes each resource with one body only, so the scenarios do not fight over names', () => {
    const bodies = new Map<string, string>();
    for (const step of demo.steps.filter((s) => s.method === 'PUT')) {
      const key = armIdKey(step.path);
      const body = JSON.stringify(step.body);
      expect(bodies.get(key) ?? body, step.path).toBe(body);
      bodies.set(key, body);
    }
  });

  it('shares the hub DNS steps instead of repeating them', () => {
    const zonePuts = puts(demo, 'Microsoft.Network/privateDnsZones').map((s) => s.path.split('/').pop());
    expect(zonePuts.sort()).toEqual([
      'privatelink.documents.azure.com',
      'privatelink.eastus.azure.elastic-cloud.com',
      'privatelink.mongocluster.cosmos.azure.com',
      'privatelink.vaultcore.azure.net',
    ]);
  });
});

describe('seed-cosmos', () => {
  const scenario = SCENARIOS['seed-cosmos'] as Scenario;

  it('has an account in West US, Central US and West Europe, in that failover order', () => {
    const [account] = puts(scenario, 'Microsoft.DocumentDB/databaseAccounts');
    expect((account?.body as { properties: { locations: unknown } }).properties.locations).toEqual([
      { locationName: 'West US', failoverPriority: 0, isZoneRedundant: false },
      { locationName: 'Central US', failoverPriority: 1, isZoneRedundant: false },
      { locationName: 'West Europe', failoverPriority: 2, isZoneRedundant: false },
    ]);
    expect(account?.path.split('/').pop()).toBe('seed-cosmos');
  });

  it('has one auto-approved Sql endpoint in 10.0.1.0/24 and a link from its network to the zone', () => {
    const [endpoint] = puts(scenario, 'Microsoft.Network/privateEndpoints');
    const body = endpoint?.body as EndpointBody;
    expect(body.properties.manualPrivateLinkServiceConnections).toBeUndefined();
    expect(body.properties.privateLinkServiceConnections?.[0]?.properties).toEqual({
      privateLinkServiceId: SEED_COSMOS_FACTS.accountId,
      groupIds: ['Sql'],
    });
    const [vnet] = puts(scenario, 'Microsoft.Network/virtualNetworks');
    expect(JSON.stringify(vnet?.body)).toContain('"addressPrefixes":["10.0.0.0/16"]');
    expect(JSON.stringify(vnet?.body)).toContain('"addressPrefix":"10.0.1.0/24"');
    expect(puts(scenario, 'Microsoft.Network/privateDnsZones/virtualNetworkLinks')).toHaveLength(1);
  });

  it("writes a record for each of the emulator's required members, at the IPs it allocates, stamped as ours", () => {
    const records = recordsIn(scenario);
    expect([...records.keys()]).toEqual(cosmosRequiredMemberNames('seed-cosmos', SEED_COSMOS_FACTS.regions));
    expect([...records.values()].map((r) => r.properties.aRecords)).toEqual([
      [{ ipv4Address: '10.0.1.4' }],
      [{ ipv4Address: '10.0.1.5' }],
      [{ ipv4Address: '10.0.1.6' }],
      [{ ipv4Address: '10.0.1.7' }],
    ]);
    for (const record of records.values()) {
      expect(record.properties.metadata).toEqual({
        managedBy: 'privatelink-autopilot',
        autopilotInstance: 'default',
        autopilotEndpoints: armIdKey(SEED_COSMOS_FACTS.endpointId),
      });
    }
  });
});

describe('keyvault-manual, mongo-vcore, zone-group, elastic-alias', () => {
  it('keyvault-manual: a manual vault endpoint asking with a change number, and no record', () => {
    const scenario = SCENARIOS['keyvault-manual'] as Scenario;
    const [endpoint] = puts(scenario, 'Microsoft.Network/privateEndpoints');
    const body = endpoint?.body as EndpointBody;
    expect(body.properties.privateLinkServiceConnections).toBeUndefined();
    expect(body.properties.manualPrivateLinkServiceConnections?.[0]?.properties).toEqual({
      privateLinkServiceId: KEYVAULT_MANUAL_FACTS.vaultId,
      groupIds: ['vault'],
      requestMessage: 'CHG12345 please approve',
    });
    expect(recordsIn(scenario).size).toBe(0);
    expect(puts(scenario, 'Microsoft.Network/privateDnsZones')[0]?.path).toMatch(/privatelink\.vaultcore\.azure\.net$/);
  });

  it('mongo-vcore: a cluster, an auto MongoCluster endpoint and the mongocluster zone, no record', () => {
    const scenario = SCENARIOS['mongo-vcore'] as Scenario;
    expect(puts(scenario, 'Microsoft.DocumentDB/mongoClusters')).toHaveLength(1);
    const [endpoint] = puts(scenario, 'Microsoft.Network/privateEndpoints');
    expect((endpoint?.body as EndpointBody).properties.privateLinkServiceConnections?.[0]?.properties.groupIds).toEqual(
      ['MongoCluster'],
    );
    expect(puts(scenario, 'Microsoft.Network/privateDnsZones')[0]?.path).toMatch(
      /privatelink\.mongocluster\.cosmos\.azure\.com$/,
    );
    expect(recordsIn(scenario).size).toBe(0);
  });

  it('zone-group: the endpoint gets a zone group for the Cosmos zone, and the scenario writes no record itself', () => {
    const scenario = SCENARIOS['zone-group'] as Scenario;
    const [group] = puts(scenario, 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups');
    const zoneId = puts(scenario, 'Microsoft.Network/privateDnsZones')[0]?.path;
    expect(group?.body).toEqual({
      properties: {
        privateDnsZoneConfigs: [{ name: 'privatelink-documents-azure-com', properties: { privateDnsZoneId: zoneId } }],
      },
    });
    expect(recordsIn(scenario).size).toBe(0);
  });

  it('elastic-alias: a provider-side service and a manual endpoint that names it only by alias', () => {
    const scenario = SCENARIOS['elastic-alias'] as Scenario;
    const [service] = puts(scenario, 'Microsoft.Network/privateLinkServices');
    expect(parseArmId(service?.path ?? '').subscriptionId).toBe(PROVIDER_SUBSCRIPTION);
    expect(service?.path.split('/').pop()).toBe('eastus-prod-001-privatelink-service');
    expect(ELASTIC_ALIAS_FACTS.alias).toMatch(
      /^eastus-prod-001-privatelink-service\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.eastus\.azure\.privatelinkservice$/,
    );
    const [endpoint] = puts(scenario, 'Microsoft.Network/privateEndpoints');
    expect(parseArmId(endpoint?.path ?? '').subscriptionId).toBe(WORKLOAD_SUBSCRIPTION);
    const connection = (endpoint?.body as EndpointBody).properties.manualPrivateLinkServiceConnections?.[0];
    expect(connection?.properties.privateLinkServiceId).toBe(ELASTIC_ALIAS_FACTS.alias);
    expect(connection?.properties.groupIds).toBeUndefined();
    expect(puts(scenario, 'Microsoft.Network/privateDnsZones')[0]?.path).toMatch(
      /privatelink\.eastus\.azure\.elastic-cloud\.com$/,
    );
  });
});

describe('privateLinkServiceAlias', () => {
  const id = `/subscriptions/${PROVIDER_SUBSCRIPTION}/resourceGroups/rg-p/providers/Microsoft.Network/privateLinkServices/westeurope-prod-002-privatelink-service`;

  it('is stable for a service ID in any casing, and distinct between services', () => {
    const otherCasing = id.replace(
      'resourceGroups/rg-p/providers/Microsoft.Network',
      'RESOURCEGROUPS/RG-P/providers/microsoft.network',
    );
    expect(privateLinkServiceAlias(id, 'West Europe')).toBe(privateLinkServiceAlias(otherCasing, 'westeurope'));
    expect(privateLinkServiceAlias(id, 'westeurope')).not.toBe(privateLinkServiceAlias(`${id}x`, 'westeurope'));
    expect(privateLinkServiceAlias(id, 'West Europe')).toMatch(
      /^westeurope-prod-002-privatelink-service\.[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}\.westeurope\.azure\.privatelinkservice$/,
    );
  });
});

describe('orphans', () => {
  const scenario = SCENARIOS.orphans as Scenario;

  it('writes the records first, then removes the last region, refreshes the endpoint and deletes the other endpoint', () => {
    const tail = scenario.steps.slice(-3);
    expect(tail.map((s) => s.method)).toEqual(['PATCH', 'PUT', 'DELETE']);
    expect(
      (tail[0]?.body as { properties: { locations: Array<{ locationName: string }> } }).properties.locations.map(
        (l) => l.locationName,
      ),
    ).toEqual(['East US', 'West US']);
    expect(tail[1]?.path).toBe(ORPHANS_FACTS.liveEndpointId);
    expect(
      scenario.steps.filter((s) => s.path === ORPHANS_FACTS.liveEndpointId).map((s) => JSON.stringify(s.body)),
    ).toHaveLength(2);
    expect(tail[2]?.path).toBe(ORPHANS_FACTS.deletedEndpointId);
    const lastRecordAt = scenario.steps.map((s) => typeOf(s)).lastIndexOf('Microsoft.Network/privateDnsZones/A');
    expect(lastRecordAt).toBeLessThan(scenario.steps.length - 3);
  });

  it('leaves owned orphans, an unowned orphan and the records the live endpoint still claims', () => {
    const records = recordsIn(scenario);
    expect([...records.keys()].sort()).toEqual(
      [...ORPHANS_FACTS.claimed, ...ORPHANS_FACTS.ownedOrphans, ...ORPHANS_FACTS.unownedOrphans].sort(),
    );
    const stamp = (name: string) => records.get(name)?.properties.metadata ?? {};
    for (const name of [...ORPHANS_FACTS.claimed, ...ORPHANS_FACTS.ownedOrphans]) {
      expect(stamp(name), name).toMatchObject({ managedBy: 'privatelink-autopilot', autopilotInstance: 'default' });
    }
    expect(stamp('legacy-app')).not.toHaveProperty('managedBy');
    expect(stamp('orphans-retired').autopilotEndpoints).toBe(armIdKey(ORPHANS_FACTS.deletedEndpointId));
  });
});

describe('generateEstate', () => {
  const options = {
    subscriptions: 3,
    accountsPerSubscription: 4,
    endpointsPerAccount: 2,
    regionsPerAccount: 3,
    extraRecordsPerZone: 5,
    seed: 11,
  };

  it('creates the advertised numbers of each resource', () => {
    const estate = generateEstate(options);
    const count = (type: string): number => puts(estate, type).length;
    const {
      subscriptions: s,
      accountsPerSubscription: a,
      endpointsPerAccount: e,
      regionsPerAccount: r,
      extraRecordsPerZone: x,
    } = options;
    expect(count('Microsoft.Resources/resourceGroups')).toBe(s * (2 + e));
    expect(count('Microsoft.Network/virtualNetworks')).toBe(s * e);
    expect(count('Microsoft.Network/privateDnsZones')).toBe(s * e);
    expect(count('Microsoft.Network/privateDnsZones/virtualNetworkLinks')).toBe(s * e);
    expect(count('Microsoft.DocumentDB/databaseAccounts')).toBe(s * a);
    expect(count('Microsoft.Network/privateEndpoints')).toBe(s * a * e);
    expect(count('Microsoft.Network/privateDnsZones/A')).toBe(s * e * (a * (1 + r) + x));
    expect(estate.steps).toHaveLength(s * (2 + e) + 3 * s * e + s * a + s * a * e + s * e * (a * (1 + r) + x));
    expect(new Set(estate.steps.map((step) => parseArmId(step.path).subscriptionId))).toEqual(
      new Set([0, 1, 2].map(estateSubscriptionId)),
    );
  });

  it('gives every endpoint its own subnet, so its records point at the first addresses there', () => {
    const estate = generateEstate(options);
    const firstEndpoint = puts(estate, 'Microsoft.Network/privateEndpoints')[0];
    const subnetId = (firstEndpoint?.body as EndpointBody).properties.subnet.id;
    const endpoints = puts(estate, 'Microsoft.Network/privateEndpoints').map((s) =>
      (s.body as EndpointBody).properties.subnet.id.toLowerCase(),
    );
    expect(new Set(endpoints).size).toBe(endpoints.length);
    expect(subnetId).toMatch(/vnet-spoke-000\/subnets\/snet-a000$/);
    const firstRecords = estate.steps.slice(
      estate.steps.indexOf(firstEndpoint as ScenarioStep) + 1,
      estate.steps.indexOf(firstEndpoint as ScenarioStep) + 5,
    );
    expect(firstRecords.map((s) => (s.body as RecordBody).properties.aRecords[0]?.ipv4Address)).toEqual([
      '10.0.0.4',
      '10.0.0.5',
      '10.0.0.6',
      '10.0.0.7',
    ]);
  });

  it("with hubs, the first subscription holds each lane's zone and hub network, and every lane spoke is peered with it", () => {
    const estate = generateEstate({ ...options, hubs: true });
    const { subscriptions: s, accountsPerSubscription: a, endpointsPerAccount: e, regionsPerAccount: r } = options;
    const count = (type: string): number => puts(estate, type).length;
    expect(count('Microsoft.Network/virtualNetworks')).toBe(s * e + e);
    expect(count('Microsoft.Network/privateDnsZones')).toBe(e);
    expect(count('Microsoft.Network/virtualNetworks/virtualNetworkPeerings')).toBe(2 * s * e);
    const links = puts(estate, 'Microsoft.Network/privateDnsZones/virtualNetworkLinks').map(
      (step) => (step.body as { properties: { virtualNetwork: { id: string } } }).properties.virtualNetwork.id,
    );
    expect(links).toHaveLength(e);
    expect(links.every((id) => /\/virtualNetworks\/vnet-hub-\d{3}$/.test(id))).toBe(true);
    const zoneSubscriptions = puts(estate, 'Microsoft.Network/privateDnsZones/A').map(
      (step) => parseArmId(step.path).subscriptionId,
    );
    expect(new Set(zoneSubscriptions)).toEqual(new Set([estateSubscriptionId(0)]));
    expect(zoneSubscriptions).toHaveLength(s * e * a * (1 + r) + e * options.extraRecordsPerZone);
    const peerings = puts(estate, 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings').map((step) => step.path);
    expect(peerings.slice(-2)).toEqual([
      expect.stringMatching(/vnet-hub-001\/virtualNetworkPeerings\/peer-hub-to-s0002-spoke-001$/),
      expect.stringMatching(
        /0003\/resourceGroups\/rg-estate-network\/.*vnet-spoke-001\/virtualNetworkPeerings\/peer-spoke-to-hub-001$/,
      ),
    ]);
    expect(() => generateEstate({ ...options, hubs: 'yes' as unknown as boolean })).toThrow(
      /"hubs": expected true or false/,
    );
  });

  it('is deterministic for a seed and varies regions and stale-record ownership with it', () => {
    expect(generateEstate(options)).toEqual(generateEstate(options));
    const other = generateEstate({ ...options, seed: 12 });
    expect(JSON.stringify(other.steps)).not.toBe(JSON.stringify(generateEstate(options).steps));
    const stale = [...recordsIn(generateEstate({ ...options, extraRecordsPerZone: 200 })).entries()].filter(([name]) =>
      name.startsWith('stale-'),
    );
    const owned = stale.filter(([, r]) => r.properties.metadata.managedBy === 'privatelink-autopilot').length;
    expect(owned).toBeGreaterThan(60);
    expect(owned).toBeLessThan(140);
  });

  it.each([
    [{ subscriptions: 0 }, /"subscriptions": expected an integer from 1 to 4095, got 0/],
    [{ accountsPerSubscription: 257 }, /"accountsPerSubscription": expected an integer from 1 to 256/],
    [{ endpointsPerAccount: 1.5 }, /"endpointsPerAccount": expected an integer, got 1.5/],
    [{ regionsPerAccount: 13 }, /"regionsPerAccount": expected an integer from 1 to 12/],
    [{ extraRecordsPerZone: -1 }, /"extraRecordsPerZone"/],
    [{ seed: Number.NaN }, /"seed": expected an integer/],
    [{ accountsPerSubscription: 256, regionsPerAccount: 12, extraRecordsPerZone: 22_000 }, /25000/],
  ])('rejects %j naming the option', (change, message) => {
    expect(() => generateEstate({ ...options, ...change })).toThrow(message);
  });

  it('computes subnet hosts across octet boundaries', () => {
    expect(subnetHost('10.0.1.0/24', 4)).toBe('10.0.1.4');
    expect(subnetHost('10.0.0.0/16', 260)).toBe('10.0.1.4');
    expect(() => subnetHost('10.0.1.0', 4)).toThrow(/subnet prefix: expected a.b.c.d\/n/);
  });
});
