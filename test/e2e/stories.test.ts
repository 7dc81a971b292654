/**
 * Every seed story through the function app: the emulator emits the events its SDK calls cause, the local host
 * delivers them to `resourceEvents`, orchestrations converge. Each verdict is read from the emulator's state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { createArmContext } from '../../src/azure/ports';
import { loadSettings } from '../../src/core/settings';
import { observeAndPlan } from '../../src/engine';
import { playStory, STORIES } from '../../tools/local-host/stories';
import { quiet, requestLog, startTestHost, type TestHost } from './support';
import { runPolicy } from '../../src/core/plan';

/** A pass that may delete what it wrote: the engine's delete path (run kinds are proven in the run-policy table test). */
const DELETING = runPolicy({ kind: 'target', entry: 'cli', dryRun: false });

describe('the seed stories on the local host', () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await startTestHost();
  });
  afterAll(async () => t.close());

  for (const story of STORIES) {
    it(`${story.name}: ${story.title}`, async () => {
      const before = t.lines.filter((l) => / POST \/api\//.test(l)).length;
      const verdict = await playStory(story, t.world);
      expect(verdict.detail).toBeTypeOf('string');
      expect(verdict, verdict.detail).toMatchObject({ ok: true });
      if (story.name !== 'catch-up') {
        // Only the catch-up calls the host; every other story converges on the events its SDK calls caused.
        expect(t.lines.filter((l) => / POST \/api\//.test(l)).length).toBe(before);
      }
    });
  }

  it('leaves the world converged: a whole plan changes nothing but what only the sweep may delete', async () => {
    await quiet(t.host);
    const ctx = createArmContext({ settings: loadSettings(process.env), clients: t.world.clients });
    const plan = (await observeAndPlan(ctx, {}, DELETING)).plan;
    expect(plan.changes.map((c) => `${c.kind} ${c.resourceId}`)).toEqual([]);
  });

  it('refreshed the Cosmos DB endpoint exactly once for the region it gained', async () => {
    const refreshes = (await requestLog(t.emulator)).filter(
      (r) => r.method === 'PUT' && r.path.toLowerCase() === SEED_COSMOS_FACTS.endpointId.toLowerCase(),
    );
    expect(refreshes).toHaveLength(1);
  });
});
