import { armPath } from '../azure/arm-ref';
import type { ArmClients } from '../azure/clients';
import { GenericArm } from '../azure/generic-arm';
import { isSubscriptionId } from '../core/resource-id';

const SUBSCRIPTIONS_API_VERSION = '2022-12-01';

/** Lower-case IDs (GUIDs) of the enabled subscriptions the credential can see (GET /subscriptions, all pages). */
export async function listSubscriptions(clients: ArmClients): Promise<string[]> {
  const items = await new GenericArm(clients).list(armPath(['subscriptions']), SUBSCRIPTIONS_API_VERSION);
  const ids = items.flatMap((item) => {
    const { subscriptionId, state } = (item ?? {}) as { subscriptionId?: unknown; state?: unknown };
    const enabled = state === undefined || (typeof state === 'string' && state.toLowerCase() === 'enabled');
    // The scope goes into every URL path: an answer's ".." or "?" must not become part of one.
    return typeof subscriptionId === 'string' && isSubscriptionId(subscriptionId) && enabled ? [subscriptionId.toLowerCase()] : [];
  });
  return [...new Set(ids)].sort();
}
