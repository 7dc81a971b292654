import type { NetworkInterface, PrivateEndpoint } from '@azure/arm-network';
import { describe, expect, it } from 'vitest';
import { refreshPayload } from '../../../src/azure/refresh-payload';
import { exampleBody, stubNetworkClient } from './sdk-stub';

const PE_PATH = '/subscriptions/subId/resourceGroups/rg1/providers/Microsoft.Network/privateEndpoints/testPe';
const GET = exampleBody('network/privateEndpoints/PrivateEndpointGet.2025-07-01.json');

async function exampleEndpoint(): Promise<PrivateEndpoint> {
  const { client } = stubNetworkClient({ [PE_PATH]: { status: 200, body: GET } });
  return client.privateEndpoints.get('rg1', 'testPe');
}

function nicWith(configs: Array<{ ip: string; allocation: 'Static' | 'Dynamic' }>): NetworkInterface {
  return {
    ipConfigurations: configs.map((c) => ({ privateIPAddress: c.ip, privateIPAllocationMethod: c.allocation })),
  };
}

describe('refreshPayload', () => {
  it('keeps what the owner set and drops what Azure computes, keeping only static IP configurations', async () => {
    const endpoint = await exampleEndpoint();
    const nic = nicWith([
      { ip: '192.168.0.4', allocation: 'Dynamic' },
      { ip: '192.168.0.6', allocation: 'Static' },
      { ip: '192.168.0.7', allocation: 'Dynamic' },
    ]);
    expect(refreshPayload(endpoint, [nic])).toEqual({
      location: 'eastus',
      subnet: {
        id: '/subscriptions/subId/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/myVnet/subnets/mySubnet',
      },
      privateLinkServiceConnections: [
        {
          privateLinkServiceId:
            '/subscriptions/subId/resourceGroups/rg1/providers/Microsoft.Network/privateLinkServices/testPls',
          groupIds: ['groupIdFromResource'],
          requestMessage: 'Please approve my connection.',
        },
      ],
      manualPrivateLinkServiceConnections: [],
      customNetworkInterfaceName: 'testPeNic',
      // The SDK fills in the service default when the answer omits it; sending it back changes nothing.
      ipVersionType: 'IPv4',
      ipConfigurations: [
        { name: 'pestaticconfig', groupId: 'file', memberName: 'file', privateIPAddress: '192.168.0.6' },
      ],
    });
  });

  it('drops every IP configuration of a dynamic endpoint, so new members get addresses', async () => {
    const payload = refreshPayload(await exampleEndpoint(), [nicWith([{ ip: '192.168.0.6', allocation: 'Dynamic' }])]);
    expect(payload.ipConfigurations).toBeUndefined();
  });

  it('keeps tags, extended location, IP version, application security groups and connection names', () => {
    const endpoint: PrivateEndpoint = {
      id: PE_PATH,
      etag: 'W/"1"',
      location: 'westus',
      tags: { owner: 'net' },
      extendedLocation: { name: 'losangeles', type: 'EdgeZone' },
      ipVersionType: 'IPv4',
      subnet: { id: 'subnet', name: 'ignored' },
      applicationSecurityGroups: [{ id: 'asg1', location: 'westus' }],
      manualPrivateLinkServiceConnections: [
        {
          name: 'pe.guid',
          id: `${PE_PATH}/manualPrivateLinkServiceConnections/pe.guid`,
          privateLinkServiceId: 'vault',
          groupIds: ['vault'],
          privateLinkServiceConnectionState: { status: 'Approved' },
        },
      ],
    };
    expect(refreshPayload(endpoint, [])).toEqual({
      location: 'westus',
      tags: { owner: 'net' },
      extendedLocation: { name: 'losangeles', type: 'EdgeZone' },
      ipVersionType: 'IPv4',
      subnet: { id: 'subnet' },
      applicationSecurityGroups: [{ id: 'asg1' }],
      privateLinkServiceConnections: [],
      manualPrivateLinkServiceConnections: [{ name: 'pe.guid', privateLinkServiceId: 'vault', groupIds: ['vault'] }],
    });
  });

  it('is sent by the SDK without read-only fields or connection states', async () => {
    const endpoint = await exampleEndpoint();
    const { client, sent } = stubNetworkClient({ [PE_PATH]: { status: 200, body: GET } });
    await client.privateEndpoints.beginCreateOrUpdateAndWait('rg1', 'testPe', refreshPayload(endpoint, []));
    const put = sent.find((r) => r.method === 'PUT');
    const properties = (put?.body as { properties: Record<string, unknown> }).properties;
    expect(Object.keys(properties).sort()).toEqual([
      'customNetworkInterfaceName',
      'ipVersionType',
      'manualPrivateLinkServiceConnections',
      'privateLinkServiceConnections',
      'subnet',
    ]);
    expect(JSON.stringify(put?.body)).not.toMatch(
      /privateLinkServiceConnectionState|customDnsConfigs|networkInterfaces|provisioningState|etag/,
    );
  });

  it('names the missing field when the endpoint cannot be PUT again', () => {
    expect(() => refreshPayload({ id: PE_PATH, subnet: { id: 's' } }, [])).toThrow(/"location" is missing/);
    expect(() => refreshPayload({ id: PE_PATH, location: 'westus' }, [])).toThrow(/"subnet\.id" is missing/);
  });
});
