import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DNS_API, FAST, RG, rgId, startHarness, SUB, type Harness } from './harness';

const ZONE = 'privatelink.documents.azure.com';
let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  await h.raw('PUT', rgId(), { body: { location: 'westus' }, query: '?api-version=2021-04-01' });
  await h.dns.privateZones.beginCreateOrUpdateAndWait(RG, ZONE, { location: 'global', tags: { team: 'net' } }, FAST);
});
afterEach(() => h.close());

describe('private DNS zones', () => {
  it('creates zones through a 202 long-running operation and counts the SOA record set', async () => {
    const created = await h.raw('PUT', `${rgId()}/providers/Microsoft.Network/privateDnsZones/Other.Example.com`, {
      body: { location: 'global' },
      query: `?api-version=${DNS_API}`,
    });
    expect(created.status).toBe(202);
    expect(created.headers.location).toMatch(/privateDnsOperationResults\//);
    expect(created.headers['azure-asyncoperation']).toMatch(/privateDnsOperationStatuses\//);
    await h.admin('POST', '/lro/fast-forward');
    const zone = await h.dns.privateZones.get(RG, 'other.example.com');
    expect(zone).toMatchObject({
      name: 'other.example.com',
      location: 'global',
      numberOfRecordSets: 1,
      provisioningState: 'Succeeded',
    });
    expect(zone.etag).toBeTruthy();
    const everything = [];
    for await (const record of h.dns.recordSets.list(RG, 'other.example.com'))
      everything.push([record.type, record.name, record.fqdn]);
    expect(everything).toEqual([['Microsoft.Network/privateDnsZones/SOA', '@', 'other.example.com.']]);
  });

  it('lists zones by resource group and subscription across pages', async () => {
    for (const name of ['a.example.com', 'b.example.com', 'c.example.com']) {
      await h.dns.privateZones.beginCreateOrUpdateAndWait(RG, name, { location: 'global' }, FAST);
    }
    const byGroup = [];
    for await (const page of h.dns.privateZones.listByResourceGroup(RG, { top: 2 }).byPage())
      byGroup.push(page.map((z) => z.name));
    expect(byGroup).toEqual([
      [ZONE, 'a.example.com'],
      ['b.example.com', 'c.example.com'],
    ]);
    const bySubscription = [];
    for await (const zone of h.dns.privateZones.list({ top: 1 })) bySubscription.push(zone.name);
    expect(bySubscription).toHaveLength(4);
  });

  it('rejects a regional location', async () => {
    await expect(
      h.dns.privateZones.beginCreateOrUpdateAndWait(RG, 'x.example.com', { location: 'westus' }, FAST),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidLocation',
    });
  });
});

describe('virtual network links', () => {
  it('creates, reads, lists and deletes links', async () => {
    const vnetId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/hub`;
    const link = await h.dns.virtualNetworkLinks.beginCreateOrUpdateAndWait(
      RG,
      ZONE,
      'hub-link',
      { location: 'global', virtualNetwork: { id: vnetId }, registrationEnabled: false },
      FAST,
    );
    expect(link).toMatchObject({
      name: 'hub-link',
      virtualNetworkLinkState: 'Completed',
      provisioningState: 'Succeeded',
      virtualNetwork: { id: vnetId },
    });
    const listed = [];
    for await (const l of h.dns.virtualNetworkLinks.list(RG, ZONE)) listed.push(l.name);
    expect(listed).toEqual(['hub-link']);
    expect((await h.dns.privateZones.get(RG, ZONE)).numberOfVirtualNetworkLinks).toBe(1);
    await expect(
      h.dns.virtualNetworkLinks.beginCreateOrUpdateAndWait(
        RG,
        ZONE,
        'second',
        { location: 'global', virtualNetwork: { id: vnetId } },
        FAST,
      ),
    ).rejects.toMatchObject({ statusCode: 409 });
    await h.dns.virtualNetworkLinks.beginDeleteAndWait(RG, ZONE, 'hub-link', FAST);
    await expect(h.dns.virtualNetworkLinks.get(RG, ZONE, 'hub-link')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  it('reports virtualNetworkLinkState InProgress until the link operation completes', async () => {
    await h.admin('PUT', '/lro', { pollsBeforeDone: 3 });
    const vnetId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/spoke`;
    const poller = await h.dns.virtualNetworkLinks.beginCreateOrUpdate(
      RG,
      ZONE,
      'spoke-link',
      { location: 'global', virtualNetwork: { id: vnetId }, registrationEnabled: true },
      FAST,
    );
    expect(await h.dns.virtualNetworkLinks.get(RG, ZONE, 'spoke-link')).toMatchObject({
      provisioningState: 'Updating',
      virtualNetworkLinkState: 'InProgress',
      registrationEnabled: true,
    });
    expect(await poller.pollUntilDone()).toMatchObject({
      provisioningState: 'Succeeded',
      virtualNetworkLinkState: 'Completed',
    });
  });

  it('refuses a link whose virtualNetwork.id is not a virtual network ID, naming the field', async () => {
    const answer = await h.raw(
      'PUT',
      `${rgId()}/providers/Microsoft.Network/privateDnsZones/${ZONE}/virtualNetworkLinks/x`,
      {
        body: {
          location: 'global',
          properties: { virtualNetwork: { id: `${rgId()}/providers/Microsoft.Network/privateEndpoints/pe` } },
        },
        query: `?api-version=${DNS_API}`,
      },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain('properties.virtualNetwork.id');
  });
});

describe('A record sets', () => {
  it('returns lower-case names, fqdn with a trailing dot, metadata and a fresh etag on each write', async () => {
    const created = await h.dns.recordSets.createOrUpdate(RG, ZONE, 'A', 'Acct-WestUS', {
      ttl: 300,
      metadata: { managedBy: 'privatelink-autopilot' },
      aRecords: [{ ipv4Address: '10.0.1.5' }],
    });
    expect(created).toMatchObject({
      name: 'acct-westus',
      fqdn: 'acct-westus.privatelink.documents.azure.com.',
      ttl: 300,
      isAutoRegistered: false,
    });
    expect(created.metadata).toEqual({ managedBy: 'privatelink-autopilot' });
    const updated = await h.dns.recordSets.createOrUpdate(
      RG,
      ZONE,
      'A',
      'acct-westus',
      { ttl: 10, aRecords: [{ ipv4Address: '10.0.1.6' }] },
      { ifMatch: created.etag },
    );
    expect(updated.etag).not.toBe(created.etag);
    expect(updated.metadata).toBeUndefined();
    const read = await h.dns.recordSets.get(RG, ZONE, 'A', 'ACCT-WESTUS');
    expect(read.aRecords).toEqual([{ ipv4Address: '10.0.1.6' }]);
    expect(read.id).toBe(
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/privateDnsZones/${ZONE}/A/acct-westus`,
    );
  });

  it('answers 412 for a stale If-Match and for If-None-Match * on an existing record', async () => {
    const first = await h.dns.recordSets.createOrUpdate(
      RG,
      ZONE,
      'A',
      'acct',
      { ttl: 10, aRecords: [{ ipv4Address: '10.0.1.4' }] },
      { ifNoneMatch: '*' },
    );
    await expect(
      h.dns.recordSets.createOrUpdate(RG, ZONE, 'A', 'acct', { ttl: 10, aRecords: [] }, { ifNoneMatch: '*' }),
    ).rejects.toMatchObject({ statusCode: 412, code: 'PreconditionFailed' });
    await h.dns.recordSets.createOrUpdate(
      RG,
      ZONE,
      'A',
      'acct',
      { ttl: 20, aRecords: [{ ipv4Address: '10.0.1.4' }] },
      { ifMatch: first.etag },
    );
    await expect(
      h.dns.recordSets.createOrUpdate(RG, ZONE, 'A', 'acct', { ttl: 30, aRecords: [] }, { ifMatch: first.etag }),
    ).rejects.toMatchObject({ statusCode: 412 });
    await expect(h.dns.recordSets.delete(RG, ZONE, 'A', 'acct', { ifMatch: first.etag })).rejects.toMatchObject({
      statusCode: 412,
    });
    expect((await h.dns.recordSets.get(RG, ZONE, 'A', 'acct')).ttl).toBe(20);
  });

  it('pages with $top and nextLink, and deletes with 200 then 204', async () => {
    for (let i = 0; i < 5; i++) {
      await h.dns.recordSets.createOrUpdate(RG, ZONE, 'A', `r${i}`, {
        ttl: 10,
        aRecords: [{ ipv4Address: `10.0.1.${i + 4}` }],
      });
    }
    const pages = [];
    for await (const page of h.dns.recordSets.listByType(RG, ZONE, 'A', { top: 2 }).byPage())
      pages.push(page.map((r) => r.name));
    expect(pages).toEqual([['r0', 'r1'], ['r2', 'r3'], ['r4']]);
    const deleted = await h.raw('DELETE', `${rgId()}/providers/Microsoft.Network/privateDnsZones/${ZONE}/A/r0`, {
      query: `?api-version=${DNS_API}`,
    });
    expect(deleted.status).toBe(200);
    const again = await h.raw('DELETE', `${rgId()}/providers/Microsoft.Network/privateDnsZones/${ZONE}/A/r0`, {
      query: `?api-version=${DNS_API}`,
    });
    expect(again.status).toBe(204);
  });

  it('validates addresses and names the field', async () => {
    await expect(
      h.dns.recordSets.createOrUpdate(RG, ZONE, 'A', 'bad', { ttl: 10, aRecords: [{ ipv4Address: '10.0.1' }] }),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('properties.aRecords[0].ipv4Address'),
    });
    await expect(h.dns.recordSets.get(RG, 'missing.example.com', 'A', 'x')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ParentResourceNotFound',
    });
  });
});
