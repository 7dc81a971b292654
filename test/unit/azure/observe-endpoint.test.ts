import type { NetworkInterface, PrivateEndpoint } from '@azure/arm-network';
import { describe, expect, it } from 'vitest';
import { toObservedEndpoint } from '../../../src/azure/observe-endpoint';
import { exampleBody, stubNetworkClient } from './sdk-stub';

const PE_PATH = '/subscriptions/subId/resourceGroups/rg1/providers/Microsoft.Network/privateEndpoints/testPe';
const NIC_PATH = '/subscriptions/subId/resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/testPeNic';
const PLS_ID = '/subscriptions/subId/resourceGroups/rg1/providers/Microsoft.Network/privateLinkServices/testPls';
const SUBNET_ID =
  '/subscriptions/subId/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/myVnet/subnets/mySubnet';

/** A NIC in ARM's REST shape, one IP configuration per (ip, member, fqdns). */
function nicBody(
  configs: Array<{ ip: string; groupId?: string; member?: string; fqdns?: string[]; allocation?: string }>,
): unknown {
  return {
    name: 'testPeNic',
    id: NIC_PATH,
    location: 'eastus',
    properties: {
      provisioningState: 'Succeeded',
      ipConfigurations: configs.map((c, i) => ({
        name: `privateEndpointIpConfig.${i}`,
        id: `${NIC_PATH}/ipConfigurations/privateEndpointIpConfig.${i}`,
        properties: {
          privateIPAddress: c.ip,
          privateIPAllocationMethod: c.allocation ?? 'Dynamic',
          ...(c.groupId === undefined
            ? {}
            : {
                privateLinkConnectionProperties: {
                  groupId: c.groupId,
                  requiredMemberName: c.member,
                  fqdns: c.fqdns ?? [],
                },
              }),
        },
      })),
    },
  };
}

/** The endpoint (and NIC) as `@azure/arm-network` deserialises them from these REST bodies. */
async function throughSdk(
  endpointBody: unknown,
  nic?: unknown,
): Promise<{ endpoint: PrivateEndpoint; nics: NetworkInterface[] }> {
  const { client } = stubNetworkClient({
    [PE_PATH]: { status: 200, body: endpointBody },
    ...(nic === undefined ? {} : { [NIC_PATH]: { status: 200, body: nic } }),
  });
  const endpoint = await client.privateEndpoints.get('rg1', 'testPe');
  return { endpoint, nics: nic === undefined ? [] : [await client.networkInterfaces.get('rg1', 'testPeNic')] };
}

function withProperties(body: Record<string, unknown>, change: Record<string, unknown>): Record<string, unknown> {
  return { ...body, properties: { ...(body.properties as Record<string, unknown>), ...change } };
}

const GET = exampleBody('network/privateEndpoints/PrivateEndpointGet.2025-07-01.json');
const GET_MANUAL = exampleBody('network/privateEndpoints/PrivateEndpointGetForManualApproval.2025-03-01.json');

describe('toObservedEndpoint', () => {
  it('maps the published PrivateEndpointGet example, taking IPs from customDnsConfigs when no NIC is known', async () => {
    const { endpoint, nics } = await throughSdk(GET);
    expect(toObservedEndpoint(endpoint, nics, [])).toEqual({
      id: PE_PATH,
      location: 'eastus',
      provisioningState: 'Succeeded',
      connectionStatus: 'Approved',
      actionsRequired: 'None',
      target: PLS_ID,
      groupIds: ['groupIdFromResource'],
      ipConfigurations: [
        { groupId: 'groupIdFromResource', memberName: '', fqdns: ['abc.cosmos.com'], ipAddress: '192.168.0.4' },
        { groupId: 'groupIdFromResource', memberName: '', fqdns: ['abc2.cosmos.com'], ipAddress: '192.168.0.5' },
      ],
      managedByZoneGroup: false,
      zoneGroupZones: undefined,
      subnetId: SUBNET_ID,
    });
  });

  it('takes group and member from the NIC, adds FQDNs only customDnsConfigs list, and orders IPs numerically', async () => {
    const nic = nicBody([
      { ip: '192.168.0.10', groupId: 'file', member: 'file2', fqdns: ['abc10.cosmos.com'] },
      { ip: '192.168.0.4', groupId: 'file', member: 'file', fqdns: ['abc.cosmos.com', 'ABC.cosmos.com'] },
    ]);
    const body = withProperties(GET, {
      customDnsConfigs: [
        { fqdn: 'ABC.COSMOS.COM', ipAddresses: ['192.168.0.4'] },
        { fqdn: 'alias.cosmos.com', ipAddresses: ['192.168.0.4'] },
      ],
    });
    const { endpoint, nics } = await throughSdk(body, nic);
    expect(toObservedEndpoint(endpoint, nics, []).ipConfigurations).toEqual([
      { groupId: 'file', memberName: 'file', fqdns: ['abc.cosmos.com', 'alias.cosmos.com'], ipAddress: '192.168.0.4' },
      { groupId: 'file', memberName: 'file2', fqdns: ['abc10.cosmos.com'], ipAddress: '192.168.0.10' },
    ]);
  });

  it('reads a manual connection waiting for approval', async () => {
    const { endpoint } = await throughSdk(GET_MANUAL);
    expect(toObservedEndpoint(endpoint, [], [])).toMatchObject({
      connectionStatus: 'Pending',
      actionsRequired: 'None',
      target:
        '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Network/privateLinkServices/testPls',
      groupIds: ['groupIdFromResource'],
    });
  });

  it('reports a provisioning endpoint with no IPs as provisioning, never as converged', async () => {
    const body = withProperties(GET, {
      provisioningState: 'Updating',
      customDnsConfigs: [],
      ipConfigurations: [],
      networkInterfaces: [],
    });
    const { endpoint } = await throughSdk(body);
    const observed = toObservedEndpoint(endpoint, [], undefined);
    expect(observed.provisioningState).toBe('Updating');
    expect(observed.ipConfigurations).toEqual([]);
  });

  it('folds Storage actionRequired (singular) and Recreate into actionsRequired', async () => {
    const connections = (
      GET.properties as { privateLinkServiceConnections: Array<{ properties: Record<string, unknown> }> }
    ).privateLinkServiceConnections;
    const recreate = connections.map((c) => ({
      ...c,
      properties: {
        ...c.properties,
        privateLinkServiceConnectionState: { status: 'Approved', actionRequired: 'Recreate' },
      },
    }));
    const { endpoint } = await throughSdk(withProperties(GET, { privateLinkServiceConnections: recreate }));
    expect(toObservedEndpoint(endpoint, [], []).actionsRequired).toBe('Recreate');
  });

  it('marks endpoints with a private DNS zone group as managed by it, with their zones lower case', async () => {
    const { endpoint } = await throughSdk(GET);
    const observed = toObservedEndpoint(
      endpoint,
      [],
      [
        { zones: ['privatelink.Documents.azure.com'] },
        { zones: ['privatelink.documents.azure.com', 'privatelink.blob.core.windows.net'] },
      ],
    );
    expect(observed.managedByZoneGroup).toBe(true);
    expect(observed.zoneGroupZones).toEqual(['privatelink.blob.core.windows.net', 'privatelink.documents.azure.com']);
  });

  it('names the missing field when ARM answers without an id', () => {
    expect(() => toObservedEndpoint({ location: 'eastus' }, [], [])).toThrow(/"id" is missing/);
  });
});
