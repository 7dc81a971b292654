/**
 * Whether a resource's own operation is still running (a Cosmos DB account adding a region, an endpoint being
 * created): a reconcile waits for it, because Azure asks for the endpoint refresh only once the account settles.
 */
import { targetIfConnection } from '../core/arm-identity';
import { assertInScope } from '../core/scope';
import type { EngineContext } from './context';
import { focusKind } from './observe';

export interface OperationState {
  resourceId: string;
  busy: boolean;
  /** What says so: the provisioning state of the resource, or of a Cosmos DB region. */
  state: string;
}

const SETTLED = new Set(['succeeded', 'failed', 'canceled', 'cancelled', 'unknown', '']);

export async function operationInProgress(ctx: EngineContext, resourceId: string): Promise<OperationState> {
  assertInScope(ctx.scope, resourceId, 'resource');
  try {
    if (focusKind(resourceId) === 'endpoint') {
      const { endpoint } = await ctx.arm.endpoints.observeEndpoint(resourceId);
      return stateOf(resourceId, endpoint.provisioningState);
    }
    const { target } = await ctx.arm.connections.getTarget(targetIfConnection(resourceId));
    const region = target.cosmos?.regions.find(
      (r) => r.provisioningState && !SETTLED.has(r.provisioningState.toLowerCase()),
    );
    if (region) return { resourceId, busy: true, state: `region ${region.name} ${region.provisioningState}` };
    return stateOf(resourceId, target.provisioningState ?? '');
  } catch (error) {
    // A resource that is gone has no operation to wait for; the reconcile that follows reports what it finds.
    if (ctx.arm.classifyError(error).status === 404) return { resourceId, busy: false, state: 'NotFound' };
    throw error;
  }
}

function stateOf(resourceId: string, provisioningState: string): OperationState {
  return { resourceId, busy: !SETTLED.has(provisioningState.toLowerCase()), state: provisioningState || 'Unknown' };
}
