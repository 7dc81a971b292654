import type { ObservedRecordSet, OwnershipMode } from '../../model';
import { sameList, sortedDistinct, sortedDistinctIps } from './names';
import {
  orphanedSince,
  ownedMetadata,
  ownershipDrift,
  ownershipOf,
  recordedEndpoints,
  withOrphanMark,
  withoutOrphanMark,
  type RecordOwnership,
} from './ownership';
import type { RecordRow, RowClaim } from './rows';
import type { DnsChangeAction, DnsConflict, DnsRecordChange, DnsSkip, DnsSkipCause } from './types';

export interface RowContext {
  mode: OwnershipMode;
  instanceId: string;
  ttlSeconds: number;
  deletable: (record: ObservedRecordSet) => boolean;
  orphanGrace?: { now: string; nowMs: number; graceMinutes: number };
  /** Endpoints whose claims are unknown (still provisioning, or failed without IPs): what they could claim is held. */
  holds: EndpointHold[];
}

export interface EndpointHold {
  endpointId: string;
  /** Failed rather than on its way: it will not finish on its own, so its hold ends with the orphan grace. */
  failed: boolean;
  /** The zones its target's service maps to (every zone when the service is unknown). */
  covers: (zone: string) => boolean;
}

export type RowOutcome =
  | { kind: 'change'; change: DnsRecordChange }
  | { kind: 'conflict'; conflict: DnsConflict }
  | { kind: 'skip'; skip: DnsSkip };

export function planRow(row: RecordRow, ctx: RowContext): RowOutcome {
  if (row.claims.some((c) => c.endpoint.zoneGroup)) {
    const zoneGroupIds = endpointIds(row.claims.filter((c) => c.endpoint.zoneGroup));
    return skip(row, 'zone-group', zoneGroupIds, `managed by the private DNS zone group of ${zoneGroupIds.join(', ')}`);
  }
  const approvedIps = ipsByEndpoint(
    row.claims.every((c) => c.endpoint.approved) ? row.claims : row.claims.filter((c) => c.endpoint.approved),
  );
  const record = row.record;
  if (approvedIps.size > 0) {
    const claimed = [...approvedIps.values()];
    // One approved claimant is the common case: its IPs are already sorted and distinct.
    if (claimed.length > 1 && new Set(claimed.map((ips) => ips.join(','))).size > 1) return conflict(row, approvedIps);
    const desiredIps = claimed.length === 1 ? (claimed[0] as string[]) : sortedDistinctIps(claimed.flat());
    const approvedIds = [...approvedIps.keys()];
    if (!record) {
      return change(row, 'create', {
        ips: desiredIps,
        previousIps: [],
        ttl: ctx.ttlSeconds,
        metadata: ownedMetadata({}, ctx.instanceId, approvedIds, { ips: desiredIps, ttl: ctx.ttlSeconds }),
        reason: `claimed by ${describeApproved(approvedIds)}`,
        endpoints: approvedIds,
      });
    }
    return planClaimedRecord(row, record, desiredIps, approvedIds, ctx);
  }
  if (!record) {
    const claimants = describeClaimants(row.claims);
    return skip(
      row,
      'not-approved',
      endpointIds(row.claims),
      `no record written: claimed only by endpoints that are not Approved (${claimants})`,
    );
  }
  if (row.claims.length > 0) return planRecordClaimedByUnapproved(row, record, ctx);
  if (row.unplaced?.length) {
    const ids = sortedDistinct(row.unplaced);
    return skip(
      row,
      'zone-placement-ambiguous',
      ids,
      `kept: claimed by ${ids.join(', ')}, whose zone copy is ambiguous, so whether it belongs here is unknown`,
    );
  }
  return planUnclaimedRecord(row, record, ctx);
}

function planClaimedRecord(
  row: RecordRow,
  record: ObservedRecordSet,
  desiredIps: string[],
  approvedIds: string[],
  ctx: RowContext,
): RowOutcome {
  const ownership = ownershipOf(record, ctx.instanceId);
  const untouchable = refuseForeign(row, ownership, ctx.mode, approvedIds);
  if (untouchable) return untouchable;
  const previousIps = sortedDistinctIps(record.ips);
  const differences: string[] = [];
  if (!sameList(previousIps, desiredIps))
    differences.push(`IPs ${describeIps(previousIps)} → ${describeIps(desiredIps)}`);
  if (record.ttl !== ctx.ttlSeconds) differences.push(`TTL ${record.ttl} → ${ctx.ttlSeconds}`);
  differences.push(...ownershipDrift(record, ctx.instanceId, approvedIds));
  if (orphanedSince(record.metadata) !== undefined) differences.push('orphan mark removed: claimed again');
  const inSync = differences.length === 0;
  const written = inSync
    ? {
        ips: previousIps,
        ttl: record.ttl,
        metadata: record.metadata,
        reason: `in sync with ${describeApproved(approvedIds)}`,
      }
    : {
        ips: desiredIps,
        ttl: ctx.ttlSeconds,
        metadata: ownedMetadata(record.metadata, ctx.instanceId, approvedIds, { ips: desiredIps, ttl: ctx.ttlSeconds }),
        reason: differences.join('; '),
      };
  return change(row, inSync ? 'keep' : 'update', {
    previousIps,
    endpoints: approvedIds,
    ...etagOf(record),
    ...written,
  });
}

/** Claims by Pending, Rejected or Disconnected endpoints protect a record but never rewrite it. */
function planRecordClaimedByUnapproved(row: RecordRow, record: ObservedRecordSet, ctx: RowContext): RowOutcome {
  const ids = endpointIds(row.claims);
  const claimants = describeClaimants(row.claims);
  const ownership = ownershipOf(record, ctx.instanceId);
  const untouchable = refuseForeign(row, ownership, ctx.mode, ids);
  if (untouchable) return untouchable;
  const unchanged = {
    ips: sortedDistinctIps(record.ips),
    previousIps: sortedDistinctIps(record.ips),
    ttl: record.ttl,
    endpoints: ids,
    ...etagOf(record),
  };
  if (orphanedSince(record.metadata) !== undefined) {
    return change(row, 'update', {
      ...unchanged,
      metadata: withoutOrphanMark(record.metadata),
      reason: `orphan mark removed: claimed again by ${claimants}`,
    });
  }
  if (ownership.kind === 'unowned') {
    return skip(row, 'not-approved', ids, `not adopted: only endpoints that are not Approved claim it (${claimants})`);
  }
  return change(row, 'keep', {
    ...unchanged,
    metadata: record.metadata,
    reason: `claimed only by endpoints that are not Approved (${claimants}): kept as is`,
  });
}

function planUnclaimedRecord(row: RecordRow, record: ObservedRecordSet, ctx: RowContext): RowOutcome {
  const ownership = ownershipOf(record, ctx.instanceId);
  if (ownership.kind === 'other-instance')
    return skip(row, 'other-instance', [], describeOtherInstance(ownership.instance));
  if (ownership.kind === 'unowned' && ctx.mode !== 'adopt-and-delete') {
    return skip(
      row,
      'not-owned',
      [],
      `no live endpoint claims it, but it has no privatelink-autopilot ownership metadata and ownership mode ${ctx.mode} deletes only records it owns`,
    );
  }
  if (!ctx.deletable(record)) {
    return skip(row, 'not-deletable', [], "no live endpoint claims it, but it is outside this run's deletion scope");
  }
  const ips = sortedDistinctIps(record.ips);
  const unchanged = { ips, previousIps: ips, ttl: record.ttl, endpoints: [], ...etagOf(record) };
  const formerly = recordedEndpoints(record.metadata);
  const unclaimed = `no live endpoint claims it${formerly.length > 0 ? ` (written for ${formerly.join(', ')})` : ''}`;
  const grace = ctx.orphanGrace;
  if (!grace) return deleteUnlessHeld(row, record, unclaimed, ctx);

  const mark = orphanedSince(record.metadata);
  const markedAtMs = mark === undefined ? Number.NaN : Date.parse(mark);
  if (Number.isNaN(markedAtMs)) {
    const why = mark === undefined ? '' : ` (the previous mark "${mark}" is not a timestamp)`;
    return change(row, 'update', {
      ...unchanged,
      metadata: withOrphanMark(record.metadata, grace.now),
      reason: `marked orphaned${why}: ${unclaimed}; deleted once unclaimed for more than ${grace.graceMinutes} minutes`,
    });
  }
  const minutesOrphaned = (grace.nowMs - markedAtMs) / 60_000;
  if (minutesOrphaned > grace.graceMinutes) {
    return deleteUnlessHeld(
      row,
      record,
      `${unclaimed}; orphaned since ${mark}, longer than the ${grace.graceMinutes}-minute grace`,
      ctx,
      true,
    );
  }
  return change(row, 'keep', {
    ...unchanged,
    metadata: record.metadata,
    reason: `${unclaimed}; orphaned since ${mark}, deleted once unclaimed for more than ${grace.graceMinutes} minutes`,
  });
}

/**
 * An endpoint whose claims are unknown holds the deletes it could claim: records in the zones its service maps to.
 * A failed endpoint's hold ends once the record has been orphaned for longer than the grace (it is reported instead).
 */
function deleteUnlessHeld(
  row: RecordRow,
  record: ObservedRecordSet,
  reason: string,
  ctx: RowContext,
  pastGrace = false,
): RowOutcome {
  const holding = ctx.holds.filter((hold) => hold.covers(row.zone) && !(pastGrace && hold.failed));
  if (holding.length > 0) {
    const ids = holding.map((hold) => hold.endpointId);
    const why = holding.every((hold) => hold.failed) ? 'failed without IP configurations' : 'still provisioning';
    return skip(
      row,
      'endpoint-provisioning',
      ids,
      `delete held (${reason}): endpoint ${ids.join(', ')} is ${why} and may claim it`,
    );
  }
  return change(row, 'delete', {
    ips: [],
    previousIps: sortedDistinctIps(record.ips),
    ttl: record.ttl,
    metadata: record.metadata,
    reason,
    endpoints: [],
    ...etagOf(record),
  });
}

/** Why a claimed record without our metadata is left alone in `owned-only` mode (a drift run reports it taken over). */
export const CLAIMED_NOT_OWNED_REASON =
  'has no privatelink-autopilot ownership metadata and ownership mode is owned-only';

function refuseForeign(
  row: RecordRow,
  ownership: RecordOwnership,
  mode: OwnershipMode,
  claimantIds: string[],
): RowOutcome | undefined {
  if (ownership.kind === 'other-instance')
    return skip(row, 'other-instance', claimantIds, describeOtherInstance(ownership.instance));
  if (ownership.kind === 'unowned' && mode === 'owned-only') {
    return skip(row, 'not-owned', claimantIds, CLAIMED_NOT_OWNED_REASON);
  }
  return undefined;
}

function conflict(row: RecordRow, approvedIps: Map<string, string[]>): RowOutcome {
  const claimants = [...approvedIps].map(([endpointId, ips]) => ({ endpointId, ips }));
  const detail = claimants.map((c) => `${c.endpointId}: ${describeIps(c.ips)}`).join('; ');
  return {
    kind: 'conflict',
    conflict: {
      zoneId: row.zoneId,
      zone: row.zone,
      name: row.name,
      fqdn: row.fqdn,
      claimants,
      ...(row.record ? { currentIps: sortedDistinctIps(row.record.ips) } : {}),
      reason: `Approved endpoints claim different IPs (${detail}); the record is left as is until they agree`,
    },
  };
}

type ChangeFields = Omit<DnsRecordChange, 'action' | 'zoneId' | 'zone' | 'name' | 'fqdn'>;

function change(row: RecordRow, action: DnsChangeAction, fields: ChangeFields): RowOutcome {
  return {
    kind: 'change',
    change: Object.assign({ action, zoneId: row.zoneId, zone: row.zone, name: row.name, fqdn: row.fqdn }, fields),
  };
}

function skip(row: RecordRow, cause: DnsSkipCause, endpoints: string[], reason: string): RowOutcome {
  return {
    kind: 'skip',
    skip: { cause, zoneId: row.zoneId, zone: row.zone, name: row.name, fqdn: row.fqdn, endpoints, reason },
  };
}

function etagOf(record: ObservedRecordSet): { etag?: string } {
  return record.etag === undefined ? {} : { etag: record.etag };
}

/** Endpoint ID → its sorted distinct IPs, in endpoint ID order. */
function ipsByEndpoint(claims: RowClaim[]): Map<string, string[]> {
  const ips = new Map<string, string[]>();
  const only = claims.length === 1 ? claims[0] : undefined;
  if (only) return ips.set(only.endpoint.id, [only.ip.trim()]);
  for (const id of endpointIds(claims)) {
    ips.set(id, sortedDistinctIps(claims.filter((c) => c.endpoint.id === id).map((c) => c.ip)));
  }
  return ips;
}

function endpointIds(claims: RowClaim[]): string[] {
  return sortedDistinct(claims.map((c) => c.endpoint.id));
}

function describeClaimants(claims: RowClaim[]): string {
  const statusById = new Map(claims.map((c) => [c.endpoint.id, c.endpoint.status]));
  return endpointIds(claims)
    .map((id) => `${id}: ${statusById.get(id) ?? 'unknown'}`)
    .join(', ');
}

function describeApproved(ids: string[]): string {
  return `Approved endpoint${ids.length > 1 ? 's' : ''} ${ids.join(', ')}`;
}

function describeIps(ips: string[]): string {
  return ips.length === 0 ? '(none)' : ips.join(', ');
}

function describeOtherInstance(instance: string | undefined): string {
  return instance === undefined
    ? 'stamped managedBy privatelink-autopilot without an autopilotInstance: left to whoever wrote it'
    : `owned by autopilot instance ${instance}`;
}
