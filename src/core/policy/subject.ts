import type { ObservedConnection } from '../model';
import { showInvisible } from '../quote-input';
import { resourceName, tryParseResourceId } from '../resource-id';

/** The requesting private endpoint, from the connection's `privateEndpoint.id`. */
export type Requester =
  { known: true; subscriptionId: string; resourceGroup?: string; name?: string } | { known: false; why: string };

export function requesterOf(connection: ObservedConnection): Requester {
  const endpointId = connection.privateEndpointId;
  if (!endpointId) return { known: false, why: 'the connection names no private endpoint' };
  const parsed = tryParseResourceId(endpointId);
  if (!parsed) return { known: false, why: `private endpoint ID ${quote(endpointId)} is not an ARM resource ID` };
  return {
    known: true,
    subscriptionId: parsed.subscriptionId,
    resourceGroup: parsed.resourceGroup,
    name: resourceName(parsed),
  };
}

export function targetNameOf(connection: ObservedConnection): string {
  const parsed = tryParseResourceId(connection.targetId);
  return (parsed && resourceName(parsed)) ?? connection.targetId;
}

const MAX_QUOTED = 60;

/**
 * Quotes a value for a reason, shortened, invisible characters escaped: reasons are read by people and stored on
 * connections, and a requester's message must not be able to reorder or hide part of them.
 */
export function quote(value: string): string {
  const shown = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED - 1)}…` : value;
  return showInvisible(JSON.stringify(shown));
}
