/** A small hand-made observation: one Cosmos DB account with one Approved endpoint, its records, and two orphans. */
import { buildCatalogue } from '../../../../src/core/catalogue';
import { PolicyError } from '../../../../src/core/policy';
import type { ObservedEndpoint, ObservedRecordSet } from '../../../../src/core/model';
import type { Observation, PlanContext } from '../../../../src/core/plan';

export const SUB = '11111111-1111-1111-1111-111111111111';
export const OTHER_SUB = '22222222-2222-2222-2222-222222222222';
export const ZONE_ID = `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.documents.azure.com`;
export const ACCOUNT = `/subscriptions/${SUB}/resourceGroups/rg-data/providers/Microsoft.DocumentDB/databaseAccounts/acct`;
export const endpointId = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/privateEndpoints/${name}`;
export const E1 = endpointId('pe-acct');
export const GONE = endpointId('pe-gone');

export const planContext: PlanContext = {
  settings: { ownershipMode: 'owned-only', instanceId: 'default', recordTtlSeconds: 10 },
  scope: { subscriptions: [SUB], dnsZoneSubscription: SUB, dnsZoneResourceGroups: ['rg-dns'] },
  policy: new PolicyError('test', ['no policy in this test']),
  catalogue: buildCatalogue([]),
};

export function cosmosEndpoint(
  id: string,
  account: string,
  members: Array<[string, string]>,
  overrides: Partial<ObservedEndpoint> = {},
): ObservedEndpoint {
  return {
    id,
    provisioningState: 'Succeeded',
    connectionStatus: 'Approved',
    actionsRequired: 'None',
    target: `/subscriptions/${SUB}/resourceGroups/rg-data/providers/Microsoft.DocumentDB/databaseAccounts/${account}`,
    groupIds: ['Sql'],
    ipConfigurations: members.map(([member, ip]) => ({
      groupId: 'Sql',
      memberName: member,
      fqdns: [`${member}.documents.azure.com`],
      ipAddress: ip,
    })),
    managedByZoneGroup: false,
    ...overrides,
  };
}

export function ownedRecord(
  name: string,
  ips: string[],
  writtenFor: string[],
  extra: Record<string, string> = {},
): ObservedRecordSet {
  return {
    zoneId: ZONE_ID,
    zone: 'privatelink.documents.azure.com',
    name,
    ips,
    ttl: 10,
    metadata: {
      managedBy: 'privatelink-autopilot',
      autopilotInstance: 'default',
      autopilotEndpoints: writtenFor.map((id) => id.toLowerCase()).join(','),
      ...extra,
    },
    etag: `etag-${name}`,
  };
}

export function handMadeRecord(name: string, ips: string[], metadata: Record<string, string> = {}): ObservedRecordSet {
  return {
    zoneId: ZONE_ID,
    zone: 'privatelink.documents.azure.com',
    name,
    ips,
    ttl: 3600,
    metadata,
    etag: `etag-${name}`,
  };
}

/** `acct` in one region: `acct` and `acct-westus` claimed and in sync; `acct-northeurope` (written for E1) and `gone` (written for GONE) unclaimed. */
export function observation(overrides: Partial<Observation> = {}): Observation {
  return {
    endpoints: [
      cosmosEndpoint(E1, 'acct', [
        ['acct', '10.0.0.4'],
        ['acct-westus', '10.0.0.5'],
      ]),
    ],
    zones: [{ id: ZONE_ID, name: 'privatelink.documents.azure.com' }],
    records: [
      ownedRecord('acct', ['10.0.0.4'], [E1]),
      ownedRecord('acct-westus', ['10.0.0.5'], [E1]),
      ownedRecord('acct-northeurope', ['10.0.0.6'], [E1]),
      ownedRecord('gone', ['10.0.0.9'], [GONE]),
    ],
    targets: [],
    connections: [],
    failures: [],
    calls: { reads: 0, writes: 0, deletes: 0 },
    ...overrides,
  };
}

export const record = (name: string) => `${ZONE_ID}/A/${name}`;
