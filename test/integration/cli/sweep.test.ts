/** `sweep` from the command line on the emulator's `orphans` scenario. */
import { describe, expect, it } from 'vitest';
import { recordSetId } from '../../../src/core/plan/changes';
import { ORPHANS_FACTS } from '@privatelink-autopilot/arm-emulator';
import type { SweepResult } from '../../../src/engine';
import type { AdapterWorld } from '../azure/support';
import { requestLog } from '../engine/support';
import { runAgainst, useCliWorld } from './support';

let world: AdapterWorld;

useCliWorld('orphans', (started) => {
  world = started;
});

const id = (name: string) => recordSetId(ORPHANS_FACTS.zoneId, name).toLowerCase();
const actions = (result: SweepResult) =>
  result.orphans.map((o) => `${o.action} ${o.resourceId.toLowerCase()}${o.outcome ? ` ${o.outcome}` : ''}`).sort();

describe('sweep', () => {
  it('reports exactly the orphans, as a dry run, writing nothing', async () => {
    const start = (await requestLog(world)).length;
    const { code, stdout } = await runAgainst(world, ['sweep', '--json']);
    const result = JSON.parse(stdout) as SweepResult;

    expect(code).toBe(0);
    expect(result.dryRun).toBe(true);
    expect(actions(result)).toEqual(
      [...ORPHANS_FACTS.ownedOrphans.map((name) => `delete ${id(name)}`), `leave ${id('legacy-app')}`].sort(),
    );
    expect((await requestLog(world)).slice(start).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('prints a table saying which records are ours and what would happen', async () => {
    const { code, stdout } = await runAgainst(world, ['sweep']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Sweep \(dry run: nothing written; --delete to act\): 4 orphaned records; ARM calls: \d+ reads, 0 writes, 0 deletes$/m,
    );
    expect(stdout).toMatch(
      /^ {2}leave +no +legacy-app\.privatelink\.documents\.azure\.com +10\.4\.3\.10 +- +no live endpoint claims it, but it has no privatelink-autopilot ownership metadata/m,
    );
    expect(stdout).toMatch(
      /^ {2}delete +yes +orphans-retired\.privatelink\.documents\.azure\.com +10\.4\.2\.4 +- +no live endpoint claims it \(written for pe-orphans-retired\)$/m,
    );
  });

  it('--delete deletes owned orphans at once, at most --max-deletions, and never the hand-made record', async () => {
    const first = await runAgainst(world, ['sweep', '--delete', '--max-deletions', '2', '--json']);
    const second = await runAgainst(world, ['sweep', '--delete', '--json']);

    const firstResult = JSON.parse(first.stdout) as SweepResult;
    expect(first.code).toBe(0);
    expect(firstResult.orphans.map((o) => `${o.action} ${o.outcome ?? '-'}`).sort()).toEqual([
      'defer -',
      'delete done',
      'delete done',
      'leave -',
    ]);
    expect(first.stderr.split('\n').filter((l) => l.startsWith('['))).toEqual([
      expect.stringMatching(/^\[1\/2\] dns-delete orphans-\S+ … done$/),
      expect.stringMatching(/^\[2\/2\] dns-delete orphans-\S+ … done$/),
    ]);
    const secondResult = JSON.parse(second.stdout) as SweepResult;
    expect(secondResult.orphans.map((o) => `${o.action} ${o.outcome ?? '-'}`).sort()).toEqual([
      'delete done',
      'leave -',
    ]);

    const after = JSON.parse((await runAgainst(world, ['sweep', '--json'])).stdout) as SweepResult;
    expect(actions(after)).toEqual([`leave ${id('legacy-app')}`]);
  });

  it('rejects a --max-deletions that is not a whole number (exit 2)', async () => {
    const { code, stderr } = await runAgainst(world, ['sweep', '--max-deletions', 'lots']);
    expect(code).toBe(2);
    expect(stderr).toContain('expected a whole number ≥ 0, got "lots"');
  });
});
