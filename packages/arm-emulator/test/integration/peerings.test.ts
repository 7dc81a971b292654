/**
 * Virtual network peerings through the real @azure/arm-network client: Microsoft's shapes, and peeringState as Azure
 * computes it from both directions (Initiated, Connected, Disconnected).
 */
import type { VirtualNetworkPeering } from '@azure/arm-network';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildNetwork, FAST, RG, rgId, startHarness, SUB, type Harness } from './harness';

const SPOKE_RG = 'rg-spoke';
const hubId = `${rgId()}/providers/Microsoft.Network/virtualNetworks/hub`;
const spokeId = `${rgId(SUB, SPOKE_RG)}/providers/Microsoft.Network/virtualNetworks/spoke`;
let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  await buildNetwork(h);
  await h.raw('PUT', rgId(SUB, SPOKE_RG), { body: { location: 'eastus' }, query: '?api-version=2021-04-01' });
  await spoke('spoke', ['10.1.0.0/16']);
});
afterEach(() => h.close());

async function spoke(name: string, prefixes: string[]): Promise<void> {
  await h.network.virtualNetworks.beginCreateOrUpdateAndWait(
    SPOKE_RG,
    name,
    { location: 'eastus', addressSpace: { addressPrefixes: prefixes } },
    FAST,
  );
}

function peer(
  rg: string,
  vnet: string,
  name: string,
  remoteId: string,
  flags: Partial<VirtualNetworkPeering> = {},
): Promise<VirtualNetworkPeering> {
  return h.network.virtualNetworkPeerings.beginCreateOrUpdateAndWait(
    rg,
    vnet,
    name,
    { remoteVirtualNetwork: { id: remoteId }, ...flags },
    FAST,
  );
}

const stateOf = async (rg: string, vnet: string, name: string): Promise<string | undefined> =>
  (await h.network.virtualNetworkPeerings.get(rg, vnet, name)).peeringState;

describe('virtual network peerings', () => {
  it("answers in Microsoft's shape: Initiated while one side exists, Connected on both once the other is created", async () => {
    const created = await peer(RG, 'hub', 'hub-to-spoke', spokeId, {
      allowForwardedTraffic: true,
      allowGatewayTransit: true,
    });
    expect(created).toEqual({
      id: `${hubId}/virtualNetworkPeerings/hub-to-spoke`,
      name: 'hub-to-spoke',
      etag: expect.stringMatching(/^W\/"[0-9a-f-]{36}"$/),
      type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
      provisioningState: 'Succeeded',
      resourceGuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      peeringState: 'Initiated',
      peeringSyncLevel: 'FullyInSync',
      remoteVirtualNetwork: { id: spokeId },
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: true,
      allowGatewayTransit: true,
      useRemoteGateways: false,
      doNotVerifyRemoteGateways: false,
      peerCompleteVnets: true,
      remoteAddressSpace: { addressPrefixes: ['10.1.0.0/16'] },
      remoteVirtualNetworkAddressSpace: { addressPrefixes: ['10.1.0.0/16'] },
      localAddressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      localVirtualNetworkAddressSpace: { addressPrefixes: ['10.0.0.0/16'] },
    });

    const back = await peer(SPOKE_RG, 'spoke', 'spoke-to-hub', hubId, { useRemoteGateways: true });
    expect(back).toMatchObject({
      peeringState: 'Connected',
      useRemoteGateways: true,
      remoteVirtualNetwork: { id: hubId },
    });
    expect(await stateOf(RG, 'hub', 'hub-to-spoke')).toBe('Connected');

    // The network lists its peerings too, as Azure's virtual network GET does.
    const hub = await h.network.virtualNetworks.get(RG, 'hub');
    expect(hub.virtualNetworkPeerings?.map((p) => [p.name, p.peeringState])).toEqual([['hub-to-spoke', 'Connected']]);
    expect(h.events.operations.map((o) => o.operationName)).toContain(
      'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write',
    );
  });

  it('lists in pages that the SDK follows by nextLink', async () => {
    await spoke('spoke2', ['10.2.0.0/16']);
    await spoke('spoke3', ['10.3.0.0/16']);
    for (const name of ['spoke', 'spoke2', 'spoke3'])
      await peer(RG, 'hub', `hub-to-${name}`, spokeId.replace(/spoke$/, name));
    await h.admin('PUT', '/paging', { pageSize: 2 });
    await h.admin('DELETE', '/requests');

    const listed: VirtualNetworkPeering[] = [];
    for await (const peering of h.network.virtualNetworkPeerings.list(RG, 'hub')) listed.push(peering);
    expect(listed.map((p) => p.name)).toEqual(['hub-to-spoke', 'hub-to-spoke2', 'hub-to-spoke3']);
    const paths = (await h.admin('GET', '/requests')).body.value.map((e: { path: string }) => e.path);
    expect(paths).toEqual([`${hubId}/virtualNetworkPeerings`, `${hubId}/virtualNetworkPeerings`]);
  });

  it('turns the remaining side Disconnected when one side is deleted; it must be updated before the other side returns', async () => {
    await peer(RG, 'hub', 'hub-to-spoke', spokeId);
    await peer(SPOKE_RG, 'spoke', 'spoke-to-hub', hubId);
    await h.network.virtualNetworkPeerings.beginDeleteAndWait(SPOKE_RG, 'spoke', 'spoke-to-hub', FAST);
    expect(await stateOf(RG, 'hub', 'hub-to-spoke')).toBe('Disconnected');
    await expect(h.network.virtualNetworkPeerings.get(SPOKE_RG, 'spoke', 'spoke-to-hub')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });

    await expect(peer(SPOKE_RG, 'spoke', 'spoke-to-hub', hubId)).rejects.toMatchObject({
      statusCode: 400,
      code: 'RemotePeeringIsDisconnected',
    });
    expect((await peer(RG, 'hub', 'hub-to-spoke', spokeId)).peeringState).toBe('Initiated');
    expect((await peer(SPOKE_RG, 'spoke', 'spoke-to-hub', hubId)).peeringState).toBe('Connected');
    expect(await stateOf(RG, 'hub', 'hub-to-spoke')).toBe('Connected');
  });

  it('turns peerings to a deleted network Disconnected, and to networks in a deleted resource group', async () => {
    await peer(RG, 'hub', 'hub-to-spoke', spokeId);
    await peer(SPOKE_RG, 'spoke', 'spoke-to-hub', hubId);
    await h.network.virtualNetworks.beginDeleteAndWait(SPOKE_RG, 'spoke', FAST);
    const left = await h.network.virtualNetworkPeerings.get(RG, 'hub', 'hub-to-spoke');
    expect(left).toMatchObject({ peeringState: 'Disconnected', remoteVirtualNetwork: { id: spokeId } });
    expect(left.remoteVirtualNetworkAddressSpace).toEqual({ addressPrefixes: [] });

    await spoke('spoke2', ['10.2.0.0/16']);
    await peer(RG, 'hub', 'hub-to-spoke2', spokeId.replace(/spoke$/, 'spoke2'));
    await peer(SPOKE_RG, 'spoke2', 'spoke2-to-hub', hubId);
    const deleted = await h.raw('DELETE', rgId(SUB, SPOKE_RG), { query: '?api-version=2021-04-01' });
    expect(deleted.status).toBe(202);
    await h.admin('POST', '/lro/fast-forward');
    expect(await stateOf(RG, 'hub', 'hub-to-spoke2')).toBe('Disconnected');
  });

  it('reports LocalNotInSync when the remote address space grew, until synced with syncRemoteAddressSpace', async () => {
    await peer(RG, 'hub', 'hub-to-spoke', spokeId);
    await peer(SPOKE_RG, 'spoke', 'spoke-to-hub', hubId);
    await spoke('spoke', ['10.1.0.0/16', '10.9.0.0/16']);
    const stale = await h.network.virtualNetworkPeerings.get(RG, 'hub', 'hub-to-spoke');
    expect(stale).toMatchObject({
      peeringSyncLevel: 'LocalNotInSync',
      remoteAddressSpace: { addressPrefixes: ['10.1.0.0/16'] },
      remoteVirtualNetworkAddressSpace: { addressPrefixes: ['10.1.0.0/16', '10.9.0.0/16'] },
    });
    expect((await h.network.virtualNetworkPeerings.get(SPOKE_RG, 'spoke', 'spoke-to-hub')).peeringSyncLevel).toBe(
      'RemoteNotInSync',
    );
    const synced = await h.network.virtualNetworkPeerings.beginCreateOrUpdateAndWait(
      RG,
      'hub',
      'hub-to-spoke',
      { remoteVirtualNetwork: { id: spokeId } },
      { ...FAST, syncRemoteAddressSpace: 'true' },
    );
    expect(synced).toMatchObject({ peeringSyncLevel: 'FullyInSync', peeringState: 'Connected' });
  });

  it('refuses overlapping address spaces, a missing remote network and a peering to itself, naming the problem', async () => {
    await spoke('overlapping', ['10.0.128.0/24']);
    await expect(
      peer(RG, 'hub', 'bad', `${rgId(SUB, SPOKE_RG)}/providers/Microsoft.Network/virtualNetworks/overlapping`),
    ).rejects.toMatchObject({ statusCode: 400, code: 'VnetAddressSpacesOverlap' });
    await expect(
      peer(RG, 'hub', 'bad', `${rgId(SUB, SPOKE_RG)}/providers/Microsoft.Network/virtualNetworks/nowhere`),
    ).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    await expect(peer(RG, 'hub', 'bad', hubId)).rejects.toMatchObject({ statusCode: 400 });
    const noRemote = await h.raw('PUT', `${hubId}/virtualNetworkPeerings/bad`, { body: { properties: {} } });
    expect(noRemote.status).toBe(400);
    expect(noRemote.body.error.message).toContain('properties.remoteVirtualNetwork');
    await expect(h.network.virtualNetworkPeerings.get(RG, 'nowhere', 'x')).rejects.toMatchObject({ statusCode: 404 });
  });
});
