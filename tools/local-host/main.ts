/**
 * `npm start`: the function app on the local host, against the embedded ARM emulator (the `demo` world, or `two-hubs`),
 * playing that world's stories and saying whether each converged. Prints one JSON line first ({"hostUrl", "armEndpoint",
 * "caCertPath", "functionKey"}), then the timeline. Serves until Ctrl-C; `--once` exits after the stories (0 when every
 * story converged). `--azure`: real ARM with DefaultAzureCredential and the settings of the environment (and of
 * local.settings.json); no stories.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { WORKLOAD_SUBSCRIPTION, type Scenario } from '@privatelink-autopilot/arm-emulator';
import { ArmClients, emulatorTarget } from '../../src/azure/clients';
import { functionFilesFromMain, loadCompiledFunctions } from './functions';
import { startLocalHost, type LocalHost } from './host';
import { writeFleetReport } from './report';
import { TWO_HUB_STORIES, TWO_HUBS_GROUND, TWO_HUBS_SETTINGS } from './hub-stories';
import { playStory, STORIES, type Story } from './stories';
import { timelineLine } from './timeline';

const USAGE = `usage: npm start -- [--once] [--scenario NAME] [--azure] [--port N] [--time-scale N] [--state-dir DIR] [--keep-state] [--function-key KEY] [--patience-seconds N]`;

export function projectRoot(from: string = __dirname): string {
  for (let dir = from; dir !== resolve(dir, '..'); dir = resolve(dir, '..')) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'host.json'))) return dir;
  }
  throw new Error(`no function app (package.json with host.json) above ${from}`);
}

/** The demo's app settings: the workload subscription in scope, its hub zones, the CHG approval policy, Elastic Cloud. */
export function demoSettings(root: string): Record<string, string> {
  const examples = join(root, 'examples', 'demo');
  return {
    AUTOPILOT_SCOPE_SUBSCRIPTIONS: WORKLOAD_SUBSCRIPTION,
    AUTOPILOT_DNS_ZONE_SUBSCRIPTION: WORKLOAD_SUBSCRIPTION,
    AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: 'rg-dns',
    AUTOPILOT_POLICY_SOURCE: `file:${join(examples, 'policy.json')}`,
    AUTOPILOT_CATALOGUE_EXTENSIONS: readFileSync(join(examples, 'catalogue-extensions.json'), 'utf8'),
    AUTOPILOT_OWNERSHIP_MODE: 'owned-only',
    AUTOPILOT_DRY_RUN: 'false',
    AUTOPILOT_SWEEP_GRACE_MINUTES: '10',
    AUTOPILOT_SWEEP_SCHEDULE: '0 0 */6 * * *',
    AUTOPILOT_RECONCILE_SCHEDULE: '0 30 * * * *',
    AUTOPILOT_TASK_HUB: 'PrivateLinkAutopilot',
  };
}

/** The worlds with stories (`--scenario`): the emulator world each starts from, the settings it adds to the demo's. */
export const STORY_SETS: Readonly<
  Record<string, { world: Scenario | string; settings: Readonly<Record<string, string>>; stories: readonly Story[] }>
> = {
  demo: { world: 'demo', settings: {}, stories: STORIES },
  'two-hubs': { world: TWO_HUBS_GROUND, settings: TWO_HUBS_SETTINGS, stories: TWO_HUB_STORIES },
};

/** `--azure`: the environment's settings, completed from local.settings.json's Values as `func start` would read them. */
function azureSettings(root: string): Record<string, string> {
  const file = join(root, 'local.settings.json');
  const values = existsSync(file)
    ? ((JSON.parse(readFileSync(file, 'utf8')) as { Values?: Record<string, string> }).Values ?? {})
    : {};
  const settings: Record<string, string> = {};
  for (const [name, value] of Object.entries(values))
    if (name.startsWith('AUTOPILOT_') || name === 'AZURE_CLIENT_ID') settings[name] = process.env[name] ?? value;
  return settings;
}

export async function runLocalHost(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      once: { type: 'boolean' },
      scenario: { type: 'string' },
      azure: { type: 'boolean' },
      port: { type: 'string' },
      'time-scale': { type: 'string' },
      'state-dir': { type: 'string' },
      'keep-state': { type: 'boolean' },
      'function-key': { type: 'string' },
      'patience-seconds': { type: 'string' },
    },
    strict: true,
  });
  const root = projectRoot();
  const number = (name: string, value: string | undefined, fallback: number): number => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0)
      throw new Error(`--${name}: expected a positive number, got "${value}"\n${USAGE}`);
    return n;
  };
  const stateDir = resolve(values['state-dir'] ?? join(root, '.local-host', 'state'));
  if (!values['keep-state']) rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });

  const lines: string[] = [];
  let ready = false;
  const timeline = (line: string) => (ready ? process.stdout.write(`${line}\n`) : lines.push(line));
  const scenario = values.scenario ?? 'demo';
  const storySet = values.azure ? undefined : STORY_SETS[scenario];
  const settings = values.azure ? azureSettings(root) : { ...demoSettings(root), ...storySet?.settings };
  // Before the function files load: as in Azure, a registration may read its setting when the app loads.
  Object.assign(process.env, settings);
  const host: LocalHost = await startLocalHost({
    registrations: loadCompiledFunctions(functionFilesFromMain(root)),
    stateDir,
    settings,
    ...(values.azure ? {} : { emulator: { scenario: storySet?.world ?? scenario, lro: { msBeforeDone: 200 } } }),
    timeScale: values.azure ? 1 : number('time-scale', values['time-scale'], 600),
    ...(values.port ? { port: number('port', values.port, 0) } : {}),
    ...(values['function-key'] ? { functionKey: values['function-key'] } : {}),
    timeline,
  });
  process.stdout.write(
    `${JSON.stringify({ hostUrl: host.hostUrl, armEndpoint: host.emulator?.armEndpoint ?? process.env.AUTOPILOT_ARM_ENDPOINT ?? 'https://management.azure.com', caCertPath: host.emulator?.caCertPath ?? null, functionKey: host.functionKey })}\n`,
  );
  ready = true;
  for (const line of lines) process.stdout.write(`${line}\n`);

  let converged = true;
  if (host.emulator && storySet) {
    const world = {
      host,
      emulator: host.emulator,
      clients: new ArmClients(emulatorTarget(host.emulator)),
      patienceMs: number('patience-seconds', values['patience-seconds'], 60) * 1000,
    };
    for (const story of storySet.stories) {
      process.stdout.write(`\n=== ${story.name}: ${story.title}\n`);
      const verdict = await playStory(story, world).catch((error: unknown) => ({
        ok: false,
        detail: `the story failed: ${error instanceof Error ? error.message : String(error)}`,
      }));
      converged &&= verdict.ok;
      process.stdout.write(
        `${timelineLine(new Date(), story.name, `${verdict.ok ? 'CONVERGED' : 'NOT CONVERGED'}: ${verdict.detail}`)}\n`,
      );
    }
    process.stdout.write(
      `\n${converged ? 'converged: every story' : 'not converged: see the stories marked NOT CONVERGED above'}\n`,
    );
    const report = await writeFleetReport(host, join(root, '.local-host', 'report')).catch((error: unknown) => {
      process.stdout.write(`fleet report not written: ${error instanceof Error ? error.message : String(error)}\n`);
      return undefined;
    });
    converged &&= report !== undefined;
    if (report)
      process.stdout.write(
        `\nfleet report (GET /api/report): ${report.html}\n                               ${report.markdown}\n`,
      );
  }
  if (values.once) {
    await host.close();
    return converged ? 0 : 1;
  }
  process.stdout.write(
    `\nServing ${host.hostUrl} (function key above; Event Grid webhook /runtime/webhooks/eventgrid?functionName=resourceEvents&code=<key>). Ctrl-C to stop.\n`,
  );
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await host.close();
  return converged ? 0 : 1;
}

if (require.main === module) {
  runLocalHost(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
