/**
 * What placement needs read (`src/core/plan/dns/placement.ts`), and only where the scope holds several copies of a zone
 * an endpoint claims in: the links of those copies (once each) and, for endpoints whose own network none of them is
 * linked to, the peerings of that network (once each). A single hub reads nothing more, unless asked (`always`: doctor).
 */
import { ARM_READS_IN_FLIGHT, mapBounded } from '../core/map-bounded';
import type { ObservedEndpoint, ObservedPeering, ObservedZone } from '../core/model';
import { claimsOfObservation, type ObservationFailure } from '../core/plan';
import { resourceKey } from '../core/plan/dns/names';
import { virtualNetworkOf } from '../core/plan/dns/placement';
import { isInScope } from '../core/scope';
import type { EngineContext } from './context';
import { observationFailure } from './failures';

export interface PlacementReads {
  zones: ObservedZone[];
  /** Every copy listed, with its links where read, when some are not in `zones` (`Observation.zoneCopies`). */
  zoneCopies?: ObservedZone[];
  peerings: ObservedPeering[];
  peeringNetworkIds: string[];
}

export async function readPlacementFacts(
  ctx: EngineContext,
  endpoints: readonly ObservedEndpoint[],
  zones: readonly ObservedZone[],
  known: { peerings?: readonly ObservedPeering[]; peeringNetworkIds?: readonly string[] },
  failures: ObservationFailure[],
  options: { always?: boolean; copies?: readonly ObservedZone[] } = {},
): Promise<PlacementReads> {
  // Copies left out of `zones` (not asked for, records unreadable) still count: placing among fewer would be wrong.
  const planned = new Set(zones.map((z) => resourceKey(z.id)));
  const all = [...zones, ...(options.copies ?? []).filter((z) => !planned.has(resourceKey(z.id)))];
  const copies = new Map<string, number>();
  for (const zone of all) copies.set(zone.name, (copies.get(zone.name) ?? 0) + 1);
  const shared = new Set([...copies].filter(([, n]) => n > 1 || options.always).map(([name]) => name));
  const peerings = [...(known.peerings ?? [])];
  const peeringNetworkIds = [...(known.peeringNetworkIds ?? [])];
  const copiesOf = (read: ObservedZone[]) => (read.length > zones.length ? { zoneCopies: read } : {});
  if (shared.size === 0) return { zones: [...zones], ...copiesOf(all), peerings, peeringNetworkIds };

  const claimsOf = claimsOfObservation(ctx, { zones: all });
  const placing = endpoints.filter((e) => claimsOf(e).claims.some((c) => shared.has(c.zone.toLowerCase())));
  const wanted = new Set(placing.flatMap((e) => claimsOf(e).claims.map((c) => c.zone.toLowerCase())));
  const unlinked = all.filter((z) => wanted.has(z.name) && shared.has(z.name) && !z.linkedVirtualNetworkIds);
  const links = new Map<string, string[]>();
  await mapBounded(unlinked, ARM_READS_IN_FLIGHT, async (zone) => {
    try {
      links.set(resourceKey(zone.id), (await ctx.arm.dns.listZoneLinks(zone.id)).virtualNetworkIds);
    } catch (error) {
      // Its links stay unknown: an endpoint only it could serve is not placed (its records kept, none written).
      failures.push(observationFailure(ctx, 'links', zone.id, error));
    }
  });
  const linked = all.map((zone) => {
    const read = links.get(resourceKey(zone.id));
    return read ? { ...zone, linkedVirtualNetworkIds: read } : zone;
  });

  const linkedNetworks = new Set(
    linked.filter((z) => shared.has(z.name)).flatMap((z) => (z.linkedVirtualNetworkIds ?? []).map(resourceKey)),
  );
  const done = new Set(peeringNetworkIds.map(resourceKey));
  const networks = new Map<string, string>();
  for (const endpoint of placing) {
    const network = virtualNetworkOf(endpoint.subnetId);
    if (!network || linkedNetworks.has(resourceKey(network)) || done.has(resourceKey(network))) continue;
    // A network outside the scope is someone else's to read: placement falls through to the setting.
    if (isInScope(ctx.scope, network, 'resource')) networks.set(resourceKey(network), network);
  }
  await mapBounded([...networks.values()], ARM_READS_IN_FLIGHT, async (network) => {
    try {
      peerings.push(...(await ctx.arm.networks.listPeerings(network)).peerings);
      peeringNetworkIds.push(network);
    } catch (error) {
      failures.push(observationFailure(ctx, 'peerings', network, error));
    }
  });
  return {
    zones: linked.slice(0, zones.length),
    ...copiesOf(linked),
    peerings,
    peeringNetworkIds: peeringNetworkIds.sort(),
  };
}
