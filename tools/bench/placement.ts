/**
 * What placement reads (issue 18) as the estate grows, on the regional-hub estate: each lane's copy of the zone is
 * linked to a hub network that the lane's spoke is peered with, so every endpoint is placed through a peering. A
 * focused run (one account, two endpoints) reads the links of the copies it touches and its endpoints' networks'
 * peerings, whatever the estate's size; a whole-scope pass lists every zone's links in pages and each endpoint
 * network's peerings once. Counted from the emulator's request log; throttling off.
 */
import { ArmClients, emulatorTarget } from '../../src/azure/clients';
import { createArmContext } from '../../src/azure/ports';
import type { ArmCallCount } from '../../src/core/model';
import { runPolicy } from '../../src/core/plan/run-policy';
import { loadSettings } from '../../src/core/settings';
import { observeAndPlan } from '../../src/engine/reconcile';
import {
  estateSubscriptionId,
  generateEstate,
  startEmulator,
  type RunningEmulator,
} from '@privatelink-autopilot/arm-emulator';
import { adminRequest } from './admin';

export interface PlacementReads {
  calls: ArmCallCount;
  /** GETs of `…/virtualNetworkLinks` (each a page of one zone's links) and the zones they were of. */
  linkPages: number;
  linkedZones: number;
  /** GETs of `…/virtualNetworkPeerings` and the networks they were of. */
  peeringPages: number;
  peeredNetworks: number;
}

export interface PlacementFigure {
  endpoints: number;
  /** Copies of the zone in the DNS scope. */
  copies: number;
  focused: PlacementReads;
  wholeScope: PlacementReads & { conflicts: number; ambiguous: number };
}

const UNTHROTTLED = { enabled: false, privateDns: { enabled: false } };

/** `endpoints` = subscriptions × accounts × 2 endpoints (one per lane), 3 regions each, as `scale.ts`, with hubs. */
export async function runPlacementBenchmark(endpoints: number): Promise<PlacementFigure> {
  const subscriptions = Math.max(1, Math.ceil(endpoints / 2 / 250));
  const scenario = generateEstate({
    subscriptions,
    accountsPerSubscription: endpoints / 2 / subscriptions,
    endpointsPerAccount: 2,
    regionsPerAccount: 3,
    extraRecordsPerZone: 10,
    seed: 7,
    hubs: true,
  });
  const emulator = await startEmulator({ scenario, throttle: UNTHROTTLED, lro: { msBeforeDone: 50 } });
  try {
    const settings = loadSettings({
      AUTOPILOT_SCOPE_SUBSCRIPTIONS: Array.from({ length: subscriptions }, (_v, s) => estateSubscriptionId(s)).join(
        ',',
      ),
      AUTOPILOT_DNS_ZONE_SUBSCRIPTION: estateSubscriptionId(0),
      AUTOPILOT_ARM_ENDPOINT: emulator.armEndpoint,
      AUTOPILOT_ARM_AUDIENCE: `${emulator.armEndpoint}/.default`,
      AUTOPILOT_EMULATOR_CA_FILE: emulator.caCertPath,
    });
    const context = () =>
      createArmContext({ settings, clients: new ArmClients({ ...emulatorTarget(emulator), privateDnsPacing: false }) });
    const account = `/subscriptions/${estateSubscriptionId(0)}/resourceGroups/rg-estate-data/providers/Microsoft.DocumentDB/databaseAccounts/est-s0000-a000`;

    const focused = await measured(emulator, context(), async (ctx) => {
      await observeAndPlan(ctx, { resourceId: account }, runPolicy({ kind: 'target', entry: 'cli', dryRun: true }));
    });
    let plan: Awaited<ReturnType<typeof observeAndPlan>>['plan'] | undefined;
    let copies = 0;
    const whole = await measured(emulator, context(), async (ctx) => {
      const observed = await observeAndPlan(ctx, {}, runPolicy({ kind: 'subscription', entry: 'cli', dryRun: true }));
      plan = observed.plan;
      copies = observed.observation.zones.length;
    });
    return {
      endpoints,
      copies,
      focused,
      wholeScope: {
        ...whole,
        conflicts: plan?.conflicts.length ?? 0,
        ambiguous: plan?.skipped.filter((s) => s.cause === 'zone-placement-ambiguous').length ?? 0,
      },
    };
  } finally {
    await emulator.close();
  }
}

async function measured(
  emulator: RunningEmulator,
  ctx: ReturnType<typeof createArmContext>,
  run: (ctx: ReturnType<typeof createArmContext>) => Promise<void>,
): Promise<PlacementReads> {
  await adminRequest(emulator, 'DELETE', '/requests');
  await run(ctx);
  const { value } = await adminRequest<{ value: Array<{ method: string; path: string }> }>(
    emulator,
    'GET',
    '/requests',
  );
  const gets = value.filter((r) => r.method === 'GET');
  const of = (segment: string) => gets.filter((r) => r.path.toLowerCase().endsWith(`/${segment.toLowerCase()}`));
  const owners = (requests: Array<{ path: string }>) =>
    new Set(requests.map((r) => r.path.toLowerCase().replace(/\/[^/]+$/, ''))).size;
  const links = of('virtualNetworkLinks');
  const peerings = of('virtualNetworkPeerings');
  return {
    calls: ctx.arm.meter.calls,
    linkPages: links.length,
    linkedZones: owners(links),
    peeringPages: peerings.length,
    peeredNetworks: owners(peerings),
  };
}
