/** Record set names go into the URL path as one encoded segment: @azure/arm-privatedns sends that one parameter unencoded. */
import { describe, expect, it } from 'vitest';
import { DnsAdapter } from '../../../src/azure/dns';
import type { DnsRecordChange } from '../../../src/core/plan/dns/types';
import { stubArmClients } from './sdk-stub';

const ZONE_ID =
  '/subscriptions/00000000-0000-0000-0000-0000000000d1/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net';

function create(name: string): DnsRecordChange {
  return {
    action: 'create',
    zoneId: ZONE_ID,
    zone: 'privatelink.vaultcore.azure.net',
    name,
    fqdn: `${name}.privatelink.vaultcore.azure.net`,
    ips: ['10.0.0.4'],
    previousIps: [],
    ttl: 10,
    metadata: {},
    reason: 'test',
    endpoints: [],
  };
}

describe('DnsAdapter record set URLs', () => {
  it.each<[string, string]>([
    ['kv1', 'kv1'],
    ['kv1?x=', 'kv1%3Fx%3D'],
    ['kv1#frag', 'kv1%23frag'],
    ['a/../../other', 'a%2F..%2F..%2Fother'],
    ['@', '@'],
    ['*', '*'],
  ])('writes the record %j at .../A/%s', async (name, segment) => {
    const { clients, sent } = stubArmClients({});
    await new DnsAdapter(clients).applyChange(create(name)).catch(() => undefined);
    expect(sent.map((s) => s.path)).toEqual([`${ZONE_ID}/A/${segment}`]);
  });

  it('refuses a record named "..", which no encoding keeps in its segment, before any request', async () => {
    const { clients, sent } = stubArmClients({});
    await expect(new DnsAdapter(clients).applyChange(create('..'))).rejects.toThrow(
      /ARM path segment: expected a non-empty segment other than "\." and "\.\.", got "\.\."/,
    );
    expect(sent).toEqual([]);
  });
});
