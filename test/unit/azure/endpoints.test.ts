import { describe, expect, it } from 'vitest';
import { EndpointAdapter } from '../../../src/azure/endpoints';
import { exampleBody, stubArmClients } from './sdk-stub';

const SUB = '00000000-0000-0000-0000-0000000000e1';
const OTHER_SUB = '00000000-0000-0000-0000-0000000000e2';
/** The published example names its subscription "subId"; ARM answers with GUIDs, and the adapter requires them. */
const GET = JSON.parse(
  JSON.stringify(exampleBody('network/privateEndpoints/PrivateEndpointGet.2025-07-01.json')).replaceAll(
    '/subscriptions/subId/',
    `/subscriptions/${SUB}/`,
  ),
) as Record<string, unknown>;
const PE_ID = GET.id as string;
const OWN_NIC = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/testPeNic`;
const FOREIGN_NIC = `/subscriptions/${OTHER_SUB}/resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/testPeNic`;

function endpointWith(
  nicIds: string[],
  connectionState: Record<string, string> = { status: 'Approved', actionsRequired: 'None' },
): Record<string, unknown> {
  const properties = GET.properties as {
    privateLinkServiceConnections: Array<{ properties: Record<string, unknown> }>;
  };
  return {
    ...GET,
    properties: {
      ...properties,
      networkInterfaces: nicIds.map((id) => ({ id })),
      privateLinkServiceConnections: properties.privateLinkServiceConnections.map((c) => ({
        ...c,
        properties: { ...c.properties, privateLinkServiceConnectionState: connectionState },
      })),
    },
  };
}

function nicAt(id: string, ip: string): Record<string, unknown> {
  return {
    id,
    name: 'testPeNic',
    properties: {
      ipConfigurations: [
        {
          name: 'c0',
          properties: {
            privateIPAddress: ip,
            privateLinkConnectionProperties: {
              groupId: 'Sql',
              requiredMemberName: 'acct',
              fqdns: ['acct.documents.azure.com'],
            },
          },
        },
      ],
    },
  };
}

describe('EndpointAdapter: NICs outside the endpoint subscription', () => {
  it('reads a NIC in the endpoint subscription (subscription IDs compared case-insensitively)', async () => {
    const ownNicOtherCase = OWN_NIC.replace(SUB, SUB.toUpperCase());
    const { clients } = stubArmClients({
      [PE_ID]: { status: 200, body: endpointWith([ownNicOtherCase]) },
      [OWN_NIC]: { status: 200, body: nicAt(OWN_NIC, '10.0.0.4') },
      [`${PE_ID}/privateDnsZoneGroups`]: { status: 200, body: { value: [] } },
    });
    const { endpoints, failures } = await new EndpointAdapter(clients).observeEndpoints([PE_ID]);
    expect(failures).toEqual([]);
    expect(endpoints[0]?.ipConfigurations.find((c) => c.ipAddress === '10.0.0.4')).toMatchObject({
      groupId: 'Sql',
      fqdns: ['acct.documents.azure.com'],
    });
  });

  it('does not read a NIC in another subscription; the endpoint fails to observe with an error naming the NIC', async () => {
    const { clients, sent } = stubArmClients({
      [PE_ID]: { status: 200, body: endpointWith([OWN_NIC, FOREIGN_NIC]) },
      [OWN_NIC]: { status: 200, body: nicAt(OWN_NIC, '10.0.0.4') },
      [FOREIGN_NIC]: { status: 200, body: nicAt(FOREIGN_NIC, '10.0.0.5') },
      [`${PE_ID}/privateDnsZoneGroups`]: { status: 200, body: { value: [] } },
    });
    const { endpoints, failures } = await new EndpointAdapter(clients).observeEndpoints([PE_ID]);
    expect(endpoints).toEqual([]);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.endpointId).toBe(PE_ID);
    expect(failures[0]?.error.message).toBe(
      `private endpoint ${PE_ID}: networkInterfaces[1].id: expected a NIC in the endpoint's subscription ${SUB}, got "${FOREIGN_NIC}"; not read`,
    );
    expect(sent.map((s) => s.path)).not.toContain(FOREIGN_NIC);
    expect(sent.map((s) => s.path)).not.toContain(OWN_NIC);
  });

  it('refuses to refresh an endpoint whose NIC is in another subscription, without writing', async () => {
    const { clients, sent } = stubArmClients({
      [PE_ID]: { status: 200, body: endpointWith([FOREIGN_NIC], { status: 'Approved', actionsRequired: 'Recreate' }) },
      [FOREIGN_NIC]: { status: 200, body: nicAt(FOREIGN_NIC, '10.0.0.5') },
    });
    await expect(new EndpointAdapter(clients).refreshEndpoint(PE_ID)).rejects.toThrow(`got "${FOREIGN_NIC}"; not read`);
    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual([`GET ${PE_ID}`]);
  });
});
