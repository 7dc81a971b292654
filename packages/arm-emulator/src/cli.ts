import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveScenario, ScenarioError } from './scenario-loader';
import { findScenario, scenarioNames } from './scenarios';
import { startEmulator, type RunningEmulator } from './server';

const USAGE =
  'usage: npm run emulator -- [--port N] [--scenario NAME|FILE] [--events-to URL]... [--cert-dir DIR]\n' +
  `named scenarios: ${scenarioNames().join(', ')}\n`;

export interface EmulatorCliArgs {
  port: number;
  scenario?: string;
  eventsTo: string[];
  certDir: string;
}

/** Exit codes, as the app's CLI uses them: 0 ok, 1 failure, 2 usage error. */
const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

export class UsageError extends Error {}

export function parseEmulatorArgs(argv: string[], cwd = process.cwd()): EmulatorCliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        scenario: { type: 'string' },
        'events-to': { type: 'string', multiple: true },
        'cert-dir': { type: 'string' },
      },
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: expected an integer from 0 to 65535, got "${values.port}"`);
  for (const url of values['events-to'] ?? []) {
    if (!/^https?:\/\//.test(url)) throw new UsageError(`--events-to: expected an http(s) URL, got "${url}"`);
  }
  return {
    port,
    ...(values.scenario === undefined ? {} : { scenario: values.scenario }),
    eventsTo: values['events-to'] ?? [],
    certDir: resolve(cwd, values['cert-dir'] ?? '.emulator'),
  };
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  stopSignal: () => Promise<void>;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stopSignal: () =>
    new Promise((done) => {
      process.once('SIGINT', () => done());
      process.once('SIGTERM', () => done());
    }),
};

/**
 * Starts the emulator, prints exactly one JSON line `{"armEndpoint","caCertPath","adminEndpoint"}` on stdout (everything
 * else goes to stderr), serves until SIGINT/SIGTERM, and resolves to the exit code.
 */
export async function runEmulatorCli(argv: string[], io: CliIo = processIo): Promise<number> {
  let args: EmulatorCliArgs;
  let emulator: RunningEmulator;
  try {
    args = parseEmulatorArgs(argv);
    const scenario =
      args.scenario === undefined ? undefined : resolveScenario(args.scenario, findScenario, scenarioNames());
    emulator = await startEmulator({
      port: args.port,
      certDir: args.certDir,
      eventsTo: args.eventsTo,
      ...(scenario ? { scenario } : {}),
    });
  } catch (error) {
    const usage = error instanceof UsageError || error instanceof ScenarioError;
    io.stderr(`emulator: ${(error as Error).message}\n${usage ? USAGE : ''}`);
    return usage ? EXIT_USAGE : EXIT_FAILURE;
  }
  const stopped = io.stopSignal();
  io.stdout(
    `${JSON.stringify({ armEndpoint: emulator.armEndpoint, caCertPath: emulator.caCertPath, adminEndpoint: emulator.adminEndpoint })}\n`,
  );
  io.stderr(`emulator: serving ${emulator.armEndpoint} (admin ${emulator.adminEndpoint}); Ctrl-C to stop\n`);
  await stopped;
  await emulator.close();
  return EXIT_OK;
}

if (require.main === module) {
  runEmulatorCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
