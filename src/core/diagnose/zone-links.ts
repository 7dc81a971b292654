/**
 * Check 5: each zone an endpoint's records live in is linked to the endpoint's virtual network. Without the link,
 * clients in that network resolve the public names to public IPs. Zone groups write records but never link zones,
 * so their endpoints are checked too.
 */
import { normaliseDnsName, sortedDistinct } from '../plan/dns/names';
import { nameOf, virtualNetworkOf } from './names';
import { checkableEndpoints, isLinkedTo } from './records';
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
    return inScope.map((zoneName): Finding => {
      const zones = world.zonesNamed(zoneName);
      const linked = zones.find((z) => isLinkedTo(z, network));
      const first = zones[0] as (typeof zones)[number];
      if (linked) {
        return {
          check: 'zone-link',
          status: 'ok',
          subject: linked.id,
          message: `${zoneName} is linked to ${nameOf(network)}, the virtual network of ${endpointName}`,
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
      return {
        check: 'zone-link',
        status: 'error',
        subject: first.id,
        message: `${zoneName} is not linked to virtual network ${nameOf(network)} of ${endpointName}: clients in that network resolve its names to public IPs`,
        action: `a DNS admin links private DNS zone ${first.id} to virtual network ${network} (a virtual network link without auto-registration)`,
      };
    });
  });
}
