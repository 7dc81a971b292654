import { describe, expect, it } from 'vitest';
import {
  applyPlanToRecords,
  limitDeletions,
  planDns,
  summarisePlan,
  type DnsPlan,
  type DnsPlanOptions,
} from '../../../../src/core/plan/plan-dns';
import type { ObservedEndpoint, ObservedRecordSet, ObservedZone } from '../../../../src/core/model';
import { buildCatalogue } from '../../../../src/core/catalogue';
import { writtenFor } from '../../../../src/core/plan/plan-reconcile';
import { possibleZones } from '../../../../src/core/claims';
import {
  COSMOS_ZONE,
  INSTANCE,
  VAULT_ZONE,
  claimsOf,
  endpoint,
  endpointKey,
  orphanedAt,
  ours,
  record,
  zone,
  zoneId,
} from './dns.fixtures';

const COSMOS = `acct.${COSMOS_ZONE}`;
const WESTUS = `acct-westus.${COSMOS_ZONE}`;
const EASTUS = `acct-eastus.${COSMOS_ZONE}`;
const NOW = '2025-06-01T12:00:00.000Z';
const THIRTY_MINUTES_AGO = '2025-06-01T11:30:00.000Z';
const NINETY_MINUTES_AGO = '2025-06-01T10:30:00.000Z';

interface World {
  endpoints?: ObservedEndpoint[];
  records?: ObservedRecordSet[];
  zones?: ObservedZone[];
  options?: Partial<DnsPlanOptions>;
}

function plan(world: World): DnsPlan {
  return planDns({
    endpoints: world.endpoints ?? [],
    zones: world.zones ?? [zone(COSMOS_ZONE), zone(VAULT_ZONE)],
    records: world.records ?? [],
    claimsOf,
    options: { ownershipMode: 'owned-only', instanceId: INSTANCE, ttlSeconds: 10, ...world.options },
  });
}

const VNET_PREFIX =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks';

function linkedZone(resourceGroup: string, ...vnets: string[]): ObservedZone {
  return { ...zone(COSMOS_ZONE, resourceGroup), linkedVirtualNetworkIds: vnets.map((v) => `${VNET_PREFIX}/${v}`) };
}

function inVnet(e: ObservedEndpoint, vnet: string): ObservedEndpoint {
  return { ...e, subnetId: `${VNET_PREFIX}/${vnet}/subnets/endpoints` };
}

/** One line per outcome, so tables read like the plan a person would review. */
function outline(result: DnsPlan) {
  return {
    changes: result.changes.map(
      (c) => `${c.action} ${c.fqdn} ${(c.action === 'delete' ? c.previousIps : c.ips).join(',')}`,
    ),
    conflicts: result.conflicts.map((c) => c.fqdn),
    skipped: result.skipped.map((s) => `${s.cause} ${s.fqdn}`),
  };
}

const cosmos = (ips: Record<string, string>, spec: Parameters<typeof endpoint>[1] = {}) =>
  endpoint('pe-cosmos', { ...spec, ips });

interface Case extends World {
  name: string;
  changes: string[];
  conflicts?: string[];
  skipped?: string[];
}

const cases: Case[] = [
  {
    name: 'region added: the new region record is created, the others kept',
    endpoints: [
      cosmos({
        'acct.documents.azure.com': '10.0.0.4',
        'acct-westus.documents.azure.com': '10.0.0.5',
        'acct-eastus.documents.azure.com': '10.0.0.6',
      }),
    ],
    records: [
      record(COSMOS_ZONE, 'acct', ['10.0.0.4'], { metadata: ours(['pe-cosmos']) }),
      record(COSMOS_ZONE, 'acct-westus', ['10.0.0.5'], { metadata: ours(['pe-cosmos']) }),
    ],
    changes: [`keep ${COSMOS} 10.0.0.4`, `create ${EASTUS} 10.0.0.6`, `keep ${WESTUS} 10.0.0.5`],
  },
  {
    name: 'region removed: its record is deleted',
    endpoints: [cosmos({ 'acct.documents.azure.com': '10.0.0.4', 'acct-westus.documents.azure.com': '10.0.0.5' })],
    records: [
      record(COSMOS_ZONE, 'acct', ['10.0.0.4'], { metadata: ours(['pe-cosmos']) }),
      record(COSMOS_ZONE, 'acct-eastus', ['10.0.0.6'], { metadata: ours(['pe-cosmos']) }),
      record(COSMOS_ZONE, 'acct-westus', ['10.0.0.5'], { metadata: ours(['pe-cosmos']) }),
    ],
    changes: [`keep ${COSMOS} 10.0.0.4`, `delete ${EASTUS} 10.0.0.6`, `keep ${WESTUS} 10.0.0.5`],
  },
  {
    name: 'endpoint deleted: the records it had are deleted, unowned ones are left',
    records: [
      record(COSMOS_ZONE, 'acct', ['10.0.0.4'], { metadata: ours(['pe-gone']) }),
      record(COSMOS_ZONE, 'acct-westus', ['10.0.0.5'], { metadata: ours(['pe-gone']) }),
      record(COSMOS_ZONE, 'manual', ['10.9.9.9']),
    ],
    changes: [`delete ${COSMOS} 10.0.0.4`, `delete ${WESTUS} 10.0.0.5`],
    skipped: [`not-owned manual.${COSMOS_ZONE}`],
  },
  {
    name: 'zone-group endpoint: its records are left alone, even ours and even when an approved endpoint wants them',
    endpoints: [
      endpoint('pe-zonegroup', {
        zoneGroup: true,
        ips: {
          'acct.documents.azure.com': '10.1.0.4',
          'acct-westus.documents.azure.com': '10.1.0.5',
          'acct-eastus.documents.azure.com': '10.1.0.6',
        },
      }),
      endpoint('pe-other', { ips: { 'acct-eastus.documents.azure.com': '10.0.0.6' } }),
    ],
    records: [
      record(COSMOS_ZONE, 'acct', ['10.1.0.4']),
      record(COSMOS_ZONE, 'acct-westus', ['10.0.0.1'], { metadata: ours(['pe-old']) }),
    ],
    changes: [],
    skipped: [`zone-group ${COSMOS}`, `zone-group ${EASTUS}`, `zone-group ${WESTUS}`],
  },
  {
    name: 'pending endpoint on the name an approved one uses: the approved IP is written',
    endpoints: [
      cosmos({ 'acct.documents.azure.com': '10.0.0.4' }),
      endpoint('pe-pending', { status: 'Pending', ips: { 'acct.documents.azure.com': '10.0.0.9' } }),
    ],
    changes: [`create ${COSMOS} 10.0.0.4`],
  },
  {
    name: 'pending endpoint never overwrites the record an approved endpoint uses',
    endpoints: [
      cosmos({ 'acct.documents.azure.com': '10.0.0.4' }),
      endpoint('pe-pending', { status: 'pending', ips: { 'acct.documents.azure.com': '10.0.0.9' } }),
    ],
    records: [record(COSMOS_ZONE, 'acct', ['10.0.0.4'], { metadata: ours(['pe-cosmos']) })],
    changes: [`keep ${COSMOS} 10.0.0.4`],
  },
  {
    name: 'status is compared case-insensitively',
    endpoints: [cosmos({ 'acct.documents.azure.com': '10.0.0.4' }, { status: 'APPROVED' })],
    changes: [`create ${COSMOS} 10.0.0.4`],
  },
  {
    name: 'a record claimed only by pending, rejected or disconnected endpoints is kept, never written',
    endpoints: [
      endpoint('pe-pending', { status: 'Pending', ips: { 'acct.documents.azure.com': '10.0.0.9' } }),
      endpoint('pe-rejected', { status: 'Rejected', ips: { 'acct-westus.documents.azure.com': '10.0.0.8' } }),
      endpoint('pe-disconnected', { status: 'Disconnected', ips: { 'acct-eastus.documents.azure.com': '10.0.0.7' } }),
    ],
    records: [
      record(COSMOS_ZONE, 'acct', ['10.0.0.4'], { metadata: ours(['pe-cosmos']) }),
      record(COSMOS_ZONE, 'acct-westus', ['10.0.0.5'], { metadata: ours(['pe-cosmos']) }),
    ],
    changes: [`keep ${COSMOS} 10.0.0.4`, `keep ${WESTUS} 10.0.0.5`],
    skipped: [`not-approved ${EASTUS}`],
  },
  {
    name: 'two approved endpoints with different IPs: conflict, the record is kept as is',
    endpoints: [
      cosmos({ 'acct.documents.azure.com': '10.0.0.4' }),
      endpoint('pe-second', { ips: { 'acct.documents.azure.com': '10.0.0.5' } }),
    ],
    records: [record(COSMOS_ZONE, 'acct', ['10.0.0.4'], { metadata: ours(['pe-cosmos']) })],
    changes: [],
    conflicts: [COSMOS],
  },
  {
    name: 'two approved endpoints with the same IP agree: one record for both',
    endpoints: [
      cosmos({ 'acct.documents.azure.com': '10.0.0.4' }),
      endpoint('pe-second', { ips: { 'acct.documents.azure.com': '10.0.0.4' } }),
    ],
    changes: [`create ${COSMOS} 10.0.0.4`],
  },
  {
    name: 'a provisioning endpoint holds every delete but not creates',
    endpoints: [
      cosmos({ 'acct.documents.azure.com': '10.0.0.4' }),
      endpoint('pe-new', { provisioningState: 'Creating' }),
    ],
    records: [record(COSMOS_ZONE, 'acct-eastus', ['10.0.0.6'], { metadata: ours(['pe-cosmos']) })],
    changes: [`create ${COSMOS} 10.0.0.4`],
    skipped: [`endpoint-provisioning ${EASTUS}`],
  },
  {
    name: 'an endpoint that reports Succeeded with no IP configurations yet also holds deletes',
    endpoints: [endpoint('pe-new', { ips: {} })],
    records: [record(COSMOS_ZONE, 'acct-eastus', ['10.0.0.6'], { metadata: ours(['pe-cosmos']) })],
    changes: [],
    skipped: [`endpoint-provisioning ${EASTUS}`],
  },
  {
    name: 'owned-only: unowned records are neither adopted nor deleted',
    endpoints: [cosmos({ 'acct.documents.azure.com': '10.0.0.4' })],
    records: [record(COSMOS_ZONE, 'acct', ['10.9.9.9']), record(COSMOS_ZONE, 'stale', ['10.9.9.8'])],
    changes: [],
    skipped: [`not-owned ${COSMOS}`, `not-owned stale.${COSMOS_ZONE}`],
  },
  {
    name: 'adopt: a claimed unowned record is adopted, an unowned orphan is left',
    options: { ownershipMode: 'adopt' },
    endpoints: [cosmos({ 'acct.documents.azure.com': '10.0.0.4' })],
    records: [record(COSMOS_ZONE, 'acct', ['10.9.9.9']), record(COSMOS_ZONE, 'stale', ['10.9.9.8'])],
    changes: [`update ${COSMOS} 10.0.0.4`],
    skipped: [`not-owned stale.${COSMOS_ZONE}`],
  },
  {
    name: 'adopt: a claimed unowned record with the right IPs is still stamped',
    options: { ownershipMode: 'adopt' },
    endpoints: [cosmos({ 'acct.documents.azure.com': '10.0.0.4' })],
    records: [record(COSMOS_ZONE, 'acct', ['10.0.0.4'])],
    changes: [`update ${COSMOS} 10.0.0.4`],
  },
  {
    name: 'adopt-and-delete: a claimed unowned record is adopted and an unowned orphan deleted',
    options: { ownershipMode: 'adopt-and-delete' },
    endpoints: [cosmos({ 'acct.documents.azure.com': '10.0.0.4' })],
    records: [record(COSMOS_ZONE, 'acct', ['10.9.9.9']), record(COSMOS_ZONE, 'stale', ['10.9.9.8'])],
    changes: [`update ${COSMOS} 10.0.0.4`, `delete stale.${COSMOS_ZONE} 10.9.9.8`],
  },
  {
    name: 'adopt: an unowned record claimed only by a pending endpoint is not adopted',
    options: { ownershipMode: 'adopt' },
    endpoints: [endpoint('pe-pending', { status: 'Pending', ips: { 'acct.documents.azure.com': '10.0.0.9' } })],
    records: [record(COSMOS_ZONE, 'acct', ['10.0.0.4'])],
    changes: [],
    skipped: [`not-approved ${COSMOS}`],
  },
  ...(['owned-only', 'adopt', 'adopt-and-delete'] as const).map((ownershipMode): Case => ({
    name: `${ownershipMode}: another instance's records are never touched`,
    options: { ownershipMode },
    endpoints: [cosmos({ 'acct.documents.azure.com': '10.0.0.4' })],
    records: [
      record(COSMOS_ZONE, 'acct', ['10.9.9.9'], { metadata: { ...ours(['pe-cosmos']), autopilotInstance: 'staging' } }),
      record(COSMOS_ZONE, 'stale', ['10.9.9.8'], {
        metadata: { ...ours(['pe-cosmos']), autopilotInstance: 'staging' },
      }),
      record(COSMOS_ZONE, 'unsure', ['10.9.9.7'], { metadata: { managedBy: 'privatelink-autopilot' } }),
    ],
    changes: [],
    skipped: [
      `other-instance ${COSMOS}`,
      `other-instance stale.${COSMOS_ZONE}`,
      `other-instance unsure.${COSMOS_ZONE}`,
    ],
  })),
  {
    name: 'grace: an unclaimed owned record is marked orphaned first',
    options: { orphanGrace: { now: NOW, graceMinutes: 60 } },
    records: [record(COSMOS_ZONE, 'acct-eastus', ['10.0.0.6'], { metadata: ours(['pe-cosmos']) })],
    changes: [`update ${EASTUS} 10.0.0.6`],
  },
  {
    name: 'grace: a record marked less than the grace ago is kept',
    options: { orphanGrace: { now: NOW, graceMinutes: 60 } },
    records: [
      record(COSMOS_ZONE, 'acct-eastus', ['10.0.0.6'], { metadata: orphanedAt(THIRTY_MINUTES_AGO, ['pe-cosmos']) }),
    ],
    changes: [`keep ${EASTUS} 10.0.0.6`],
  },
  {
    name: 'grace: a record marked longer than the grace ago is deleted',
    options: { orphanGrace: { now: NOW, graceMinutes: 60 } },
    records: [
      record(COSMOS_ZONE, 'acct-eastus', ['10.0.0.6'], { metadata: orphanedAt(NINETY_MINUTES_AGO, ['pe-cosmos']) }),
    ],
    changes: [`delete ${EASTUS} 10.0.0.6`],
  },
  {
    name: 'grace: an expired mark still waits for a provisioning endpoint',
    options: { orphanGrace: { now: NOW, graceMinutes: 60 } },
    endpoints: [endpoint('pe-new', { provisioningState: 'Updating', ips: { 'acct.documents.azure.com': '10.0.0.4' } })],
    records: [
      record(COSMOS_ZONE, 'acct-eastus', ['10.0.0.6'], { metadata: orphanedAt(NINETY_MINUTES_AGO, ['pe-cosmos']) }),
    ],
    changes: [`create ${COSMOS} 10.0.0.4`],
    skipped: [`endpoint-provisioning ${EASTUS}`],
  },
  {
    name: 'grace: a marked record claimed again is unmarked',
    options: { orphanGrace: { now: NOW, graceMinutes: 60 } },
    endpoints: [cosmos({ 'acct-eastus.documents.azure.com': '10.0.0.6' })],
    records: [
      record(COSMOS_ZONE, 'acct-eastus', ['10.0.0.6'], { metadata: orphanedAt(NINETY_MINUTES_AGO, ['pe-cosmos']) }),
    ],
    changes: [`update ${EASTUS} 10.0.0.6`],
  },
  {
    name: 'grace: a marked record claimed again by a pending endpoint is unmarked, IPs untouched',
    options: { orphanGrace: { now: NOW, graceMinutes: 60 } },
    endpoints: [endpoint('pe-pending', { status: 'Pending', ips: { 'acct-eastus.documents.azure.com': '10.0.0.9' } })],
    records: [
      record(COSMOS_ZONE, 'acct-eastus', ['10.0.0.6'], { metadata: orphanedAt(NINETY_MINUTES_AGO, ['pe-cosmos']) }),
    ],
    changes: [`update ${EASTUS} 10.0.0.6`],
  },
  {
    name: 'without grace a marked orphan is deleted at once',
    records: [record(COSMOS_ZONE, 'acct-eastus', ['10.0.0.6'], { metadata: orphanedAt(NOW, ['pe-cosmos']) })],
    changes: [`delete ${EASTUS} 10.0.0.6`],
  },
  {
    name: 'records outside the deletion scope of this run are neither deleted nor marked',
    options: { deletable: (r) => r.name.startsWith('acct'), orphanGrace: { now: NOW, graceMinutes: 0 } },
    records: [
      record(COSMOS_ZONE, 'acct-eastus', ['10.0.0.6'], { metadata: orphanedAt(THIRTY_MINUTES_AGO, ['pe-cosmos']) }),
      record(COSMOS_ZONE, 'other', ['10.0.0.7'], { metadata: ours(['pe-other']) }),
    ],
    changes: [`delete ${EASTUS} 10.0.0.6`],
    skipped: [`not-deletable other.${COSMOS_ZONE}`],
  },
  {
    name: 'claims on zones out of scope and unmapped FQDNs are reported',
    endpoints: [
      endpoint('pe-blob', { ips: { 'acct.blob.core.windows.net': '10.0.0.4', 'acct.example.org': '10.0.0.5' } }),
    ],
    changes: [],
    skipped: ['unmapped-fqdn acct.example.org', 'zone-not-in-scope acct.privatelink.blob.core.windows.net'],
  },
  {
    name: 'records in zones out of scope are left alone',
    records: [record('privatelink.blob.core.windows.net', 'acct', ['10.0.0.4'], { metadata: ours(['pe-gone']) })],
    changes: [],
    skipped: ['zone-not-in-scope acct.privatelink.blob.core.windows.net'],
  },
  {
    name: 'IP order, IP sort and endpoint-list order do not cause updates',
    endpoints: [
      endpoint('pe-b', { ips: { 'acct.documents.azure.com': '10.0.0.10' } }),
      endpoint('pe-a', { ips: { 'acct.documents.azure.com': '10.0.0.10' } }),
      {
        ...endpoint('pe-multi'),
        ipConfigurations: ['10.0.0.10', '10.0.0.9'].map((ipAddress) => ({
          groupId: 'Sql',
          memberName: 'multi',
          fqdns: ['multi.documents.azure.com'],
          ipAddress,
        })),
      },
    ],
    records: [
      record(COSMOS_ZONE, 'acct', ['10.0.0.10'], { metadata: ours(['pe-b', 'pe-a']) }),
      record(COSMOS_ZONE, 'multi', ['10.0.0.10', '10.0.0.9'], { metadata: ours(['pe-multi']) }),
    ],
    changes: [`keep ${COSMOS} 10.0.0.10`, `keep multi.${COSMOS_ZONE} 10.0.0.9,10.0.0.10`],
  },
  {
    name: 'a TTL or endpoint-list change updates an owned record',
    options: { ttlSeconds: 300 },
    endpoints: [cosmos({ 'acct.documents.azure.com': '10.0.0.4' })],
    records: [record(COSMOS_ZONE, 'acct', ['10.0.0.4'], { metadata: ours(['pe-cosmos']), ttl: 10 })],
    changes: [`update ${COSMOS} 10.0.0.4`],
  },
];

describe('planDns rules', () => {
  it.each(cases)('$name', (c) => {
    const result = outline(plan(c));
    expect(result.changes).toEqual(c.changes);
    expect(result.conflicts).toEqual(c.conflicts ?? []);
    expect(result.skipped).toEqual(c.skipped ?? []);
  });
});

describe('planDns details', () => {
  it('writes ownership metadata on creates and sends no etag, so the apply uses If-None-Match', () => {
    const [create] = plan({ endpoints: [cosmos({ 'acct.documents.azure.com': '10.0.0.4' })] }).changes;
    expect(create).toEqual({
      action: 'create',
      zoneId: zoneId(COSMOS_ZONE),
      zone: COSMOS_ZONE,
      name: 'acct',
      fqdn: COSMOS,
      ips: ['10.0.0.4'],
      previousIps: [],
      ttl: 10,
      metadata: {
        managedBy: 'privatelink-autopilot',
        autopilotInstance: INSTANCE,
        autopilotEndpoints: endpointKey('pe-cosmos'),
        autopilotWritten: '10.0.0.4;ttl=10',
      },
      reason: `claimed by Approved endpoint ${endpointKey('pe-cosmos')}`,
      endpoints: [endpointKey('pe-cosmos')],
    });
  });

  it('updates keep the observed etag and foreign metadata, replace ours, and say why', () => {
    const [update] = plan({
      options: { ownershipMode: 'adopt' },
      endpoints: [
        cosmos({ 'acct.documents.azure.com': '10.0.0.4' }),
        endpoint('pe-second', { ips: { 'acct.documents.azure.com': '10.0.0.4' } }),
      ],
      records: [
        record(COSMOS_ZONE, 'acct', ['10.0.0.9'], {
          etag: 'etag-1',
          ttl: 3600,
          metadata: { owner: 'team-data', ManagedBy: 'someone' },
        }),
      ],
    }).changes;
    expect(update).toMatchObject({
      action: 'update',
      etag: 'etag-1',
      ips: ['10.0.0.4'],
      previousIps: ['10.0.0.9'],
      ttl: 10,
      metadata: {
        owner: 'team-data',
        managedBy: 'privatelink-autopilot',
        autopilotInstance: INSTANCE,
        autopilotEndpoints: `${endpointKey('pe-cosmos')},${endpointKey('pe-second')}`,
        autopilotWritten: '10.0.0.4;ttl=10',
      },
      endpoints: [endpointKey('pe-cosmos'), endpointKey('pe-second')],
    });
    expect(Object.keys(update?.metadata ?? {})).not.toContain('ManagedBy');
    expect(update?.reason).toBe(
      'IPs 10.0.0.9 → 10.0.0.4; TTL 3600 → 10; adopting a record without privatelink-autopilot ownership metadata',
    );
  });

  it('updates an owned record whose endpoint list changed', () => {
    const [update] = plan({
      endpoints: [cosmos({ 'acct.documents.azure.com': '10.0.0.4' })],
      records: [record(COSMOS_ZONE, 'acct', ['10.0.0.4'], { metadata: ours(['pe-old']) })],
    }).changes;
    expect(update?.action).toBe('update');
    expect(update?.reason).toBe(`endpoint list ${endpointKey('pe-old')} → ${endpointKey('pe-cosmos')}`);
    expect(update?.metadata.autopilotEndpoints).toBe(endpointKey('pe-cosmos'));
  });

  it('marks an orphan with the run time and removes the mark when it is claimed again', () => {
    const grace = { now: '2025-06-01T14:00:00+02:00', graceMinutes: 60 };
    const [mark] = plan({
      options: { orphanGrace: grace },
      records: [record(COSMOS_ZONE, 'acct', ['10.0.0.4'], { metadata: ours(['pe-cosmos']) })],
    }).changes;
    expect(mark?.metadata).toEqual(orphanedAt(NOW, ['pe-cosmos']));
    expect(mark?.reason).toMatch(/^marked orphaned: no live endpoint claims it/);

    const [unmark] = plan({
      options: { orphanGrace: grace },
      endpoints: [cosmos({ 'acct.documents.azure.com': '10.0.0.4' })],
      records: [record(COSMOS_ZONE, 'acct', ['10.0.0.4'], { metadata: orphanedAt(NOW, ['pe-cosmos']) })],
    }).changes;
    expect(unmark?.metadata).toEqual({ ...ours(['pe-cosmos']), autopilotWritten: '10.0.0.4;ttl=10' });
    expect(unmark?.reason).toBe('orphan mark removed: claimed again');
  });

  it('re-marks an orphan whose mark is not a timestamp', () => {
    const [mark] = plan({
      options: { orphanGrace: { now: NOW, graceMinutes: 60 } },
      records: [record(COSMOS_ZONE, 'acct', ['10.0.0.4'], { metadata: orphanedAt('yesterday-ish') })],
    }).changes;
    expect(mark).toMatchObject({ action: 'update', metadata: orphanedAt(NOW) });
  });

  it('names the provisioning endpoint on each held delete and lists it', () => {
    const result = plan({
      endpoints: [endpoint('pe-new', { provisioningState: 'Creating' })],
      records: [record(COSMOS_ZONE, 'acct', ['10.0.0.4'], { metadata: ours(['pe-gone']) })],
    });
    expect(result.skipped).toHaveLength(1);
    expect(result.skipped[0]?.endpoints).toEqual([endpointKey('pe-new')]);
    expect(result.skipped[0]?.reason).toContain(endpointKey('pe-new'));
    expect(result.provisioningEndpoints).toEqual([endpointKey('pe-new')]);
  });

  it('reports conflicts with each claimant, keeps the record and plans the same conflict on the next run', () => {
    const endpoints = [
      cosmos({ 'acct.documents.azure.com': '10.0.0.4' }),
      endpoint('pe-second', { ips: { 'acct.documents.azure.com': '10.0.0.5' } }),
    ];
    const records = [record(COSMOS_ZONE, 'acct', ['10.0.0.4'], { metadata: ours(['pe-cosmos']) })];
    const first = plan({ endpoints, records });
    expect(first.conflicts).toEqual([
      {
        zoneId: zoneId(COSMOS_ZONE),
        zone: COSMOS_ZONE,
        name: 'acct',
        fqdn: COSMOS,
        claimants: [
          { endpointId: endpointKey('pe-cosmos'), ips: ['10.0.0.4'] },
          { endpointId: endpointKey('pe-second'), ips: ['10.0.0.5'] },
        ],
        currentIps: ['10.0.0.4'],
        reason: `Approved endpoints claim different IPs (${endpointKey('pe-cosmos')}: 10.0.0.4; ${endpointKey('pe-second')}: 10.0.0.5); the record is left as is until they agree`,
      },
    ]);
    const after = applyPlanToRecords(records, first);
    expect(after).toEqual(records);
    expect(plan({ endpoints: [...endpoints].reverse(), records: after })).toEqual(first);
  });

  it('compares claimed and observed names case-insensitively and without trailing dots', () => {
    const result = planDns({
      endpoints: [cosmos({ 'acct.documents.azure.com': '10.0.0.4' })],
      zones: [{ id: zoneId(COSMOS_ZONE).toUpperCase(), name: 'PrivateLink.Documents.Azure.com.' }],
      records: [
        { ...record(COSMOS_ZONE, 'ACCT', ['10.0.0.4'], { metadata: ours(['pe-cosmos']) }), zone: `${COSMOS_ZONE}.` },
      ],
      claimsOf: (e) => ({
        claims: [
          {
            zone: 'PRIVATELINK.documents.azure.com.',
            name: 'Acct',
            ip: ' 10.0.0.4 ',
            endpointId: e.id,
            source: 'ACCT.documents.azure.com',
          },
        ],
        unmapped: [],
      }),
      options: { ownershipMode: 'owned-only', instanceId: INSTANCE.toUpperCase(), ttlSeconds: 10 },
    });
    expect(result.changes.map((c) => `${c.action} ${c.fqdn}`)).toEqual([`keep ${COSMOS}`]);
  });

  it('writes a single copy of the zone whatever its links, and only the serving copy when there are several', () => {
    const single = plan({
      zones: [zone(COSMOS_ZONE, 'rg-hub')],
      endpoints: [cosmos({ 'acct.documents.azure.com': '10.0.0.4' })],
    });
    expect(single.changes.map((c) => `${c.action} ${c.zoneId}`)).toEqual([`create ${zoneId(COSMOS_ZONE, 'rg-hub')}`]);
    const two = plan({
      zones: [linkedZone('rg-hub', 'vnet-east'), linkedZone('rg-spoke', 'vnet-west')],
      endpoints: [inVnet(cosmos({ 'acct.documents.azure.com': '10.0.0.4' }), 'vnet-west')],
    });
    expect(two.changes.map((c) => `${c.action} ${c.zoneId}`)).toEqual([`create ${zoneId(COSMOS_ZONE, 'rg-spoke')}`]);
  });

  it('lists disconnected endpoints for clean-up', () => {
    const result = plan({
      endpoints: [
        endpoint('pe-b', { status: 'Disconnected', ips: { 'b.documents.azure.com': '10.0.0.5' } }),
        endpoint('pe-a', { status: 'disconnected' }),
        cosmos({}),
      ],
    });
    expect(result.disconnectedEndpoints).toEqual([endpointKey('pe-a'), endpointKey('pe-b')]);
  });

  it.each([
    [
      { ownershipMode: 'everything' as never },
      /options\.ownershipMode: expected one of owned-only, adopt, adopt-and-delete/,
    ],
    [{ instanceId: '' }, /options\.instanceId/],
    [{ ttlSeconds: -1 }, /options\.ttlSeconds: expected a whole number/],
    [{ ttlSeconds: 1.5 }, /options\.ttlSeconds/],
    [{ orphanGrace: { now: 'soon', graceMinutes: 5 } }, /options\.orphanGrace\.now: expected an ISO timestamp/],
    [{ orphanGrace: { now: NOW, graceMinutes: -5 } }, /options\.orphanGrace\.graceMinutes/],
  ])('rejects bad options %o', (options, message) => {
    expect(() => plan({ options })).toThrow(message);
  });

  it('rejects an endpoint listed twice and a record set listed twice', () => {
    expect(() => plan({ endpoints: [cosmos({}), cosmos({})] })).toThrow(
      /endpoints: endpoint .*pe-cosmos is listed twice/,
    );
    const twice = record(COSMOS_ZONE, 'acct', ['10.0.0.4']);
    expect(() => plan({ records: [twice, { ...twice, name: 'ACCT' }] })).toThrow(
      /records: record set "acct" appears twice/,
    );
  });
});

describe('limitDeletions', () => {
  const orphans = plan({
    records: ['a', 'b', 'c'].map((name) => record(COSMOS_ZONE, name, ['10.0.0.4'], { metadata: ours(['pe-gone']) })),
    endpoints: [cosmos({ 'keep.documents.azure.com': '10.0.0.4' })],
  });

  it.each([
    [0, [`create keep.${COSMOS_ZONE} 10.0.0.4`], ['a', 'b', 'c']],
    [
      2,
      [`delete a.${COSMOS_ZONE} 10.0.0.4`, `delete b.${COSMOS_ZONE} 10.0.0.4`, `create keep.${COSMOS_ZONE} 10.0.0.4`],
      ['c'],
    ],
    [
      3,
      [
        `delete a.${COSMOS_ZONE} 10.0.0.4`,
        `delete b.${COSMOS_ZONE} 10.0.0.4`,
        `delete c.${COSMOS_ZONE} 10.0.0.4`,
        `create keep.${COSMOS_ZONE} 10.0.0.4`,
      ],
      [],
    ],
  ])('max %i keeps the first deletes and defers the rest', (max, changes, deferred) => {
    const limited = limitDeletions(orphans, max);
    expect(outline(limited).changes).toEqual(changes);
    expect(limited.skipped.map((s) => `${s.cause} ${s.name}`)).toEqual(
      deferred.map((name) => `deletion-limit ${name}`),
    );
  });

  it('explains the deferral and rejects a bad limit', () => {
    expect(limitDeletions(orphans, 1).skipped[0]?.reason).toMatch(
      /^delete deferred \(no live endpoint claims it .*\): the limit of 1 deletion per run is reached$/,
    );
    expect(() => limitDeletions(orphans, -1)).toThrow(/limitDeletions max: expected a whole number/);
  });
});

describe('summarisePlan', () => {
  it('counts every outcome and lists writes, conflicts, skips and endpoints worth attention', () => {
    const summary = summarisePlan(
      plan({
        endpoints: [
          cosmos({ 'acct.documents.azure.com': '10.0.0.4', 'same.documents.azure.com': '10.0.0.8' }),
          endpoint('pe-second', { ips: { 'acct.documents.azure.com': '10.0.0.5' } }),
          endpoint('pe-gone-soon', { status: 'Disconnected', ips: { 'old.documents.azure.com': '10.0.0.7' } }),
        ],
        records: [
          record(COSMOS_ZONE, 'stale', ['10.0.0.6'], { metadata: ours(['pe-x']) }),
          record(COSMOS_ZONE, 'same', ['10.0.0.8'], { metadata: ours(['pe-cosmos']) }),
        ],
      }),
    );
    expect(summary.counts).toEqual({
      create: 0,
      update: 0,
      delete: 1,
      keep: 1,
      conflicts: 1,
      skipped: 1,
      disconnectedEndpoints: 1,
      provisioningEndpoints: 0,
    });
    expect(summary.lines[0]).toBe(
      'DNS plan: 0 to create, 0 to update, 1 to delete, 1 unchanged; 1 conflict, 1 skipped',
    );
    expect(summary.lines.slice(1).map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
      `delete stale.${COSMOS_ZONE}`,
      `conflict ${COSMOS}`,
      `skip old.${COSMOS_ZONE}`,
      `disconnected ${endpointKey('pe-gone-soon')}:`,
    ]);
  });
});

describe('applyPlanToRecords', () => {
  it('applies creates, updates and deletes and fails like the server on a stale plan', () => {
    const records = [
      record(COSMOS_ZONE, 'acct', ['10.0.0.9'], { metadata: ours(['pe-cosmos']), etag: 'e1' }),
      record(COSMOS_ZONE, 'stale', ['10.0.0.6'], { metadata: ours(['pe-x']) }),
    ];
    const result = plan({
      endpoints: [cosmos({ 'acct.documents.azure.com': '10.0.0.4', 'new.documents.azure.com': '10.0.0.5' })],
      records,
    });
    const after = applyPlanToRecords(records, result);
    expect(after.map((r) => `${r.name} ${r.ips.join(',')} ${r.etag ?? 'no-etag'}`).sort()).toEqual([
      'acct 10.0.0.4 no-etag',
      'new 10.0.0.5 no-etag',
    ]);
    expect(() => applyPlanToRecords(after, result)).toThrow(
      /cannot create new\.privatelink\.documents\.azure\.com .*already exists/,
    );
    expect(() => applyPlanToRecords([], result)).toThrow(
      /cannot update acct\.privatelink\.documents\.azure\.com .*does not exist/,
    );
  });
});

describe('holds of endpoints whose claims are unknown, scoped to what they could claim', () => {
  const catalogue = buildCatalogue([]);
  const vaultEndpoint = (provisioningState: string): ObservedEndpoint => ({
    ...endpoint('pe-vault', { provisioningState }),
    target:
      '/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1',
    groupIds: ['vault'],
  });
  const orphans = [
    record(COSMOS_ZONE, 'acct-gone', ['10.0.0.9'], { metadata: ours(['pe-gone']) }),
    record(VAULT_ZONE, 'kv-gone', ['10.0.1.9'], { metadata: ours(['pe-gone']) }),
  ];
  const planWith = (
    endpoints: ObservedEndpoint[],
    records: ObservedRecordSet[],
    options: Partial<DnsPlanOptions> = {},
  ) =>
    planDns({
      endpoints,
      zones: [zone(COSMOS_ZONE), zone(VAULT_ZONE)],
      records,
      claimsOf,
      possibleZones: (e) => possibleZones(catalogue, e),
      options: { ownershipMode: 'owned-only', instanceId: INSTANCE, ttlSeconds: 10, ...options },
    });
  const actions = (result: DnsPlan) =>
    [
      ...result.changes.map((c) => `${c.action} ${c.name}`),
      ...result.skipped.map((s) => `${s.cause} ${s.name}`),
    ].sort();

  it('a failed Key Vault endpoint holds deletes in the Key Vault zone only, not in every zone', () => {
    expect(actions(planWith([vaultEndpoint('Failed')], orphans))).toEqual([
      'delete acct-gone',
      'endpoint-provisioning kv-gone',
    ]);
  });

  it('an endpoint whose service the catalogue does not know still holds every delete', () => {
    const unknown = {
      ...vaultEndpoint('Creating'),
      target:
        '/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg/providers/Contoso.Widgets/widgets/w1',
      groupIds: ['widget'],
    };
    expect(actions(planWith([unknown], orphans))).toEqual([
      'endpoint-provisioning acct-gone',
      'endpoint-provisioning kv-gone',
    ]);
  });

  it('a failed endpoint holds no longer than the orphan grace; one still provisioning holds on', () => {
    const marked = orphans.map((r) => ({ ...r, metadata: { ...r.metadata, ...orphanedAt(NINETY_MINUTES_AGO) } }));
    const grace = { orphanGrace: { now: NOW, graceMinutes: 60 } };
    expect(actions(planWith([vaultEndpoint('Failed')], marked, grace))).toEqual(['delete acct-gone', 'delete kv-gone']);
    expect(actions(planWith([vaultEndpoint('Creating')], marked, grace))).toEqual([
      'delete acct-gone',
      'endpoint-provisioning kv-gone',
    ]);
  });
});

describe('planDns: regional hubs (one copy of the zone per hub)', () => {
  const east = (ip: string, name = 'pe-east') =>
    inVnet(
      endpoint(name, { ips: { 'acct.documents.azure.com': ip, 'acct-eastus.documents.azure.com': ip } }),
      'vnet-east',
    );
  const west = (ip: string, name = 'pe-west') =>
    inVnet(
      endpoint(name, { ips: { 'acct.documents.azure.com': ip, 'acct-eastus.documents.azure.com': ip } }),
      'vnet-west',
    );
  const hubs = [linkedZone('rg-dns-east', 'vnet-east'), linkedZone('rg-dns-west', 'vnet-west')];
  const where = (result: DnsPlan) => ({
    changes: result.changes.map((c) => `${c.action} ${c.name} ${c.zoneId.split('/')[4]} ${c.ips.join(',')}`),
    conflicts: result.conflicts.map((c) => `${c.name} ${c.zoneId.split('/')[4]}`),
    skipped: result.skipped.map((s) => `${s.cause} ${s.fqdn}`),
  });

  it('files each hub endpoint into its own copy: no conflict, each copy its own IPs', () => {
    expect(where(plan({ zones: hubs, endpoints: [east('10.1.0.4'), west('10.2.0.4')] }))).toEqual({
      changes: [
        'create acct rg-dns-east 10.1.0.4',
        'create acct-eastus rg-dns-east 10.1.0.4',
        'create acct rg-dns-west 10.2.0.4',
        'create acct-eastus rg-dns-west 10.2.0.4',
      ],
      conflicts: [],
      skipped: [],
    });
  });

  it('reports a true conflict: two endpoints served by the same copy claim one name with different IPs', () => {
    const result = plan({
      zones: hubs,
      endpoints: [east('10.1.0.4'), east('10.1.0.9', 'pe-east-2'), west('10.2.0.4')],
    });
    expect(where(result)).toEqual({
      changes: ['create acct rg-dns-west 10.2.0.4', 'create acct-eastus rg-dns-west 10.2.0.4'],
      conflicts: ['acct rg-dns-east', 'acct-eastus rg-dns-east'],
      skipped: [],
    });
  });

  it('places a spoke endpoint through its peering with a hub', () => {
    const spoke = inVnet(endpoint('pe-spoke', { ips: { 'acct.documents.azure.com': '10.3.0.4' } }), 'vnet-spoke');
    const result = planDns({
      endpoints: [spoke],
      zones: hubs,
      records: [],
      claimsOf,
      placement: {
        peerings: [
          { networkId: `${VNET_PREFIX}/vnet-spoke`, remoteNetworkId: `${VNET_PREFIX}/vnet-west`, state: 'Connected' },
        ],
      },
      options: { ownershipMode: 'owned-only', instanceId: INSTANCE, ttlSeconds: 10 },
    });
    expect(where(result).changes).toEqual(['create acct rg-dns-west 10.3.0.4']);
  });

  it('deletes follow placement: a west endpoint neither keeps an east record alive nor gets it removed', () => {
    const records = [
      // Written for a deleted east endpoint: only the west endpoint still claims the name, in the west copy.
      record(COSMOS_ZONE, 'acct', ['10.1.0.4'], {
        resourceGroup: 'rg-dns-east',
        metadata: ours(['pe-gone']),
        etag: 'e1',
      }),
      record(COSMOS_ZONE, 'acct', ['10.2.0.4'], {
        resourceGroup: 'rg-dns-west',
        metadata: ours(['pe-west']),
        etag: 'w1',
      }),
      record(COSMOS_ZONE, 'acct-eastus', ['10.2.0.4'], {
        resourceGroup: 'rg-dns-west',
        metadata: ours(['pe-west']),
        etag: 'w2',
      }),
    ];
    const result = plan({ zones: hubs, endpoints: [west('10.2.0.4')], records });
    expect(where(result).changes).toEqual([
      'delete acct rg-dns-east ',
      'keep acct rg-dns-west 10.2.0.4',
      'keep acct-eastus rg-dns-west 10.2.0.4',
    ]);
    // A run about the west endpoint may not delete the east endpoint's record.
    const westRun = plan({
      zones: hubs,
      endpoints: [west('10.2.0.4')],
      records,
      options: { deletable: writtenFor([endpointKey('pe-west')]) },
    });
    expect(where(westRun).skipped).toEqual([`not-deletable acct.${COSMOS_ZONE}`]);
  });

  it('places among every copy listed, though it plans only those read: the other copy never looks like the only one', () => {
    const result = planDns({
      endpoints: [east('10.1.0.4')],
      zones: [hubs[1] as ObservedZone],
      records: [],
      claimsOf,
      placement: { copies: hubs },
      options: { ownershipMode: 'owned-only', instanceId: INSTANCE, ttlSeconds: 10 },
    });
    expect(where(result)).toEqual({
      changes: [],
      conflicts: [],
      skipped: [`zone-not-in-scope acct.${COSMOS_ZONE}`, `zone-not-in-scope acct-eastus.${COSMOS_ZONE}`],
    });
    expect(result.skipped[0]?.reason).toContain(`serves it (${zoneId(COSMOS_ZONE, 'rg-dns-east')}) is not planned`);
  });

  it('writes nothing for an endpoint it cannot place, says why naming the copies, and keeps its records', () => {
    const lost = endpoint('pe-lost', { ips: { 'acct.documents.azure.com': '10.9.0.4' } });
    const result = plan({
      zones: hubs,
      endpoints: [lost],
      records: [
        record(COSMOS_ZONE, 'acct', ['10.9.0.4'], {
          resourceGroup: 'rg-dns-east',
          metadata: ours(['pe-lost']),
          etag: 'e1',
        }),
      ],
    });
    expect(where(result)).toEqual({
      changes: [],
      conflicts: [],
      skipped: [`zone-placement-ambiguous acct.${COSMOS_ZONE}`, `zone-placement-ambiguous acct.${COSMOS_ZONE}`],
    });
    const [byName, byRecord] = result.skipped;
    expect(byName?.zoneId).toBeUndefined();
    expect(byName?.reason).toContain(zoneId(COSMOS_ZONE, 'rg-dns-east'));
    expect(byName?.reason).toContain(zoneId(COSMOS_ZONE, 'rg-dns-west'));
    expect(byRecord?.zoneId).toBe(zoneId(COSMOS_ZONE, 'rg-dns-east'));
    expect(byRecord?.reason).toContain('kept');
  });
});
