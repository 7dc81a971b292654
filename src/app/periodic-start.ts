/**
 * The timer's start of the periodic pass: a singleton over the whole scope (left alone while one runs), and a fresh run
 * for every resource whose latest run was incomplete (its instance's custom status says so, whatever its age), so no
 * resource is given up on: a run retries a few times on its own, then once a period until a run completes.
 */
import { PERIODIC_INSTANCE_ID, PERIODIC_RECONCILE, RECONCILE_TARGET } from '../orchestrations/contract';
import type { PeriodicInput } from '../orchestrations/periodic-reconcile';
import { requireAppSettings } from './settings';
import { incompleteRunsOf, isActive, startOrSignal, statusOf, type InstanceClient } from './starter';

export interface PeriodicClient extends InstanceClient {
  getStatusBy(filter: {
    runtimeStatus?: string[];
  }): Promise<Array<{ instanceId?: unknown; name?: unknown; runtimeStatus?: unknown; customStatus?: unknown }>>;
}

export async function startPeriodicPass(
  client: PeriodicClient,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const { settings } = requireAppSettings(env);
  const lines: string[] = [];
  if (isActive(await statusOf(client, PERIODIC_INSTANCE_ID))) {
    lines.push(`periodic pass still running (${PERIODIC_INSTANCE_ID}); not started again`);
  } else {
    const input: PeriodicInput = { subscriptionIds: settings.scopeSubscriptions, dryRun: settings.dryRun };
    await client.startNew(PERIODIC_RECONCILE, { instanceId: PERIODIC_INSTANCE_ID, input });
    lines.push(`periodic pass started (${PERIODIC_INSTANCE_ID}) over ${input.subscriptionIds.length} subscription(s)`);
  }
  // Running instances retry on their own; those that ended incomplete are started again, carrying since when.
  const ended = await client.getStatusBy({ runtimeStatus: ['Completed', 'Failed'] });
  for (const { instanceId, run: incomplete } of incompleteRunsOf(ended)) {
    await startOrSignal(
      client,
      {
        orchestration: RECONCILE_TARGET,
        instanceId,
        input: { ...incomplete.subject, dryRun: settings.dryRun, incomplete },
        reason: `latest run incomplete since ${incomplete.since}`,
      },
      { closingWaitMs: 30_000 },
    );
    lines.push(`run again: ${incomplete.resourceId} (incomplete since ${incomplete.since})`);
  }
  return lines;
}
