/**
 * The chaos suite, one run per seed, split over shard files so that runs use every core (each shard is its own
 * process: the local host keeps its settings in the process environment, so runs in one process go one at a time).
 *
 * CHAOS_SEEDS runs in all (default 50, as CI runs them) from CHAOS_SEED (default 1; `random` draws one). A failing run
 * prints its seed and schedule; `CHAOS_SEED=<seed> CHAOS_SEEDS=1 npm run test:chaos` replays it.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { describeFigures, summarise, type RunRecord } from './figures';
import { runChaos } from './run';
import { describeAction, scheduleFor } from './schedule';

export const SHARDS = 2;

export function chaosSeeds(env: NodeJS.ProcessEnv = process.env): { first: number; count: number } {
  const count = positive('CHAOS_SEEDS', env.CHAOS_SEEDS, 50);
  const first =
    env.CHAOS_SEED === 'random' ? 1 + Math.floor(Math.random() * 1_000_000) : positive('CHAOS_SEED', env.CHAOS_SEED, 1);
  return { first, count };
}

export function chaosShard(shard: number): void {
  const { first, count } = chaosSeeds();
  const seeds = Array.from({ length: count }, (_, i) => first + i).filter((_, i) => i % SHARDS === shard);
  const records: RunRecord[] = [];
  const resultsFile = join(inject('chaosResultsDir'), `shard-${shard}.jsonl`);

  describe(`chaos shard ${shard + 1}/${SHARDS}: ${seeds.length} of ${count} seeds from ${first}`, () => {
    afterAll(() => {
      if (records.length > 0) console.log(summarise(records, `chaos shard ${shard + 1}/${SHARDS}`));
    });

    it('draws the same schedule from a seed every time, and another from the next seed', () => {
      for (const seed of seeds.length > 0 ? seeds : [first]) {
        expect(scheduleFor(seed)).toEqual(scheduleFor(seed));
        expect(scheduleFor(seed)).not.toEqual(scheduleFor(seed + 1));
      }
    });

    it.each(seeds)(
      'seed %i converges and keeps every invariant',
      async (seed) => {
        let record: RunRecord = { seed, ok: false };
        try {
          const run = await runChaos(seed);
          record = { seed, ok: run.violations.length === 0, figures: run.figures };
          console.log(describeFigures(seed, run.figures, record.ok));
          const replay = `replay: CHAOS_SEED=${seed} CHAOS_SEEDS=1 npm run test:chaos`;
          const schedule = run.schedule.actions.map((a) => describeAction(a.action)).join('; ');
          expect(
            run.violations,
            `${replay}\nschedule: ${schedule}\nwhat happened:\n  ${run.story.join('\n  ')}`,
          ).toEqual([]);
        } finally {
          records.push(record);
          appendFileSync(resultsFile, `${JSON.stringify(record)}\n`);
        }
      },
      240_000,
    );
  });
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name}: expected a positive integer (or CHAOS_SEED=random), got "${value}"`);
  return n;
}
