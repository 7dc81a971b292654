/**
 * Check 6: records for the target that no attached endpoint claims any more (a removed region, a deleted endpoint).
 * Records are not removed with their endpoint, and a stale one in a shared zone breaks the next endpoint or region
 * that needs the name. The DNS planner decides what is unclaimed; this check keeps what relates to the target.
 */
import { planDns, type DnsPlan } from '../plan/plan-dns';
import { normaliseDnsName, recordFqdn, resourceKey, sortedDistinct, sortedDistinctIps } from '../plan/dns/names';
import { ownershipOf, recordedEndpoints } from '../plan/dns/ownership';
import type { ObservedRecordSet } from '../model';
import { recordSetId } from '../plan/changes';
import { resourceType, tryParseResourceId } from '../resource-id';
import { nameOf, normaliseIp, plural, regionSlug } from './names';
import type { Finding } from './types';
import type { World } from './world';
import { claimantsUnknown } from './observation';

const COSMOS_ACCOUNT_TYPE = 'microsoft.documentdb/databaseaccounts';

interface StaleRow {
  zoneId: string;
  zone: string;
  name: string;
  record: ObservedRecordSet;
  /** Unclaimed only because an endpoint is still provisioning: not judged yet. */
  held: boolean;
  why: string;
  action: string;
}

export function staleRecordFindings(world: World): Finding[] {
  const unknown = claimantsUnknown(world);
  if (unknown.length > 0) {
    return [
      {
        check: 'stale-records',
        status: 'unknown',
        subject: world.targetId,
        message:
          `stale records for ${world.targetName} not judged: ${unknown.map((f) => nameOf(f.resourceId)).join(', ')} could not be read, ` +
          'so which records are still claimed is unknown',
        action: `run \`privatelink-autopilot doctor --resource ${world.input.subject.id}\` again once they can be read; delete nothing meanwhile`,
      },
    ];
  }
  const plan = unclaimedPlan(world);
  const zones = relevantZones(world);
  const related = relatedTo(world, zones);
  const rows = staleRows(world, plan).filter((row) => related(row.zone, row.name, row.record));
  const held = rows.filter((row) => row.held);
  if (held.length > 0) {
    const provisioning = plan.provisioningEndpoints.map(nameOf).join(', ');
    return [
      {
        check: 'stale-records',
        status: 'info',
        subject: world.targetId,
        message:
          `${plural(held.length, 'record')} for ${world.targetName} (${held.map((r) => recordFqdn(r.zone, r.name)).join(', ')}) ` +
          `look unclaimed, but ${provisioning} is still provisioning and may claim them: stale records not judged`,
        action: `re-run \`privatelink-autopilot doctor --resource ${world.input.subject.id}\` once every endpoint has finished provisioning`,
      },
    ];
  }
  if (rows.length > 0) {
    return rows.map((row) => {
      const fqdn = recordFqdn(row.zone, row.name);
      const ips = sortedDistinctIps(row.record.ips.map(normaliseIp)).join(', ') || '(no IPs)';
      return {
        check: 'stale-records',
        status: 'warning',
        subject: recordSetId(row.zoneId, row.name),
        message: `${fqdn} (${ips}) is stale: ${row.why}${regionNote(world, row.name)}`,
        action: row.action,
      };
    });
  }
  if (zones.size === 0) {
    return [
      {
        check: 'stale-records',
        status: 'info',
        subject: world.targetId,
        message: `no private DNS zone is known for ${world.targetName} (no endpoint FQDN maps to one): stale records not searched`,
        action: '',
      },
    ];
  }
  return [
    {
      check: 'stale-records',
      status: 'ok',
      subject: world.targetId,
      message: `no stale records for ${world.targetName} in ${[...zones].sort().join(', ')}`,
      action: '',
    },
  ];
}

/** TTL drift is not a diagnosis, so the plan's TTL is irrelevant: only its deletes and held deletes are read. */
function unclaimedPlan(world: World): DnsPlan {
  const { input } = world;
  return planDns({
    endpoints: input.endpoints,
    zones: input.zones,
    records: input.records,
    claimsOf: world.claimsOf,
    options: { ownershipMode: input.options.ownershipMode, instanceId: input.options.instanceId, ttlSeconds: 0 },
  });
}

function staleRows(world: World, plan: DnsPlan): StaleRow[] {
  const sweep = `run \`privatelink-autopilot sweep --delete\` (or \`privatelink-autopilot apply --resource ${world.targetId}\`) to remove it`;
  const rows: StaleRow[] = [];
  const add = (
    zoneId: string,
    zone: string,
    name: string,
    fields: Omit<StaleRow, 'zoneId' | 'zone' | 'name' | 'record' | 'why'>,
    why = '',
  ): void => {
    const record = world.recordAt(zoneId, name);
    if (record) rows.push({ zoneId, zone, name, record, why: `${unclaimed(world, record)}${why}`, ...fields });
  };
  for (const change of plan.changes) {
    if (change.action === 'delete') add(change.zoneId, change.zone, change.name, { held: false, action: sweep });
  }
  for (const skip of plan.skipped) {
    if (!skip.zoneId || !skip.zone || !skip.name) continue;
    const isUnclaimed = skip.endpoints.length === 0;
    if (skip.cause === 'not-owned' && isUnclaimed) {
      const action =
        `a DNS admin deletes it by hand, or set AUTOPILOT_OWNERSHIP_MODE=adopt-and-delete (now ${world.input.options.ownershipMode}) ` +
        'and run `privatelink-autopilot sweep --delete`';
      add(
        skip.zoneId,
        skip.zone,
        skip.name,
        { held: false, action },
        ', and it has no privatelink-autopilot ownership metadata',
      );
    } else if (skip.cause === 'other-instance' && isUnclaimed) {
      const owner = ownerOf(world, skip.zoneId, skip.name);
      add(
        skip.zoneId,
        skip.zone,
        skip.name,
        {
          held: false,
          action: `run \`privatelink-autopilot sweep --delete\` on ${owner}, or a DNS admin deletes it by hand`,
        },
        `, and it belongs to ${owner}`,
      );
    } else if (skip.cause === 'endpoint-provisioning') {
      add(skip.zoneId, skip.zone, skip.name, { held: true, action: '' });
    }
  }
  return rows;
}

function unclaimed(world: World, record: ObservedRecordSet): string {
  const formerly = recordedEndpoints(record.metadata).map(nameOf);
  return `no endpoint attached to ${world.targetName} claims it${formerly.length > 0 ? ` (it was written for ${formerly.join(', ')})` : ''}`;
}

function ownerOf(world: World, zoneId: string, name: string): string {
  const record = world.recordAt(zoneId, name);
  const ownership = record && ownershipOf(record, world.input.options.instanceId);
  return ownership?.kind === 'other-instance' && ownership.instance
    ? `autopilot instance ${ownership.instance}`
    : 'another privatelink-autopilot';
}

/** Zones that hold the target's records: where its endpoints' FQDNs map, plus the catalogue's zones the caller passed. */
function relevantZones(world: World): Set<string> {
  const zones = new Set((world.input.targetZoneNames ?? []).map(normaliseDnsName));
  for (const endpoint of world.input.endpoints) {
    for (const claim of world.claimsOf(endpoint).claims) zones.add(normaliseDnsName(claim.zone));
  }
  return zones;
}

/**
 * A record relates to the target when our metadata says it was written for one of its endpoints, or when it sits in
 * one of the target's zones and either carries one of its endpoints' IPs or is named for the target (`acct`,
 * `acct-westus`, `x.cluster`).
 */
function relatedTo(
  world: World,
  zones: Set<string>,
): (zone: string, name: string, record: ObservedRecordSet) => boolean {
  const endpointKeys = new Set(world.input.endpoints.map((e) => resourceKey(e.id)));
  const endpointIps = new Set(
    world.input.endpoints.flatMap((e) => e.ipConfigurations.map((c) => normaliseIp(c.ipAddress))),
  );
  const parsedTarget = tryParseResourceId(world.targetId);
  const cosmos = parsedTarget !== undefined && resourceType(parsedTarget)?.toLowerCase() === COSMOS_ACCOUNT_TYPE;
  const target = world.targetName;
  const regional = new RegExp(`^${escapeRegExp(target)}-[a-z0-9]+$`);
  return (zone, name, record) => {
    if (recordedEndpoints(record.metadata).some((id) => endpointKeys.has(resourceKey(id)))) return true;
    if (!zones.has(normaliseDnsName(zone))) return false;
    if (record.ips.some((ip) => endpointIps.has(normaliseIp(ip)))) return true;
    const labels = normaliseDnsName(name).split('.');
    return labels.includes(target) || (cosmos && regional.test(labels[0] ?? ''));
  };
}

/** For a Cosmos DB regional name, say whether the account still has that region. */
function regionNote(world: World, name: string): string {
  const regions = world.target?.cosmos?.regions;
  const prefix = `${world.targetName}-`;
  if (!regions || !name.startsWith(prefix)) return '';
  const slug = name.slice(prefix.length);
  const current = sortedDistinct(regions.map((r) => regionSlug(r.name)));
  return current.includes(slug)
    ? ''
    : ` (the account has no region ${slug} any more; its regions: ${current.join(', ')})`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
