/**
 * One question, one answer on every entry point: what a run of each kind may do (core/plan `runPolicy`), asked of the
 * same world through the CLI (`plan`, `apply` as a dry run), the HTTP plan (`GET /api/plan`'s handler) and the
 * orchestration's steps as it calls them (approvals, refreshes, DNS, each handing the next what it read).
 *
 * The world: the demo estate (three records nobody claims any more, written by us) after a region was added to the
 * seed Cosmos DB account, so its endpoint asks for a refresh. Records nobody claims are the orphan sweep's on every
 * subscription-wide pass; a refresh belongs to the target's own run in the function app, and is made where it is found
 * by the CLI, which has no durable runs to hand it to.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  cosmosRegionsChange,
  ORPHANS_FACTS,
  SEED_COSMOS_FACTS,
  WORKLOAD_SUBSCRIPTION,
} from '@privatelink-autopilot/arm-emulator';
import { buildActivities } from '../../src/activities';
import { planFor } from '../../src/app/queries';
import { recordSetId } from '../../src/core/plan';
import type { AdapterWorld } from './azure/support';
import { runAgainst, useCliWorld, type PlanJson } from './cli/support';
import { engineContext, operatorEnv, operatorSettings } from './engine/support';

let world: AdapterWorld;
useCliWorld('demo', async (started) => {
  world = started;
  await world.apply([cosmosRegionsChange(SEED_COSMOS_FACTS.accountId, [...SEED_COSMOS_FACTS.regions, 'North Europe'])]);
});

type Subject = { subscriptionId: string } | { resourceId: string };
type Answer = Array<{ kind?: string; cause?: string; resourceId: string }>;

/** What each entry point says about the resources the question is about: a change's kind or a skip's cause. */
const entryPoints: Record<string, (subject: Subject) => Promise<Answer>> = {
  'CLI plan': async (subject) => cliJson(['plan', '--json', ...cliFlags(subject)]),
  'CLI apply': async (subject) => {
    vi.stubEnv('AUTOPILOT_DRY_RUN', 'true');
    try {
      return await cliJson(['apply', '--yes', '--json', ...cliFlags(subject)]);
    } finally {
      vi.stubEnv('AUTOPILOT_DRY_RUN', '');
    }
  },
  'HTTP plan': async (subject) => {
    const plan = await planFor(subject, operatorEnv(world));
    return [...plan.changes, ...plan.skipped];
  },
  orchestration: async (subject) => {
    const steps = buildActivities(() => engineContext(world, operatorSettings(world)));
    const answer: Answer = [];
    let earlier: unknown;
    for (const step of [steps.applyApprovals, steps.refreshEndpoints, steps.reconcileEndpointDns]) {
      const result = await step({ ...subject, dryRun: true, ...(earlier ? { earlier } : {}) });
      answer.push(...result.changes, ...result.skipped);
      earlier = 'resourceId' in subject ? result.earlier : undefined;
    }
    return answer;
  },
};

function cliFlags(subject: Subject): string[] {
  return 'resourceId' in subject ? ['--resource', subject.resourceId] : ['--subscription', subject.subscriptionId];
}

async function cliJson(args: string[]): Promise<Answer> {
  const { stdout } = await runAgainst(world, args);
  const json = JSON.parse(stdout) as PlanJson;
  return [...json.changes, ...json.skipped];
}

const orphans = ORPHANS_FACTS.ownedOrphans.map((name) => recordSetId(ORPHANS_FACTS.zoneId, name));
const endpoint = SEED_COSMOS_FACTS.endpointId;
const about = [...orphans, endpoint];

/** Run kind × entry point → what becomes of the orphans and of the endpoint's refresh. */
const table: Array<{ run: string; subject: Subject; answers: Record<string, Record<string, string>> }> = [
  {
    run: 'subscription-wide pass',
    subject: { subscriptionId: WORKLOAD_SUBSCRIPTION },
    answers: {
      'CLI plan': { orphans: 'left-to-orphan-sweep', refresh: 'endpoint-refresh' },
      'CLI apply': { orphans: 'left-to-orphan-sweep', refresh: 'endpoint-refresh' },
      'HTTP plan': { orphans: 'left-to-orphan-sweep', refresh: 'left-to-target-run' },
      orchestration: { orphans: 'left-to-orphan-sweep', refresh: 'left-to-target-run' },
    },
  },
  {
    run: 'endpoint run',
    subject: { resourceId: endpoint },
    answers: {
      'CLI plan': { refresh: 'endpoint-refresh' },
      'CLI apply': { refresh: 'endpoint-refresh' },
      'HTTP plan': { refresh: 'left-to-target-run' },
      orchestration: { refresh: 'left-to-target-run' },
    },
  },
  {
    run: 'target run',
    subject: { resourceId: SEED_COSMOS_FACTS.accountId },
    answers: {
      'CLI plan': { refresh: 'endpoint-refresh' },
      'CLI apply': { refresh: 'endpoint-refresh' },
      'HTTP plan': { refresh: 'endpoint-refresh' },
      orchestration: { refresh: 'endpoint-refresh' },
    },
  },
];

describe('what a run may do, on every entry point', () => {
  it.each(table)(
    '$run',
    async ({ subject, answers }) => {
      const writesBefore = world.emulator.writes.entries().length;
      const found: Record<string, Record<string, string>> = {};
      for (const [entry, ask] of Object.entries(entryPoints)) {
        const answer = (await ask(subject)).filter((a) =>
          about.some((id) => id.toLowerCase() === a.resourceId.toLowerCase()),
        );
        const said = (ids: string[]) =>
          [
            ...new Set(
              answer
                .filter((a) => ids.some((id) => id.toLowerCase() === a.resourceId.toLowerCase()))
                .map((a) => a.kind ?? a.cause),
            ),
          ].join(', ');
        found[entry] = {
          ...(said(orphans) ? { orphans: said(orphans) } : {}),
          refresh: said([endpoint]),
        };
      }
      expect(found).toEqual(answers);
      // Nothing was written by any of them.
      expect(world.emulator.writes.entries().slice(writesBefore)).toEqual([]);
    },
    60_000,
  );
});
