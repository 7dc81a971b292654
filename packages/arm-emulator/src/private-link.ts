import type { RequestContext } from './context';
import type { EmulatorState } from './state';

/**
 * The seam between private endpoints (Microsoft.Network) and the resources they connect to (Cosmos DB accounts,
 * Mongo vCore clusters, Key Vaults, Private Link Services, ...). The endpoint provider owns IPs, the NIC, DNS zone
 * groups and the endpoint's view of the connection; each target owns its provider-side connections.
 */

/** One IP the endpoint needs: `groupId`/`memberName` as on the NIC's `privateLinkConnectionProperties`. */
export interface RequiredMember {
  groupId: string;
  /** `requiredMemberName`, e.g. `acct` (global) or `acct-westus`; '' for Private Link Services. */
  memberName: string;
  /** Public FQDNs served by this IP, e.g. `acct-westus.documents.azure.com`; [] for Private Link Services. */
  fqdns: string[];
}

export interface EndpointAttachment {
  /** ARM ID of the target, resolved (an alias is replaced by the service's ID), in the target's casing. */
  targetId: string;
  /** ARM ID of the private endpoint. */
  endpointId: string;
  /** Name for the provider-side connection, stable for this endpoint and target (`<endpoint>.<guid>`). */
  connectionName: string;
  groupIds: string[];
  /** True for `manualPrivateLinkServiceConnections`: the connection starts Pending. */
  manual: boolean;
  requestMessage: string;
}

export interface EndpointDetachment {
  targetId: string;
  endpointId: string;
  connectionName: string;
}

/** The target's view of the connection, which the endpoint mirrors. */
export interface TargetConnectionState {
  status: string;
  description: string;
}

export interface PrivateLinkTarget {
  /**
   * The IPs an endpoint needs for these group IDs. Throw an `ArmError` when the target does not exist (404
   * `ResourceNotFound`-style) or a group ID is unknown (400). Called on every endpoint PUT, so a refresh sees the
   * target's current members (e.g. after a Cosmos DB region change).
   */
  requiredMembers(ctx: RequestContext, targetId: string, groupIds: string[]): RequiredMember[];
  /**
   * Creates (or, on a repeated endpoint PUT, keeps) the provider-side connection named `connectionName`. Must be
   * idempotent: an existing connection keeps its status; its `actionsRequired` goes back to `None`.
   */
  onEndpointAttached(ctx: RequestContext, attachment: EndpointAttachment): TargetConnectionState;
  /** Removes the provider-side connection (the endpoint was deleted or now points elsewhere). */
  onEndpointDetached(ctx: RequestContext, detachment: EndpointDetachment): void;
  /** The connection's current state, or undefined when it (or the target) no longer exists (endpoint shows Disconnected). */
  connectionStatus(state: EmulatorState, detachment: EndpointDetachment): TargetConnectionState | undefined;
  /** Resolves an alias (non-ARM-ID `privateLinkServiceId`) to a target ID; only Private Link Services have aliases. */
  resolveAlias?(state: EmulatorState, alias: string): string | undefined;
}

export class PrivateLinkTargets {
  private readonly targets = new Map<string, PrivateLinkTarget>();

  register(resourceType: string, target: PrivateLinkTarget): void {
    const key = resourceType.toLowerCase();
    if (this.targets.has(key)) throw new Error(`a private link target for ${resourceType} is already registered`);
    this.targets.set(key, target);
  }

  forType(resourceType: string): PrivateLinkTarget | undefined {
    return this.targets.get(resourceType.toLowerCase());
  }

  /** Finds the target that owns an alias and the ID it stands for. */
  resolveAlias(state: EmulatorState, alias: string): { target: PrivateLinkTarget; targetId: string } | undefined {
    for (const target of this.targets.values()) {
      const targetId = target.resolveAlias?.(state, alias);
      if (targetId !== undefined) return { target, targetId };
    }
    return undefined;
  }
}

export const PRIVATE_ENDPOINT_TYPE = 'Microsoft.Network/privateEndpoints';

/** What the endpoint provider keeps in `meta` for each endpoint's connection (read by the functions below). */
export interface EndpointLinkMeta {
  targetId: string;
  connectionName: string;
  actionsRequired: string;
}

export function endpointLink(meta: Record<string, unknown>): EndpointLinkMeta | undefined {
  const link = meta.link as EndpointLinkMeta | undefined;
  return link && typeof link.targetId === 'string' ? link : undefined;
}

/**
 * Called by a target when its members change (Cosmos DB regions added or removed): every endpoint attached to the
 * target shows `actionsRequired: "Recreate"` until it is PUT again. Returns the IDs of the flagged endpoints.
 */
export function flagAttachedEndpointsForRecreate(state: EmulatorState, targetId: string): string[] {
  return endpointsAttachedTo(state, targetId).map((endpoint) => {
    const link = endpointLink(endpoint.meta) as EndpointLinkMeta;
    link.actionsRequired = 'Recreate';
    return endpoint.id;
  });
}

/** The endpoints whose connection points at this target. */
export function endpointsAttachedTo(state: EmulatorState, targetId: string): ReturnType<EmulatorState['listAll']> {
  const wanted = targetId.toLowerCase();
  return state.listAll(PRIVATE_ENDPOINT_TYPE).filter((e) => endpointLink(e.meta)?.targetId.toLowerCase() === wanted);
}
