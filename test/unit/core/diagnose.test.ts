import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCatalogue } from '../../../src/core/catalogue';
import { claimsResolver } from '../../../src/core/claims';
import {
  CHECKS,
  diagnose,
  renderDiagnosis,
  type DiagnosisInput,
  type DiagnosisReport,
  type DiagnosisTarget,
} from '../../../src/core/diagnose';
import {
  ENDPOINTS_METADATA_KEY,
  INSTANCE_METADATA_KEY,
  OWNERSHIP_METADATA_KEY,
  OWNERSHIP_METADATA_VALUE,
  type ObservedConnection,
  type ObservedEndpoint,
  type ObservedRecordSet,
  type ObservedZone,
} from '../../../src/core/model';
import type { TargetSummary } from '../../../src/core/model';

// A Cosmos DB account in three regions, one Approved endpoint with one IP per required member, records written by
// this autopilot instance, and the zone linked to the endpoint's virtual network.
const SUB = '7f3e5a1c-2b4d-4e6f-8a9b-0c1d2e3f4a5b';
const ACCOUNT_ID = `/subscriptions/${SUB}/resourceGroups/rg-data/providers/Microsoft.DocumentDB/databaseAccounts/acct`;
const VNET_ID = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-app`;
const OTHER_VNET_ID = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
const SUBNET_ID = `${VNET_ID}/subnets/snet-endpoints`;
const PE_ID = `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Network/privateEndpoints/pe-acct`;
const SIBLING_PE_ID = `/subscriptions/${SUB}/resourceGroups/rg-batch/providers/Microsoft.Network/privateEndpoints/pe-batch`;
const CONNECTION_ID = `${ACCOUNT_ID}/privateEndpointConnections/pe-acct.5b2d1e0c-7a44-4c1b-9d3f-2e6a8b9c0d1e`;
const SIBLING_CONNECTION_ID = `${ACCOUNT_ID}/privateEndpointConnections/pe-batch.0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d`;
const ZONE = 'privatelink.documents.azure.com';
const ZONE_ID = `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${ZONE}`;
const INSTANCE = 'prod';

const REGIONS = [
  { name: 'West US', failoverPriority: 0 },
  { name: 'East US', failoverPriority: 1 },
  { name: 'North Europe', failoverPriority: 2 },
];
/** Member → IP on the endpoint's NIC. */
const MEMBER_IPS: Record<string, string> = {
  acct: '10.1.0.4',
  'acct-westus': '10.1.0.5',
  'acct-eastus': '10.1.0.6',
  'acct-northeurope': '10.1.0.7',
};

const claimsOf = claimsResolver(buildCatalogue([]));

function cosmosTarget(overrides: Partial<NonNullable<DiagnosisTarget['cosmos']>> = {}): DiagnosisTarget {
  return {
    id: ACCOUNT_ID,
    type: 'Microsoft.DocumentDB/databaseAccounts',
    name: 'acct',
    location: 'West US',
    tags: { env: 'prod' },
    cosmos: { kind: 'GlobalDocumentDB', capabilities: [], regions: REGIONS, ...overrides },
  };
}

function cosmosEndpoint(
  memberIps: Record<string, string> = MEMBER_IPS,
  overrides: Partial<ObservedEndpoint> = {},
): ObservedEndpoint {
  return {
    id: PE_ID,
    location: 'westus',
    provisioningState: 'Succeeded',
    connectionStatus: 'Approved',
    actionsRequired: 'None',
    target: ACCOUNT_ID,
    groupIds: ['Sql'],
    ipConfigurations: Object.entries(memberIps).map(([member, ipAddress]) => ({
      groupId: 'Sql',
      memberName: member,
      fqdns: [`${member}.documents.azure.com`],
      ipAddress,
    })),
    managedByZoneGroup: false,
    subnetId: SUBNET_ID,
    ...overrides,
  };
}

function connection(overrides: Partial<ObservedConnection> = {}): ObservedConnection {
  return {
    id: CONNECTION_ID,
    name: CONNECTION_ID.split('/').pop() as string,
    targetId: ACCOUNT_ID,
    targetType: 'Microsoft.DocumentDB/databaseAccounts',
    targetTags: { env: 'prod' },
    privateEndpointId: PE_ID,
    groupIds: ['Sql'],
    status: 'Approved',
    description: 'Auto-Approved',
    actionsRequired: 'None',
    provisioningState: 'Succeeded',
    ...overrides,
  };
}

function ours(...endpointIds: string[]): Record<string, string> {
  return {
    [OWNERSHIP_METADATA_KEY]: OWNERSHIP_METADATA_VALUE,
    [INSTANCE_METADATA_KEY]: INSTANCE,
    [ENDPOINTS_METADATA_KEY]: endpointIds.map((id) => id.toLowerCase()).join(','),
  };
}

function record(
  name: string,
  ips: string[],
  metadata: Record<string, string> = ours(PE_ID),
  zoneId = ZONE_ID,
  zone = ZONE,
): ObservedRecordSet {
  return { zoneId, zone, name, ips, ttl: 10, metadata, etag: `etag-${name}` };
}

const RECORDS = Object.entries(MEMBER_IPS).map(([member, ip]) => record(member, [ip]));

function zone(linkedVirtualNetworkIds: string[] | undefined = [VNET_ID]): ObservedZone {
  return { id: ZONE_ID, name: ZONE, ...(linkedVirtualNetworkIds ? { linkedVirtualNetworkIds } : {}) };
}

function healthy(): DiagnosisInput {
  return {
    subject: { kind: 'target', id: ACCOUNT_ID },
    target: cosmosTarget(),
    endpoints: [cosmosEndpoint()],
    connections: [connection()],
    zones: [zone()],
    records: RECORDS,
    claimsOf,
    options: { instanceId: INSTANCE, ownershipMode: 'owned-only' },
  };
}

/** Every finding that is not `ok`, as `status check subject`: a case lists all of them, so a stray one fails it. */
function notOk(report: DiagnosisReport): string[] {
  return report.findings
    .filter((f) => f.status !== 'ok')
    .map((f) => `${f.status} ${f.check} ${shortSubject(f.subject)}`)
    .sort();
}

function shortSubject(id: string): string {
  const parts = id.split('/');
  const name = parts[parts.length - 1] as string;
  return parts[parts.length - 2] === 'A' ? `${name}.${parts[parts.length - 3]}` : name;
}

function finding(report: DiagnosisReport, check: string, subjectEnd: string, saying: string[] = []) {
  const found = report.findings.find(
    (f) =>
      f.check === check &&
      f.subject.toLowerCase().endsWith(subjectEnd.toLowerCase()) &&
      saying.every((text) => f.message.includes(text)),
  );
  if (!found)
    throw new Error(
      `no ${check} finding for …${subjectEnd} saying ${JSON.stringify(saying)} in ${JSON.stringify(report.findings, null, 1)}`,
    );
  return found;
}

const WESTUS_RECORD = `acct-westus.${ZONE}`;
const EASTUS_RECORD = `acct-eastus.${ZONE}`;

interface Case {
  name: string;
  input: DiagnosisInput;
  status: DiagnosisReport['status'];
  notOk: string[];
  /** check, subject suffix, and text the message or action must contain. */
  says?: Array<{ check: string; subject: string; message?: string[]; action?: string[] }>;
}

const cases: Case[] = [
  {
    name: 'healthy account: three regions, one endpoint with four IPs, correct records',
    input: healthy(),
    status: 'ok',
    notOk: [],
    says: [
      { check: 'connection-status', subject: CONNECTION_ID, message: ['pe-acct is Approved'] },
      { check: 'dns-record', subject: `${ZONE}/A/acct-northeurope`, message: ['10.1.0.7'] },
      { check: 'failover-readiness', subject: ACCOUNT_ID, message: ['North Europe'] },
    ],
  },
  {
    name: 'a region was added and the endpoint was not refreshed',
    input: {
      ...healthy(),
      target: cosmosTarget({ regions: [...REGIONS, { name: 'South Central US', failoverPriority: 3 }] }),
      endpoints: [cosmosEndpoint(MEMBER_IPS, { actionsRequired: 'Recreate' })],
      connections: [connection({ actionsRequired: 'Recreate' })],
    },
    status: 'error',
    notOk: ['error failover-readiness acct', 'warning actions-required pe-acct'],
    says: [
      {
        check: 'failover-readiness',
        subject: ACCOUNT_ID,
        message: ['cannot fail over to South Central US', 'no IP for member acct-southcentralus'],
        action: [
          'actionsRequired "Recreate"',
          `acct-southcentralus.${ZONE}`,
          `privatelink-autopilot apply --resource ${PE_ID}`,
        ],
      },
      {
        check: 'actions-required',
        subject: PE_ID,
        message: ['Recreate'],
        action: [`privatelink-autopilot apply --resource ${PE_ID}`],
      },
    ],
  },
  {
    name: 'a record points at another IP',
    input: { ...healthy(), records: RECORDS.map((r) => (r.name === 'acct-westus' ? { ...r, ips: ['10.1.0.99'] } : r)) },
    status: 'error',
    notOk: [`error dns-record ${WESTUS_RECORD}`, 'error failover-readiness acct'],
    says: [
      {
        check: 'dns-record',
        subject: `/A/acct-westus`,
        message: ['10.1.0.99', '10.1.0.5'],
        action: [`apply --resource ${PE_ID}`],
      },
      {
        check: 'failover-readiness',
        subject: ACCOUNT_ID,
        message: ['cannot fail over to West US', 'points at 10.1.0.99, not at 10.1.0.5'],
      },
    ],
  },
  {
    name: 'a wrong record without ownership metadata, ownership mode owned-only',
    input: {
      ...healthy(),
      records: RECORDS.map((r) => (r.name === 'acct-westus' ? { ...r, ips: ['10.1.0.99'], metadata: {} } : r)),
    },
    status: 'error',
    notOk: [`error dns-record ${WESTUS_RECORD}`, 'error failover-readiness acct'],
    says: [
      {
        check: 'dns-record',
        subject: `/A/acct-westus`,
        action: ['AUTOPILOT_OWNERSHIP_MODE is owned-only', 'by hand', 'AUTOPILOT_OWNERSHIP_MODE=adopt'],
      },
    ],
  },
  {
    name: 'a record is missing',
    input: { ...healthy(), records: RECORDS.filter((r) => r.name !== 'acct-eastus') },
    status: 'error',
    notOk: [`error dns-record ${EASTUS_RECORD}`, 'error failover-readiness acct'],
    says: [
      {
        check: 'dns-record',
        subject: `/A/acct-eastus`,
        message: ['no A record', 'acct-eastus.documents.azure.com'],
        action: ['acct-eastus → 10.1.0.6', `apply --resource ${PE_ID}`],
      },
      { check: 'failover-readiness', subject: ACCOUNT_ID, message: ['East US', `record ${EASTUS_RECORD} is missing`] },
    ],
  },
  {
    name: "the zone is not linked to the endpoint's virtual network",
    input: { ...healthy(), zones: [zone([OTHER_VNET_ID])] },
    status: 'error',
    notOk: [`error zone-link ${ZONE}`],
    says: [{ check: 'zone-link', subject: ZONE_ID, message: ['vnet-app', 'public IPs'], action: [VNET_ID, ZONE_ID] }],
  },
  {
    name: "the zone is linked to a hub the endpoint's network is peered with (a regional hub)",
    input: {
      ...healthy(),
      zones: [zone([OTHER_VNET_ID])],
      placement: { peerings: [{ networkId: VNET_ID, remoteNetworkId: OTHER_VNET_ID, state: 'Connected' }] },
    },
    status: 'ok',
    notOk: [],
    says: [{ check: 'zone-link', subject: ZONE_ID, message: ['linked to vnet-hub', 'vnet-app', 'peered with'] }],
  },
  {
    name: 'a peering that is not Connected does not count',
    input: {
      ...healthy(),
      zones: [zone([OTHER_VNET_ID])],
      placement: { peerings: [{ networkId: VNET_ID, remoteNetworkId: OTHER_VNET_ID, state: 'Initiated' }] },
    },
    status: 'error',
    notOk: [`error zone-link ${ZONE}`],
    says: [{ check: 'zone-link', subject: ZONE_ID, message: ['nor to a network peered with it'] }],
  },
  {
    name: 'no zone of the name is in scope',
    input: { ...healthy(), zones: [], records: [] },
    status: 'error',
    notOk: [
      'error dns-zone pe-acct',
      'error failover-readiness acct',
      'error failover-readiness acct',
      'error failover-readiness acct',
    ],
    says: [
      {
        check: 'dns-zone',
        subject: PE_ID,
        message: [`no private DNS zone ${ZONE}`],
        action: ['AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS', 'vnet-app'],
      },
    ],
  },
  {
    name: 'a MongoDB API account on server version 3.2',
    input: {
      ...healthy(),
      target: cosmosTarget({ kind: 'MongoDB', capabilities: ['EnableMongo'], serverVersion: '3.2' }),
    },
    status: 'error',
    notOk: ['error api-support acct'],
    says: [
      {
        check: 'api-support',
        subject: ACCOUNT_ID,
        message: ['3.2', 'cannot use private endpoints'],
        action: ['3.6 or later'],
      },
    ],
  },
  {
    name: 'a MongoDB API account on server version 4.2',
    input: {
      ...healthy(),
      target: cosmosTarget({ kind: 'MongoDB', capabilities: ['EnableMongo'], serverVersion: '4.2' }),
    },
    status: 'ok',
    notOk: [],
    says: [{ check: 'api-support', subject: ACCOUNT_ID, message: ['4.2', 'supports private endpoints'] }],
  },
  {
    name: 'a pending connection',
    input: {
      ...healthy(),
      endpoints: [cosmosEndpoint(MEMBER_IPS, { connectionStatus: 'Pending' })],
      connections: [connection({ status: 'Pending', description: 'Please approve: team payments' })],
    },
    status: 'warning',
    notOk: [`warning connection-status ${CONNECTION_ID.split('/').pop()}`],
    says: [
      {
        check: 'connection-status',
        subject: CONNECTION_ID,
        message: ['Pending', 'team payments'],
        action: ['owner of acct', 'AUTOPILOT_POLICY_SOURCE', `apply --resource ${ACCOUNT_ID}`],
      },
    ],
  },
  {
    name: 'a rejected connection',
    input: {
      ...healthy(),
      endpoints: [cosmosEndpoint(MEMBER_IPS, { connectionStatus: 'Rejected' })],
      connections: [connection({ status: 'Rejected', description: 'not allowed from this subscription' })],
    },
    status: 'error',
    notOk: [`error connection-status ${CONNECTION_ID.split('/').pop()}`],
    says: [
      {
        check: 'connection-status',
        subject: CONNECTION_ID,
        message: ['Rejected', 'not allowed'],
        action: ['delete private endpoint pe-acct', 'cannot be approved again'],
      },
    ],
  },
  {
    name: 'a disconnected connection',
    input: {
      ...healthy(),
      endpoints: [cosmosEndpoint(MEMBER_IPS, { connectionStatus: 'Disconnected' })],
      connections: [connection({ status: 'Disconnected' })],
    },
    status: 'error',
    notOk: [`error connection-status ${CONNECTION_ID.split('/').pop()}`],
    says: [
      {
        check: 'connection-status',
        subject: CONNECTION_ID,
        message: ['Disconnected'],
        action: ['deletes private endpoint pe-acct', 'sweep --delete'],
      },
    ],
  },
  {
    name: 'records managed by a private DNS zone group',
    input: {
      ...healthy(),
      endpoints: [cosmosEndpoint(MEMBER_IPS, { managedByZoneGroup: true, zoneGroupZones: [ZONE] })],
      records: RECORDS.map((r) => ({ ...r, metadata: {} })),
    },
    status: 'ok',
    notOk: ['acct', 'acct-eastus', 'acct-northeurope', 'acct-westus'].map((name) => `info dns-record ${name}.${ZONE}`),
    says: [{ check: 'dns-record', subject: '/A/acct', message: ['private DNS zone group of pe-acct'] }],
  },
  {
    name: 'a stale record for a region the account no longer has',
    input: { ...healthy(), records: [...RECORDS, record('acct-centralus', ['10.1.0.8'])] },
    status: 'warning',
    notOk: [`warning stale-records acct-centralus.${ZONE}`],
    says: [
      {
        check: 'stale-records',
        subject: '/A/acct-centralus',
        message: [
          '10.1.0.8',
          'no endpoint attached to acct claims it (it was written for pe-acct)',
          'no region centralus',
        ],
        action: ['sweep --delete'],
      },
    ],
  },
  {
    name: 'a stale record without ownership metadata',
    input: { ...healthy(), records: [...RECORDS, record('acct-centralus', ['10.1.0.8'], {})] },
    status: 'warning',
    notOk: [`warning stale-records acct-centralus.${ZONE}`],
    says: [
      {
        check: 'stale-records',
        subject: '/A/acct-centralus',
        action: ['by hand', 'AUTOPILOT_OWNERSHIP_MODE=adopt-and-delete'],
      },
    ],
  },
  {
    name: "another account's record in the same zone is not this account's stale record",
    input: {
      ...healthy(),
      records: [...RECORDS, record('otheracct', ['10.2.0.4'], {}), record('otheracct-westus', ['10.2.0.5'], {})],
    },
    status: 'ok',
    notOk: [],
  },
  {
    name: 'the endpoint still maps a region the account dropped',
    input: {
      ...healthy(),
      endpoints: [cosmosEndpoint({ ...MEMBER_IPS, 'acct-centralus': '10.1.0.8' })],
      records: [...RECORDS, record('acct-centralus', ['10.1.0.8'])],
    },
    status: 'warning',
    notOk: ['warning failover-readiness pe-acct'],
    says: [
      {
        check: 'failover-readiness',
        subject: PE_ID,
        message: ['acct-centralus', 'no longer has region centralus'],
        action: [`apply --resource ${PE_ID}`, `acct-centralus.${ZONE}`],
      },
    ],
  },
  {
    name: 'the endpoint is still provisioning',
    input: { ...healthy(), endpoints: [cosmosEndpoint({}, { provisioningState: 'Updating' })] },
    status: 'warning',
    notOk: [
      'info failover-readiness acct',
      'info failover-readiness acct',
      'info failover-readiness acct',
      'info stale-records acct',
      'warning endpoint-provisioning pe-acct',
    ],
    says: [
      {
        check: 'endpoint-provisioning',
        subject: PE_ID,
        message: ['Updating'],
        action: [`doctor --resource ${ACCOUNT_ID}`],
      },
      {
        check: 'stale-records',
        subject: ACCOUNT_ID,
        message: ['4 records', `acct-westus.${ZONE}`, 'pe-acct is still provisioning'],
      },
      { check: 'failover-readiness', subject: ACCOUNT_ID, message: ['failover to East US', 'not verified'] },
    ],
  },
  {
    name: 'the endpoint failed to provision',
    input: { ...healthy(), endpoints: [cosmosEndpoint(MEMBER_IPS, { provisioningState: 'Failed' })] },
    status: 'error',
    notOk: [
      'error endpoint-provisioning pe-acct',
      'error failover-readiness acct',
      'error failover-readiness acct',
      'error failover-readiness acct',
    ],
    says: [
      {
        check: 'endpoint-provisioning',
        subject: PE_ID,
        message: ['Failed'],
        action: ['deletes private endpoint pe-acct and creates it again'],
      },
      {
        check: 'failover-readiness',
        subject: ACCOUNT_ID,
        message: ['cannot fail over to West US', 'pe-acct failed to provision'],
      },
    ],
  },
  {
    name: 'a region is still being added to the account',
    input: {
      ...healthy(),
      target: cosmosTarget({
        regions: [...REGIONS, { name: 'Japan East', failoverPriority: 3, provisioningState: 'Creating' }],
      }),
    },
    status: 'warning',
    notOk: ['warning failover-readiness acct'],
    says: [
      {
        check: 'failover-readiness',
        subject: ACCOUNT_ID,
        message: ['Japan East', 'provisioningState Creating', 'no IP for member acct-japaneast'],
        action: [`apply --resource ${PE_ID}`],
      },
    ],
  },
  {
    name: 'the target could not be read',
    input: (() => {
      const { target: _target, ...rest } = healthy();
      return rest;
    })(),
    status: 'ok',
    notOk: ['info target-observed acct'],
  },
];

describe('diagnose', () => {
  it.each(cases)('$name', ({ input, status, notOk: expected, says }) => {
    const report = diagnose(input);
    expect(notOk(report)).toEqual([...expected].sort());
    expect(report.status).toBe(status);
    for (const { check, subject, message = [], action = [] } of says ?? []) {
      const found = finding(report, check, subject, message);
      for (const text of action) expect(found.action).toContain(text);
    }
  });

  it('lists the healthy account check by check, one record per member and one failover row per region', () => {
    const report = diagnose(healthy());
    expect(report.findings.map((f) => f.check)).toEqual([
      'connection-status',
      'actions-required',
      'api-support',
      ...Array<string>(4).fill('dns-record'),
      'zone-link',
      'stale-records',
      ...Array<string>(3).fill('failover-readiness'),
    ]);
    expect(report.counts).toEqual({ ok: 12, warning: 0, error: 0, info: 0, unknown: 0 });
    expect(
      report.findings.filter((f) => f.check === 'failover-readiness').map((f) => f.message.split(' (')[0]),
    ).toEqual(['West US', 'East US', 'North Europe']);
  });

  it('for an endpoint subject, judges that endpoint only, while its siblings keep their records from looking stale', () => {
    const sibling = cosmosEndpoint(
      { acct: '10.3.0.4', 'acct-westus': '10.3.0.5', 'acct-eastus': '10.3.0.6', 'acct-northeurope': '10.3.0.7' },
      {
        id: SIBLING_PE_ID,
        connectionStatus: 'Pending',
        subnetId: `${OTHER_VNET_ID}/subnets/snet-batch`,
      },
    );
    const input: DiagnosisInput = {
      ...healthy(),
      subject: { kind: 'endpoint', id: PE_ID },
      endpoints: [sibling, cosmosEndpoint()],
      connections: [
        connection({ id: SIBLING_CONNECTION_ID, privateEndpointId: SIBLING_PE_ID, status: 'Pending' }),
        connection(),
      ],
      zones: [
        zone(),
        { id: ZONE_ID.replace('rg-dns', 'rg-dns-hub'), name: ZONE, linkedVirtualNetworkIds: [OTHER_VNET_ID] },
      ],
      records: [...RECORDS, record('acct', ['10.3.0.4'], ours(SIBLING_PE_ID), ZONE_ID.replace('rg-dns', 'rg-dns-hub'))],
    };
    const report = diagnose(input);
    expect(report.status).toBe('ok');
    expect(notOk(report)).toEqual([]);
    expect(report.findings.filter((f) => f.check === 'connection-status').map((f) => f.subject)).toEqual([
      CONNECTION_ID,
    ]);
    // Only the zone linked to pe-acct's network is checked: the hub zone's copy serves the other network.
    expect(
      report.findings.filter((f) => f.check === 'dns-record').every((f) => f.subject.startsWith(ZONE_ID + '/')),
    ).toBe(true);
  });

  it('names the rival endpoint when two Approved endpoints claim one name in one zone', () => {
    const rival = cosmosEndpoint(
      { acct: '10.3.0.4', 'acct-westus': '10.3.0.5', 'acct-eastus': '10.3.0.6', 'acct-northeurope': '10.3.0.7' },
      {
        id: SIBLING_PE_ID,
        subnetId: `${OTHER_VNET_ID}/subnets/snet-batch`,
      },
    );
    const report = diagnose({
      ...healthy(),
      endpoints: [cosmosEndpoint(), rival],
      connections: [connection(), connection({ id: SIBLING_CONNECTION_ID, privateEndpointId: SIBLING_PE_ID })],
    });
    const wrong = finding(report, 'dns-record', '/A/acct', [
      "not at pe-batch's IP 10.3.0.4",
      'pe-acct claims it with 10.1.0.4',
    ]);
    expect(wrong.status).toBe('error');
    expect(wrong.message).toContain('each virtual network needs its own privatelink.documents.azure.com zone');
  });

  it('judges a Key Vault target from the real catalogue: both vault names share one record', () => {
    const vaultId = `/subscriptions/${SUB}/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/kv-app`;
    const vaultZone = 'privatelink.vaultcore.azure.net';
    const vaultZoneId = `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${vaultZone}`;
    const endpoint = cosmosEndpoint(
      {},
      {
        target: vaultId,
        groupIds: ['vault'],
        ipConfigurations: [
          {
            groupId: 'vault',
            memberName: 'default',
            fqdns: ['kv-app.vault.azure.net', 'kv-app.vaultcore.azure.net'],
            ipAddress: '10.1.0.9',
          },
        ],
      },
    );
    const input: DiagnosisInput = {
      ...healthy(),
      subject: { kind: 'target', id: vaultId },
      target: { id: vaultId, type: 'Microsoft.KeyVault/vaults', name: 'kv-app', tags: {} },
      endpoints: [endpoint],
      connections: [
        connection({
          id: `${vaultId}/privateEndpointConnections/pe-acct`,
          targetId: vaultId,
          targetType: 'Microsoft.KeyVault/vaults',
          groupIds: ['vault'],
        }),
      ],
      zones: [{ id: vaultZoneId, name: vaultZone, linkedVirtualNetworkIds: [VNET_ID] }],
      records: [
        record('kv-app', ['10.1.0.9'], ours(PE_ID), vaultZoneId, vaultZone),
        record('kv-old', ['10.1.0.10'], ours(PE_ID), vaultZoneId, vaultZone),
      ],
    };
    const report = diagnose(input);
    expect(notOk(report)).toEqual([`warning stale-records kv-old.${vaultZone}`]);
    expect(
      report.findings.filter((f) => f.check === 'dns-record').map((f) => `${f.status} ${f.message.split(' (')[0]}`),
    ).toEqual([`ok kv-app.${vaultZone} → 10.1.0.9`]);
    expect(report.findings.some((f) => f.check === 'api-support' || f.check === 'failover-readiness')).toBe(false);
  });

  it('reports a connection whose endpoint could not be read, and an account with no endpoint', () => {
    const foreign = `/subscriptions/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e/resourceGroups/rg-x/providers/Microsoft.Network/privateEndpoints/pe-partner`;
    const withForeign = diagnose({
      ...healthy(),
      connections: [
        connection(),
        connection({
          id: `${ACCOUNT_ID}/privateEndpointConnections/pe-partner`,
          privateEndpointId: foreign,
          status: 'Pending',
        }),
      ],
    });
    const partner = finding(withForeign, 'connection-status', '/pe-partner');
    expect(partner.status).toBe('warning');
    expect(partner.message).toContain('the endpoint was not observed');
    const empty = diagnose({ ...healthy(), endpoints: [], connections: [], records: [] });
    expect(notOk(empty)).toEqual(['info connection-status acct', 'info stale-records acct']);
  });

  it("takes the adapters' TargetSummary as it is", () => {
    const summary: TargetSummary = {
      id: ACCOUNT_ID,
      type: 'Microsoft.DocumentDB/databaseAccounts',
      name: 'acct',
      tags: {},
      cosmos: {
        kind: 'MongoDB',
        api: 'MongoDB',
        capabilities: ['EnableMongo'],
        serverVersion: '3.2',
        regions: REGIONS,
      },
    };
    expect(finding(diagnose({ ...healthy(), target: summary }), 'api-support', ACCOUNT_ID).status).toBe('error');
  });

  it.each<[string, (input: DiagnosisInput) => DiagnosisInput, RegExp]>([
    [
      'an unknown subject kind',
      (i) => ({ ...i, subject: { kind: 'account' as 'target', id: ACCOUNT_ID } }),
      /subject\.kind: expected one of target, endpoint/,
    ],
    [
      'a subject ID that is not an ARM ID',
      (i) => ({ ...i, subject: { kind: 'target', id: 'acct' } }),
      /subject\.id: expected an ARM resource ID/,
    ],
    [
      'an endpoint subject missing from the endpoints',
      (i) => ({ ...i, subject: { kind: 'endpoint', id: SIBLING_PE_ID } }),
      /endpoints: expected the subject endpoint/,
    ],
    [
      'an endpoint listed twice',
      (i) => ({ ...i, endpoints: [cosmosEndpoint(), cosmosEndpoint()] }),
      /endpoints\[1\]\.id: .* listed twice/,
    ],
    [
      'a target that is not the subject',
      (i) => ({ ...i, target: { ...cosmosTarget(), id: ACCOUNT_ID.replace('acct', 'other') } }),
      /target\.id: expected the subject's ID/,
    ],
    [
      'a region without a name',
      (i) => ({ ...i, target: cosmosTarget({ regions: [{ name: ' ', failoverPriority: 0 }] }) }),
      /target\.cosmos\.regions\[0\]\.name/,
    ],
    [
      'an unknown ownership mode',
      (i) => ({ ...i, options: { ...i.options, ownershipMode: 'everything' as 'adopt' } }),
      /options\.ownershipMode: expected one of/,
    ],
  ])('rejects %s, naming the field', (_name, change, error) => {
    expect(() => diagnose(change(healthy()))).toThrow(error);
  });
});

describe('diagnose: regional hubs (one copy of the zone per hub)', () => {
  const HUB_ZONE_ID = ZONE_ID.replace('rg-dns', 'rg-dns-hub');
  const BATCH_IPS = {
    acct: '10.3.0.4',
    'acct-westus': '10.3.0.5',
    'acct-eastus': '10.3.0.6',
    'acct-northeurope': '10.3.0.7',
  };
  const batch = cosmosEndpoint(BATCH_IPS, { id: SIBLING_PE_ID, subnetId: `${OTHER_VNET_ID}/subnets/snet-batch` });
  const hubs = (appLinks: string[] = [VNET_ID], hubLinks: string[] = [OTHER_VNET_ID]): DiagnosisInput => ({
    ...healthy(),
    subject: { kind: 'endpoint', id: PE_ID },
    endpoints: [cosmosEndpoint(), batch],
    connections: [connection(), connection({ id: SIBLING_CONNECTION_ID, privateEndpointId: SIBLING_PE_ID })],
    zones: [zone(appLinks), { id: HUB_ZONE_ID, name: ZONE, linkedVirtualNetworkIds: hubLinks }],
    records: [
      ...RECORDS,
      ...Object.entries(BATCH_IPS).map(([name, ip]) => record(name, [ip], ours(SIBLING_PE_ID), HUB_ZONE_ID)),
    ],
  });

  it('judges one record per claimed name in the copy that serves the endpoint, and says which copy and why', () => {
    const report = diagnose(hubs());
    expect(notOk(report)).toEqual([]);
    const records = report.findings.filter((f) => f.check === 'dns-record');
    expect(records.map((f) => f.subject).sort()).toEqual(
      Object.keys(MEMBER_IPS)
        .map((n) => `${ZONE_ID}/A/${n}`)
        .sort(),
    );
    for (const f of records)
      expect(f.message).toContain('judged in the copy in rg-dns, which serves pe-acct (linked to its virtual network)');
    finding(report, 'zone-link', ZONE_ID, ['(the copy in rg-dns) is linked to vnet-app']);
  });

  it('a copy reached through a peering serves the endpoint, and the doctor says so', () => {
    const report = diagnose({
      ...hubs([OTHER_VNET_ID.replace('vnet-hub', 'vnet-hub-app')]),
      placement: {
        peerings: [
          {
            networkId: VNET_ID,
            remoteNetworkId: OTHER_VNET_ID.replace('vnet-hub', 'vnet-hub-app'),
            state: 'Connected',
          },
        ],
      },
    });
    expect(notOk(report)).toEqual([]);
    finding(report, 'dns-record', `${ZONE_ID}/A/acct`, [
      'which serves pe-acct (linked to a network its virtual network is peered with)',
    ]);
    finding(report, 'zone-link', ZONE_ID, ['(the copy in rg-dns) is linked to vnet-hub-app', 'peered with']);
  });

  it("a wrong record in the endpoint's copy names no rival from the other copy", () => {
    const input = hubs();
    input.records = input.records.map((r) =>
      r.zoneId === ZONE_ID && r.name === 'acct' ? { ...r, ips: ['10.9.9.9'] } : r,
    );
    const wrong = finding(diagnose(input), 'dns-record', `${ZONE_ID}/A/acct`, ['points at 10.9.9.9']);
    expect(wrong.status).toBe('error');
    expect(wrong.message).not.toContain('pe-batch');
  });

  it("the serving copy's records unread: the other copy is not judged in its place, the records are unknown", () => {
    const input = hubs();
    const report = diagnose({
      ...input,
      zones: input.zones.filter((z) => z.id === HUB_ZONE_ID),
      records: input.records.filter((r) => r.zoneId === HUB_ZONE_ID),
      placement: { copies: input.zones },
      failures: [
        { stage: 'records', resourceId: ZONE_ID, code: 'InternalServerError', message: 'boom', transient: true },
      ],
    });
    expect(report.findings.filter((f) => f.check === 'dns-record')).toEqual([]);
    expect(finding(report, 'dns-zone', PE_ID, ['is unknown']).status).toBe('unknown');
    finding(report, 'zone-link', ZONE_ID, ['(the copy in rg-dns) is linked to vnet-app']);
  });

  it('no copy linked or peered: an error naming every copy and the ambiguous placement', () => {
    const report = diagnose(hubs([], [OTHER_VNET_ID]));
    const link = finding(report, 'zone-link', HUB_ZONE_ID, [
      'none of the 2 copies of privatelink.documents.azure.com (in rg-dns-hub, rg-dns)',
      'zone-placement-ambiguous',
    ]);
    expect(link.status).toBe('error');
    expect(link.action).toContain('AUTOPILOT_DNS_ZONE_PLACEMENT');
    finding(report, 'dns-record', `${ZONE_ID}/A/acct`, ['none of which can be said to serve pe-acct']);
  });
});

describe('renderDiagnosis', () => {
  it('prints one row per finding with its action below, and a verdict', () => {
    const text = renderDiagnosis(diagnose({ ...healthy(), records: RECORDS.filter((r) => r.name !== 'acct-eastus') }));
    const lines = text.split('\n');
    expect(lines[0]).toBe(`doctor: acct (${ACCOUNT_ID})`);
    expect(lines[2]).toMatch(/^STATUS +CHECK +SUBJECT +MESSAGE$/);
    const row = lines.findIndex((l) => l.startsWith('error') && l.includes(`dns-record`) && l.includes(EASTUS_RECORD));
    expect(row).toBeGreaterThan(2);
    expect(lines[row + 1]).toMatch(/^ +→ create A record acct-eastus → 10\.1\.0\.6/);
    // The message column starts where the action's arrow does.
    expect(lines[row]?.indexOf('no A record')).toBe(lines[row + 1]?.indexOf('→'));
    expect(lines.at(-2)).toBe(
      'verdict: ERROR for acct (2 errors, 0 warnings, 10 ok, 0 info): private access is broken: follow the actions above, errors first',
    );
  });

  it('says a healthy account is healthy, with no action lines', () => {
    const text = renderDiagnosis(diagnose(healthy()));
    expect(text.split('\n').filter((line) => /^ +→/.test(line))).toEqual([]);
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'verdict: OK for acct (0 errors, 0 warnings, 12 ok, 0 info): private access is healthy',
    );
  });
});

describe('diagnose, for any mix of faults', () => {
  const faults = fc.record({
    dropRecords: fc.subarray(Object.keys(MEMBER_IPS)),
    wrongIp: fc.option(fc.constantFrom(...Object.keys(MEMBER_IPS)), { nil: undefined }),
    status: fc.constantFrom('Approved', 'Pending', 'Rejected', 'Disconnected', 'Weird'),
    actionsRequired: fc.constantFrom('None', 'Recreate', undefined),
    extraRegion: fc.boolean(),
    linked: fc.boolean(),
    zoneGroup: fc.boolean(),
    provisioning: fc.boolean(),
    mode: fc.constantFrom('owned-only' as const, 'adopt' as const, 'adopt-and-delete' as const),
    staleRecord: fc.boolean(),
  });

  type Faults = typeof faults extends fc.Arbitrary<infer T> ? T : never;

  function faulty(f: Faults): DiagnosisInput {
    const base = healthy();
    return {
      ...base,
      target: cosmosTarget({
        regions: f.extraRegion ? [...REGIONS, { name: 'Central US', failoverPriority: 3 }] : REGIONS,
      }),
      endpoints: [
        cosmosEndpoint(f.provisioning ? {} : MEMBER_IPS, {
          connectionStatus: f.status,
          ...(f.actionsRequired ? { actionsRequired: f.actionsRequired } : {}),
          managedByZoneGroup: f.zoneGroup,
          provisioningState: f.provisioning ? 'Updating' : 'Succeeded',
        }),
      ],
      connections: [
        connection({ status: f.status, ...(f.actionsRequired ? { actionsRequired: f.actionsRequired } : {}) }),
      ],
      zones: [zone(f.linked ? [VNET_ID] : [OTHER_VNET_ID])],
      records: [
        ...RECORDS.filter((r) => !f.dropRecords.includes(r.name)).map((r) =>
          r.name === f.wrongIp ? { ...r, ips: ['10.9.9.9'] } : r,
        ),
        ...(f.staleRecord ? [record('acct-centralus', ['10.1.0.8'])] : []),
      ],
      options: { instanceId: INSTANCE, ownershipMode: f.mode },
    };
  }

  it('counts every finding once, takes the worst status, lists checks in checklist order, and says what to do about every warning and error', () => {
    fc.assert(
      fc.property(faults, (f) => {
        const input = faulty(f);
        const before = JSON.stringify(input);
        const report = diagnose(input);
        expect(JSON.stringify(input)).toBe(before);
        const { ok, warning, error, info } = report.counts;
        expect(ok + warning + error + info).toBe(report.findings.length);
        expect(report.status).toBe(error > 0 ? 'error' : warning > 0 ? 'warning' : 'ok');
        for (const finding of report.findings.filter((x) => x.status === 'warning' || x.status === 'error')) {
          expect(finding.action.length, `${finding.check}: ${finding.message}`).toBeGreaterThan(0);
        }
        const order = report.findings.map((x) => CHECKS.indexOf(x.check));
        expect(order).toEqual([...order].sort((a, b) => a - b));
        expect(diagnose(faulty(f))).toEqual(report);
      }),
      { numRuns: 200 },
    );
  });

  it('never calls a record faulty when the endpoint is Approved, provisioned, not zone-group managed and its record is right', () => {
    fc.assert(
      fc.property(faults, (f) => {
        const report = diagnose(faulty({ ...f, status: 'Approved', provisioning: false, zoneGroup: false }));
        const intact = Object.keys(MEMBER_IPS).filter(
          (member) => !f.dropRecords.includes(member) && member !== f.wrongIp,
        );
        for (const member of intact) {
          expect(finding(report, 'dns-record', `/A/${member}`).status).toBe('ok');
        }
      }),
    );
  });
});

describe('diagnose: endpoints reached by alias', () => {
  it("names the service's provider as the approver and never suggests apply on the alias", () => {
    const alias =
      'eastus-prod-001-privatelink-service.0a1b2c3d-0000-4000-8000-000000000000.eastus.azure.privatelinkservice';
    const aliasEndpoint = cosmosEndpoint(
      {},
      {
        target: alias,
        connectionStatus: 'Pending',
        groupIds: [],
        ipConfigurations: [{ groupId: '', memberName: '', fqdns: [], ipAddress: '10.3.1.4' }],
      },
    );
    const report = diagnose({
      ...healthy(),
      subject: { kind: 'endpoint', id: PE_ID },
      target: undefined,
      endpoints: [aliasEndpoint],
      connections: [],
      zones: [],
      records: [],
    });
    const pending = report.findings.find((f) => f.check === 'connection-status');
    expect(pending?.status).toBe('warning');
    expect(pending?.action).toContain(`provider of the Private Link Service behind alias ${alias}`);
    expect(pending?.action).not.toContain('apply --resource');
  });
});
