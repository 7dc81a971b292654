import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { widgetProvider } from './fake-target';
import { buildNetwork, DNS_API, FAST, rgId, startHarness, type Harness, type RawAnswer } from './harness';
import { compareKeyStructure, keyPaths } from '../../../../test/support/key-structure';
import { exampleBody, restExample } from '../../../../test/support/rest-examples';

/**
 * The emulator's answers have the key structure of Microsoft's published examples. Documented differences:
 * - PUT examples are compared with the completed resource: the first answer is in progress, with empty lists.
 * - `type` is allowed on PUT answers (Microsoft's PUT examples omit it; their GET examples have it), and
 *   `manualPrivateLinkServiceConnections` on the automatic-approval PUT (the GET examples have it).
 * - Endpoints carry `etag` and `properties.resourceGuid`, and their connections `name`, `type`, `etag` and
 *   `properties.provisioningState`: properties of Microsoft.Network's PrivateEndpoint schema that these examples
 *   leave out and real answers have. Provider-side Private Link Service connections carry `type`, `etag` and
 *   `properties.provisioningState`, as real Azure answers do.
 * - The manual-approval PUT example's 201 body is a copy of the automatic one, so only its 200 body is compared.
 */
const MAPS = ['tags', 'properties.metadata', 'value[].tags', 'value[].properties.metadata'];
const NETWORK_Q = '?api-version=2025-05-01';
const DNS_Q = `?api-version=${DNS_API}`;
const RG = 'rg1';
const ZONE = 'privatelink.widgets.test.net';

let h: Harness;
const rg = rgId(undefined, RG);
const net = `${rg}/providers/Microsoft.Network`;
const get = async (path: string, query = NETWORK_Q): Promise<RawAnswer> => {
  const answer = await h.raw('GET', path, { query });
  expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).toBe(200);
  return answer;
};

beforeAll(async () => {
  h = await startHarness({ providers: [widgetProvider] });
  const subnetId = await buildNetwork(h, RG);
  const widget = `${rg}/providers/Microsoft.Test/widgets/acct`;
  await h.raw('PUT', widget, { body: { properties: { regions: ['westus'] } }, query: '?api-version=2024-01-01' });
  const pls = await h.network.privateLinkServices.beginCreateOrUpdateAndWait(RG, 'svc', { location: 'westus' }, FAST);
  const endpoint = (target: string, manual: boolean, groupIds: string[]): unknown => {
    const connection = {
      name: 'plsconnection1',
      properties: { privateLinkServiceId: target, groupIds, requestMessage: 'Please approve my connection.' },
    };
    return {
      location: 'westus',
      properties: {
        subnet: { id: subnetId },
        customNetworkInterfaceName: 'testPeNic',
        [manual ? 'manualPrivateLinkServiceConnections' : 'privateLinkServiceConnections']: [connection],
      },
    };
  };
  await h.raw('PUT', `${net}/privateEndpoints/pe-auto`, {
    body: endpoint(widget, false, ['Widget']),
    query: NETWORK_Q,
  });
  await h.raw('PUT', `${net}/privateEndpoints/pe-manual`, {
    body: endpoint(widget, true, ['Widget']),
    query: NETWORK_Q,
  });
  await h.raw('PUT', `${net}/privateEndpoints/pe-pls1`, {
    body: endpoint(pls.id as string, false, []),
    query: NETWORK_Q,
  });
  await h.raw('PUT', `${net}/privateEndpoints/pe-pls2`, {
    body: endpoint(pls.id as string, true, []),
    query: NETWORK_Q,
  });
  await h.dns.privateZones.beginCreateOrUpdateAndWait(RG, ZONE, { location: 'global', tags: { key1: 'value1' } }, FAST);
  await h.dns.privateZones.beginCreateOrUpdateAndWait(RG, 'zone2.com', { location: 'global' }, FAST);
  await h.admin('POST', '/lro/fast-forward');
  await h.raw('PUT', `${net}/privateEndpoints/pe-auto/privateDnsZoneGroups/default`, {
    body: {
      properties: { privateDnsZoneConfigs: [{ properties: { privateDnsZoneId: `${net}/privateDnsZones/${ZONE}` } }] },
    },
    query: NETWORK_Q,
  });
  for (const name of ['link1', 'link2', 'link3']) {
    await h.dns.virtualNetworkLinks.beginCreateOrUpdateAndWait(
      RG,
      ZONE,
      name,
      {
        location: 'global',
        tags: { key1: 'value1' },
        virtualNetwork: { id: `${net}/virtualNetworks/${name}` },
        registrationEnabled: name === 'link2',
      },
      FAST,
    );
  }
  await h.dns.recordSets.createOrUpdate(RG, ZONE, 'A', 'recorda', {
    ttl: 3600,
    metadata: { key1: 'value1' },
    aRecords: [{ ipv4Address: '1.2.3.4' }],
  });
  await h.admin('POST', '/lro/fast-forward');
});
afterAll(() => h.close());

function expectShape(examplePath: string, status: string, actual: unknown, allowedExtra: string[] = []): void {
  expect(compareKeyStructure(exampleBody(examplePath, status), actual, { mapPaths: MAPS, allowedExtra })).toEqual({
    missing: [],
    unexpected: [],
  });
}

describe('key structure matches Microsoft.Network examples', () => {
  const connectionFields = ['name', 'type', 'etag', 'properties.provisioningState'];
  const connectionName = [
    'etag',
    'properties.resourceGuid',
    ...['properties.privateLinkServiceConnections[]', 'properties.manualPrivateLinkServiceConnections[]'].flatMap((c) =>
      connectionFields.map((f) => `${c}.${f}`),
    ),
  ];

  it('PrivateEndpointGet', async () => {
    expectShape(
      'network/privateEndpoints/PrivateEndpointGet.2025-07-01.json',
      '200',
      (await get(`${net}/privateEndpoints/pe-auto`)).body,
      connectionName,
    );
  });

  it('PrivateEndpointGetForManualApproval', async () => {
    expectShape(
      'network/privateEndpoints/PrivateEndpointGetForManualApproval.2025-03-01.json',
      '200',
      (await get(`${net}/privateEndpoints/pe-manual`)).body,
      connectionName,
    );
  });

  it('PrivateEndpointCreate (200 and 201, completed)', async () => {
    const completed = (await get(`${net}/privateEndpoints/pe-auto`)).body;
    const extras = [...connectionName, 'type', 'properties.manualPrivateLinkServiceConnections'];
    expectShape('network/privateEndpoints/PrivateEndpointCreate.2025-07-01.json', '200', completed, extras);
    expectShape('network/privateEndpoints/PrivateEndpointCreate.2025-07-01.json', '201', completed, extras);
  });

  it('PrivateEndpointCreateForManualApproval (200, completed)', async () => {
    expectShape(
      'network/privateEndpoints/PrivateEndpointCreateForManualApproval.2025-03-01.json',
      '200',
      (await get(`${net}/privateEndpoints/pe-manual`)).body,
      [...connectionName, 'type'],
    );
  });

  it('PrivateEndpointList', async () => {
    const listed = (await get(`${net}/privateEndpoints`)).body;
    expect(
      compareKeyStructure(exampleBody('network/privateEndpoints/PrivateEndpointList.2025-03-01.json'), listed, {
        allowedExtra: connectionName.map((path) => `value[].${path}`),
      }),
    ).toEqual({ missing: [], unexpected: [] });
  });

  it('PrivateEndpointDelete: 202 with Azure-AsyncOperation, 204 when absent', async () => {
    const headers =
      restExample('network/privateEndpoints/PrivateEndpointDelete.2025-03-01.json').responses['202']?.headers ?? {};
    const accepted = await h.raw('DELETE', `${net}/privateEndpoints/pe-pls2`, { query: NETWORK_Q });
    expect(accepted.status).toBe(202);
    for (const name of Object.keys(headers))
      expect(accepted.headers[name.toLowerCase()], name).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/subscriptions\//);
    expect((await h.raw('DELETE', `${net}/privateEndpoints/never-was`, { query: NETWORK_Q })).status).toBe(204);
  });

  it('PrivateEndpointDnsZoneGroupGet, Create and List', async () => {
    const group = (await get(`${net}/privateEndpoints/pe-auto/privateDnsZoneGroups/default`)).body;
    expectShape('network/privateEndpoints/PrivateEndpointDnsZoneGroupGet.2025-05-01.json', '200', group);
    expectShape('network/privateEndpoints/PrivateEndpointDnsZoneGroupCreate.2025-05-01.json', '200', group);
    expectShape('network/privateEndpoints/PrivateEndpointDnsZoneGroupCreate.2025-05-01.json', '201', group);
    expectShape(
      'network/privateEndpoints/PrivateEndpointDnsZoneGroupList.2025-03-01.json',
      '200',
      (await get(`${net}/privateEndpoints/pe-auto/privateDnsZoneGroups`)).body,
    );
  });

  const plsExtras = ['type', 'etag', 'properties.provisioningState'];
  it('PrivateLinkServiceGetPrivateEndpointConnection and Update', async () => {
    const list = (await get(`${net}/privateLinkServices/svc/privateEndpointConnections`)).body;
    const name = list.value[0].name as string;
    const one = (await get(`${net}/privateLinkServices/svc/privateEndpointConnections/${name}`)).body;
    expectShape(
      'network/privateLinkServices/PrivateLinkServiceGetPrivateEndpointConnection.2025-03-01.json',
      '200',
      one,
      plsExtras,
    );
    const updated = await h.raw('PUT', `${net}/privateLinkServices/svc/privateEndpointConnections/${name}`, {
      body: {
        properties: {
          privateLinkServiceConnectionState: { status: 'Approved', description: 'approved it for some reason.' },
        },
      },
      query: NETWORK_Q,
    });
    expectShape(
      'network/privateLinkServices/PrivateLinkServiceUpdatePrivateEndpointConnection.2025-03-01.json',
      '200',
      updated.body,
      plsExtras,
    );
  });

  it('PrivateLinkServiceListPrivateEndpointConnection', async () => {
    const list = (await get(`${net}/privateLinkServices/svc/privateEndpointConnections`)).body;
    expectShape(
      'network/privateLinkServices/PrivateLinkServiceListPrivateEndpointConnection.2025-03-01.json',
      '200',
      list,
      plsExtras.map((p) => `value[].${p}`),
    );
  });
});

describe('key structure matches Private DNS examples', () => {
  const zone = `${net}/privateDnsZones/${ZONE}`;

  it('PrivateZoneGet and PrivateZonePut (completed)', async () => {
    const got = (await get(zone, DNS_Q)).body;
    expectShape('privatedns/PrivateZoneGet.2024-06-01.json', '200', got);
    expectShape('privatedns/PrivateZonePut.2024-06-01.json', '200', got);
    expectShape('privatedns/PrivateZonePut.2024-06-01.json', '201', got);
  });

  it('PrivateZonePut 202 headers', async () => {
    await h.admin('PUT', '/lro', { retryAfterSeconds: 1 });
    const accepted = await h.raw('PUT', `${net}/privateDnsZones/zone3.com`, {
      body: { location: 'Global' },
      query: DNS_Q,
    });
    await h.admin('PUT', '/lro', { retryAfterSeconds: null });
    expect(accepted.status).toBe(202);
    const names = Object.keys(restExample('privatedns/PrivateZonePut.2024-06-01.json').responses['202']?.headers ?? {});
    expect(names).toEqual(['Location', 'Azure-AsyncOperation', 'Retry-After']);
    for (const name of names) expect(accepted.headers[name.toLowerCase()], name).toBeDefined();
  });

  it('PrivateZoneListInResourceGroup (with nextLink)', async () => {
    const page = (await get(`${net}/privateDnsZones`, `${DNS_Q}&$top=2`)).body;
    expect(page.nextLink).toMatch(/\$skipToken=/);
    expectShape('privatedns/PrivateZoneListInResourceGroup.2024-06-01.json', '200', page);
  });

  it('VirtualNetworkLinkGet, Put (completed) and List (with nextLink)', async () => {
    const link = (await get(`${zone}/virtualNetworkLinks/link1`, DNS_Q)).body;
    expectShape('privatedns/VirtualNetworkLinkGet.2024-06-01.json', '200', link);
    expectShape('privatedns/VirtualNetworkLinkPut.2024-06-01.json', '200', link);
    expectShape('privatedns/VirtualNetworkLinkPut.2024-06-01.json', '201', link);
    expectShape(
      'privatedns/VirtualNetworkLinkList.2024-06-01.json',
      '200',
      (await get(`${zone}/virtualNetworkLinks`, `${DNS_Q}&$top=2`)).body,
    );
  });

  it('RecordSetAGet, Put and List (with nextLink)', async () => {
    const record = (await get(`${zone}/A/recorda`, DNS_Q)).body;
    expectShape('privatedns/RecordSetAGet.2024-06-01.json', '200', record);
    const put = await h.raw('PUT', `${zone}/A/recordA`, {
      body: { properties: { metadata: { key1: 'value1' }, ttl: 3600, aRecords: [{ ipv4Address: '1.2.3.4' }] } },
      query: DNS_Q,
    });
    expect(put.status).toBe(200);
    expectShape('privatedns/RecordSetAPut.2024-06-01.json', '200', put.body);
    expectShape('privatedns/RecordSetAPut.2024-06-01.json', '201', put.body);
    const page = (await get(`${zone}/A`, `${DNS_Q}&$top=2`)).body;
    expect(page.nextLink).toMatch(/\$skipToken=/);
    expectShape('privatedns/RecordSetAList.2024-06-01.json', '200', page);
  });

  it('RecordSetADelete: 200, then 204', async () => {
    const statuses = Object.keys(restExample('privatedns/RecordSetADelete.2024-06-01.json').responses).map(Number);
    const first = await h.raw('DELETE', `${zone}/A/acct`, { query: DNS_Q });
    const second = await h.raw('DELETE', `${zone}/A/acct`, { query: DNS_Q });
    expect([first.status, second.status]).toEqual(statuses);
  });
});

describe('the comparison itself', () => {
  it('reports missing and unexpected keys, and collapses the keys of a map to *', () => {
    const sample = { id: 'x', tags: { a: '1' }, properties: { list: [{ a: 1 }, { b: 2 }] } };
    expect([...keyPaths(sample, ['tags'])]).toEqual([
      'id',
      'tags',
      'tags.*',
      'properties',
      'properties.list',
      'properties.list[].a',
      'properties.list[].b',
    ]);
    expect(
      compareKeyStructure(
        sample,
        { id: 'y', tags: { z: '9' }, properties: { list: [{ a: 1 }], c: true } },
        { mapPaths: ['tags'] },
      ),
    ).toEqual({
      missing: ['properties.list[].b'],
      unexpected: ['properties.c'],
    });
  });

  it('still compares what the entries of a map hold, also for a map inside list items', () => {
    const listed = (id: string, entry: object): unknown => ({
      value: [{ identity: { userAssignedIdentities: { [id]: entry } } }],
    });
    const mapPaths = ['value[].identity.userAssignedIdentities'];
    expect(
      compareKeyStructure(
        listed('/ids/one', { principalId: 'p', clientId: 'c' }),
        listed('/ids/two', { principalId: 'q' }),
        { mapPaths },
      ),
    ).toEqual({
      missing: ['value[].identity.userAssignedIdentities.*.clientId'],
      unexpected: [],
    });
  });
});
