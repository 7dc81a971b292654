/**
 * Check 5: each zone an endpoint's records live in is linked to the endpoint's virtual network, or to a network it is
 * peered with (a regional hub resolving for its spokes). Without either, clients in that network resolve the public
 * names to public IPs. Zone groups write records but never link zones,
 * so their endpoints are checked too.
 */
import { normaliseDnsName, sortedDistinct } from '../plan/dns/names';
import { nameOf, virtualNetworkOf } from './names';
import { checkableEndpoints, isLinkedTo } from './records';
import type { ObservedZone } from '../model';
import { sameResourceId, tryParseResourceId } from '../resource-id';
import type { Finding } from './types';
import type { World } from './world';

export function zoneLinkFindings(world: World): Finding[] {
  return checkableEndpoints(world).flatMap((endpoint): Finding[] => {
    const zoneNames = sortedDistinct(world.claimsOf(endpoint).claims.map((c) => normaliseDnsName(c.zone)));
    const inScope = zoneNames.filter((name) => world.zonesNamed(name).length > 0);
    if (inScope.length === 0) return [];
    const network = virtualNetworkOf(endpoint.subnetId);
    const endpointName = nameOf(endpoint.id);
    if (!network) {
      return [
        {
          check: 'zone-link',
          status: 'info',
          subject: endpoint.id,
          message: `the subnet of ${endpointName} was not observed (subnetId ${endpoint.subnetId ?? 'absent'}): zone links not checked`,
          action: '',
        },
      ];
    }
    const peers = connectedPeers(world, network);
    return inScope.map((zoneName): Finding => {
      // Every copy listed: one whose records could not be read still has its links judged.
      const zones = world.copiesNamed(zoneName);
      const first = zones[0] as (typeof zones)[number];
      const copy = (zone: ObservedZone) => (zones.length > 1 ? ` (the copy in ${resourceGroupOf(zone.id)})` : '');
      const linked = zones.find((z) => isLinkedTo(z, network));
      if (linked) {
        return {
          check: 'zone-link',
          status: 'ok',
          subject: linked.id,
          message: `${zoneName}${copy(linked)} is linked to ${nameOf(network)}, the virtual network of ${endpointName}`,
          action: '',
        };
      }
      for (const zone of zones) {
        const hub = peers.find((peer) => isLinkedTo(zone, peer));
        if (!hub) continue;
        return {
          check: 'zone-link',
          status: 'ok',
          subject: zone.id,
          message: `${zoneName}${copy(zone)} is linked to ${nameOf(hub)}, which ${nameOf(network)} (the virtual network of ${endpointName}) is peered with (Connected)`,
          action: '',
        };
      }
      if (zones.every((z) => z.linkedVirtualNetworkIds === undefined)) {
        return {
          check: 'zone-link',
          status: 'info',
          subject: first.id,
          message: `the virtual network links of ${zoneName} were not observed: link to ${nameOf(network)} not checked`,
          action: '',
        };
      }
      const placed = world.place(endpoint, zoneName);
      if (placed.kind === 'served' && placed.rule === 'setting') {
        const chosen = placed.zoneIds[0] as string;
        return {
          check: 'zone-link',
          status: 'info',
          subject: chosen,
          message: `AUTOPILOT_DNS_ZONE_PLACEMENT places ${endpointName}'s records in ${zoneName} (the copy in ${resourceGroupOf(chosen)}); no link or peering of ${nameOf(network)} reaches it, so its DNS must be forwarded there`,
          action: '',
        };
      }
      if (zones.length > 1) {
        const groups = zones.map((z) => resourceGroupOf(z.id)).join(', ');
        return {
          check: 'zone-link',
          status: 'error',
          subject: first.id,
          message: `none of the ${zones.length} copies of ${zoneName} (in ${groups}) is linked to virtual network ${nameOf(network)} of ${endpointName}, nor to a network peered with it: which copy serves it is ambiguous, so the autopilot writes none of its records (zone-placement-ambiguous) and clients in that network resolve its names to public IPs`,
          action: `a DNS admin links the copy of the hub that serves ${nameOf(network)} to it (or to a hub network it is peered with), or sets AUTOPILOT_DNS_ZONE_PLACEMENT to name that copy's resource group for the endpoint's region or subscription`,
        };
      }
      return {
        check: 'zone-link',
        status: 'error',
        subject: first.id,
        message: `${zoneName} is not linked to virtual network ${nameOf(network)} of ${endpointName}, nor to a network peered with it: clients in that network resolve its names to public IPs`,
        action: `a DNS admin links private DNS zone ${first.id} to virtual network ${network} (a virtual network link without auto-registration), or peers ${nameOf(network)} with a hub network linked to it`,
      };
    });
  });
}

/** The networks the endpoint's network is peered with (Connected), as read. */
function connectedPeers(world: World, network: string): string[] {
  return (world.input.placement?.peerings ?? [])
    .filter((p) => sameResourceId(p.networkId, network) && p.state.trim().toLowerCase() === 'connected')
    .map((p) => p.remoteNetworkId);
}

function resourceGroupOf(id: string): string {
  return tryParseResourceId(id)?.resourceGroup ?? id;
}
