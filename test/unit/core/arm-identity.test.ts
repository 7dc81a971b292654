import { describe, expect, it } from 'vitest';
import {
  connectionTarget,
  orchestrationKey,
  parseRecordSetId,
  recordNameKey,
  recordSetId,
  recordSetKey,
  subjectKind,
  targetIfConnection,
} from '../../../src/core/arm-identity';
import { formatResourceId, parseResourceId } from '../../../src/core/resource-id';

const SUB = '00000000-0000-0000-0000-000000000001';
const RG = `/subscriptions/${SUB}/resourceGroups/rg1`;
const ACCOUNT = `${RG}/providers/Microsoft.DocumentDB/databaseAccounts/acct`;
const VAULT = `${RG}/providers/Microsoft.KeyVault/vaults/kv`;
const ENDPOINT = `${RG}/providers/Microsoft.Network/privateEndpoints/pe-app`;
const ZONE = `${RG}/providers/Microsoft.Network/privateDnsZones/privatelink.documents.azure.com`;

describe('connectionTarget', () => {
  it.each<[string, string, string | undefined]>([
    ['a connection', `${ACCOUNT}/privateEndpointConnections/pe-app.1234`, ACCOUNT],
    ['a connection in other casing', `${ACCOUNT}/PRIVATEENDPOINTCONNECTIONS/pe-app.1234`, ACCOUNT],
    ['a connection proxy', `${VAULT}/privateEndpointConnectionProxies/proxy-1`, VAULT],
    ['a target', ACCOUNT, undefined],
    ['a private endpoint', ENDPOINT, undefined],
    ['a child of another type', `${ACCOUNT}/sqlDatabases/db`, undefined],
    ['a top-level resource named like the type', `${RG}/providers/Microsoft.X/privateEndpointConnections/c`, undefined],
  ])('%s', (_, id, target) => {
    const found = connectionTarget(parseResourceId(id));
    expect(found && formatResourceId(found)).toBe(target);
  });
});

describe('targetIfConnection', () => {
  it.each<[string, string, string]>([
    ['a connection stands for its target', `${ACCOUNT}/privateEndpointConnections/c1`, ACCOUNT],
    ['the target keeps its casing', `${ACCOUNT.toUpperCase()}/privateEndpointConnections/C1`, ACCOUNT.toUpperCase()],
    ['anything else is itself', ENDPOINT, ENDPOINT],
  ])('%s', (_, id, expected) => {
    expect(targetIfConnection(id).toLowerCase()).toBe(expected.toLowerCase());
    expect(targetIfConnection(id).split('/').slice(-1)).toEqual(expected.split('/').slice(-1));
  });

  it('rejects what is not a resource ID, naming it', () => {
    expect(() => targetIfConnection('not-an-id')).toThrow(/invalid resource ID "not-an-id"/);
  });
});

describe('subjectKind', () => {
  it.each<[string, string, 'endpoint' | 'target']>([
    ['a private endpoint', ENDPOINT, 'endpoint'],
    ['a private endpoint in upper case', ENDPOINT.toUpperCase(), 'endpoint'],
    ['a target', ACCOUNT, 'target'],
    ['a zone group is not the endpoint', `${ENDPOINT}/privateDnsZoneGroups/default`, 'target'],
  ])('%s', (_, id, kind) => {
    expect(subjectKind(parseResourceId(id))).toBe(kind);
  });
});

describe('orchestrationKey', () => {
  it.each<[string, string, string]>([
    ['casing does not matter', ACCOUNT, ACCOUNT.toUpperCase()],
    ['a connection has its target key', `${ACCOUNT}/privateEndpointConnections/c1`, ACCOUNT],
    [
      'connections of one target share it',
      `${ACCOUNT}/privateEndpointConnections/c1`,
      `${ACCOUNT}/privateEndpointConnections/c2`,
    ],
    ['a trailing slash does not matter', `${ENDPOINT}/`, ENDPOINT],
    ['a parsed ID gives the string key', ENDPOINT, 'parsed'],
  ])('%s', (_, a, b) => {
    const other = b === 'parsed' ? orchestrationKey(parseResourceId(a)) : orchestrationKey(b);
    expect(orchestrationKey(a)).toBe(other);
  });

  it.each<[string, string, string]>([
    ['two targets', ACCOUNT, VAULT],
    ['an endpoint and a target', ENDPOINT, ACCOUNT],
    [
      'two connections of two targets',
      `${ACCOUNT}/privateEndpointConnections/c`,
      `${VAULT}/privateEndpointConnections/c`,
    ],
  ])('tells apart %s', (_, a, b) => {
    expect(orchestrationKey(a)).not.toBe(orchestrationKey(b));
  });

  it('names the kind, then a hash of the canonical ID', () => {
    expect(orchestrationKey(ENDPOINT)).toMatch(/^endpoint:[0-9a-f]{64}$/);
    expect(orchestrationKey(`${ACCOUNT}/privateEndpointConnections/c1`)).toMatch(/^target:[0-9a-f]{64}$/);
  });
});

describe('record set identity', () => {
  it.each<[string, [string, string], [string, string]]>([
    ['zone ID casing', [ZONE, 'acct'], [ZONE.toUpperCase(), 'acct']],
    ['name casing', [ZONE, 'acct-westus'], [ZONE, 'ACCT-WestUS']],
    ['a trailing dot on the name', [ZONE, 'acct'], [ZONE, 'acct.']],
  ])('one key whatever the %s', (_, [zoneA, nameA], [zoneB, nameB]) => {
    expect(recordSetKey(zoneA, nameA)).toBe(recordSetKey(zoneB, nameB));
  });

  it.each<[string, [string, string], [string, string]]>([
    ['names', [ZONE, 'acct'], [ZONE, 'acct-westus']],
    ['copies of one zone (two hubs)', [ZONE, 'acct'], [ZONE.replace('/rg1/', '/hub-westus/'), 'acct']],
  ])('tells apart %s', (_, [zoneA, nameA], [zoneB, nameB]) => {
    expect(recordSetKey(zoneA, nameA)).not.toBe(recordSetKey(zoneB, nameB));
  });

  it('the key is the canonical record set ID, which parses back to its zone and name', () => {
    const key = recordSetKey(ZONE, 'Acct');
    expect(key).toBe(recordSetId(ZONE, 'acct').toLowerCase());
    expect(parseRecordSetId(key)).toEqual({ zoneId: ZONE.toLowerCase(), name: 'acct' });
  });

  it.each<[string, string, { zoneId: string; name: string } | undefined]>([
    ['a record set', `${ZONE}/A/acct`, { zoneId: ZONE, name: 'acct' }],
    ['the apex', `${ZONE}/a/@`, { zoneId: ZONE, name: '@' }],
    ['not a record set', ZONE, undefined],
  ])('parseRecordSetId: %s', (_, id, parsed) => {
    expect(parseRecordSetId(id)).toEqual(parsed);
  });

  it.each<[string, { zone: string; name: string }, { zone: string; name: string }, boolean]>([
    [
      'casing and trailing dots',
      { zone: 'Privatelink.Documents.Azure.Com.', name: 'ACCT' },
      { zone: 'privatelink.documents.azure.com', name: 'acct' },
      true,
    ],
    [
      'another name',
      { zone: 'privatelink.documents.azure.com', name: 'acct' },
      { zone: 'privatelink.documents.azure.com', name: 'acct-westus' },
      false,
    ],
    [
      'another zone',
      { zone: 'privatelink.documents.azure.com', name: 'acct' },
      { zone: 'privatelink.vaultcore.azure.net', name: 'acct' },
      false,
    ],
  ])('recordNameKey: %s', (_, a, b, same) => {
    expect(recordNameKey(a) === recordNameKey(b)).toBe(same);
  });
});
