import { describe, expect, it } from 'vitest';
import { collectBounded, type PagedListing } from '../../../src/azure/bounded';
import type { ArmClients } from '../../../src/azure/clients';
import { ConnectionAdapter } from '../../../src/azure/connections';
import { DnsAdapter } from '../../../src/azure/dns';
import { EndpointAdapter } from '../../../src/azure/endpoints';
import { TargetAdapter } from '../../../src/azure/targets';
import { ARM, stubArmClients, type StubAnswer } from './sdk-stub';

const SUB = '00000000-0000-0000-0000-0000000000b1';
const RG = `/subscriptions/${SUB}/resourceGroups/rg1`;
const PE = `${RG}/providers/Microsoft.Network/privateEndpoints/pe1`;
const ZONE = `${RG}/providers/Microsoft.Network/privateDnsZones/privatelink.documents.azure.com`;
const PLS = `${RG}/providers/Microsoft.Network/privateLinkServices/pls1`;

/** A listing whose pages never run out: `page(n)` is the n-th page (from 1). */
function endless<T>(page: (n: number) => T[]): PagedListing<T> {
  return {
    async *byPage() {
      for (let n = 1; ; n++) yield page(n);
    },
  };
}

describe('collectBounded', () => {
  it('returns every item of a listing that ends', async () => {
    const listing: PagedListing<number> = {
      async *byPage() {
        yield [1, 2];
        yield [];
        yield [3];
      },
    };
    expect(await collectBounded(listing, { what: 'numbers' })).toEqual([1, 2, 3]);
  });

  it('stops past maxItems, naming the listing and the limit', async () => {
    await expect(
      collectBounded(
        endless((n) => [n, n, n]),
        { what: 'record sets of zone z', maxItems: 10 },
      ),
    ).rejects.toThrow('record sets of zone z: more than 10 items; stopped listing');
  });

  it('stops past maxPages when every page is empty', async () => {
    let pagesAsked = 0;
    const listing = endless(() => {
      pagesAsked += 1;
      return [];
    });
    await expect(collectBounded(listing, { what: 'zones', maxPages: 5 })).rejects.toThrow(
      'zones: more than 5 pages; stopped listing',
    );
    expect(pagesAsked).toBe(6);
  });
});

/** A page that always links back to the same next page, as a server stuck on one $skipToken answers. */
function loopingPage(path: string, item: unknown): StubAnswer {
  return { status: 200, body: { value: [item], nextLink: `${ARM}${path}?api-version=2024-01-01&$skipToken=stuck` } };
}

interface LoopCase {
  listing: string;
  answers: Record<string, StubAnswer>;
  /** Runs the adapter; resolves to the error it stopped with. */
  run: (clients: ArmClients) => Promise<unknown>;
  /** Requests before the loop shows: the listing's first page and its repeat, plus any reads before it. */
  requests: number;
}

const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => new Error('expected the adapter to fail'),
    (error: unknown) => error,
  );

const LOOPS: LoopCase[] = [
  {
    listing: `private endpoints of subscription ${SUB}`,
    answers: {
      [`/subscriptions/${SUB}/providers/Microsoft.Network/privateEndpoints`]: loopingPage(
        `/subscriptions/${SUB}/providers/Microsoft.Network/privateEndpoints`,
        { id: PE, name: 'pe1' },
      ),
    },
    run: (clients) => rejection(new EndpointAdapter(clients).listEndpoints(SUB)),
    requests: 2,
  },
  {
    listing: `private DNS zone groups of ${PE}`,
    answers: {
      [`${PE}/privateDnsZoneGroups`]: loopingPage(`${PE}/privateDnsZoneGroups`, {
        id: `${PE}/privateDnsZoneGroups/default`,
        name: 'default',
      }),
    },
    run: (clients) => rejection(new EndpointAdapter(clients).observeEndpoint({ id: PE, location: 'eastus' })),
    requests: 2,
  },
  {
    listing: `private DNS zones of subscription ${SUB}`,
    answers: {
      [`/subscriptions/${SUB}/providers/Microsoft.Network/privateDnsZones`]: loopingPage(
        `/subscriptions/${SUB}/providers/Microsoft.Network/privateDnsZones`,
        { id: ZONE, name: 'privatelink.documents.azure.com' },
      ),
    },
    run: (clients) => rejection(new DnsAdapter(clients).listZones({ subscriptionId: SUB })),
    requests: 2,
  },
  {
    listing: `private DNS zones of resource group rg1 in subscription ${SUB}`,
    answers: {
      [`${RG}/providers/Microsoft.Network/privateDnsZones`]: loopingPage(
        `${RG}/providers/Microsoft.Network/privateDnsZones`,
        { id: ZONE, name: 'privatelink.documents.azure.com' },
      ),
    },
    run: (clients) => rejection(new DnsAdapter(clients).listZones({ subscriptionId: SUB, resourceGroups: ['rg1'] })),
    requests: 2,
  },
  {
    listing: `virtual network links of ${ZONE}`,
    answers: {
      [`${RG}/providers/Microsoft.Network/privateDnsZones`]: {
        status: 200,
        body: { value: [{ id: ZONE, name: 'privatelink.documents.azure.com' }] },
      },
      [`${ZONE}/virtualNetworkLinks`]: loopingPage(`${ZONE}/virtualNetworkLinks`, {
        id: `${ZONE}/virtualNetworkLinks/l1`,
        name: 'l1',
      }),
    },
    run: (clients) => rejection(new DnsAdapter(clients).listZones({ subscriptionId: SUB, resourceGroups: ['rg1'] })),
    requests: 3,
  },
  {
    listing: `A record sets of ${ZONE}`,
    answers: {
      [`${ZONE}/A`]: loopingPage(`${ZONE}/A`, {
        id: `${ZONE}/A/acct`,
        name: 'acct',
        properties: { ttl: 10, aRecords: [{ ipv4Address: '10.0.0.4' }] },
      }),
    },
    run: (clients) => rejection(new DnsAdapter(clients).listRecordSets(ZONE)),
    requests: 2,
  },
  {
    listing: `Microsoft.Network/privateLinkServices of subscription ${SUB}`,
    answers: {
      [`/subscriptions/${SUB}/providers/Microsoft.Network/privateLinkServices`]: loopingPage(
        `/subscriptions/${SUB}/providers/Microsoft.Network/privateLinkServices`,
        { id: PLS, name: 'pls1' },
      ),
    },
    run: async (clients) => {
      const { failures } = await new TargetAdapter(clients).listTargets(SUB, ['Microsoft.Network/privateLinkServices']);
      return new Error(failures.map((f) => f.error.message).join('\n'));
    },
    requests: 2,
  },
  {
    listing: `private endpoint connections of ${PLS}`,
    answers: {
      [`${PLS}/privateEndpointConnections`]: loopingPage(`${PLS}/privateEndpointConnections`, {
        id: `${PLS}/privateEndpointConnections/c1`,
        name: 'c1',
      }),
    },
    run: (clients) =>
      rejection(
        new ConnectionAdapter(clients).listConnections(PLS, {
          id: PLS,
          type: 'Microsoft.Network/privateLinkServices',
          name: 'pls1',
          tags: {},
        }),
      ),
    requests: 2,
  },
];

describe('adapters stop a listing whose nextLink loops', () => {
  it.each(LOOPS)('$listing', async ({ listing, answers, run, requests }) => {
    const { clients, sent } = stubArmClients(answers);
    const error = await run(clients);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(
      `${listing}: page 2 links to a nextLink already followed; stopped listing`,
    );
    expect(sent).toHaveLength(requests);
  });
});

describe('adapters still read every page of a listing that ends', () => {
  it('lists A record sets across an empty first page and a second page', async () => {
    const record = (name: string, ip: string) => ({
      id: `${ZONE}/A/${name}`,
      name,
      etag: `etag-${name}`,
      properties: { ttl: 10, aRecords: [{ ipv4Address: ip }] },
    });
    const { clients, sent } = stubArmClients({
      [`${ZONE}/A`]: { status: 200, body: { value: [], nextLink: `${ARM}${ZONE}/A/page1?api-version=2024-06-01` } },
      [`${ZONE}/A/page1`]: {
        status: 200,
        body: { value: [record('b', '10.0.0.5')], nextLink: `${ARM}${ZONE}/A/page2?api-version=2024-06-01` },
      },
      [`${ZONE}/A/page2`]: { status: 200, body: { value: [record('a', '10.0.0.4')] } },
    });
    const { records } = await new DnsAdapter(clients).listRecordSets(ZONE);
    expect(records.map((r) => [r.name, r.ips])).toEqual([
      ['a', ['10.0.0.4']],
      ['b', ['10.0.0.5']],
    ]);
    expect(sent.map((s) => s.path)).toEqual([`${ZONE}/A`, `${ZONE}/A/page1`, `${ZONE}/A/page2`]);
  });
});
