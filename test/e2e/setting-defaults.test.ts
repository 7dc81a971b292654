/**
 * Documented defaults hold everywhere: docs/settings.md's table and the code's defaults (SETTING_DEFAULTS) agree, and
 * each entry point that reads settings, started with a defaulted setting unset, behaves as with its default: the
 * function app's settings reader, the function registrations (no `%SETTING%` binding expression the host would have
 * to resolve without a default), the CLI, and the local host's `--azure` path (`npm start -- --azure`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readAppSettings } from '../../src/app/settings';
import { loadSettings, SETTING_DEFAULTS, SETTING_NAMES, type SettingName } from '../../src/core/settings';
import { runCliCaptured } from '../support/run-cli';
import { appRegistrations } from './support';

const ROOT = process.cwd();
const SCOPE = '11111111-1111-1111-1111-111111111111';
const LOCAL_HOST = join(ROOT, 'dist-dev', 'tools', 'local-host', 'main.js');
const DEFAULTED = Object.keys(SETTING_DEFAULTS) as Array<keyof typeof SETTING_DEFAULTS>;

/** docs/settings.md's table: each setting's Default cell. */
function documentedDefaults(): Map<string, string> {
  const rows = readFileSync(join(ROOT, 'docs', 'settings.md'), 'utf8')
    .split('\n')
    .map((line) => /^\| \[([A-Z_]+)\]\([^)]*\) \| (.*?) \| .* \|$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null);
  return new Map(rows.map((m) => [m[1] as string, m[2] as string]));
}

/** An environment with no setting of the app in it. */
function bareEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AUTOPILOT_') && name !== 'AZURE_CLIENT_ID'),
  );
}

afterEach(() => vi.unstubAllEnvs());

describe('the settings table', () => {
  const documented = documentedDefaults();

  it('lists every setting the code reads, and nothing else', () => {
    expect([...documented.keys()].sort()).toEqual([...SETTING_NAMES].sort());
  });

  it.each(SETTING_NAMES)('%s: docs/settings.md’s default is the code’s', (name) => {
    const cell = documented.get(name) ?? '';
    const literal = /^`([^`]*)`$/.exec(cell)?.[1];
    const code = (SETTING_DEFAULTS as Partial<Record<SettingName, string>>)[name];
    // A literal value in the table is a default the code applies; words ("unset", "first scope subscription") say
    // there is no value to fill in.
    expect(code, `docs say ${cell}`).toBe(literal);
  });
});

describe.each(DEFAULTED)('%s unset', (name) => {
  const value = SETTING_DEFAULTS[name];

  it('the function app’s settings reader applies the default', () => {
    const unset = readAppSettings({ AUTOPILOT_SCOPE_SUBSCRIPTIONS: SCOPE });
    const given = readAppSettings({ AUTOPILOT_SCOPE_SUBSCRIPTIONS: SCOPE, [name]: value });
    expect(unset.ok, JSON.stringify(unset)).toBe(true);
    expect(unset).toEqual(given);
    // Blank counts as unset.
    expect(readAppSettings({ AUTOPILOT_SCOPE_SUBSCRIPTIONS: SCOPE, [name]: '  ' })).toEqual(given);
  });

  it('the CLI reads the default (event explain answers as with the value given)', async () => {
    const fixture = join(ROOT, 'test', 'fixtures', 'events', 'eventgrid', 'cosmos-account-write.json');
    const run = async (env: Record<string, string>) => {
      for (const setting of SETTING_NAMES) vi.stubEnv(setting, undefined);
      for (const [setting, text] of Object.entries(env)) vi.stubEnv(setting, text);
      return runCliCaptured(['event', 'explain', fixture, '--json', '--scope', SCOPE]);
    };
    const unset = await run({});
    expect(unset.code, unset.stderr).toBe(0);
    expect(unset).toEqual(await run({ [name]: value }));
  });
});

describe('the function registrations', () => {
  it('name no defaulted setting as a binding expression, and the sweep and periodic pass timers run on their default schedules', async () => {
    for (const setting of SETTING_NAMES) vi.stubEnv(setting, undefined);
    const registrations = await appRegistrations();
    const expressions = registrations.flatMap((r) =>
      [...JSON.stringify(r.options).matchAll(/%([A-Za-z0-9_]+)%/g)].map((m) => `${r.name}: %${m[1]}%`),
    );
    expect(expressions.filter((e) => DEFAULTED.some((name) => e.endsWith(`%${name}%`)))).toEqual([]);
    expect(registrations.find((r) => r.name === 'orphanSweepTimer')?.options.schedule).toBe(
      SETTING_DEFAULTS.AUTOPILOT_SWEEP_SCHEDULE,
    );
    expect(loadSettings({}).sweepSchedule).toBe(SETTING_DEFAULTS.AUTOPILOT_SWEEP_SCHEDULE);
    expect(registrations.find((r) => r.name === 'periodicReconcileTimer')?.options.schedule).toBe(
      SETTING_DEFAULTS.AUTOPILOT_RECONCILE_SCHEDULE,
    );
    expect(loadSettings({}).reconcileSchedule).toBe(SETTING_DEFAULTS.AUTOPILOT_RECONCILE_SCHEDULE);
  });
});

describe('npm start -- --azure', () => {
  it('starts with every setting unset (defaults applied) and stops after --once', async () => {
    expect(existsSync(LOCAL_HOST), 'the local host is built (npm run build && npm run build:tools)').toBe(true);
    const stateDir = mkdtempSync(join(tmpdir(), 'autopilot-azure-'));
    try {
      const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
        // What `npm start` runs once it has built the app and the tooling (`npm test` builds both first, in pretest).
        const child = spawn(process.execPath, [LOCAL_HOST, '--azure', '--once', '--state-dir', stateDir], {
          cwd: ROOT,
          env: bareEnvironment(),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        child.on('error', fail);
        child.on('close', (code) => done({ code, stdout, stderr }));
      });
      expect(run.stderr).not.toMatch(/not set/);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout.split('\n')[0] as string)).toMatchObject({
        armEndpoint: SETTING_DEFAULTS.AUTOPILOT_ARM_ENDPOINT,
      });
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  }, 60_000);
});
