import { recordSetKey, type RecordSetKey } from '../../arm-identity';
import type { ObservedRecordSet } from '../../model';
import { sortSkipped } from './sort';
import type { DnsPlan, DnsRecordChange, DnsSkip } from './types';

/**
 * The record sets a zone would hold after the plan's changes succeed. Pure, for tests and dry runs; it fails the
 * way the server would (a create over an existing record, an update or delete of a missing one: 412). Written
 * records get no etag because only the server issues etags.
 */
export function applyPlanToRecords(records: ObservedRecordSet[], plan: DnsPlan): ObservedRecordSet[] {
  const byKey = new Map<RecordSetKey, ObservedRecordSet>();
  for (const record of records) byKey.set(recordSetKey(record.zoneId, record.name), record);
  for (const change of plan.changes) {
    const key = recordSetKey(change.zoneId, change.name);
    const exists = byKey.has(key);
    if (change.action === 'keep') continue;
    if (change.action === 'create' ? exists : !exists) {
      throw new Error(
        `applyPlanToRecords: cannot ${change.action} ${change.fqdn} in ${change.zoneId}: the record ${exists ? 'already exists' : 'does not exist'} (the server would answer 412)`,
      );
    }
    if (change.action === 'delete') byKey.delete(key);
    else byKey.set(key, writtenRecord(change));
  }
  return [...byKey.values()];
}

function writtenRecord(change: DnsRecordChange): ObservedRecordSet {
  return {
    zoneId: change.zoneId,
    zone: change.zone,
    name: change.name,
    ips: [...change.ips],
    ttl: change.ttl,
    metadata: { ...change.metadata },
  };
}

/** A safety mode: at most `max` deletes per run (the first ones in plan order); the rest wait for the next run. */
export function limitDeletions(plan: DnsPlan, max: number): DnsPlan {
  if (!Number.isInteger(max) || max < 0) {
    throw new Error(`limitDeletions max: expected a whole number ≥ 0, got ${String(max)}`);
  }
  let kept = 0;
  const changes: DnsRecordChange[] = [];
  const deferred: DnsSkip[] = [];
  for (const change of plan.changes) {
    if (change.action !== 'delete' || kept < max) {
      if (change.action === 'delete') kept++;
      changes.push(change);
      continue;
    }
    deferred.push({
      cause: 'deletion-limit',
      zoneId: change.zoneId,
      zone: change.zone,
      name: change.name,
      fqdn: change.fqdn,
      endpoints: change.endpoints,
      reason: `delete deferred (${change.reason}): the limit of ${max} deletion${max === 1 ? '' : 's'} per run is reached`,
    });
  }
  return { ...plan, changes, skipped: sortSkipped([...plan.skipped, ...deferred]) };
}

export interface DnsPlanSummary {
  counts: {
    create: number;
    update: number;
    delete: number;
    keep: number;
    conflicts: number;
    skipped: number;
    disconnectedEndpoints: number;
    provisioningEndpoints: number;
  };
  /** A headline, then one line per write, conflict, skip and endpoint worth attention; unchanged records are only counted. */
  lines: string[];
}

export function summarisePlan(plan: DnsPlan): DnsPlanSummary {
  const count = (action: DnsRecordChange['action']) => plan.changes.filter((c) => c.action === action).length;
  const counts = {
    create: count('create'),
    update: count('update'),
    delete: count('delete'),
    keep: count('keep'),
    conflicts: plan.conflicts.length,
    skipped: plan.skipped.length,
    disconnectedEndpoints: plan.disconnectedEndpoints.length,
    provisioningEndpoints: plan.provisioningEndpoints.length,
  };
  const headline =
    `DNS plan: ${counts.create} to create, ${counts.update} to update, ${counts.delete} to delete, ${counts.keep} unchanged; ` +
    `${plural(counts.conflicts, 'conflict')}, ${counts.skipped} skipped`;
  const lines = [headline];
  for (const change of plan.changes) {
    if (change.action === 'keep') continue;
    const ips = change.action === 'delete' ? change.previousIps : change.ips;
    lines.push(`${change.action} ${change.fqdn} A ${ips.join(', ') || '(none)'} in ${change.zoneId}: ${change.reason}`);
  }
  for (const conflict of plan.conflicts)
    lines.push(`conflict ${conflict.fqdn} in ${conflict.zoneId}: ${conflict.reason}`);
  for (const skipped of plan.skipped) lines.push(`skip ${skipped.fqdn} (${skipped.cause}): ${skipped.reason}`);
  for (const id of plan.provisioningEndpoints) lines.push(`provisioning ${id}: deletes wait until it succeeds`);
  for (const id of plan.disconnectedEndpoints) lines.push(`disconnected ${id}: its connection is gone; clean it up`);
  return { counts, lines };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
