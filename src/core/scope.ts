/**
 * The scope guard: what the autopilot may touch, whatever an event, an HTTP caller or a CLI flag names. Endpoints,
 * targets and connections must live in a scope subscription; DNS records in the zone subscription and, when
 * configured, its zone resource groups. Checked before any ARM call.
 *
 * An empty scope puts nothing in scope: the function app refuses to start without one (`requireUsableScope`).
 * Only the CLI, run by a person, falls back to something wider (the subscriptions the credential can list, or for the
 * offline `event explain`, every subscription), and says so on stderr.
 */
import { parseResourceId, ResourceIdError } from './resource-id';

export interface Scope {
  /** Lower-case subscription IDs whose endpoints, targets and connections may be read and changed. */
  subscriptions: string[];
  /** Lower-case subscription holding the private DNS zones. */
  dnsZoneSubscription?: string;
  /** Lower-case resource group names holding zones; empty = every group of the zone subscription. */
  dnsZoneResourceGroups: string[];
}

export type ScopeKind = 'resource' | 'dns';

export class OutOfScopeError extends Error {
  constructor(
    readonly resourceId: string,
    readonly why: string,
  ) {
    super(`refused: ${resourceId} is outside the configured scope (${why}); no ARM call was made`);
    this.name = 'OutOfScopeError';
  }
}

/** The one rule for "is this subscription in scope": case-insensitive membership; an empty list holds nothing. */
export function subscriptionInScope(subscriptions: readonly string[], subscriptionId: string): boolean {
  const wanted = subscriptionId.toLowerCase();
  return subscriptions.some((s) => s.toLowerCase() === wanted);
}

/** The scope a run needs: subscriptions to read endpoints in, and a zone subscription to read records in. */
export function requireUsableScope(scope: Scope): void {
  if (scope.subscriptions.length === 0) {
    throw new Error(
      'scope.subscriptions: expected at least one subscription ID (AUTOPILOT_SCOPE_SUBSCRIPTIONS or --subscription)',
    );
  }
  if (!scope.dnsZoneSubscription) {
    throw new Error(
      'scope.dnsZoneSubscription: expected the subscription that holds the private DNS zones (AUTOPILOT_DNS_ZONE_SUBSCRIPTION)',
    );
  }
}

export function scopeCheck(scope: Scope, resourceId: string, kind: ScopeKind): string | undefined {
  let id;
  try {
    id = parseResourceId(resourceId);
  } catch (err) {
    return err instanceof ResourceIdError ? err.message : `not an ARM resource ID`;
  }
  const subscription = id.subscriptionId.toLowerCase();
  if (kind === 'resource') {
    if (!subscriptionInScope(scope.subscriptions, subscription)) {
      return scope.subscriptions.length === 0
        ? 'no scope subscriptions are configured (AUTOPILOT_SCOPE_SUBSCRIPTIONS)'
        : `subscription ${id.subscriptionId} is not one of AUTOPILOT_SCOPE_SUBSCRIPTIONS`;
    }
    return undefined;
  }
  if (!scope.dnsZoneSubscription || subscription !== scope.dnsZoneSubscription) {
    return `subscription ${id.subscriptionId} is not the DNS zone subscription (AUTOPILOT_DNS_ZONE_SUBSCRIPTION)`;
  }
  const group = id.resourceGroup?.toLowerCase();
  if (scope.dnsZoneResourceGroups.length > 0 && (!group || !scope.dnsZoneResourceGroups.includes(group))) {
    return `resource group ${id.resourceGroup ?? '(none)'} is not one of AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS`;
  }
  return undefined;
}

export function assertInScope(scope: Scope, resourceId: string, kind: ScopeKind): void {
  const why = scopeCheck(scope, resourceId, kind);
  if (why !== undefined) throw new OutOfScopeError(resourceId, why);
}

export function isInScope(scope: Scope, resourceId: string, kind: ScopeKind): boolean {
  return scopeCheck(scope, resourceId, kind) === undefined;
}

export function scopeFromSettings(settings: {
  scopeSubscriptions: string[];
  dnsZoneSubscription?: string;
  dnsZoneResourceGroups: string[];
}): Scope {
  return {
    subscriptions: settings.scopeSubscriptions.map((s) => s.toLowerCase()),
    dnsZoneSubscription: settings.dnsZoneSubscription?.toLowerCase(),
    dnsZoneResourceGroups: settings.dnsZoneResourceGroups.map((g) => g.toLowerCase()),
  };
}
