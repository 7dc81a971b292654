/**
 * Which copies of a private DNS zone serve an endpoint. Large estates keep one hub per region, each with its own copy
 * of the privatelink zones linked to its own network; one name cannot point at two endpoints' IPs, so each endpoint's
 * records belong in the copies its network resolves through. The rules, first that applies:
 *
 * 1. `linked`: copies linked to the endpoint's virtual network;
 * 2. `peered`: copies linked to a network the endpoint's network is peered with (`Connected`);
 * 3. `single-copy`: the only copy of the zone in scope (a single hub: today's behaviour);
 * 4. `setting`: the first `AUTOPILOT_DNS_ZONE_PLACEMENT` rule matching the endpoint's region or subscription whose
 *    resource group holds a copy;
 * 5. otherwise ambiguous: no record is written for the endpoint in that zone (`zone-placement-ambiguous`).
 */
import { formatResourceId, parentResource, resourceType, tryParseResourceId } from '../../resource-id';
import { regionSlug } from '../../region';
import type { ObservedEndpoint, ObservedPeering, ObservedZone } from '../../model';
import { resourceKey } from './names';

/** One `AUTOPILOT_DNS_ZONE_PLACEMENT` entry: endpoints in this region (or subscription) → the copy in this group. */
export interface ZonePlacementRule {
  match: 'region' | 'subscription';
  /** Lower case; a region without spaces (`eastus`), a subscription ID. */
  value: string;
  /** Lower case. */
  resourceGroup: string;
}

export interface PlacementFacts {
  /** The peerings read of the endpoints' networks (only `Connected` ones count). */
  peerings?: readonly ObservedPeering[];
  rules?: readonly ZonePlacementRule[];
  /**
   * Every copy of the zones in scope as listed, with their links where read, including copies the plan does not file
   * into (not asked for, or whose records could not be read): an endpoint is placed among all of them, or leaving one
   * out would make another look like the only copy. Absent: the zones planned.
   */
  copies?: readonly ObservedZone[];
}

export type PlacementRuleName = 'linked' | 'peered' | 'single-copy' | 'setting';

export type Placement =
  | { kind: 'served'; rule: PlacementRuleName; zoneIds: string[] }
  | { kind: 'ambiguous'; copies: string[]; reason: string };

/** The virtual network of a subnet ID (`…/virtualNetworks/v/subnets/s` → `…/virtualNetworks/v`); undefined for anything else. */
export function virtualNetworkOf(subnetId: string | undefined): string | undefined {
  if (!subnetId) return undefined;
  const parsed = tryParseResourceId(subnetId);
  if (!parsed || resourceType(parsed)?.toLowerCase() !== 'microsoft.network/virtualnetworks/subnets') return undefined;
  const network = parentResource(parsed);
  return network && formatResourceId(network);
}

export type Placer = (endpoint: ObservedEndpoint, copies: readonly ObservedZone[]) => Placement;

/** A placer over the facts read: peers are indexed once, so placing each claim costs the copies of its zone. */
export function createPlacer(facts: PlacementFacts = {}): Placer {
  const peers = new Map<string, Set<string>>();
  for (const peering of facts.peerings ?? []) {
    if (peering.state.trim().toLowerCase() !== 'connected') continue;
    const local = resourceKey(peering.networkId);
    const set = peers.get(local) ?? new Set<string>();
    set.add(resourceKey(peering.remoteNetworkId));
    peers.set(local, set);
  }
  const rules = facts.rules ?? [];
  return (endpoint, copies) => place(endpoint, copies, peers, rules);
}

function place(
  endpoint: ObservedEndpoint,
  copies: readonly ObservedZone[],
  peers: ReadonlyMap<string, ReadonlySet<string>>,
  rules: readonly ZonePlacementRule[],
): Placement {
  const only = copies.length === 1 ? copies[0] : undefined;
  // One copy: whatever its links say, it is the one that can serve (rules 1–3 all name it).
  if (only) return { kind: 'served', rule: 'single-copy', zoneIds: [only.id] };
  const network = virtualNetworkOf(endpoint.subnetId);
  const networkKey = network && resourceKey(network);
  const linkedTo = (zone: ObservedZone, keys: ReadonlySet<string>) =>
    (zone.linkedVirtualNetworkIds ?? []).some((id) => keys.has(resourceKey(id)));
  if (networkKey) {
    const linked = copies.filter((zone) => linkedTo(zone, new Set([networkKey])));
    if (linked.length > 0) return served('linked', linked);
    const peered = peers.get(networkKey);
    const viaPeers = peered ? copies.filter((zone) => linkedTo(zone, peered)) : [];
    if (viaPeers.length > 0) return served('peered', viaPeers);
  }
  const subscription = tryParseResourceId(endpoint.id)?.subscriptionId?.toLowerCase();
  const region = endpoint.location ? regionSlug(endpoint.location) : undefined;
  for (const rule of rules) {
    const matches = rule.match === 'region' ? rule.value === region : rule.value === subscription;
    if (!matches) continue;
    const chosen = copies.filter(
      (zone) => tryParseResourceId(zone.id)?.resourceGroup?.toLowerCase() === rule.resourceGroup,
    );
    if (chosen.length > 0) return served('setting', chosen);
  }
  const ids = copies.map((zone) => zone.id).sort((a, b) => resourceKey(a).localeCompare(resourceKey(b)));
  const unknownLinks = copies.filter((zone) => zone.linkedVirtualNetworkIds === undefined).length;
  const why = [
    network
      ? `none is linked to its virtual network ${network} or to a network peered with it`
      : 'its virtual network is not known',
    ...(unknownLinks > 0 ? [`the links of ${unknownLinks} of them were not read`] : []),
    `AUTOPILOT_DNS_ZONE_PLACEMENT names none of them for its region ${region ?? '(unknown)'} or subscription ${subscription ?? '(unknown)'}`,
  ];
  return {
    kind: 'ambiguous',
    copies: ids,
    reason: `the scope holds ${copies.length} copies of the zone (${ids.join(', ')}): ${why.join('; ')}`,
  };
}

function served(rule: PlacementRuleName, zones: readonly ObservedZone[]): Placement {
  return { kind: 'served', rule, zoneIds: zones.map((zone) => zone.id) };
}
