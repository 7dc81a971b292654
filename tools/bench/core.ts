/**
 * Benchmarks of the pure core on a large generated estate: how long planning, policy evaluation and event routing
 * take and how much heap they hold. Figures are printed, never asserted: targets live here, not in timed tests.
 */
import { buildCatalogue } from '../../src/core/catalogue';
import { claimsResolver } from '../../src/core/claims';
import { planDns } from '../../src/core/plan/plan-dns';
import { routeDelivery } from '../../src/core/events';
import {
  ENDPOINTS_METADATA_KEY,
  INSTANCE_METADATA_KEY,
  OWNERSHIP_METADATA_KEY,
  OWNERSHIP_METADATA_VALUE,
  type ObservedConnection,
  type ObservedEndpoint,
  type ObservedRecordSet,
  type ObservedZone,
} from '../../src/core/model';
import { evaluatePolicy, parsePolicy } from '../../src/core/policy';

export interface EstateSize {
  accounts: number;
  endpointsPerAccount: number;
  regionsPerAccount: number;
}

const REGIONS = ['westus', 'centralus', 'westeurope', 'eastus', 'northeurope', 'southeastasia', 'japaneast', 'uksouth'];
const SUB = '0000000a-0000-0000-0000-000000000000';
const ZONE: ObservedZone = {
  id: `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.documents.azure.com`,
  name: 'privatelink.documents.azure.com',
};

/** A converged estate with one stale region record per account, so the planner has real work on every row. */
export function generateWorld(size: EstateSize): { endpoints: ObservedEndpoint[]; records: ObservedRecordSet[] } {
  const endpoints: ObservedEndpoint[] = [];
  const records: ObservedRecordSet[] = [];
  let ip = 0;
  const nextIp = () => {
    ip += 1;
    return `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`;
  };
  for (let a = 0; a < size.accounts; a++) {
    const account = `acct${a}`;
    const target = `/subscriptions/${SUB}/resourceGroups/rg-data/providers/Microsoft.DocumentDB/databaseAccounts/${account}`;
    const members = [account, ...REGIONS.slice(0, size.regionsPerAccount).map((r) => `${account}-${r}`)];
    // One endpoint per account owns the shared zone's records; the others live in other (spoke) zones in reality.
    for (let e = 0; e < size.endpointsPerAccount; e++) {
      const id = `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Network/privateEndpoints/pe-${a}-${e}`;
      const ipConfigurations = members.map((m) => ({
        groupId: 'Sql',
        memberName: m,
        fqdns: [`${m}.documents.azure.com`],
        ipAddress: nextIp(),
      }));
      endpoints.push({
        id,
        provisioningState: 'Succeeded',
        connectionStatus: e === 0 ? 'Approved' : 'Pending',
        target,
        groupIds: ['Sql'],
        ipConfigurations,
        managedByZoneGroup: false,
      });
      if (e === 0) {
        for (const c of ipConfigurations) {
          records.push(owned(c.memberName, [c.ipAddress], id));
        }
      }
    }
    records.push(owned(`${account}-stale`, [nextIp()], 'gone'));
  }
  return { endpoints, records };
}

function owned(name: string, ips: string[], endpointId: string): ObservedRecordSet {
  return {
    zoneId: ZONE.id,
    zone: ZONE.name,
    name,
    ips,
    ttl: 10,
    metadata: {
      [OWNERSHIP_METADATA_KEY]: OWNERSHIP_METADATA_VALUE,
      [INSTANCE_METADATA_KEY]: 'default',
      [ENDPOINTS_METADATA_KEY]: endpointId.toLowerCase(),
    },
  };
}

export interface Figure {
  name: string;
  items: number;
  ms: number;
  perSecond: number;
  heapDeltaMb: number;
}

async function measure(name: string, items: number, run: () => unknown): Promise<Figure> {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const start = process.hrtime.bigint();
  const kept = await run();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const heapDeltaMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  void kept;
  return { name, items, ms, perSecond: items / (ms / 1000), heapDeltaMb };
}

export async function runCoreBenchmarks(size: EstateSize): Promise<Figure[]> {
  const world = generateWorld(size);
  const claimsOf = claimsResolver(buildCatalogue([]));
  const figures: Figure[] = [];
  const plan = () =>
    planDns({
      endpoints: world.endpoints,
      zones: [ZONE],
      records: world.records,
      claimsOf,
      options: { ownershipMode: 'owned-only', instanceId: 'default', ttlSeconds: 10 },
    });
  const name = `dns plan: ${world.endpoints.length} endpoints, ${world.records.length} records`;
  // The first run pays for compiling; then the median of three, which a busy machine disturbs least.
  figures.push(await measure(`${name} (first run)`, world.records.length, plan));
  const runs = [
    await measure(name, world.records.length, plan),
    await measure(name, world.records.length, plan),
    await measure(name, world.records.length, plan),
  ];
  figures.push(runs.sort((a, b) => a.ms - b.ms)[1] as Figure);
  const policy = parsePolicy(
    {
      version: 1,
      defaultAction: 'leave-pending',
      rules: [
        {
          name: 'hub',
          match: { requesterResourceGroups: ['net-*'], groupIds: ['Sql'], requestMessage: '^CHG[0-9]+' },
          action: 'approve',
        },
        { name: 'prod', match: { targetIds: ['/subscriptions/*/resourceGroups/prod-*/**'] }, action: 'reject' },
      ],
    },
    'bench',
  );
  const connections: ObservedConnection[] = world.endpoints.map((e, n) => ({
    id: `${e.target}/privateEndpointConnections/c${n}`,
    name: `c${n}`,
    targetId: e.target,
    targetType: 'Microsoft.DocumentDB/databaseAccounts',
    targetTags: {},
    privateEndpointId: e.id,
    groupIds: ['Sql'],
    status: 'Pending',
    description: n % 2 ? 'CHG1234' : 'please',
  }));
  figures.push(
    await measure(`policy: ${connections.length} connections`, connections.length, () =>
      connections.map((c) => evaluatePolicy(policy, c)),
    ),
  );
  const events = world.endpoints.map((e, n) => ({
    id: `ev${n}`,
    subject: e.target,
    eventType: 'Microsoft.Resources.ResourceWriteSuccess',
    eventTime: '2026-11-22T00:00:00Z',
    dataVersion: '2',
    metadataVersion: '1',
    topic: `/subscriptions/${SUB}`,
    data: {
      operationName: 'Microsoft.DocumentDB/databaseAccounts/write',
      status: 'Succeeded',
      subscriptionId: SUB,
      resourceUri: e.target,
    },
  }));
  figures.push(
    await measure(`event routing: ${events.length} events in one delivery`, events.length, () =>
      routeDelivery(events, { scopeSubscriptions: [SUB] }),
    ),
  );
  return figures;
}
