/**
 * `npm start` until the local Functions host lands: the main job on the embedded default. Starts the ARM emulator
 * with the demo world and runs the reconciliation the function app runs — plan, apply, plan again — then tells the
 * region-change story (a Cosmos DB account gains a region; its endpoint is refreshed and the new record written).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ArmClients, emulatorTarget } from '../../src/azure/clients';
import { runCli } from '../../src/cli/main';
import { startEmulator, type RunningEmulator } from '@privatelink-autopilot/arm-emulator';

const WORKLOAD_SUBSCRIPTION = '00000000-0000-0000-0000-00000000000a';
const PROVIDER_SUBSCRIPTION = '00000000-0000-0000-0000-00000000000b';
const ELASTIC_SERVICE = { resourceGroup: 'rg-elastic-provider', name: 'eastus-prod-001-privatelink-service' };
/** The project root, whether this runs from src/ (tests) or dist/src/ (npm start). */
function projectRoot(from: string = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`no package.json above ${from}`);
}

const EXAMPLES = join(projectRoot(), 'examples', 'demo');

function heading(text: string): void {
  process.stdout.write(`\n=== ${text}\n\n`);
}

/** The demo's settings, as app settings, so the CLI reads them exactly as the function app will. */
function demoSettings(): Record<string, string> {
  return {
    AUTOPILOT_SCOPE_SUBSCRIPTIONS: WORKLOAD_SUBSCRIPTION,
    AUTOPILOT_DNS_ZONE_SUBSCRIPTION: WORKLOAD_SUBSCRIPTION,
    AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: 'rg-dns',
    AUTOPILOT_POLICY_SOURCE: `file:${join(EXAMPLES, 'policy.json')}`,
    AUTOPILOT_CATALOGUE_EXTENSIONS: readFileSync(join(EXAMPLES, 'catalogue-extensions.json'), 'utf8'),
    AUTOPILOT_OWNERSHIP_MODE: 'owned-only',
    AUTOPILOT_DRY_RUN: 'false',
  };
}

function clientsFor(emulator: RunningEmulator): ArmClients {
  return new ArmClients(emulatorTarget(emulator));
}

async function addRegion(emulator: RunningEmulator, region: string): Promise<void> {
  const accounts = clientsFor(emulator).cosmos(WORKLOAD_SUBSCRIPTION).databaseAccounts;
  const account = await accounts.get('rg-seed', 'seed-cosmos');
  const locations = (account.locations ?? []).map((l, n) => ({ locationName: l.locationName, failoverPriority: n }));
  await accounts.beginUpdateAndWait('rg-seed', 'seed-cosmos', { locations: [...locations, { locationName: region, failoverPriority: locations.length }] }, { updateIntervalInMs: 200 });
}

/** What the SaaS provider does on its side (outside our scope): approve the pending connection to its service. */
async function providerApprovesElastic(emulator: RunningEmulator): Promise<void> {
  const services = clientsFor(emulator).network(PROVIDER_SUBSCRIPTION).privateLinkServices;
  for await (const connection of services.listPrivateEndpointConnections(ELASTIC_SERVICE.resourceGroup, ELASTIC_SERVICE.name)) {
    if (connection.name && connection.privateLinkServiceConnectionState?.status === 'Pending') {
      await services.updatePrivateEndpointConnection(ELASTIC_SERVICE.resourceGroup, ELASTIC_SERVICE.name, connection.name, {
        ...connection,
        privateLinkServiceConnectionState: { status: 'Approved', description: 'traffic filter created' },
      });
    }
  }
}

export async function runDemo(argv: string[]): Promise<number> {
  const keepRunning = argv.includes('--keep-running');
  Object.assign(process.env, demoSettings());
  const emulator = await startEmulator({ scenario: 'demo', lro: { msBeforeDone: 200 } });
  const arm = ['--emulator', emulator.armEndpoint, '--ca', emulator.caCertPath];
  try {
    process.stdout.write(`ARM emulator: ${emulator.armEndpoint} (CA ${emulator.caCertPath}), world: demo\n`);
    heading('1. plan: what the autopilot would do');
    await runCli(['plan', ...arm]);
    heading('2. apply');
    const applied = await runCli(['apply', '--yes', ...arm]);
    heading('3. plan again: nothing left to do');
    await runCli(['plan', ...arm]);
    heading('4. a region change: seed-cosmos adds East US');
    await addRegion(emulator, 'East US');
    await runCli(['plan', ...arm]);
    heading('5. apply: refresh the endpoint, then write the new region record');
    const refreshed = await runCli(['apply', '--yes', ...arm]);
    heading('6. plan again');
    await runCli(['plan', ...arm]);
    heading('7. the SaaS provider approves the Elastic Cloud endpoint; apply writes its wildcard record');
    await providerApprovesElastic(emulator);
    const elastic = await runCli(['apply', '--yes', ...arm]);
    heading('8. plan again');
    await runCli(['plan', ...arm]);
    if (keepRunning) {
      process.stdout.write(
        `\nThe emulator keeps running: try\n  node bin/privatelink-autopilot.js doctor --resource ` +
          `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourceGroups/rg-seed/providers/Microsoft.DocumentDB/databaseAccounts/seed-cosmos ${arm.join(' ')}\n` +
          `with the demo's settings in your environment. Ctrl-C to stop.\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    }
    return applied === 0 && refreshed === 0 && elastic === 0 ? 0 : 1;
  } finally {
    await emulator.close();
  }
}

if (require.main === module) {
  runDemo(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
