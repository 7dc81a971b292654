/**
 * After a private endpoint is deleted: the records we wrote for it that no live endpoint claims any more. Azure
 * removes zone-group records itself; ours stay until someone deletes them.
 */
import { emptyCallCount } from '../core/model';
import { hasRecordsWrittenFor, planEndpointCleanup, runPolicy, type PlanSkip } from '../core/plan';
import { assertInScope } from '../core/scope';
import { applyPlan } from './apply';
import type { EngineContext } from './context';
import { focusKind, observe, observeZones } from './observe';
import type { ApplyResult } from './types';

export async function cleanupDeletedEndpointDns(
  ctx: EngineContext,
  endpointId: string,
  options: { dryRun: boolean },
): Promise<ApplyResult> {
  assertInScope(ctx.scope, endpointId, 'resource');
  if (focusKind(endpointId) !== 'endpoint') {
    throw new Error(
      `endpointId: expected the ARM ID of a Microsoft.Network/privateEndpoints resource, got "${endpointId}"`,
    );
  }
  const { value, calls } = await ctx.arm.meter.measure(() => cleanup(ctx, endpointId, options));
  return { ...value, calls };
}

async function cleanup(ctx: EngineContext, endpointId: string, options: { dryRun: boolean }): Promise<ApplyResult> {
  const nothing = (skipped: PlanSkip[] = []): ApplyResult => ({
    dryRun: options.dryRun,
    changes: [],
    conflicts: [],
    skipped,
    failures: [],
    calls: emptyCallCount(),
  });
  if (await stillExists(ctx, endpointId)) {
    return nothing([
      {
        resourceId: endpointId,
        cause: 'endpoint-exists',
        reason:
          'the endpoint exists (deleted and created again, or never deleted): its records are reconciled, not cleaned up',
      },
    ]);
  }
  const zones = await observeZones(ctx);
  if (!hasRecordsWrittenFor(zones, endpointId)) return { ...nothing(), failures: zones.failures };
  // Records we wrote for it exist: whether another endpoint claims them needs every endpoint in scope.
  const { observation, plan } = planEndpointCleanup(ctx, await observe(ctx, { connections: false }), endpointId);
  // An endpoint's run: it deletes what was written for that endpoint (the deletes re-checked under that policy).
  const policy = runPolicy({ kind: 'endpoint', entry: 'function-app', dryRun: options.dryRun });
  return applyPlan(ctx, observation, plan, { policy, parts: ['dns'] });
}

async function stillExists(ctx: EngineContext, endpointId: string): Promise<boolean> {
  try {
    await ctx.arm.endpoints.observeEndpoint(endpointId);
    return true;
  } catch (error) {
    if (ctx.arm.classifyError(error).status === 404) return false;
    throw error;
  }
}
