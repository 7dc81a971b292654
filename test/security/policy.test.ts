/**
 * The approval policy under attack. Its `requestMessage` patterns run on text the requester chose: a pathological
 * pattern is either refused when the policy is validated or run in bounded time, so it cannot stall a run. And a
 * policy that is missing, unreadable or invalid approves nothing, and health says why.
 */
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  KEYVAULT_MANUAL_FACTS,
  keyVault,
  workloadSpoke,
  type WriteLogEntry,
} from '@privatelink-autopilot/arm-emulator';
import { ConnectionAdapter } from '../../src/azure/connections';
import { decideSafely, PolicyError, tryLoadPolicy } from '../../src/core/policy';
import { api, quiet, startTestHost, type TestHost } from '../e2e/support';

/** Azure caps a private endpoint's request message at 140 characters; a requester may use them all. */
const HOSTILE_MESSAGE = `${'a'.repeat(139)}!`;
const BOUND_MS = 100;
const GIVE_UP_MS = 2_000;

const PATHOLOGICAL = [
  '^(a+)+$',
  '^(a|a)*$',
  '^(a|aa)+$',
  '^(a*)*b$',
  '(x+x+)+y',
  '^(\\w+\\s?)*$',
  '^([a-z]+)*[0-9]$',
  '^(a+)\\1$',
  '(?=a)(a+)+$',
  '(?<!b)(a+)+$',
];

function policyWith(pattern: string): string {
  return JSON.stringify({
    version: 1,
    defaultAction: 'leave-pending',
    rules: [{ name: 'hostile', match: { requestMessage: pattern }, action: 'approve' }],
  });
}

function connectionAsking(message: string) {
  return {
    id: '/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/privateEndpointConnections/pe.1',
    name: 'pe.1',
    targetId:
      '/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv',
    targetType: 'Microsoft.KeyVault/vaults',
    targetTags: {},
    privateEndpointId:
      '/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe',
    groupIds: ['vault'],
    status: 'Pending',
    description: message,
  };
}

/**
 * Refused at validation (naming the field), or evaluated on `message` and timed. The evaluation runs under a vm
 * timeout, which interrupts even a regular expression that backtracks: an unbounded engine fails this test, it does
 * not hang it.
 */
function judge(pattern: string, message: string): { refused: string } | { ms: number; decision: string } {
  const policy = tryLoadPolicy(policyWith(pattern), 'test');
  if (policy instanceof PolicyError) return { refused: policy.problems.join('; ') };
  const started = performance.now();
  try {
    const decision = runInNewContext(
      'decide()',
      { decide: () => decideSafely(policy, connectionAsking(message)).decision },
      { timeout: GIVE_UP_MS },
    ) as string;
    return { ms: performance.now() - started, decision };
  } catch (error) {
    if (!/timed out/.test(String(error))) throw error;
    return { ms: Number.POSITIVE_INFINITY, decision: `none: still evaluating after ${GIVE_UP_MS} ms` };
  }
}

describe('policy patterns on requester-controlled text', () => {
  it.each(PATHOLOGICAL)('%s is refused when validated, or runs in bounded time', (pattern) => {
    const verdict = judge(pattern, HOSTILE_MESSAGE);
    if ('refused' in verdict) {
      expect(verdict.refused).toMatch(/\/rules\/0\/match\/requestMessage: /);
      return;
    }
    expect(verdict.ms, `${pattern} on a ${HOSTILE_MESSAGE.length}-character message: ${verdict.decision}`).toBeLessThan(
      BOUND_MS,
    );
  });

  describe('on the function app', () => {
    let t: TestHost | undefined;
    afterEach(async () => t?.close());

    it('a pathological pattern cannot stall a run: the hostile request stays Pending, a matching one is approved, and the run ends', async () => {
      // The same evaluation under a timeout first: with a backtracking engine this fails in seconds, where the host below would stall.
      expect(judge('^(a+)+$', HOSTILE_MESSAGE)).toMatchObject({ ms: expect.any(Number) });
      expect((judge('^(a+)+$', HOSTILE_MESSAGE) as { ms: number }).ms).toBeLessThan(BOUND_MS);

      t = await startTestHost({
        emulator: { scenario: 'keyvault-manual', lro: { msBeforeDone: 100 } },
        settings: { AUTOPILOT_POLICY_SOURCE: `inline:${policyWith('^(a+)+$')}` },
      });
      const spoke = workloadSpoke('keyvault', 'westus', 1);
      const vault = keyVault(spoke.resourceGroup.id, 'kv-hostile', 'westus');
      const hostile = spoke.endpoint({
        name: 'pe-hostile',
        target: vault.id,
        groupIds: ['vault'],
        manual: true,
        requestMessage: HOSTILE_MESSAGE,
      });
      const matching = spoke.endpoint({
        name: 'pe-matching',
        target: vault.id,
        groupIds: ['vault'],
        manual: true,
        requestMessage: 'a'.repeat(140),
      });
      const started = Date.now();
      await t.emulator.loadScenario(
        { name: 'hostile requests', description: '', steps: [vault.step, hostile.step, matching.step] },
        true,
      );
      await t.emulator.events.flush();
      await quiet(t.host, 30_000);

      const { connections } = await new ConnectionAdapter(t.world.clients).listConnections(vault.id);
      const statusOf = (endpointId: string) =>
        connections.find((c) => c.privateEndpointId?.toLowerCase() === endpointId.toLowerCase())?.status;
      expect(statusOf(hostile.id)).toBe('Pending');
      expect(statusOf(matching.id)).toBe('Approved');
      expect(Date.now() - started, 'wall-clock time of the runs').toBeLessThan(20_000);
      const health = await api(t.host, 'GET', '/api/health/details');
      expect(health.json).toMatchObject({ policy: { valid: true, source: 'inline', rules: 1 } });
    });

    it('a pattern that needs backtracking is refused: health names it, and nothing is approved', async () => {
      t = await startTestHost({
        emulator: { scenario: 'keyvault-manual', lro: { msBeforeDone: 100 } },
        settings: { AUTOPILOT_POLICY_SOURCE: `inline:${policyWith('^(CHG[0-9]+)\\1')}` },
      });
      await reconcileAll(t);
      expect(await decisions(t)).toEqual([]);
      const health = await healthOf(t);
      expect(health.policy.problems.join(' ')).toMatch(/\/rules\/0\/match\/requestMessage: uses a backreference/);
    });
  });
});

describe('a missing, unreadable or invalid policy', () => {
  let t: TestHost | undefined;
  afterEach(async () => t?.close());

  it.each([
    ['missing', undefined, /not set: no approval policy/],
    ['unreadable', 'file:/nonexistent/autopilot/policy.json', /cannot read the policy/],
    ['not JSON', 'inline:{"version": 1, "rules": [', /JSON/],
    ['invalid', 'inline:{"version": 1, "defaultAction": "approve-everything", "rules": []}', /defaultAction/],
    [
      'a rule that would approve everything, in a document with an error',
      `inline:{"version": 1, "defaultAction": "approve", "rules": [{"name": "all", "match": {}, "action": "approve"}, {"name": "all", "match": {}, "action": "approve"}]}`,
      /duplicate rule name/,
    ],
  ])('%s: zero approvals, and health says why', async (_, source, why) => {
    t = await startTestHost({ emulator: { scenario: 'keyvault-manual', lro: { msBeforeDone: 100 } } });
    if (source === undefined) delete process.env.AUTOPILOT_POLICY_SOURCE;
    else process.env.AUTOPILOT_POLICY_SOURCE = source;
    await reconcileAll(t);

    expect(await decisions(t), 'connection decisions written').toEqual([]);
    const { connections } = await new ConnectionAdapter(t.world.clients).listConnections(KEYVAULT_MANUAL_FACTS.vaultId);
    expect(connections.map((c) => c.status)).toEqual(['Pending']);
    const health = await healthOf(t);
    expect(health.status).toBe('degraded');
    expect(health.policy.valid).toBe(false);
    expect(health.policy.problems.join(' ')).toMatch(why);
  });
});

async function reconcileAll(t: TestHost): Promise<void> {
  const answer = await api(t.host, 'POST', '/api/reconcile', { resourceId: KEYVAULT_MANUAL_FACTS.vaultId });
  expect(answer.status).toBe(202);
  await quiet(t.host);
}

/** Connection approvals and rejections that reached ARM. */
async function decisions(t: TestHost): Promise<string[]> {
  return t.emulator.writes
    .entries()
    .filter((w: WriteLogEntry) => /\/privateEndpointConnections\/[^/]+$/i.test(w.path))
    .map((w) => `${w.method} ${w.path} ${JSON.stringify(w.body)}`);
}

async function healthOf(t: TestHost): Promise<{ status: string; policy: { valid: boolean; problems: string[] } }> {
  const health = await api(t.host, 'GET', '/api/health/details');
  expect(health.status).toBe(200);
  return health.json as { status: string; policy: { valid: boolean; problems: string[] } };
}
