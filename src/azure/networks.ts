import type { ArmCallCount, ObservedPeering } from '../core/model';
import type { NetworkPort } from '../engine/ports';
import { resourceRef } from './arm-ref';
import { collectBounded } from './bounded';
import type { ArmClients } from './clients';

const NETWORK_TYPE = 'Microsoft.Network/virtualNetworks';

/** Virtual network peerings through `@azure/arm-network`: where an endpoint's network resolves DNS from. */
export class NetworkAdapter implements NetworkPort {
  constructor(private readonly clients: ArmClients) {}

  /** `virtualNetworkPeerings.list`, all pages; a peering without a remote network is left out. */
  async listPeerings(virtualNetworkId: string): Promise<{ peerings: ObservedPeering[]; calls: ArmCallCount }> {
    const network = resourceRef(virtualNetworkId, 'virtualNetworkId', NETWORK_TYPE);
    const { value, calls } = await this.clients.measure(async () => {
      const listed = await collectBounded(
        this.clients.network(network.subscriptionId).virtualNetworkPeerings.list(network.resourceGroup, network.name),
        { what: `peerings of ${network.id}` },
      );
      return listed.flatMap((peering) =>
        peering.remoteVirtualNetwork?.id
          ? [
              {
                networkId: network.id,
                remoteNetworkId: peering.remoteVirtualNetwork.id,
                state: peering.peeringState ?? 'Unknown',
              },
            ]
          : [],
      );
    });
    return { peerings: value, calls };
  }
}
