/**
 * The seed stories, played through the emulator the way they happen in Azure: a person changes something, ARM emits
 * an event, the function app converges. Each story acts with SDK calls only and then waits for its converged state,
 * checked from what the emulator holds (records, connections, endpoints), never from what the host says it did.
 */
import {
  cosmosRegionsChange,
  deleteResource,
  ELASTIC_ALIAS_FACTS,
  hubZone,
  keyVault,
  mongoCluster,
  ORPHANS_FACTS,
  PROVIDER_SUBSCRIPTION,
  SEED_COSMOS_FACTS,
  workloadSpoke,
  WORKLOAD_SUBSCRIPTION,
  ZONES,
  API_VERSIONS,
  type RunningEmulator,
} from '@privatelink-autopilot/arm-emulator';
import { ArmClients, emulatorTarget } from '../../src/azure/clients';
import { ConnectionAdapter } from '../../src/azure/connections';
import { DnsAdapter } from '../../src/azure/dns';
import { createArmContext } from '../../src/azure/ports';
import { recordedEndpoints } from '../../src/core/plan/dns/ownership';
import { runPolicy } from '../../src/core/plan';
import { normaliseResourceId } from '../../src/core/resource-id';
import { loadSettings } from '../../src/core/settings';
import { observeAndPlan } from '../../src/engine';
import { OUTCOME_EVENT_TYPES } from '../../src/core/outcome-events';
import { applyThroughArm, until } from './arm-actions';
import type { LocalHost } from './host';

export interface StoryWorld {
  host: LocalHost;
  emulator: RunningEmulator;
  /** The person's own clients: their calls are not the app's. */
  clients: ArmClients;
  /** Milliseconds a story may take to converge (real time). */
  patienceMs: number;
}

export interface Verdict {
  ok: boolean;
  detail: string;
}

export interface Story {
  name: string;
  title: string;
  act(world: StoryWorld): Promise<void>;
  converged(world: StoryWorld): Promise<Verdict>;
}

/** The records a person breaks in the drift-repaired story: both claimed by seed-cosmos's endpoint. */
const DRIFT = { deleted: 'seed-cosmos', changed: 'seed-cosmos-westus' } as const;

const keyvaultSpoke = workloadSpoke('keyvault', 'westus', 1);
const arrivalsVault = keyVault(keyvaultSpoke.resourceGroup.id, 'kv-arrivals', 'westus');
const arrivalsVaultEndpoint = keyvaultSpoke.endpoint({
  name: 'pe-kv-arrivals',
  target: arrivalsVault.id,
  groupIds: ['vault'],
  manual: true,
  requestMessage: 'CHG4711 payments vault for the batch jobs',
});
const handoffVault = keyVault(keyvaultSpoke.resourceGroup.id, 'kv-handoff', 'westus');
const handoffVaultEndpoint = keyvaultSpoke.endpoint({
  name: 'pe-kv-handoff',
  target: handoffVault.id,
  groupIds: ['vault'],
  manual: true,
  requestMessage: 'reporting job needs the vault, ticket to follow',
});
const mongoSpoke = workloadSpoke('mongo', 'eastus', 2);
const arrivalsCluster = mongoCluster(mongoSpoke.resourceGroup.id, 'mongo-arrivals', 'eastus');
const arrivalsClusterEndpoint = mongoSpoke.endpoint({
  name: 'pe-mongo-arrivals',
  target: arrivalsCluster.id,
  groupIds: ['MongoCluster'],
});

export const STORIES: readonly Story[] = [
  {
    name: 'catch-up',
    title:
      'after deploying: one reconcile of the whole subscription (POST /api/reconcile), as the README says to do once',
    async act(world) {
      const response = await fetch(`${world.host.hostUrl}/api/reconcile`, {
        method: 'POST',
        headers: { 'x-functions-key': world.host.functionKey, 'content-type': 'application/json' },
        body: JSON.stringify({ subscriptionId: WORKLOAD_SUBSCRIPTION }),
      });
      if (response.status !== 202)
        throw new Error(`POST /api/reconcile answered ${response.status}: ${await response.text()}`);
    },
    async converged(world) {
      const plan = await planOf(world);
      const left = plan.changes.filter((c) => c.kind !== 'dns-delete');
      return {
        ok: left.length === 0,
        detail:
          left.length === 0
            ? 'nothing left to create, update, refresh or decide'
            : `still to do: ${left.map((c) => `${c.kind} ${short(c.resourceId)}`).join(', ')}`,
      };
    },
  },
  {
    name: 'cosmos-region',
    title: 'seed-cosmos adds the East US region (SDK only; the account event does the rest)',
    async act(world) {
      await applyThroughArm(
        world.clients,
        cosmosRegionsChange(SEED_COSMOS_FACTS.accountId, [...SEED_COSMOS_FACTS.regions, 'East US']),
      );
    },
    async converged(world) {
      const record = (await records(world, SEED_COSMOS_FACTS.zoneId)).find((r) => r.name === 'seed-cosmos-eastus');
      const endpoint = await endpointConnections(world, SEED_COSMOS_FACTS.endpointId);
      const ok = record !== undefined && record.ips.length === 1 && !endpoint.some((c) => /recreate/i.test(c));
      return {
        ok,
        detail: ok
          ? `endpoint refreshed; seed-cosmos-eastus → ${record?.ips.join(', ')}`
          : `record ${record ? record.ips.join(',') : 'missing'}; endpoint asks: ${endpoint.join(', ') || 'nothing'}`,
      };
    },
  },
  {
    name: 'keyvault-pending',
    title:
      'a new Key Vault gets a manual endpoint whose connection arrives Pending ("CHG4711 …"): the policy approves it',
    async act(world) {
      await applyThroughArm(world.clients, arrivalsVault.step);
      await applyThroughArm(world.clients, arrivalsVaultEndpoint.step);
    },
    async converged(world) {
      const { connections } = await new ConnectionAdapter(world.clients).listConnections(arrivalsVault.id);
      const status = connections.find(
        (c) =>
          c.privateEndpointId &&
          normaliseResourceId(c.privateEndpointId) === normaliseResourceId(arrivalsVaultEndpoint.id),
      )?.status;
      const record = (await records(world, zoneIdOf(ZONES.keyVault))).find((r) => r.name === 'kv-arrivals');
      const ok = status === 'Approved' && record !== undefined;
      return {
        ok,
        detail: `connection ${status ?? 'missing'}; record kv-arrivals ${record ? `→ ${record.ips.join(', ')}` : 'missing'}`,
      };
    },
  },
  {
    name: 'keyvault-needs-human',
    title:
      'a Key Vault connection arrives Pending without a change ticket: the policy leaves it to a person, and the outcome event that would be routed names it',
    async act(world) {
      await applyThroughArm(world.clients, handoffVault.step);
      await applyThroughArm(world.clients, handoffVaultEndpoint.step);
    },
    async converged(world) {
      const { connections } = await new ConnectionAdapter(world.clients).listConnections(handoffVault.id);
      const connection = connections.find(
        (c) =>
          c.privateEndpointId &&
          normaliseResourceId(c.privateEndpointId) === normaliseResourceId(handoffVaultEndpoint.id),
      );
      const event = world.host.outcomes?.events.find(
        (e) =>
          e.type === OUTCOME_EVENT_TYPES.connectionNeedsHuman &&
          connection !== undefined &&
          normaliseResourceId(e.subject ?? '') === normaliseResourceId(connection.id),
      );
      const ok = connection?.status === 'Pending' && event !== undefined;
      return {
        ok,
        detail: `connection ${connection?.status ?? 'missing'}; ${event ? `would route ${event.type} ${short(event.subject ?? '')}` : 'no ConnectionNeedsHuman event yet'}`,
      };
    },
  },
  {
    name: 'mongo-endpoint',
    title: 'a Mongo vCore cluster gets a private endpoint: its node record is written',
    async act(world) {
      await applyThroughArm(world.clients, arrivalsCluster.step);
      await applyThroughArm(world.clients, arrivalsClusterEndpoint.step);
    },
    async converged(world) {
      const written = await recordsWrittenFor(world, zoneIdOf(ZONES.mongoCluster), arrivalsClusterEndpoint.id);
      return {
        ok: written.length > 0,
        detail:
          written.length > 0
            ? `records ${written.map((r) => `${r.name} → ${r.ips.join(', ')}`).join('; ')}`
            : 'no record for the new endpoint',
      };
    },
  },
  {
    name: 'elastic-approved',
    title:
      'the SaaS provider approves the Elastic Cloud endpoint on its side (no event reaches us): the follow-up pass writes its wildcard record',
    async act(world) {
      const services = new ArmClients(emulatorTarget(world.emulator)).network(
        PROVIDER_SUBSCRIPTION,
      ).privateLinkServices;
      const [, , , , resourceGroup, , , , service] = ELASTIC_ALIAS_FACTS.serviceId.split('/');
      for await (const connection of services.listPrivateEndpointConnections(
        resourceGroup as string,
        service as string,
      )) {
        if (connection.name && connection.privateLinkServiceConnectionState?.status === 'Pending') {
          await services.updatePrivateEndpointConnection(resourceGroup as string, service as string, connection.name, {
            ...connection,
            privateLinkServiceConnectionState: { status: 'Approved', description: 'traffic filter created' },
          });
        }
      }
    },
    async converged(world) {
      const record = (await records(world, ELASTIC_ALIAS_FACTS.zoneId)).find((r) => r.name === '*');
      return { ok: record !== undefined, detail: record ? `* → ${record.ips.join(', ')}` : 'no wildcard record yet' };
    },
  },
  {
    name: 'drift-repaired',
    title:
      'a person deletes a record seed-cosmos claims and points another at 192.0.2.99 (SDK only): their record events put both back',
    async act(world) {
      const [, , subscription, , resourceGroup, , , , zone] = SEED_COSMOS_FACTS.zoneId.split('/');
      const recordSets = world.clients.privateDns(subscription as string).recordSets;
      await recordSets.delete(resourceGroup as string, zone as string, 'A', DRIFT.deleted);
      const changed = await recordSets.get(resourceGroup as string, zone as string, 'A', DRIFT.changed);
      await recordSets.createOrUpdate(resourceGroup as string, zone as string, 'A', DRIFT.changed, {
        ...changed,
        aRecords: [{ ipv4Address: '192.0.2.99' }],
      });
    },
    async converged(world) {
      const now = new Map((await records(world, SEED_COSMOS_FACTS.zoneId)).map((r) => [r.name, r]));
      const back = [DRIFT.deleted, DRIFT.changed].filter(
        (name) => now.get(name)?.ips.join(',') === SEED_COSMOS_FACTS.records[name],
      );
      // Repaired by the record events' run (reconcileZone), not by a periodic pass.
      const repairs = (world.host.outcomes?.events ?? [])
        .filter((e) => e.type === OUTCOME_EVENT_TYPES.driftRepaired)
        .map((e) => e.data as { drift: { resourceId: string; found: string }; outcome: { orchestration: string } })
        .filter((d) => d.outcome.orchestration === 'reconcileZone')
        .map((d) => `${short(d.drift.resourceId).toLowerCase()} ${d.drift.found}`);
      const expected = [`${DRIFT.deleted} record-missing`, `${DRIFT.changed} record-changed`];
      const ok = back.length === 2 && expected.every((r) => repairs.includes(r));
      return {
        ok,
        detail: ok
          ? `${DRIFT.deleted} recreated and ${DRIFT.changed} put back by their events (${expected.join(', ')})`
          : `back: ${back.join(', ') || 'none'}; repairs reported: ${repairs.join(', ') || 'none'}`,
      };
    },
  },
  {
    name: 'endpoint-deleted',
    title: 'the Mongo vCore endpoint is deleted: the records it claimed go with it',
    async act(world) {
      await applyThroughArm(world.clients, deleteResource(arrivalsClusterEndpoint.id, API_VERSIONS.network));
    },
    async converged(world) {
      const left = await recordsWrittenFor(world, zoneIdOf(ZONES.mongoCluster), arrivalsClusterEndpoint.id);
      return {
        ok: left.length === 0,
        detail: left.length === 0 ? 'its records are gone' : `still there: ${left.map((r) => r.name).join(', ')}`,
      };
    },
  },
  {
    name: 'orphans-swept',
    title: 'the orphan sweep marks unclaimed records, then deletes them once the grace period has passed',
    async act(world) {
      await sweepOnce(world);
      const graceMs = (Number(process.env.AUTOPILOT_SWEEP_GRACE_MINUTES ?? '0') * 60_000) / world.host.timeScale;
      await new Promise((resolve) => setTimeout(resolve, graceMs + 50));
      await sweepOnce(world);
    },
    async converged(world) {
      const names = new Set((await records(world, ORPHANS_FACTS.zoneId)).map((r) => r.name));
      const left = ORPHANS_FACTS.ownedOrphans.filter((n) => names.has(n));
      const ok = left.length === 0 && names.has('legacy-app') && ORPHANS_FACTS.claimed.every((n) => names.has(n));
      return {
        ok,
        detail: ok
          ? `deleted ${ORPHANS_FACTS.ownedOrphans.join(', ')}; kept the claimed records and the hand-made legacy-app`
          : `left: ${left.join(', ') || 'none'}`,
      };
    },
  },
];

export async function playStory(story: Story, world: StoryWorld): Promise<Verdict> {
  await story.act(world);
  let verdict: Verdict = { ok: false, detail: 'not checked' };
  try {
    await until(world.patienceMs, async () => (verdict = await story.converged(world)).ok, story.name, 200);
  } catch {
    // The last verdict says what is missing.
  }
  return verdict;
}

async function sweepOnce(world: StoryWorld): Promise<void> {
  await world.host.invoke('orphanSweepTimer');
  await world.host.runtime.waitForCompletion('sweep-orphans', world.patienceMs);
}

async function records(world: StoryWorld, zoneId: string) {
  return (await new DnsAdapter(world.clients).listRecordSets(zoneId)).records;
}

async function recordsWrittenFor(world: StoryWorld, zoneId: string, endpointId: string) {
  const key = normaliseResourceId(endpointId);
  return (await records(world, zoneId)).filter((r) =>
    recordedEndpoints(r.metadata).some((id) => normaliseResourceId(id) === key),
  );
}

async function endpointConnections(world: StoryWorld, endpointId: string): Promise<string[]> {
  const [, , subscription, , resourceGroup, , , , name] = endpointId.split('/');
  const endpoint = await world.clients
    .network(subscription as string)
    .privateEndpoints.get(resourceGroup as string, name as string);
  return [...(endpoint.privateLinkServiceConnections ?? []), ...(endpoint.manualPrivateLinkServiceConnections ?? [])]
    .map((c) => c.privateLinkServiceConnectionState?.actionsRequired ?? '')
    .filter(Boolean);
}

async function planOf(world: StoryWorld) {
  const ctx = createArmContext({ settings: loadSettings(process.env), clients: world.clients });
  return (await observeAndPlan(ctx, {}, runPolicy({ kind: 'subscription', entry: 'cli', dryRun: true }))).plan;
}

function zoneIdOf(zone: string): string {
  return hubZone(zone).id;
}

function short(id: string): string {
  return id.split('/').pop() ?? id;
}
