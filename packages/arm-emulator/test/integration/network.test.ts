import type { NetworkInterface, PrivateEndpoint } from '@azure/arm-network';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { widgetProvider } from './fake-target';
import { buildNetwork, FAST, RG, rgId, startHarness, SUB, type Harness } from './harness';

const WIDGET_API = '?api-version=2024-01-01';
const widgetId = `${rgId()}/providers/Microsoft.Test/widgets/Acct`;

let h: Harness;
let subnetId: string;

beforeEach(async () => {
  h = await startHarness({ providers: [widgetProvider] });
  subnetId = await buildNetwork(h);
});
afterEach(() => h.close());

async function putWidget(regions: string[]): Promise<void> {
  const answer = await h.raw('PUT', widgetId, { body: { properties: { regions } }, query: WIDGET_API });
  expect(answer.status).toBeLessThan(300);
}

function widgetEndpoint(manual = false): PrivateEndpoint {
  const connection = { name: 'conn', privateLinkServiceId: widgetId, groupIds: ['Widget'], requestMessage: 'please' };
  return {
    location: 'westus',
    subnet: { id: subnetId },
    ...(manual
      ? { manualPrivateLinkServiceConnections: [connection] }
      : { privateLinkServiceConnections: [connection] }),
  };
}

async function nicOf(endpoint: PrivateEndpoint): Promise<NetworkInterface> {
  const nicName = endpoint.networkInterfaces?.[0]?.id?.split('/').pop();
  if (!nicName) throw new Error('endpoint has no NIC');
  return h.network.networkInterfaces.get(RG, nicName);
}

function ipsOf(nic: NetworkInterface): Array<[string | undefined, string | undefined]> {
  return (nic.ipConfigurations ?? []).map((c) => [
    c.privateLinkConnectionProperties?.requiredMemberName,
    c.privateIPAddress,
  ]);
}

describe('private endpoints against a registered target', () => {
  it('reports InProgress with empty IP lists until the operation completes, then one IP per required member', async () => {
    await putWidget(['westus', 'eastus']);
    await h.admin('PUT', '/lro', { pollsBeforeDone: 2 });
    // begin* polls once before it returns: that read and the next one still answer InProgress.
    const poller = await h.network.privateEndpoints.beginCreateOrUpdate(RG, 'pe1', widgetEndpoint(), FAST);
    const during = await h.network.privateEndpoints.get(RG, 'pe1');
    expect(during.provisioningState).toBe('Updating');
    expect(during.customDnsConfigs).toEqual([]);
    expect(during.ipConfigurations).toEqual([]);
    const operation = h.emulator.lro.list().find((op) => op.resourceId.endsWith('/pe1'));
    const status = await h.raw(
      'GET',
      `/subscriptions/${SUB}/providers/Microsoft.Network/locations/westus/operations/${operation?.id}`,
    );
    expect(status.body.status).toBe('InProgress');

    const done = await poller.pollUntilDone();
    expect(done.provisioningState).toBe('Succeeded');
    expect(done.customDnsConfigs?.map((c) => [c.fqdn, c.ipAddresses])).toEqual([
      ['acct.widgets.test.net', ['10.0.1.4']],
      ['acct-westus.widgets.test.net', ['10.0.1.5']],
      ['acct-eastus.widgets.test.net', ['10.0.1.6']],
    ]);
    const nic = await nicOf(done);
    expect(ipsOf(nic)).toEqual([
      ['acct', '10.0.1.4'],
      ['acct-westus', '10.0.1.5'],
      ['acct-eastus', '10.0.1.6'],
    ]);
    expect(nic.ipConfigurations?.[0]?.privateLinkConnectionProperties).toEqual({
      groupId: 'Widget',
      requiredMemberName: 'acct',
      fqdns: ['acct.widgets.test.net'],
    });
    expect(nic.privateEndpoint?.id?.toLowerCase()).toBe(done.id?.toLowerCase());
  });

  it('flags Recreate when the target changes, and a PUT of the same payload reconciles IPs and clears it', async () => {
    await putWidget(['westus', 'eastus']);
    await h.network.privateEndpoints.beginCreateOrUpdateAndWait(RG, 'pe1', widgetEndpoint(), FAST);
    await putWidget(['westus', 'eastus', 'northeurope']);
    const flagged = await h.network.privateEndpoints.get(RG, 'pe1');
    expect(flagged.privateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.actionsRequired).toBe(
      'Recreate',
    );
    expect(flagged.customDnsConfigs).toHaveLength(3);

    const refreshed = await h.network.privateEndpoints.beginCreateOrUpdateAndWait(RG, 'pe1', widgetEndpoint(), FAST);
    expect(refreshed.privateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.actionsRequired).toBe(
      'None',
    );
    expect(ipsOf(await nicOf(refreshed))).toEqual([
      ['acct', '10.0.1.4'],
      ['acct-westus', '10.0.1.5'],
      ['acct-eastus', '10.0.1.6'],
      ['acct-northeurope', '10.0.1.7'],
    ]);

    await putWidget(['eastus']);
    const shrunk = await h.network.privateEndpoints.beginCreateOrUpdateAndWait(RG, 'pe1', widgetEndpoint(), FAST);
    expect(ipsOf(await nicOf(shrunk))).toEqual([
      ['acct', '10.0.1.4'],
      ['acct-eastus', '10.0.1.6'],
    ]);
  });

  it('mirrors the target connection: Pending for manual connections until the target approves', async () => {
    await putWidget(['westus']);
    const pending = await h.network.privateEndpoints.beginCreateOrUpdateAndWait(RG, 'pe1', widgetEndpoint(true), FAST);
    expect(pending.privateLinkServiceConnections).toEqual([]);
    expect(pending.manualPrivateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState).toEqual({
      status: 'Pending',
      description: 'please',
      actionsRequired: 'None',
    });
    await h.raw('POST', `${widgetId}/approve`, { query: WIDGET_API });
    const approved = await h.network.privateEndpoints.get(RG, 'pe1');
    expect(approved.manualPrivateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.status).toBe(
      'Approved',
    );
  });

  it('emits the endpoint write and the connection proxy write on the target after the operation completes', async () => {
    await putWidget(['westus']);
    const poller = await h.network.privateEndpoints.beginCreateOrUpdate(RG, 'pe1', widgetEndpoint(), FAST);
    expect(h.events.operations.filter((o) => o.operationName.startsWith('Microsoft.Network/privateEndpoints'))).toEqual(
      [],
    );
    await poller.pollUntilDone();
    const names = h.events.operations.map((o) => o.operationName);
    expect(names).toContain('Microsoft.Network/privateEndpoints/write');
    expect(names).toContain('Microsoft.Test/widgets/privateEndpointConnectionProxies/write');
    const proxy = h.events.operations.find((o) => o.operationName.endsWith('privateEndpointConnectionProxies/write'));
    expect(proxy?.resourceId).toMatch(new RegExp(`^${widgetId}/privateEndpointConnectionProxies/pe1\\.`, 'i'));
    const create = h.events.operations.find((o) => o.operationName === 'Microsoft.Network/privateEndpoints/write');
    expect(create?.httpRequest).toBeUndefined();
  });

  it('deletes the NIC and the target connection but leaves DNS records; zone group records go with the endpoint', async () => {
    await putWidget(['westus']);
    await h.dns.privateZones.beginCreateOrUpdateAndWait(
      RG,
      'privatelink.widgets.test.net',
      { location: 'global' },
      FAST,
    );
    const zoneId = `${rgId()}/providers/Microsoft.Network/privateDnsZones/privatelink.widgets.test.net`;
    await h.dns.recordSets.createOrUpdate(RG, 'privatelink.widgets.test.net', 'A', 'manual', {
      ttl: 300,
      aRecords: [{ ipv4Address: '10.9.9.9' }],
    });
    const endpoint = await h.network.privateEndpoints.beginCreateOrUpdateAndWait(RG, 'pe1', widgetEndpoint(), FAST);
    const group = await h.network.privateDnsZoneGroups.beginCreateOrUpdateAndWait(
      RG,
      'pe1',
      'default',
      { privateDnsZoneConfigs: [{ name: 'widgets', privateDnsZoneId: zoneId }] },
      FAST,
    );
    expect(group.privateDnsZoneConfigs?.[0]?.recordSets?.map((r) => [r.recordSetName, r.ipAddresses])).toEqual([
      ['acct', ['10.0.1.4']],
      ['acct-westus', ['10.0.1.5']],
    ]);
    const written = await h.dns.recordSets.get(RG, 'privatelink.widgets.test.net', 'A', 'acct-westus');
    expect(written.ttl).toBe(10);
    expect(written.metadata).toBeUndefined();

    await putWidget(['westus', 'eastus']);
    await h.network.privateEndpoints.beginCreateOrUpdateAndWait(RG, 'pe1', widgetEndpoint(), FAST);
    expect((await h.dns.recordSets.get(RG, 'privatelink.widgets.test.net', 'A', 'acct-eastus')).aRecords).toEqual([
      { ipv4Address: '10.0.1.6' },
    ]);

    await h.network.privateEndpoints.beginDeleteAndWait(RG, 'pe1', FAST);
    await expect(nicOf(endpoint)).rejects.toMatchObject({ statusCode: 404 });
    const left = [];
    for await (const record of h.dns.recordSets.listByType(RG, 'privatelink.widgets.test.net', 'A'))
      left.push(record.name);
    expect(left).toEqual(['manual']);
    const snapshot = await h.admin('GET', '/state');
    const widget = snapshot.body.resources.find((r: { type: string }) => r.type === 'Microsoft.Test/widgets');
    expect(widget.meta.connections).toEqual({});
    const subnet = await h.network.subnets.get(RG, 'hub', 'endpoints');
    expect(subnet.privateEndpoints ?? []).toEqual([]);
  });

  it('rejects an endpoint whose target or group is unknown before accepting the operation', async () => {
    await expect(
      h.network.privateEndpoints.beginCreateOrUpdateAndWait(RG, 'pe1', widgetEndpoint(), FAST),
    ).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
    await putWidget(['westus']);
    const wrongGroup = widgetEndpoint();
    wrongGroup.privateLinkServiceConnections = [
      { ...wrongGroup.privateLinkServiceConnections?.[0], groupIds: ['Sql'] },
    ];
    await expect(
      h.network.privateEndpoints.beginCreateOrUpdateAndWait(RG, 'pe1', wrongGroup, FAST),
    ).rejects.toMatchObject({ code: 'InvalidGroupId' });
    const noSubnet = { ...widgetEndpoint(), subnet: { id: `${subnetId}-missing` } };
    await expect(
      h.network.privateEndpoints.beginCreateOrUpdateAndWait(RG, 'pe1', noSubnet, FAST),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidResourceReference',
    });
  });
});

describe('private link services', () => {
  async function service(): Promise<{ id: string; alias: string }> {
    const pls = await h.network.privateLinkServices.beginCreateOrUpdateAndWait(
      RG,
      'saas',
      { location: 'westus' },
      FAST,
    );
    return { id: pls.id as string, alias: pls.alias as string };
  }

  it('gives a stable alias and connects by ID (Approved) or alias (Pending), one IP without group or FQDNs', async () => {
    const pls = await service();
    expect(pls.alias).toMatch(/^saas\.[0-9a-f-]{36}\.westus\.azure\.privatelinkservice$/);
    const again = await h.network.privateLinkServices.beginCreateOrUpdateAndWait(
      RG,
      'saas',
      { location: 'westus', tags: { a: 'b' } },
      FAST,
    );
    expect(again.alias).toBe(pls.alias);

    const auto = await h.network.privateEndpoints.beginCreateOrUpdateAndWait(
      RG,
      'pe-auto',
      {
        location: 'westus',
        subnet: { id: subnetId },
        privateLinkServiceConnections: [{ name: 'c', privateLinkServiceId: pls.id }],
      },
      FAST,
    );
    const manual = await h.network.privateEndpoints.beginCreateOrUpdateAndWait(
      RG,
      'pe-alias',
      {
        location: 'westus',
        subnet: { id: subnetId },
        manualPrivateLinkServiceConnections: [
          { name: 'c', privateLinkServiceId: pls.alias, requestMessage: 'ticket 42' },
        ],
      },
      FAST,
    );
    expect(auto.privateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.status).toBe('Approved');
    expect(manual.manualPrivateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.status).toBe('Pending');
    expect(manual.manualPrivateLinkServiceConnections?.[0]?.privateLinkServiceId).toBe(pls.alias);
    const nic = await nicOf(manual);
    expect(nic.ipConfigurations?.map((c) => [c.privateIPAddress, c.privateLinkConnectionProperties])).toEqual([
      ['10.0.1.5', { groupId: '', requiredMemberName: '', fqdns: [] }],
    ]);

    const connections = [];
    for await (const c of h.network.privateLinkServices.listPrivateEndpointConnections(RG, 'saas')) connections.push(c);
    expect(connections.map((c) => c.privateLinkServiceConnectionState)).toEqual([
      { status: 'Approved', description: 'Auto-Approved' },
      { status: 'Pending', description: 'ticket 42' },
    ]);
    const pending = connections[1];
    expect(pending?.privateEndpoint?.id?.toLowerCase()).toBe(manual.id?.toLowerCase());

    await h.network.privateLinkServices.updatePrivateEndpointConnection(RG, 'saas', pending?.name as string, {
      privateLinkServiceConnectionState: { status: 'Approved', description: 'approved by policy' },
    });
    const mirrored = await h.network.privateEndpoints.get(RG, 'pe-alias');
    expect(mirrored.manualPrivateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState).toEqual({
      status: 'Approved',
      description: 'approved by policy',
      actionsRequired: 'None',
    });

    await h.network.privateLinkServices.beginDeletePrivateEndpointConnectionAndWait(
      RG,
      'saas',
      pending?.name as string,
      FAST,
    );
    const disconnected = await h.network.privateEndpoints.get(RG, 'pe-alias');
    expect(disconnected.manualPrivateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.status).toBe(
      'Disconnected',
    );
  });

  it('refuses an unknown alias', async () => {
    await expect(
      h.network.privateEndpoints.beginCreateOrUpdateAndWait(
        RG,
        'pe',
        {
          location: 'westus',
          subnet: { id: subnetId },
          manualPrivateLinkServiceConnections: [
            { name: 'c', privateLinkServiceId: 'nope.1234.westus.azure.privatelinkservice' },
          ],
        },
        FAST,
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'PrivateLinkServiceAliasNotFound' });
  });
});

describe('listing endpoints', () => {
  it('follows nextLink across pages, including an empty first page, by resource group and by subscription', async () => {
    const pls = await h.network.privateLinkServices.beginCreateOrUpdateAndWait(
      RG,
      'saas',
      { location: 'westus' },
      FAST,
    );
    await h.admin('PUT', '/paging', { pageSize: 2, emptyFirstPage: true });
    await h.admin('PUT', '/lro', { pollsBeforeDone: 0 });
    const names = ['a', 'b', 'c', 'd', 'e'];
    for (const name of names) {
      await h.network.privateEndpoints.beginCreateOrUpdateAndWait(
        RG,
        name,
        {
          location: 'westus',
          subnet: { id: subnetId },
          privateLinkServiceConnections: [{ name: 'c', privateLinkServiceId: pls.id }],
        },
        FAST,
      );
    }
    const pages: string[][] = [];
    for await (const page of h.network.privateEndpoints.list(RG).byPage())
      pages.push(page.map((e) => e.name as string));
    expect(pages).toEqual([[], ['a', 'b'], ['c', 'd'], ['e']]);
    const all = [];
    for await (const endpoint of h.network.privateEndpoints.listBySubscription()) all.push(endpoint.name);
    expect(all).toEqual(names);
    expect(new Set(all.map(() => SUB)).size).toBe(1);
  });
});
