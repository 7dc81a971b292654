/**
 * A run that could not see everything never reports success or health: plan, apply, sweep and doctor exit 1 with
 * `failures` in their JSON when a read failed (the wrong CA, ARM unreachable, a listing answering 500), doctor never
 * calls a record stale on missing data, and apply writes exactly what was confirmed.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { KEYVAULT_MANUAL_FACTS, startEmulator, WORKLOAD_SUBSCRIPTION } from '@privatelink-autopilot/arm-emulator';
import type { AdapterWorld } from '../azure/support';
import { runCliCaptured } from '../../support/run-cli';
import { runAgainst, startCliWorld, stubOperatorEnv } from './support';

const answers: string[] = [];
const questions: string[] = [];
vi.mock('node:readline/promises', () => ({
  createInterface: () => ({
    question: async (q: string) => {
      questions.push(q);
      return answers.shift() ?? 'n';
    },
    close: () => undefined,
  }),
}));

let world: AdapterWorld;
beforeAll(async () => {
  world = await startCliWorld('demo');
});
afterAll(async () => world?.close());
beforeEach(() => stubOperatorEnv(world));
afterEach(() => {
  vi.unstubAllEnvs();
  world.emulator.faults.clear();
});

type Json = {
  failures: Array<{ stage: string; resourceId: string; code: string; message: string }>;
  complete: boolean;
};
const listing = `/subscriptions/${WORKLOAD_SUBSCRIPTION}/providers/Microsoft.Network/privateEndpoints`;

describe('a run that could not read everything', () => {
  it.each([['plan'], ['sweep'], ['apply', '--yes']])(
    '%s exits 1, says what could not be read, and carries it as failures',
    async (...command) => {
      world.fault({ method: 'GET', path: `^${listing}$`, kind: 'server-error', status: 500 });
      const { code, stdout, stderr } = await runAgainst(world, [...command, '--json']);
      expect(code).toBe(1);
      const json = JSON.parse(stdout) as Json;
      expect(json.complete).toBe(false);
      expect(json.failures).toEqual([
        expect.objectContaining({ stage: 'endpoints', resourceId: `/subscriptions/${WORKLOAD_SUBSCRIPTION}` }),
      ]);
      expect(Object.keys(json.failures[0] ?? {}).sort()).toEqual(['code', 'message', 'resourceId', 'stage']);
      expect(stderr).toMatch(new RegExp(`${command[0]}: incomplete: 1 resource\\(s\\) could not be read`));
    },
    60_000,
  );

  it('trusting the wrong CA (another emulator\'s), plan exits 1 with its TLS failures instead of printing "0 changes"', async () => {
    const other = await startEmulator();
    try {
      const { code, stdout } = await runCliCaptured([
        'plan',
        '--json',
        '--emulator',
        world.emulator.armEndpoint,
        '--ca',
        other.caCertPath,
      ]);
      expect(code).toBe(1);
      const json = JSON.parse(stdout) as Json & { changes: unknown[] };
      expect(json.complete).toBe(false);
      expect(json.failures.length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  }, 60_000);

  it('a complete run with nothing to do still exits 0 with failures [] and complete', async () => {
    const { code, stdout } = await runAgainst(world, [
      'plan',
      '--json',
      '--resource',
      KEYVAULT_MANUAL_FACTS.endpointId,
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ failures: [], complete: true });
  });

  it('doctor never calls a record stale, nor advises deleting it, when the endpoints that might claim it could not be read', async () => {
    // About one account: its connections name its endpoints, read by ID; this one cannot be.
    world.fault({ method: 'GET', path: 'privateEndpoints/pe-orphans-regions$', kind: 'server-error', status: 500 });
    const account = `/subscriptions/${WORKLOAD_SUBSCRIPTION}/resourceGroups/rg-orphans/providers/Microsoft.DocumentDB/databaseAccounts/orphans-regions`;
    const { code, stdout } = await runAgainst(world, ['doctor', '--resource', account, '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Json & {
      status: string;
      findings: Array<{ check: string; status: string; message: string; action: string }>;
    };
    expect(report.status).not.toBe('ok');
    expect(report.complete).toBe(false);
    const stale = report.findings.filter((f) => f.check === 'stale-records');
    expect(stale.map((f) => f.status)).toEqual(['unknown']);
    expect(report.findings.some((f) => /sweep --delete/.test(f.action))).toBe(false);
    expect(report.findings.some((f) => f.status === 'warning' && /stale/.test(f.message))).toBe(false);
    expect(report.findings.filter((f) => f.check === 'observation').map((f) => f.status)).toEqual(['unknown']);
  }, 60_000);
});

describe('apply writes exactly what was confirmed', () => {
  // A world of its own: the runs above may have decided connections already.
  beforeEach(async () => {
    await world.close();
    world = await startCliWorld('demo');
    stubOperatorEnv(world);
    Object.defineProperty(process.stdin, 'isTTY', { value: true, configurable: true });
    answers.length = 0;
    questions.length = 0;
  });
  afterEach(() => {
    Object.defineProperty(process.stdin, 'isTTY', { value: undefined, configurable: true });
  });

  it('asks again for DNS planned after the approvals, and writes none of it when refused', async () => {
    answers.push('y', 'n');
    const { code, stderr } = await runAgainst(world, ['apply', '--resource', KEYVAULT_MANUAL_FACTS.vaultId]);
    expect(questions).toEqual(['Apply 1 change(s)? [y/N] ', 'Apply these 1 DNS change(s)? [y/N] ']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/\[1\/1\] connection-approve .* done/);
    expect(stderr).not.toMatch(/dns-create/);
    const again = await runAgainst(world, ['plan', '--json', '--resource', KEYVAULT_MANUAL_FACTS.vaultId]);
    expect((JSON.parse(again.stdout) as { changes: Array<{ kind: string }> }).changes.map((c) => c.kind)).toEqual([
      'dns-create',
    ]);
  }, 60_000);

  it('numbers progress against what is done, and the summary agrees, across the second confirmation', async () => {
    answers.push('y', 'y');
    const { code, stdout, stderr } = await runAgainst(world, ['apply']);
    expect(questions).toHaveLength(2);
    const lines = stderr.split('\n').filter((l) => /^\[\d+\/\d+\]/.test(l));
    expect(code).toBe(0);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const counted = lines.map(
      (l) =>
        l
          .match(/^\[(\d+)\/(\d+)\]/)
          ?.slice(1)
          .map(Number) as [number, number],
    );
    expect(counted.map(([index]) => index)).toEqual(lines.map((_, i) => i + 1));
    expect(counted.at(-1)).toEqual([lines.length, lines.length]);
    expect(stdout).toMatch(new RegExp(`Applied: ${lines.filter((l) => / … done/.test(l)).length} done`));
  }, 60_000);
});
