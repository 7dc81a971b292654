/**
 * Two regional hubs through the function app, by events alone: the emulator starts with the hubs, their zone copies,
 * links and peerings and the account; the stories create an endpoint per hub and then add a region through the SDK.
 * Each verdict is read from the emulator's state: every copy of the zone holds its own hub's endpoint's IPs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TWO_HUBS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { createArmContext } from '../../src/azure/ports';
import { runPolicy } from '../../src/core/plan';
import { loadSettings } from '../../src/core/settings';
import { observeAndPlan } from '../../src/engine';
import { TWO_HUB_STORIES, TWO_HUBS_GROUND, TWO_HUBS_SETTINGS } from '../../tools/local-host/hub-stories';
import { playStory } from '../../tools/local-host/stories';
import { quiet, requestLog, startTestHost, type TestHost } from './support';

describe('two regional hubs on the local host', () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await startTestHost({ settings: { ...TWO_HUBS_SETTINGS }, emulator: { scenario: TWO_HUBS_GROUND } });
  });
  afterAll(async () => t.close());

  for (const story of TWO_HUB_STORIES) {
    it(`${story.name}: ${story.title}`, async () => {
      const verdict = await playStory(story, t.world);
      expect(verdict, verdict.detail).toMatchObject({ ok: true });
      // Nothing called the host: the events the SDK calls caused did it all.
      expect(t.lines.filter((l) => / POST \/api\//.test(l))).toEqual([]);
    });
  }

  it('leaves both copies converged: a whole plan finds nothing to change and no conflict', async () => {
    await quiet(t.host);
    const ctx = createArmContext({ settings: loadSettings(process.env), clients: t.world.clients });
    const { plan } = await observeAndPlan(ctx, {}, runPolicy({ kind: 'target', entry: 'cli', dryRun: true }));
    expect(plan.changes.map((c) => `${c.kind} ${c.resourceId}`)).toEqual([]);
    expect(plan.conflicts).toEqual([]);
    expect(plan.skipped.filter((s) => s.cause === 'zone-placement-ambiguous')).toEqual([]);
  });

  it('refreshed each endpoint exactly once, for the region the account gained', async () => {
    const puts = (await requestLog(t.emulator)).filter((r) => r.method === 'PUT');
    for (const hub of [TWO_HUBS_FACTS.east, TWO_HUBS_FACTS.west]) {
      const refreshes = puts.filter((r) => r.path.toLowerCase() === hub.endpointId.toLowerCase());
      // The story's create, then the app's one refresh.
      expect(refreshes).toHaveLength(2);
    }
  });
});
