/**
 * What a run costs in ARM calls as the estate grows, through the real SDK clients against the emulator: a focused
 * reconcile about one Cosmos DB account with two endpoints (an event's run), a whole-scope pass, and the same whole
 * scope read the way it was before this change (a read per endpoint's NIC and zone groups and per target's
 * connections, through the adapters' per-resource methods). Throttling is off here: these count calls, not time.
 */
import { ArmClients, emulatorTarget } from '../../src/azure/clients';
import { ConnectionAdapter } from '../../src/azure/connections';
import { DnsAdapter } from '../../src/azure/dns';
import { EndpointAdapter } from '../../src/azure/endpoints';
import { createArmContext } from '../../src/azure/ports';
import { TargetAdapter } from '../../src/azure/targets';
import type { ArmCallCount } from '../../src/core/model';
import { runPolicy, type RunKind } from '../../src/core/plan/run-policy';
import { loadSettings, type Settings } from '../../src/core/settings';
import { APPLY_PARTS } from '../../src/engine/apply';
import { observeAndPlan, reconcileStep } from '../../src/engine/reconcile';
import { fleetReport } from '../../src/engine/report';
import {
  estateSubscriptionId,
  generateEstate,
  startEmulator,
  type RunningEmulator,
} from '@privatelink-autopilot/arm-emulator';

export interface ScaleFigure {
  endpoints: number;
  records: number;
  focused: ArmCallCount;
  wholeScope: ArmCallCount;
  perResource: ArmCallCount;
  /** The fleet report of the whole scope (`privatelink-autopilot report`): its calls, rows and wall time. */
  report: { calls: ArmCallCount; targets: number; ms: number };
  /** Planned changes of the whole-scope pass (the same estate, so the same work). */
  changes: number;
  /** The periodic pass (every scope subscription, its three steps) once the estate has converged. */
  periodicConverged: ArmCallCount;
}

const UNTHROTTLED = { enabled: false, privateDns: { enabled: false } };

/** `endpoints` = subscriptions × accounts × 2 endpoints (one per lane, each lane its own zone), 3 regions per account. */
export async function runScaleBenchmark(endpoints: number): Promise<ScaleFigure> {
  const subscriptions = Math.max(1, Math.ceil(endpoints / 2 / 250));
  const accountsPerSubscription = endpoints / 2 / subscriptions;
  const scenario = generateEstate({
    subscriptions,
    accountsPerSubscription,
    endpointsPerAccount: 2,
    regionsPerAccount: 3,
    extraRecordsPerZone: 10,
    seed: 7,
  });
  const emulator = await startEmulator({ scenario, throttle: UNTHROTTLED, lro: { msBeforeDone: 50 } });
  try {
    const settings = settingsFor(emulator, subscriptions);
    const context = () => createArmContext({ settings, clients: unpacedClients(emulator) });
    const account = `/subscriptions/${estateSubscriptionId(0)}/resourceGroups/rg-estate-data/providers/Microsoft.DocumentDB/databaseAccounts/est-s0000-a000`;

    const focusedRun = context();
    const policy = (kind: RunKind) => runPolicy({ kind, entry: 'cli', dryRun: true });
    await observeAndPlan(focusedRun, { resourceId: account }, policy('target'));

    const wholeRun = context();
    const { observation: whole, plan } = await observeAndPlan(wholeRun, {}, policy('subscription'));
    const changes = plan.changes.length;

    const reportRun = context();
    const started = performance.now();
    const { report } = await fleetReport(reportRun, 'cli');
    const reportMs = performance.now() - started;

    const perResource = await perResourcePass(unpacedClients(emulator), settings);
    await periodicPass(context, settings); // converges what it can (the figure is the pass after it)
    const periodicConverged = await periodicPass(context, settings);
    return {
      periodicConverged,
      endpoints,
      records: whole.records.length,
      focused: focusedRun.arm.meter.calls,
      wholeScope: wholeRun.arm.meter.calls,
      perResource,
      report: { calls: reportRun.arm.meter.calls, targets: report.targets.length, ms: reportMs },
      changes,
    };
  } finally {
    await emulator.close();
  }
}

/** The periodic pass's activities in order (src/orchestrations/periodic-reconcile.ts), summed. */
async function periodicPass(
  context: () => ReturnType<typeof createArmContext>,
  settings: Settings,
): Promise<ArmCallCount> {
  const sum: ArmCallCount = { reads: 0, writes: 0, deletes: 0 };
  for (const subscriptionId of settings.scopeSubscriptions)
    for (const part of APPLY_PARTS) {
      const { calls } = await reconcileStep(context(), { subject: { subscriptionId }, part, dryRun: false });
      sum.reads += calls.reads;
      sum.writes += calls.writes;
      sum.deletes += calls.deletes;
    }
  return sum;
}

function settingsFor(emulator: RunningEmulator, subscriptions: number): Settings {
  return loadSettings({
    AUTOPILOT_SCOPE_SUBSCRIPTIONS: Array.from({ length: subscriptions }, (_v, s) => estateSubscriptionId(s)).join(','),
    AUTOPILOT_DNS_ZONE_SUBSCRIPTION: estateSubscriptionId(0),
    AUTOPILOT_ARM_ENDPOINT: emulator.armEndpoint,
    AUTOPILOT_ARM_AUDIENCE: `${emulator.armEndpoint}/.default`,
    AUTOPILOT_EMULATOR_CA_FILE: emulator.caCertPath,
  });
}

function unpacedClients(emulator: RunningEmulator): ArmClients {
  return new ArmClients({ ...emulatorTarget(emulator), privateDnsPacing: false });
}

/**
 * The whole scope read as the engine read it before this change: each listed endpoint's NIC and zone groups, and
 * each listed target's connections, read one by one; zones with their links and all their record sets.
 */
async function perResourcePass(clients: ArmClients, settings: Settings): Promise<ArmCallCount> {
  const endpoints = new EndpointAdapter(clients);
  const targets = new TargetAdapter(clients);
  const connections = new ConnectionAdapter(clients);
  const dns = new DnsAdapter(clients);
  const { calls } = await clients.measure(async () => {
    for (const subscriptionId of settings.scopeSubscriptions) {
      await endpoints.observeEndpoints((await endpoints.listEndpoints(subscriptionId)).endpoints);
      for (const target of (await targets.listTargets(subscriptionId)).targets)
        await connections.listConnections(target.id, target);
    }
    const { zones } = await dns.listZones({ subscriptionId: settings.dnsZoneSubscription ?? estateSubscriptionId(0) });
    for (const zone of zones) await dns.listRecordSets(zone.id);
  });
  return calls;
}
