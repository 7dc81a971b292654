import { isGuid } from '../core/guid';
import type { SubscriptionPort } from '../engine/ports';
import { armPath } from './arm-ref';
import type { ArmClients } from './clients';
import { GenericArm } from './generic-arm';

const SUBSCRIPTIONS_API_VERSION = '2022-12-01';

/** Lower-case IDs (GUIDs) of the enabled subscriptions the credential can see (GET /subscriptions, all pages). */
export class SubscriptionAdapter implements SubscriptionPort {
  constructor(private readonly clients: ArmClients) {}

  async listSubscriptions(): Promise<string[]> {
    const items = await new GenericArm(this.clients).list(armPath(['subscriptions']), SUBSCRIPTIONS_API_VERSION);
    const ids = items.flatMap((item) => {
      const { subscriptionId, state } = (item ?? {}) as { subscriptionId?: unknown; state?: unknown };
      const enabled = state === undefined || (typeof state === 'string' && state.toLowerCase() === 'enabled');
      // The scope goes into every URL path: an answer's ".." or "?" must not become part of one.
      return typeof subscriptionId === 'string' && isGuid(subscriptionId) && enabled
        ? [subscriptionId.toLowerCase()]
        : [];
    });
    return [...new Set(ids)].sort();
  }
}
