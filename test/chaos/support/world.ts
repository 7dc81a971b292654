/**
 * The chaos world: the `demo` world plus bait outside the scope (owned-looking records in a zone resource group and a
 * subscription the app must not touch, a record of another autopilot instance), and what people do to it. People act
 * through the emulator's own routes (no faults, long-running operations done at once, events emitted as ARM would),
 * so every write that goes over HTTP is the app's.
 */
import {
  aRecord,
  API_VERSIONS,
  cosmosAccount,
  cosmosRegionsChange,
  deleteResource,
  ELASTIC_ALIAS_FACTS,
  hubZone,
  keyVault,
  mongoCluster,
  ownedBy,
  privateDnsZone,
  PROVIDER_SUBSCRIPTION,
  resourceGroup,
  SEED_COSMOS_FACTS,
  workloadSpoke,
  WORKLOAD_SUBSCRIPTION,
  ZONES,
  type RunningEmulator,
  type Scenario,
  type ScenarioStep,
} from '@privatelink-autopilot/arm-emulator';
import { ENDPOINT_TYPE, ZONE_TYPE } from './oracle';

interface RecordBody {
  properties?: { metadata?: Record<string, string>; aRecords?: Array<{ ipv4Address: string }>; ttl?: number };
}

export const DNS_GROUP = 'rg-dns';
/** A team's own zone group in the workload subscription: not one of AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS. */
const teamGroup = resourceGroup(WORKLOAD_SUBSCRIPTION, 'rg-dns-team', 'westus');
const teamZone = privateDnsZone(teamGroup.id, ZONES.cosmosSql);
const providerDns = resourceGroup(PROVIDER_SUBSCRIPTION, DNS_GROUP, 'eastus');
const providerZone = privateDnsZone(providerDns.id, ZONES.cosmosSql);
const GONE_ENDPOINT = `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourceGroups/rg-gone/providers/Microsoft.Network/privateEndpoints/pe-gone`;

/** Records that look like ours (or like another instance's) and must never be written: the scope's bait. */
export const BAIT = [
  aRecord(teamZone.id, 'seed-cosmos', ['10.9.9.9'], ownedBy([SEED_COSMOS_FACTS.endpointId])),
  aRecord(teamZone.id, 'chaos-team-orphan', ['10.9.9.10'], ownedBy([GONE_ENDPOINT])),
  aRecord(providerZone.id, 'chaos-provider-orphan', ['10.9.9.11'], ownedBy([GONE_ENDPOINT])),
  aRecord(hubZone(ZONES.cosmosSql).id, 'chaos-other-instance', ['10.0.9.9'], {
    ...ownedBy([GONE_ENDPOINT]),
    autopilotInstance: 'other',
  }),
];

export const CHAOS_EXTRAS: Scenario = {
  name: 'chaos-extras',
  description: "bait outside the scope and another instance's record",
  steps: [teamGroup, teamZone, providerDns, providerZone, ...BAIT].map((b) => b.step),
};

const keyvaultSpoke = workloadSpoke('keyvault', 'westus', 1);
const seedSpoke = workloadSpoke('seed', 'westus', 0);
const mongoSpoke = workloadSpoke('mongo', 'eastus', 2);
const TARGET_TYPES = [
  'Microsoft.DocumentDB/databaseAccounts',
  'Microsoft.KeyVault/vaults',
  'Microsoft.DocumentDB/mongoClusters',
];

/** What people did to the world, for the run's record. */
export class People {
  private made = 0;
  /** Endpoints the schedule created, with the step that creates each again. */
  private readonly created = new Map<string, ScenarioStep>();
  readonly log: string[] = [];

  /** `accounts`: other Cosmos DB accounts whose regions change with seed-cosmos's (the two-hub world's). */
  constructor(
    private readonly emulator: RunningEmulator,
    private readonly accounts: readonly string[] = [],
  ) {}

  private async act(what: string, steps: ScenarioStep[]): Promise<void> {
    this.log.push(what);
    await this.emulator.loadScenario({ name: what, description: what, steps }, true);
  }

  regions(regions: readonly string[]): Promise<void> {
    const accounts = [SEED_COSMOS_FACTS.accountId, ...this.accounts];
    return this.act(
      `${accounts.map(short).join(' and ')} regions: West US, ${regions.join(', ') || '(no others)'}`,
      accounts.map((account) => cosmosRegionsChange(account, ['West US', ...regions])),
    );
  }

  async vault(message: string): Promise<void> {
    const n = ++this.made;
    const vault = keyVault(keyvaultSpoke.resourceGroup.id, `kv-chaos-${n}`, 'westus');
    const endpoint = keyvaultSpoke.endpoint({
      name: `pe-kv-chaos-${n}`,
      target: vault.id,
      groupIds: ['vault'],
      manual: true,
      ...(message ? { requestMessage: message } : {}),
    });
    this.created.set(endpoint.id, endpoint.step);
    await this.act(`vault kv-chaos-${n} with a manual endpoint asking ${JSON.stringify(message)}`, [
      vault.step,
      endpoint.step,
    ]);
  }

  async cosmos(regions: readonly string[]): Promise<void> {
    const n = ++this.made;
    const account = cosmosAccount(seedSpoke.resourceGroup.id, `cosmos-chaos-${n}`, ['West US', ...regions]);
    const endpoint = seedSpoke.endpoint({ name: `pe-cosmos-chaos-${n}`, target: account.id, groupIds: ['Sql'] });
    this.created.set(endpoint.id, endpoint.step);
    await this.act(`cosmos account cosmos-chaos-${n} with an endpoint`, [account.step, endpoint.step]);
  }

  async mongo(): Promise<void> {
    const n = ++this.made;
    const cluster = mongoCluster(mongoSpoke.resourceGroup.id, `mongo-chaos-${n}`, 'eastus');
    const endpoint = mongoSpoke.endpoint({
      name: `pe-mongo-chaos-${n}`,
      target: cluster.id,
      groupIds: ['MongoCluster'],
    });
    this.created.set(endpoint.id, endpoint.step);
    await this.act(`mongo cluster mongo-chaos-${n} with an endpoint`, [cluster.step, endpoint.step]);
  }

  async deleteEndpoint(pick: number): Promise<void> {
    const alive = this.emulator.state
      .listAll(ENDPOINT_TYPE)
      .map((e) => e.id)
      .sort();
    const id = alive[pick % Math.max(alive.length, 1)];
    if (id === undefined) return;
    await this.act(`delete ${short(id)}`, [deleteResource(id, API_VERSIONS.network)]);
  }

  async recreateEndpoint(pick: number): Promise<void> {
    const ids = [...this.created.keys()].sort();
    const id = ids[pick % Math.max(ids.length, 1)];
    if (id === undefined) return this.vault('CHG1 recreated later');
    const steps = this.emulator.state.get(id) ? [deleteResource(id, API_VERSIONS.network)] : [];
    await this.act(`delete and create again ${short(id)}`, [...steps, this.created.get(id) as ScenarioStep]);
  }

  async elasticApprove(): Promise<void> {
    const list = this.emulator.read(`${ELASTIC_ALIAS_FACTS.serviceId}/privateEndpointConnections`) as
      | { value?: Array<{ id: string; properties?: { privateLinkServiceConnectionState?: { status?: string } } }> }
      | undefined;
    const pending = (list?.value ?? []).filter(
      (c) => c.properties?.privateLinkServiceConnectionState?.status === 'Pending',
    );
    await this.act(
      'the SaaS provider approves the Elastic connection',
      pending.map((c) => ({
        method: 'PUT',
        path: c.id,
        apiVersion: API_VERSIONS.network,
        body: {
          properties: {
            privateLinkServiceConnectionState: { status: 'Approved', description: 'traffic filter created' },
          },
        },
      })),
    );
  }

  /** Records a person took over, with what they wrote: the app must leave them exactly so. */
  readonly takenOver = new Map<string, { ips: string[]; metadata: Record<string, string> }>();

  /** A record the app manages in the zone scope (our ownership metadata), picked by index. */
  private managedRecord(pick: number): { id: string; body: RecordBody } | undefined {
    const prefix = `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourcegroups/${DNS_GROUP}/`;
    const records = this.emulator.state
      .listAll(ZONE_TYPE)
      .filter((z) => z.id.toLowerCase().startsWith(prefix))
      .flatMap((z) => this.emulator.state.children(z.id, `${ZONE_TYPE}/A`))
      .filter((r) => {
        const metadata = (r.body as RecordBody).properties?.metadata ?? {};
        return metadata.managedBy === 'privatelink-autopilot' && metadata.autopilotInstance === 'default';
      })
      .sort((a, b) => a.id.localeCompare(b.id));
    const record = records[pick % Math.max(records.length, 1)];
    return record && { id: record.id, body: record.body as RecordBody };
  }

  async recordDelete(pick: number): Promise<void> {
    const record = this.managedRecord(pick);
    if (!record) return;
    await this.act(`a person deletes record ${short(record.id)}`, [deleteResource(record.id, API_VERSIONS.privateDns)]);
  }

  async recordChange(pick: number): Promise<void> {
    const record = this.managedRecord(pick);
    if (!record) return;
    const properties = { ...record.body.properties, aRecords: [{ ipv4Address: `192.0.2.${1 + (pick % 250)}` }] };
    await this.act(`a person points record ${short(record.id)} at ${properties.aRecords[0]?.ipv4Address}`, [
      { method: 'PUT', path: record.id, apiVersion: API_VERSIONS.privateDns, body: { properties } },
    ]);
  }

  async recordTakeOver(pick: number): Promise<void> {
    const record = this.managedRecord(pick);
    if (!record) return;
    const ip = `198.51.100.${1 + (pick % 250)}`;
    const metadata = { owner: 'team-network' };
    this.takenOver.set(record.id, { ips: [ip], metadata });
    await this.act(`a person takes record ${short(record.id)} over (${ip}, no ownership metadata)`, [
      {
        method: 'PUT',
        path: record.id,
        apiVersion: API_VERSIONS.privateDns,
        body: { properties: { ...record.body.properties, metadata, aRecords: [{ ipv4Address: ip }] } },
      },
    ]);
  }

  /** A target alive now (accounts, vaults, clusters), picked by index. */
  target(pick: number): string | undefined {
    const targets = TARGET_TYPES.flatMap((type) => this.emulator.state.listAll(type).map((r) => r.id)).sort();
    return targets[pick % Math.max(targets.length, 1)];
  }
}

/** Events naming things outside the scope: another subscription's account, the provider's service, a zone record in an out-of-scope group. */
export function forgedEvent(variant: number, id: string): Record<string, unknown> {
  const subjects = [
    [
      `/subscriptions/00000000-0000-0000-0000-0000000000ff/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/elsewhere`,
      'Microsoft.DocumentDB/databaseAccounts/write',
    ],
    [ELASTIC_ALIAS_FACTS.serviceId, 'Microsoft.Network/privateLinkServices/write'],
    [`${teamZone.id}/A/seed-cosmos`, 'Microsoft.Network/privateDnsZones/A/write'],
    [
      `/subscriptions/${PROVIDER_SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-outside`,
      'Microsoft.Network/privateEndpoints/delete',
    ],
  ] as const;
  const [subject, operationName] = subjects[variant % subjects.length] as readonly [string, string];
  const subscriptionId = subject.split('/')[2] ?? '';
  return {
    subject,
    eventType: operationName.endsWith('/delete')
      ? 'Microsoft.Resources.ResourceDeleteSuccess'
      : 'Microsoft.Resources.ResourceWriteSuccess',
    eventTime: new Date().toISOString(),
    id,
    data: {
      resourceProvider: operationName.split('/')[0],
      resourceUri: subject,
      operationName,
      status: 'Succeeded',
      subscriptionId,
    },
    dataVersion: '2',
    metadataVersion: '1',
    topic: `/subscriptions/${subscriptionId}`,
  };
}

export function short(id: string): string {
  return id.split('/').pop() ?? id;
}
