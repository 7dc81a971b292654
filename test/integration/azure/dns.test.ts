import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DnsAdapter } from '../../../src/azure/dns';
import type { DnsRecordChange } from '../../../src/core/plan/dns/types';
import { OWNERSHIP_METADATA_KEY, OWNERSHIP_METADATA_VALUE } from '../../../src/core/model';
import { aRecord, privateDnsZone, RECORD_TTL_SECONDS, resourceGroup } from '@privatelink-autopilot/arm-emulator';
import { ORPHANS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { DNS_RESOURCE_GROUP, WORKLOAD_SUBSCRIPTION } from '@privatelink-autopilot/arm-emulator';
import { ZONE_GROUP_FACTS } from '@privatelink-autopilot/arm-emulator';
import { counts, MAX_RETRIES, startAdapterWorld, type AdapterWorld } from './support';

let world: AdapterWorld;
const PAGE_SIZE = 2;
const DOCUMENTS_ZONE = 'privatelink.documents.azure.com';
const SCRATCH_ZONE = 'privatelink.blob.core.windows.net';
const extraGroup = resourceGroup(WORKLOAD_SUBSCRIPTION, 'rg-dns-extra', 'westus');
const scmZone = privateDnsZone(extraGroup.id, 'scm.privatelink.azurewebsites.net');
const internalZone = privateDnsZone(extraGroup.id, 'contoso.internal');
const scratchZone = privateDnsZone(extraGroup.id, SCRATCH_ZONE);

beforeAll(async () => {
  world = await startAdapterWorld({ paging: { pageSize: PAGE_SIZE } });
  await world.apply([extraGroup.step, scmZone.step, internalZone.step, scratchZone.step]);
});
afterAll(async () => {
  await world?.close();
});
afterEach(() => {
  world.emulator.faults.clear();
});

function adapter(): DnsAdapter {
  return new DnsAdapter(world.clients(), { concurrency: 2 });
}

const OWNED = { [OWNERSHIP_METADATA_KEY]: OWNERSHIP_METADATA_VALUE, autopilotInstance: 'default' };

function change(action: DnsRecordChange['action'], name: string, ips: string[], etag?: string): DnsRecordChange {
  return {
    action,
    zoneId: scratchZone.id,
    zone: SCRATCH_ZONE,
    name,
    fqdn: `${name}.${SCRATCH_ZONE}`,
    ips,
    previousIps: [],
    ttl: 10,
    metadata: {
      ...OWNED,
      autopilotEndpoints: '/subscriptions/s/resourcegroups/rg/providers/microsoft.network/privateendpoints/pe',
    },
    ...(etag === undefined ? {} : { etag }),
    reason: 'test',
    endpoints: [],
  };
}

describe('listZones', () => {
  it('lists the private link zones of the given resource groups, every page, with their linked virtual networks', async () => {
    const { zones, calls } = await adapter().listZones({
      subscriptionId: WORKLOAD_SUBSCRIPTION,
      resourceGroups: [DNS_RESOURCE_GROUP],
    });
    expect(zones.map((z) => z.name)).toEqual([
      'privatelink.documents.azure.com',
      'privatelink.eastus.azure.elastic-cloud.com',
      'privatelink.mongocluster.cosmos.azure.com',
      'privatelink.vaultcore.azure.net',
    ]);
    const documents = zones.find((z) => z.name === DOCUMENTS_ZONE);
    expect(documents?.id).toBe(SEED_COSMOS_FACTS.zoneId);
    expect(documents?.linkedVirtualNetworkIds?.map((id) => id.split('/').pop()).sort()).toEqual([
      'vnet-orphans',
      'vnet-seed',
      'vnet-zonegroup',
    ]);
    // 4 zones = 2 pages; links: documents has 3 (2 pages), the others 1 each.
    expect(calls).toEqual(counts(2 + 2 + 1 + 1 + 1));
  });

  it('covers the whole subscription and catalogue zones that do not start with privatelink., but not other zones', async () => {
    const { zones } = await adapter().listZones({ subscriptionId: WORKLOAD_SUBSCRIPTION });
    const names = zones.map((z) => z.name);
    expect(names).toContain('scm.privatelink.azurewebsites.net');
    expect(names).toContain(DOCUMENTS_ZONE);
    expect(names).not.toContain('contoso.internal');
    expect(zones.find((z) => z.name === 'scm.privatelink.azurewebsites.net')?.linkedVirtualNetworkIds).toEqual([]);
  });

  it('takes the caller predicate for zone names', async () => {
    const { zones } = await adapter().listZones(
      { subscriptionId: WORKLOAD_SUBSCRIPTION, resourceGroups: ['rg-dns-extra'] },
      { include: (name) => name.endsWith('.internal') },
    );
    expect(zones.map((z) => z.name)).toEqual(['contoso.internal']);
  });
});

describe('listRecordSets', () => {
  it('reads every page of A records, lower case, with etag, TTL, metadata and IPs', async () => {
    const { records, calls } = await adapter().listRecordSets(SEED_COSMOS_FACTS.zoneId);
    const names = records.map((r) => r.name);
    expect(names).toEqual(
      [
        ...Object.keys(SEED_COSMOS_FACTS.records),
        ...ORPHANS_FACTS.claimed,
        ...ORPHANS_FACTS.ownedOrphans,
        ...ORPHANS_FACTS.unownedOrphans,
        'zonegroup-cosmos',
        'zonegroup-cosmos-westus',
      ].sort(),
    );
    expect(calls).toEqual(counts(Math.ceil(records.length / PAGE_SIZE)));
    const seed = records.find((r) => r.name === 'seed-cosmos-westus');
    expect(seed).toMatchObject({
      zoneId: SEED_COSMOS_FACTS.zoneId,
      zone: DOCUMENTS_ZONE,
      ips: [SEED_COSMOS_FACTS.records['seed-cosmos-westus']],
      ttl: RECORD_TTL_SECONDS,
      metadata: {
        [OWNERSHIP_METADATA_KEY]: OWNERSHIP_METADATA_VALUE,
        autopilotEndpoints: SEED_COSMOS_FACTS.endpointId.toLowerCase(),
      },
    });
    expect(seed?.etag).toMatch(/.+/);
    expect(records.find((r) => r.name === 'legacy-app')?.metadata).toEqual({ owner: 'team-legacy' });
    expect(ZONE_GROUP_FACTS.zoneId).toBe(SEED_COSMOS_FACTS.zoneId);
  });

  it('lower-cases names written in upper case', async () => {
    await world.apply([aRecord(scratchZone.id, 'MixedCase', ['10.9.0.1'], {}).step]);
    const { records } = await adapter().listRecordSets(scratchZone.id);
    expect(records.find((r) => r.ips[0] === '10.9.0.1')?.name).toBe('mixedcase');
  });
});

describe('applyChange', () => {
  it('creates with If-None-Match: *, updates and deletes with If-Match on the observed etag', async () => {
    const created = await adapter().applyChange(change('create', 'acct', ['10.0.9.4']));
    expect(created.outcome).toBe('applied');
    expect(created.calls).toEqual(counts(0, 1));
    const record = created.outcome === 'applied' ? created.record : undefined;
    expect(record).toMatchObject({ name: 'acct', ips: ['10.0.9.4'], ttl: 10, metadata: OWNED });

    const updated = await adapter().applyChange(change('update', 'acct', ['10.0.9.5'], record?.etag));
    expect(updated.outcome).toBe('applied');
    const after = updated.outcome === 'applied' ? updated.record : undefined;
    expect(after?.ips).toEqual(['10.0.9.5']);
    expect(after?.etag).not.toBe(record?.etag);

    const deleted = await adapter().applyChange(change('delete', 'acct', [], after?.etag));
    expect(deleted).toMatchObject({ outcome: 'applied', calls: counts(0, 0, 1) });
    expect((await adapter().listRecordSets(scratchZone.id)).records.map((r) => r.name)).not.toContain('acct');
  });

  it('answers precondition-failed when the record appeared or changed since it was observed', async () => {
    const first = await adapter().applyChange(change('create', 'race', ['10.0.9.6']));
    const etag = first.outcome === 'applied' ? first.record?.etag : undefined;

    const duplicate = await adapter().applyChange(change('create', 'race', ['10.0.9.7']));
    expect(duplicate).toMatchObject({ outcome: 'precondition-failed', calls: counts(0, 1) });

    await world.apply([aRecord(scratchZone.id, 'race', ['10.0.9.8'], {}).step]);
    const stale = await adapter().applyChange(change('update', 'race', ['10.0.9.9'], etag));
    expect(stale.outcome).toBe('precondition-failed');
    const staleDelete = await adapter().applyChange(change('delete', 'race', [], etag));
    expect(staleDelete.outcome).toBe('precondition-failed');
    const { records } = await adapter().listRecordSets(scratchZone.id);
    expect(records.find((r) => r.name === 'race')?.ips).toEqual(['10.0.9.8']);
  });

  it('surfaces a concurrent writer (etag race) as precondition-failed without retrying it', async () => {
    const created = await adapter().applyChange(change('create', 'contended', ['10.0.9.10']));
    const etag = created.outcome === 'applied' ? created.record?.etag : undefined;
    world.fault({
      path: `${SCRATCH_ZONE.replace(/\./g, '\\.')}/A/contended$`,
      method: 'PUT',
      kind: 'etag-race',
      count: 1,
    });
    const raced = await adapter().applyChange(change('update', 'contended', ['10.0.9.11'], etag));
    expect(raced).toMatchObject({ outcome: 'precondition-failed', calls: counts(0, 1) });
    expect(raced.outcome === 'precondition-failed' && raced.message).toMatch(/If-Match/);
  });

  it('rides out 429 with Retry-After, 503 and 409 AnotherOperationInProgress', async () => {
    world.fault({ path: '/A/weathered$', method: 'PUT', kind: 'throttle', retryAfterSeconds: 0, count: 1 });
    world.fault({ path: '/A/weathered$', method: 'PUT', kind: 'server-error', status: 503, count: 1 });
    world.fault({ path: '/A/weathered$', method: 'PUT', kind: 'conflict', count: 1 });
    const created = await adapter().applyChange(change('create', 'weathered', ['10.0.9.12']));
    expect(created.outcome).toBe('applied');
    expect(created.calls).toEqual(counts(0, 4));
  });

  it('throws a classified permanent error for anything else, after no retries', async () => {
    const missingZone = {
      ...change('create', 'x', ['10.0.9.13']),
      zoneId: scratchZone.id.replace(SCRATCH_ZONE, 'privatelink.nowhere.net'),
    };
    await expect(adapter().applyChange(missingZone)).rejects.toMatchObject({ statusCode: 404 });
    world.fault({ path: '/A/broken$', method: 'PUT', kind: 'server-error', status: 500 });
    await expect(adapter().applyChange(change('create', 'broken', ['10.0.9.14']))).rejects.toMatchObject({
      statusCode: 500,
    });
    expect(world.emulator.faults.list()[0]?.hits).toBe(MAX_RETRIES + 1);
  });

  it('keeps without a call, and refuses an update or delete without the observed etag', async () => {
    const clients = world.clients();
    const dns = new DnsAdapter(clients);
    expect(await dns.applyChange(change('keep', 'acct', ['10.0.9.4']))).toMatchObject({ outcome: 'unchanged' });
    await expect(dns.applyChange(change('update', 'acct', ['10.0.9.4']))).rejects.toThrow(
      /change\.etag: expected the observed etag/,
    );
    await expect(dns.applyChange(change('delete', 'acct', []))).rejects.toThrow(/change\.etag/);
    expect(clients.calls).toEqual(counts(0));
  });
});
