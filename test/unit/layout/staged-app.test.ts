/**
 * What azd uploads, as the Azure Functions Node.js worker loads it: `npm run stage` into a folder outside the
 * repository (so only the staged node_modules can be resolved), then, in a child process working in that folder, the
 * function files package.json `main` names are loaded with `@azure/functions-core` provided as the worker provides it
 * (test/support/worker-loader.js). Every function the app defines registers, and nothing is loaded from outside.
 * Deliveries that hold no event, shaped as the host sends them and run through the library's invocation model, each
 * complete with one log line saying so (the finding: a queue message of exactly [] logged nothing).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_NAMES } from '../../../src/activities';
import { appRegistrations } from '../../e2e/support';

const ROOT = process.cwd();

interface Loaded {
  registered: Array<{ name: string; trigger?: string; handler: string }>;
  outside: string[];
  invocations: Array<{ function: string; logs: string[]; error?: string }>;
  error?: string;
}

/** Deliveries that hold no event, each as the host hands the trigger's data to the worker (RpcTypedData). */
const EMPTY_DELIVERIES = [
  { function: 'resourceEventsQueue', trigger: { string: '[]' } },
  { function: 'resourceEventsQueue', trigger: { string: '{}' } },
  { function: 'resourceEventsQueue', trigger: { string: '' } },
  { function: 'resourceEvents', trigger: { json: '{}' } },
  { function: 'resourceEvents', trigger: { json: '[]' } },
];

let scratch: string;
let loaded: Loaded;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'autopilot-staged-'));
  const app = join(scratch, 'app');
  // The app as built (`npm test` builds it first, in pretest; other tests rebuild dist/ meanwhile, so this one does not).
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'stage-deployment.js'), '--skip-build', '--out', app], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  copyFileSync(join(ROOT, 'test', 'support', 'worker-loader.js'), join(scratch, 'worker-loader.js'));
  const env = { ...process.env };
  delete env.NODE_PATH;
  const stdout = execFileSync(process.execPath, [join(scratch, 'worker-loader.js'), JSON.stringify(EMPTY_DELIVERIES)], {
    cwd: app,
    env: { ...env, HOME: scratch, AUTOPILOT_SCOPE_SUBSCRIPTIONS: '11111111-1111-1111-1111-111111111111' },
    encoding: 'utf8',
  });
  loaded = JSON.parse(stdout) as Loaded;
}, 240_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the staged deployment, loaded as the Functions worker loads it', () => {
  it('loads every function file with only the staged node_modules', () => {
    expect(loaded.error).toBeUndefined();
    expect(loaded.outside).toEqual([]);
  });

  it('registers every function the app defines, each with its trigger and a handler', async () => {
    const expected = (await appRegistrations()).map((r) => ({ name: r.name, trigger: r.triggerType }));
    expect(
      loaded.registered.map(({ name, trigger }) => ({ name, trigger })).sort(byName),
      'the staged functions are the sources’ (after npm run build)',
    ).toEqual(expected.sort(byName));
    expect(loaded.registered.filter((r) => r.handler !== 'function')).toEqual([]);
    // Not vacuous: every activity and at least one trigger of each other kind registered.
    expect(loaded.registered.length).toBeGreaterThan(ACTIVITY_NAMES.length);
  });
});

describe('a delivery that holds no event, run as the worker runs an invocation', () => {
  it.each(EMPTY_DELIVERIES.map((d, i) => [d.function, JSON.stringify(d.trigger), i] as const))(
    '%s with %s completes with one log line saying so',
    (_, __, index) => {
      const invocation = loaded.invocations[index];
      expect(invocation?.error).toBeUndefined();
      expect(invocation?.logs).toHaveLength(1);
      expect(invocation?.logs[0]).toMatch(/^information: (event|delivery) rejected: .*\(holds no event\)$/);
    },
  );
});

function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name);
}
