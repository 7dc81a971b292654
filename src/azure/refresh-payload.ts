import type {
  NetworkInterface,
  PrivateEndpoint,
  PrivateEndpointIPConfiguration,
  PrivateLinkServiceConnection,
} from '@azure/arm-network';

/**
 * The body that PUTs an endpoint again "with the same payload", as Azure asks after `actionsRequired: "Recreate"`:
 * only what the owner set. Everything Azure computes is left out — `etag`, `provisioningState`, `networkInterfaces`,
 * `customDnsConfigs` (rebuilt for the target's new members) and each connection's state, ID and provisioning state —
 * so the new members get IPs and records instead of the old list being pinned.
 *
 * `ipConfigurations` are kept only when static: the NIC shows their IP as `Static`. Dropping a static IP would move
 * the member to a new address; pinning a dynamic one would keep a member the target no longer has.
 */
export function refreshPayload(endpoint: PrivateEndpoint, nics: readonly NetworkInterface[]): PrivateEndpoint {
  if (!endpoint.location)
    throw new Error(`private endpoint ${endpoint.id ?? '(no id)'}: "location" is missing, cannot PUT it again`);
  if (!endpoint.subnet?.id)
    throw new Error(`private endpoint ${endpoint.id ?? '(no id)'}: "subnet.id" is missing, cannot PUT it again`);
  const staticIps = staticIpsOf(nics);
  const ipConfigurations = (endpoint.ipConfigurations ?? []).filter(
    (c) => c.privateIPAddress !== undefined && staticIps.has(c.privateIPAddress),
  );
  const payload: PrivateEndpoint = {
    location: endpoint.location,
    subnet: { id: endpoint.subnet.id },
    privateLinkServiceConnections: (endpoint.privateLinkServiceConnections ?? []).map(connectionPayload),
    manualPrivateLinkServiceConnections: (endpoint.manualPrivateLinkServiceConnections ?? []).map(connectionPayload),
  };
  if (endpoint.tags) payload.tags = { ...endpoint.tags };
  if (endpoint.extendedLocation) payload.extendedLocation = { ...endpoint.extendedLocation };
  if (endpoint.ipVersionType) payload.ipVersionType = endpoint.ipVersionType;
  if (endpoint.customNetworkInterfaceName) payload.customNetworkInterfaceName = endpoint.customNetworkInterfaceName;
  if (endpoint.applicationSecurityGroups?.length) {
    payload.applicationSecurityGroups = endpoint.applicationSecurityGroups
      .filter((g) => g.id)
      .map((g) => ({ id: g.id }));
  }
  if (ipConfigurations.length > 0) payload.ipConfigurations = ipConfigurations.map(ipConfigurationPayload);
  return payload;
}

function connectionPayload(connection: PrivateLinkServiceConnection): PrivateLinkServiceConnection {
  const payload: PrivateLinkServiceConnection = {};
  if (connection.name) payload.name = connection.name;
  if (connection.privateLinkServiceId) payload.privateLinkServiceId = connection.privateLinkServiceId;
  if (connection.groupIds) payload.groupIds = [...connection.groupIds];
  if (connection.requestMessage) payload.requestMessage = connection.requestMessage;
  return payload;
}

function ipConfigurationPayload(config: PrivateEndpointIPConfiguration): PrivateEndpointIPConfiguration {
  const payload: PrivateEndpointIPConfiguration = {};
  if (config.name) payload.name = config.name;
  if (config.groupId) payload.groupId = config.groupId;
  if (config.memberName) payload.memberName = config.memberName;
  if (config.privateIPAddress) payload.privateIPAddress = config.privateIPAddress;
  return payload;
}

function staticIpsOf(nics: readonly NetworkInterface[]): Set<string> {
  const ips = new Set<string>();
  for (const nic of nics) {
    for (const config of nic.ipConfigurations ?? []) {
      if (config.privateIPAddress && config.privateIPAllocationMethod?.toLowerCase() === 'static')
        ips.add(config.privateIPAddress);
    }
  }
  return ips;
}
