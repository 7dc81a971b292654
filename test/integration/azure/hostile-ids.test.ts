/**
 * An ID cannot change which URL is called: every hostile ID is refused before any request, and every ID that ARM
 * allows (spaces, non-Latin letters) reaches the emulator as exactly its own segments, each encoded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionAdapter } from '../../../src/azure/connections';
import { DnsAdapter } from '../../../src/azure/dns';
import { EndpointAdapter } from '../../../src/azure/endpoints';
import { keyVault, privateEndpointId, resourceGroup } from '@privatelink-autopilot/arm-emulator';
import { WORKLOAD_SUBSCRIPTION } from '@privatelink-autopilot/arm-emulator';
import { KEYVAULT_MANUAL_FACTS } from '@privatelink-autopilot/arm-emulator';
import { requestLog } from '../engine/support';
import { startAdapterWorld, type AdapterWorld } from './support';

let world: AdapterWorld;

const VAULT = KEYVAULT_MANUAL_FACTS.vaultId;
const RESOURCE_GROUP = VAULT.slice(0, VAULT.indexOf('/providers/'));
const VAULTS = `${RESOURCE_GROUP}/providers/Microsoft.KeyVault/vaults`;
const ZONE = KEYVAULT_MANUAL_FACTS.zoneId;
const ENDPOINT = KEYVAULT_MANUAL_FACTS.endpointId;

const HOSTILE_SUFFIXES: Array<[string, string]> = [
  ['a query', '?x='],
  ['a fragment', '#frag'],
  ['percent escapes of "/.."', '%2F..%2Fother'],
  ['a backslash path', '\\..\\other'],
  ['NUL', '\u0000'],
  ['a right-to-left override', '\u202ekv'],
];
const hostile = (id: string): Array<[string, string]> => [
  ...HOSTILE_SUFFIXES.map(([what, suffix]): [string, string] => [what, `${id}${suffix}`]),
  ['a ".." name', `${id.slice(0, id.lastIndexOf('/'))}/..`],
  ['a 2 MB name', `${id}${'k'.repeat(2 * 1024 * 1024)}`],
];

/** The path of every request `work` makes, as the emulator received it. */
async function pathsRequestedBy(work: () => Promise<unknown>): Promise<{ paths: string[]; error: unknown }> {
  const before = (await requestLog(world)).length;
  let error: unknown;
  try {
    await work();
  } catch (e) {
    error = e;
  }
  return { paths: (await requestLog(world)).slice(before).map((r) => r.path), error };
}

// ARM allows Unicode letters and parentheses in resource group names.
const UNICODE_GROUP = resourceGroup(WORKLOAD_SUBSCRIPTION, 'rg-grüppe-東京(1)', 'westus');
const UNICODE_VAULT = keyVault(UNICODE_GROUP.id, 'kv-unicode-group', 'westus');

beforeAll(async () => {
  world = await startAdapterWorld({ scenario: 'keyvault-manual' });
  await world.apply([UNICODE_GROUP.step, UNICODE_VAULT.step]);
});
afterAll(async () => {
  await world?.close();
});

describe('hostile IDs are refused before any request', () => {
  const clients = () => world.clients();
  it.each(hostile(VAULT))('a vault ID with %s: reading the target or its connections', async (_, id) => {
    const adapter = new ConnectionAdapter(clients());
    for (const work of [() => adapter.getTarget(id), () => adapter.listConnections(id)]) {
      const { paths, error } = await pathsRequestedBy(work);
      expect(String(error)).toMatch(/targetId: expected a resource-group-scoped ARM ID/);
      expect(paths).toEqual([]);
    }
  });

  it.each(hostile(ENDPOINT))('an endpoint ID with %s: observing or refreshing it', async (_, id) => {
    const adapter = new EndpointAdapter(clients());
    for (const work of [() => adapter.observeEndpoint(id), () => adapter.refreshEndpoint(id)]) {
      const { paths, error } = await pathsRequestedBy(work);
      expect(String(error)).toMatch(/endpointId: expected the ARM ID of a Microsoft\.Network\/privateEndpoints/);
      expect(paths).toEqual([]);
    }
  });

  it.each(hostile(ZONE))('a zone ID with %s: listing its records', async (_, id) => {
    const { paths, error } = await pathsRequestedBy(() => new DnsAdapter(clients()).listRecordSets(id));
    expect(String(error)).toMatch(/zoneId: expected the ARM ID of a Microsoft\.Network\/privateDnsZones/);
    expect(paths).toEqual([]);
  });

  it('a connection ID with a query: deciding it', async () => {
    const [connection] = (await new ConnectionAdapter(world.clients()).listConnections(VAULT)).connections;
    const tampered = { ...(connection as NonNullable<typeof connection>), id: `${connection?.id}?api-version=1&x=` };
    const { paths, error } = await pathsRequestedBy(() =>
      new ConnectionAdapter(world.clients()).decide(tampered, 'approve', 'ok'),
    );
    expect(String(error)).toMatch(/connection\.id: expected a resource-group-scoped ARM ID/);
    expect(paths).toEqual([]);
  });
});

describe('IDs that ARM allows reach the emulator as exactly their own segments', () => {
  const encoded = (id: string): string => id.split('/').map(encodeURIComponent).join('/');

  it('a vault in a resource group named with Unicode letters and parentheses: read, and its connections listed', async () => {
    const id = UNICODE_VAULT.id;
    const adapter = new ConnectionAdapter(world.clients());
    const read = await pathsRequestedBy(() => adapter.getTarget(id));
    expect(read.error).toBeUndefined();
    expect(read.paths).toEqual([encoded(id)]);
    expect(read.paths[0]).toContain('/rg-gr%C3%BCppe-%E6%9D%B1%E4%BA%AC(1)/');
    const listed = await pathsRequestedBy(() => adapter.listConnections(id));
    expect(listed.error).toBeUndefined();
    expect(listed.paths).toEqual([encoded(id), `${encoded(id)}/privateEndpointConnections`]);
  });

  it.each(['kv with spaces', 'ключ+東京'])(
    'the vault %j (which this emulator does not hold) is asked for by its own name',
    async (name) => {
      const id = `${VAULTS}/${name}`;
      const { paths, error } = await pathsRequestedBy(() => new ConnectionAdapter(world.clients()).getTarget(id));
      expect(String(error)).toMatch(/not found|invalid/i);
      expect(paths).toEqual([encoded(id)]);
    },
  );

  it('an endpoint named with a space and non-Latin letters, through the typed client', async () => {
    const id = privateEndpointId(RESOURCE_GROUP, 'pe ключ');
    const { paths } = await pathsRequestedBy(() => new EndpointAdapter(world.clients()).observeEndpoint(id));
    expect(paths).toEqual([encoded(id)]);
  });

  it('a record named with URL syntax is written as one encoded segment of the zone', async () => {
    const change = {
      action: 'create' as const,
      zoneId: ZONE,
      zone: 'privatelink.vaultcore.azure.net',
      name: 'kv1?x=#f',
      fqdn: 'kv1?x=#f.privatelink.vaultcore.azure.net',
      ips: ['10.9.9.9'],
      previousIps: [],
      ttl: 10,
      metadata: {},
      reason: 'test',
      endpoints: [],
    };
    // The emulator refuses such a name (and the client retries): every attempt still went to the one encoded URL.
    const { paths } = await pathsRequestedBy(() => new DnsAdapter(world.clients()).applyChange(change));
    expect(paths.length).toBeGreaterThan(0);
    expect(new Set(paths)).toEqual(new Set([`${encoded(ZONE)}/A/kv1%3Fx%3D%23f`]));
  });
});
