/**
 * After a private endpoint is deleted: the records we wrote for it that no live endpoint claims any more. Azure
 * removes zone-group records itself; ours stay until someone deletes them.
 */
import { emptyCallCount } from '../azure/clients';
import { classifyArmError } from '../azure/errors';
import { resourceKey } from '../core/plan/dns/names';
import type { PlanSkip } from '../core/plan/changes';
import { assertInScope } from '../core/scope';
import { adaptersOf } from './adapters';
import { applyPlan } from './apply';
import type { EngineContext } from './context';
import { focusKind, observe, observeZones } from './observe';
import { planObservation, writtenFor } from '../core/plan/plan-reconcile';
import type { ApplyResult } from './types';

export async function cleanupDeletedEndpointDns(ctx: EngineContext, endpointId: string, options: { dryRun: boolean }): Promise<ApplyResult> {
  assertInScope(ctx.scope, endpointId, 'resource');
  if (focusKind(endpointId) !== 'endpoint') {
    throw new Error(`endpointId: expected the ARM ID of a Microsoft.Network/privateEndpoints resource, got "${endpointId}"`);
  }
  const start = { ...ctx.clients.calls };
  const outcome = await cleanup(ctx, endpointId, options);
  const now = ctx.clients.calls;
  return { ...outcome, calls: { reads: now.reads - start.reads, writes: now.writes - start.writes, deletes: now.deletes - start.deletes } };
}

async function cleanup(ctx: EngineContext, endpointId: string, options: { dryRun: boolean }): Promise<ApplyResult> {
  const nothing = (skipped: PlanSkip[] = []): ApplyResult => ({ dryRun: options.dryRun, changes: [], conflicts: [], skipped, failures: [], calls: emptyCallCount() });
  if (await stillExists(ctx, endpointId)) {
    return nothing([{ resourceId: endpointId, cause: 'endpoint-exists', reason: 'the endpoint exists (deleted and created again, or never deleted): its records are reconciled, not cleaned up' }]);
  }
  const zones = await observeZones(ctx);
  const writtenForIt = writtenFor([endpointId]);
  if (!zones.records.some(writtenForIt)) return { ...nothing(), failures: zones.failures };
  // Records we wrote for it exist: whether another endpoint claims them needs every endpoint in scope.
  const observation = await observe(ctx, { connections: false });
  const focused = { ...observation, focus: { resourceId: endpointId, kind: 'endpoint' as const, endpointIds: [resourceKey(endpointId)] } };
  const plan = planObservation(ctx, focused);
  const deletes = { ...plan, changes: plan.changes.filter((c) => c.kind === 'dns-delete') };
  return applyPlan(ctx, focused, deletes, { dryRun: options.dryRun, parts: ['dns'] });
}

async function stillExists(ctx: EngineContext, endpointId: string): Promise<boolean> {
  try {
    await adaptersOf(ctx).endpoints.observeEndpoint(endpointId);
    return true;
  } catch (error) {
    if (classifyArmError(error).status === 404) return false;
    throw error;
  }
}
