/** The orphan sweep on the emulator's `orphans` scenario: exactly its orphans, nothing else. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordSetId } from '../../../src/core/plan/changes';
import { ORPHANS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { sweep } from '../../../src/engine';
import { type OrphanRecord } from '../../../src/core/plan';
import type { AdapterWorld } from '../azure/support';
import { engineContext, startWorld } from './support';

let world: AdapterWorld;

beforeEach(async () => {
  world = await startWorld('orphans');
});
afterEach(async () => {
  await world?.close();
});

const T0 = '2030-01-01T00:00:00.000Z';
const minutesAfter = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const summary = (orphans: OrphanRecord[]) =>
  orphans
    .map(
      (o) =>
        `${o.action} ${o.owned ? 'owned' : 'unowned'} ${o.resourceId.toLowerCase()}${o.outcome ? ` ${o.outcome}` : ''}`,
    )
    .sort();
const id = (name: string) => recordSetId(ORPHANS_FACTS.zoneId, name).toLowerCase();

describe('sweep', () => {
  it('reports the three owned orphans for deletion and the hand-made record as not ours, writing nothing', async () => {
    const ctx = engineContext(world);
    const result = await sweep(ctx, { now: T0, maxDeletions: 50, delete: false });

    expect(result.dryRun).toBe(true);
    expect(summary(result.orphans)).toEqual(
      [
        ...ORPHANS_FACTS.ownedOrphans.map((name) => `delete owned ${id(name)}`),
        ...ORPHANS_FACTS.unownedOrphans.map((name) => `leave unowned ${id(name)}`),
      ].sort(),
    );
    expect(result.orphans.find((o) => o.action === 'leave')?.ips).toEqual(['10.4.3.10']);
    expect(ctx.arm.meter.calls.writes + ctx.arm.meter.calls.deletes).toBe(0);
  });

  it('deletes at once when asked, at most maxDeletions per run', async () => {
    const ctx = engineContext(world);
    const first = await sweep(ctx, { now: T0, maxDeletions: 2, delete: true });

    expect(first.orphans.filter((o) => o.action === 'delete').map((o) => o.outcome)).toEqual(['done', 'done']);
    expect(first.orphans.filter((o) => o.action === 'defer')).toHaveLength(1);
    expect(first.calls.deletes).toBe(2);

    const deletedFirst = first.orphans.filter((o) => o.outcome === 'done').map((o) => o.resourceId.toLowerCase());
    const left = ORPHANS_FACTS.ownedOrphans.map(id).filter((orphan) => !deletedFirst.includes(orphan));
    expect(left).toHaveLength(1);
    const second = await sweep(engineContext(world), { now: T0, maxDeletions: 2, delete: true });
    expect(summary(second.orphans)).toEqual(
      [`delete owned ${left[0]} done`, `leave unowned ${id('legacy-app')}`].sort(),
    );
    const third = await sweep(engineContext(world), { now: T0, maxDeletions: 2, delete: true });
    expect(summary(third.orphans)).toEqual([`leave unowned ${id('legacy-app')}`]);
  });

  it('on the timer marks first, waits out the grace, then deletes', async () => {
    const marked = await sweep(engineContext(world), { now: T0, graceMinutes: 60, maxDeletions: 50, delete: true });
    expect(marked.orphans.filter((o) => o.owned).map((o) => `${o.action} ${o.outcome}`)).toEqual([
      'mark done',
      'mark done',
      'mark done',
    ]);
    expect(marked.calls).toMatchObject({ writes: 3, deletes: 0 });

    const waiting = await sweep(engineContext(world), {
      now: minutesAfter(30),
      graceMinutes: 60,
      maxDeletions: 50,
      delete: true,
    });
    expect(waiting.orphans.filter((o) => o.owned).map((o) => o.action)).toEqual(['wait', 'wait', 'wait']);
    expect(waiting.calls).toMatchObject({ writes: 0, deletes: 0 });

    const deleted = await sweep(engineContext(world), {
      now: minutesAfter(61),
      graceMinutes: 60,
      maxDeletions: 50,
      delete: true,
    });
    expect(summary(deleted.orphans)).toEqual(
      [
        ...ORPHANS_FACTS.ownedOrphans.map((name) => `delete owned ${id(name)} done`),
        `leave unowned ${id('legacy-app')}`,
      ].sort(),
    );
    expect(deleted.calls.deletes).toBe(3);
  });
});
