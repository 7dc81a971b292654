/** `plan`, `apply` and `doctor` from the command line, on the emulator's `demo` world. */
import { describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { ConnectionAdapter } from '../../../src/azure/connections';
import { recordSetId } from '../../../src/core/plan/changes';
import { KEYVAULT_MANUAL_FACTS } from '@privatelink-autopilot/arm-emulator';
import { MONGO_VCORE_FACTS } from '@privatelink-autopilot/arm-emulator';
import { ORPHANS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { ELASTIC_ALIAS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { PROVIDER_SUBSCRIPTION } from '@privatelink-autopilot/arm-emulator';
import type { DiagnosisReport } from '../../../src/core/diagnose';
import type { AdapterWorld } from '../azure/support';
import { kindsAndIds, pair, requestLog } from '../engine/support';
import { runCliCaptured } from '../../support/run-cli';
import { runAgainst, stubOperatorEnv, useCliWorld, type PlanJson } from './support';

let world: AdapterWorld;
let expectedPlan: string[];

useCliWorld('demo', async (started) => {
  world = started;
  const vaultConnection = (await new ConnectionAdapter(world.clients()).listConnections(KEYVAULT_MANUAL_FACTS.vaultId))
    .connections[0]?.id as string;
  expectedPlan = [pair('connection-approve', vaultConnection)];
});

const mongoCreate = (changes: PlanJson['changes']) =>
  changes.filter(
    (c) => c.kind === 'dns-create' && c.resourceId.toLowerCase().startsWith(MONGO_VCORE_FACTS.zoneId.toLowerCase()),
  );
const writesSince = async (start: number) => (await requestLog(world)).slice(start).filter((r) => r.method !== 'GET');

describe('on the demo world, before anything is applied', () => {
  it("plan --json prints exactly {changes, conflicts, skipped, failures, complete} with each story's changes", async () => {
    const { code, stdout } = await runAgainst(world, ['plan', '--json']);
    const plan = JSON.parse(stdout) as PlanJson;

    expect(code).toBe(0);
    expect(Object.keys(plan)).toEqual(['changes', 'conflicts', 'skipped', 'failures', 'complete']);
    expect(plan).toMatchObject({ failures: [], complete: true });
    const [mongo] = mongoCreate(plan.changes);
    expect(kindsAndIds(plan.changes)).toEqual(
      [...expectedPlan, pair('dns-create', mongo?.resourceId ?? 'missing')].sort(),
    );
    for (const change of plan.changes) expect(typeof change.reason).toBe('string');
    expect(plan.conflicts).toEqual([]);
    expect(plan.skipped.map((s) => s.cause)).toEqual(
      expect.arrayContaining(['zone-group', 'not-owned', 'connection-outside-scope']),
    );
    // A pass over the scope deletes nothing: records nobody claims are the orphan sweep's (`sweep` deletes them).
    expect(
      kindsAndIds(
        plan.skipped
          .filter((s) => s.cause === 'left-to-orphan-sweep')
          .map((s) => ({ kind: s.cause, resourceId: s.resourceId })),
      ),
    ).toEqual(
      ORPHANS_FACTS.ownedOrphans
        .map((name) => pair('left-to-orphan-sweep', recordSetId(ORPHANS_FACTS.zoneId, name)))
        .sort(),
    );
  });

  it('plan prints a readable table: DNS changes with reasons, the decision with its rule, what is left alone', async () => {
    const { code, stdout } = await runAgainst(world, ['plan']);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^Plan: 2 changes \(0 endpoint refresh, 1 DNS, 1 connection\), 0 conflicts, 9 left alone$/m);
    expect(stdout).toMatch(
      /^ {2}left-to-orphan-sweep +orphans-retired\.privatelink\.documents\.azure\.com +no live endpoint claims it \(written for pe-orphans-retired\); left to the orphan sweep, which deletes it after the grace period$/m,
    );
    expect(stdout).toMatch(
      /^ {2}approve +pe-kv-manual\.\S+ +kv-autopilot-manual +change-ticket +rule "change-ticket" matched/m,
    );
    expect(stdout).toMatch(
      /^ {2}zone-group +zonegroup-cosmos\.privatelink\.documents\.azure\.com +managed by the private DNS zone group of pe-zonegroup-cosmos$/m,
    );
    expect(stdout).toMatch(
      /^ {2}connection-outside-scope +pe-elastic +its connection to the Private Link Service alias eastus-prod-001-privatelink-service\.\S+ is Pending/m,
    );
  });

  it('plan --resource limits the plan to that resource', async () => {
    const { code, stdout } = await runAgainst(world, ['plan', '--json', '--resource', MONGO_VCORE_FACTS.endpointId]);
    const plan = JSON.parse(stdout) as PlanJson;
    expect(code).toBe(0);
    expect(plan.changes.map((c) => c.kind)).toEqual(['dns-create']);
    expect(mongoCreate(plan.changes)).toHaveLength(1);
  });

  it('refuses a --resource outside the scope with a clear message and no ARM call', async () => {
    const start = (await requestLog(world)).length;
    const foreign = `/subscriptions/${PROVIDER_SUBSCRIPTION}/resourceGroups/rg-elastic-provider/providers/Microsoft.Network/privateLinkServices/eastus-prod-001-privatelink-service`;

    for (const command of ['plan', 'apply', 'doctor']) {
      const { code, stderr, stdout } = await runAgainst(world, [
        command,
        '--resource',
        foreign,
        ...(command === 'apply' ? ['--yes'] : []),
      ]);
      expect([command, code]).toEqual([command, 1]);
      expect(stderr).toContain(
        `refused: ${foreign} is outside the configured scope (subscription ${PROVIDER_SUBSCRIPTION} is not one of AUTOPILOT_SCOPE_SUBSCRIPTIONS); no ARM call was made`,
      );
      expect(stdout).toBe('');
    }
    expect((await requestLog(world)).length).toBe(start);
  });

  it('doctor finds the missing Mongo vCore record (exit 1) and a healthy seed account (exit 0)', async () => {
    const broken = await runAgainst(world, ['doctor', '--json', '--resource', MONGO_VCORE_FACTS.endpointId]);
    const healthy = await runAgainst(world, ['doctor', '--resource', SEED_COSMOS_FACTS.accountId]);

    const report = JSON.parse(broken.stdout) as DiagnosisReport;
    expect(broken.code).toBe(1);
    expect(report.subject).toEqual({ kind: 'endpoint', id: MONGO_VCORE_FACTS.endpointId });
    expect(report.findings.filter((f) => f.status === 'error').map((f) => f.check)).toContain('dns-record');
    expect(healthy.code).toBe(0);
    expect(healthy.stdout).toMatch(/^verdict: OK for seed-cosmos/m);
    expect(healthy.stdout).toMatch(/failover-readiness +seed-cosmos +West Europe/);
  });

  it('apply without --yes and without a terminal refuses (exit 2) before any ARM call', async () => {
    const start = (await requestLog(world)).length;
    const tty = Object.getOwnPropertyDescriptor(process.stdin, 'isTTY');
    Object.defineProperty(process.stdin, 'isTTY', { value: undefined, configurable: true });
    try {
      const { code, stderr } = await runAgainst(world, ['apply']);
      expect(code).toBe(2);
      expect(stderr).toContain('stdin is not a terminal; review `plan`, then run `apply --yes`');
    } finally {
      if (tty) Object.defineProperty(process.stdin, 'isTTY', tty);
      else delete (process.stdin as { isTTY?: boolean }).isTTY;
    }
    expect((await requestLog(world)).length).toBe(start);
  });

  it.each([
    [['plan', '--emulator', 'https://127.0.0.1:1'], '--emulator and --ca go together'],
    [['plan', '--resource', 'rg-seed/seed-cosmos'], 'expected the ID to start with /subscriptions/'],
    [
      ['plan', '--resource', `/subscriptions/${PROVIDER_SUBSCRIPTION}/resourceGroups/rg-seed`],
      'resourceId: expected the ARM ID of a private endpoint or a private link target',
    ],
    [['doctor'], "required option '--resource <id>' not specified"],
    [['plan', '--subscription', 'workload'], 'expected a subscription ID (GUID), got "workload"'],
  ])('%j is a usage error (exit 2): %s', async (args, message) => {
    const start = (await requestLog(world)).length;
    const { code, stderr } = await runCliCaptured(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect((await requestLog(world)).length).toBe(start);
  });
});

describe('apply --yes, then plan again', () => {
  it('makes every change, with one progress line each and a summary', async () => {
    const { code, stdout, stderr } = await runAgainst(world, ['apply', '--yes']);

    expect(code).toBe(0);
    const progress = stderr.split('\n').filter((line) => line.startsWith('['));
    // The approval, then DNS planned again (the vault's record it made necessary, and Mongo vCore's); no delete: the
    // orphans are the sweep's.
    expect(progress).toHaveLength(3);
    expect(progress[0]).toMatch(/^\[1\/2\] connection-approve pe-kv-manual\.\S+ … done$/);
    expect(progress).toContainEqual(
      expect.stringMatching(/^\[[23]\/3\] dns-create kv-autopilot-manual\.privatelink\.vaultcore\.azure\.net … done$/),
    );
    expect(stdout).toMatch(
      /^Applied: 3 done, 0 failed, 0 unchanged, 0 skipped; ARM calls: \d+ reads, 3 writes, 0 deletes$/m,
    );
  });

  it('a second plan is empty and writes nothing', async () => {
    const start = (await requestLog(world)).length;
    const { code, stdout } = await runAgainst(world, ['plan', '--json']);

    expect(code).toBe(0);
    expect((JSON.parse(stdout) as PlanJson).changes).toEqual([]);
    expect(await writesSince(start)).toEqual([]);
  });

  it('apply exits 1 when a change fails, and says which', async () => {
    await world.apply([
      {
        method: 'DELETE',
        path: recordSetId(KEYVAULT_MANUAL_FACTS.zoneId, 'kv-autopilot-manual'),
        apiVersion: '2024-06-01',
      },
    ]);
    world.fault({ method: 'PUT', path: '/A/kv-autopilot-manual$', kind: 'conflict', status: 409, code: 'Conflict' });

    const { code, stdout } = await runAgainst(world, ['apply', '--yes', '--json']);

    const result = JSON.parse(stdout) as { changes: Array<{ kind: string; outcome: string; error?: string }> };
    expect(code).toBe(1);
    expect(result.changes).toMatchObject([
      { kind: 'dns-create', outcome: 'failed', error: expect.stringContaining('Conflict') },
    ]);
  });

  it('apply exits 1 when something could not be read: deletes were held, so the run is incomplete', async () => {
    world.fault({
      method: 'GET',
      path: 'providers/Microsoft.Network/networkInterfaces$',
      kind: 'server-error',
      status: 500,
    });
    world.fault({ method: 'GET', path: 'networkInterfaces/pe-orphans-regions', kind: 'server-error', status: 500 });

    const { code, stderr } = await runAgainst(world, ['apply', '--yes']);

    expect(code).toBe(1);
    expect(stderr).toMatch(/apply: incomplete: 1 resource\(s\) could not be read/);
  }, 60_000);
});

describe('without a configured scope', () => {
  it('plans over every subscription the credential can list (GET /subscriptions)', async () => {
    vi.unstubAllEnvs();
    stubOperatorEnv(world, ['AUTOPILOT_SCOPE_SUBSCRIPTIONS']);

    const { code, stdout, stderr } = await runAgainst(world, ['plan', '--json']);

    expect(code).toBe(0);
    expect(stderr).toContain(
      'no scope configured (--subscription or AUTOPILOT_SCOPE_SUBSCRIPTIONS): using the 2 subscription(s) the credential can list',
    );
    const plan = JSON.parse(stdout) as PlanJson;
    // The provider's Private Link Service is now in scope: its pending connection is decided by the policy (left for a person).
    const pending = plan.skipped.find((s) => s.cause === 'connection-left-pending');
    expect(pending?.resourceId.toLowerCase()).toContain(ELASTIC_ALIAS_FACTS.serviceId.toLowerCase());
  });
});
