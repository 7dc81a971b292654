/** `--resource` refuses an ID that could change which URL is called, before any ARM request, with exit 2. */
import { describe, expect, it } from 'vitest';
import { KEYVAULT_MANUAL_FACTS } from '@privatelink-autopilot/arm-emulator';
import type { AdapterWorld } from '../azure/support';
import { requestLog } from '../engine/support';
import { runAgainst, useCliWorld } from './support';

let world: AdapterWorld;
const VAULT = KEYVAULT_MANUAL_FACTS.vaultId;

useCliWorld('keyvault-manual', (started) => {
  world = started;
});

describe('--resource with a hostile ID', () => {
  it.each<[string, string, string, RegExp]>([
    [
      'plan',
      'a query',
      `${VAULT}?x=`,
      /^--resource: invalid resource ID ".*\/vaults\/kv-autopilot-manual\?x=": the name of "vaults" — expected no "\?" \(a URL query\)\n$/,
    ],
    ['apply', 'a fragment', `${VAULT}#frag`, /the name of "vaults" — expected no "#" \(a URL fragment\)/],
    ['doctor', 'percent escapes', `${VAULT}%2F..%2Fother`, /expected no "%" \(percent escapes are not decoded/],
    [
      'plan',
      'a right-to-left override',
      `${VAULT}\u202e1`,
      /kv-autopilot-manual\\u\{202E\}1": the name of "vaults" — expected no bidirectional control character \(U\+202E\)/,
    ],
    [
      'plan',
      'a subscription that is not a GUID',
      VAULT.replace(/\/subscriptions\/[^/]+/, '/subscriptions/subId'),
      /the subscription ID "subId" — expected a GUID/,
    ],
  ])('%s refuses %s with exit 2 and makes no ARM request', async (command, _, id, message) => {
    const before = (await requestLog(world)).length;
    const { code, stdout, stderr } = await runAgainst(world, [
      command,
      '--resource',
      id,
      ...(command === 'apply' ? ['--yes'] : []),
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toContain('\u202e');
    expect((await requestLog(world)).length).toBe(before);
  });

  it('refuses a 2 MB ID with a short message', async () => {
    const { code, stderr } = await runAgainst(world, ['plan', '--resource', `${VAULT}${'k'.repeat(2 * 1024 * 1024)}`]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/the ID — expected at most 4096 characters, got 2097\d{3}/);
    expect(stderr.length).toBeLessThan(500);
  });
});
