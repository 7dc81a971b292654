import {
  ENDPOINTS_METADATA_KEY,
  INSTANCE_METADATA_KEY,
  ORPHANED_SINCE_METADATA_KEY,
  OWNERSHIP_METADATA_KEY,
  WRITTEN_METADATA_KEY,
  OWNERSHIP_METADATA_VALUE,
  type ObservedRecordSet,
} from '../../model';
import { sameList, sortedDistinct, sortedDistinctIps } from './names';

export type RecordOwnership =
  | { kind: 'ours' }
  | { kind: 'unowned' }
  /** Stamped by another autopilot instance, or by ours without an instance: never touched. */
  | { kind: 'other-instance'; instance: string | undefined };

const OUR_KEYS = [
  OWNERSHIP_METADATA_KEY,
  INSTANCE_METADATA_KEY,
  ENDPOINTS_METADATA_KEY,
  ORPHANED_SINCE_METADATA_KEY,
  WRITTEN_METADATA_KEY,
];

/** Metadata keys are matched case-insensitively: people and tools re-type them. */
export function readMetadata(metadata: Record<string, string>, key: string): string | undefined {
  // The exact key first: that is how we write it, and it saves lower-casing every key of every record.
  if (Object.hasOwn(metadata, key)) return metadata[key];
  const wanted = key.toLowerCase();
  for (const k in metadata) if (Object.hasOwn(metadata, k) && k.toLowerCase() === wanted) return metadata[k];
  return undefined;
}

export function ownershipOf(record: ObservedRecordSet, instanceId: string): RecordOwnership {
  const managedBy = readMetadata(record.metadata, OWNERSHIP_METADATA_KEY);
  if (managedBy?.trim().toLowerCase() !== OWNERSHIP_METADATA_VALUE) return { kind: 'unowned' };
  const instance = readMetadata(record.metadata, INSTANCE_METADATA_KEY)?.trim();
  if (instance?.toLowerCase() === instanceId.trim().toLowerCase()) return { kind: 'ours' };
  return { kind: 'other-instance', instance: instance || undefined };
}

export function recordedEndpoints(metadata: Record<string, string>): string[] {
  const value = readMetadata(metadata, ENDPOINTS_METADATA_KEY) ?? '';
  return sortedDistinct(
    value
      .split(',')
      .map((id) => id.trim().toLowerCase())
      .filter((id) => id.length > 0),
  );
}

export function orphanedSince(metadata: Record<string, string>): string | undefined {
  return readMetadata(metadata, ORPHANED_SINCE_METADATA_KEY);
}

/** Why our ownership stamp on a record does not match what we would write; empty when it matches. */
export function ownershipDrift(record: ObservedRecordSet, instanceId: string, endpointIds: string[]): string[] {
  const drift: string[] = [];
  if (ownershipOf(record, instanceId).kind !== 'ours') {
    drift.push('adopting a record without privatelink-autopilot ownership metadata');
    return drift;
  }
  const recorded = recordedEndpoints(record.metadata);
  if (!sameList(recorded, endpointIds)) {
    drift.push(`endpoint list ${describeList(recorded)} → ${describeList(endpointIds)}`);
  }
  return drift;
}

function describeList(ids: string[]): string {
  return ids.length === 0 ? '(none)' : ids.join(', ');
}

function withoutOurKeys(metadata: Record<string, string>): Record<string, string> {
  const ours = new Set(OUR_KEYS.map((k) => k.toLowerCase()));
  return Object.fromEntries(Object.entries(metadata).filter(([key]) => !ours.has(key.toLowerCase())));
}

/**
 * Keeps other people's metadata; replaces ours (whatever its key casing), drops any orphan mark and stamps what is
 * written (`written`: the record's IPs and TTL).
 */
export function ownedMetadata(
  existing: Record<string, string>,
  instanceId: string,
  endpointIds: string[],
  written: { ips: readonly string[]; ttl: number },
): Record<string, string> {
  return {
    ...withoutOurKeys(existing),
    [OWNERSHIP_METADATA_KEY]: OWNERSHIP_METADATA_VALUE,
    [INSTANCE_METADATA_KEY]: instanceId,
    [ENDPOINTS_METADATA_KEY]: endpointIds.join(','),
    [WRITTEN_METADATA_KEY]: writtenStamp(written.ips, written.ttl),
  };
}

/** `10.0.0.4,10.0.0.5;ttl=10`: the IPs (sorted, distinct) and TTL the autopilot wrote. */
export function writtenStamp(ips: readonly string[], ttl: number): string {
  return `${sortedDistinctIps(ips).join(',')};ttl=${ttl}`;
}

/** Whether the record still holds what the autopilot last wrote into it (false when it carries no stamp). */
export function matchesWrittenStamp(record: Pick<ObservedRecordSet, 'ips' | 'ttl' | 'metadata'>): boolean {
  const stamp = readMetadata(record.metadata, WRITTEN_METADATA_KEY)?.trim();
  return stamp !== undefined && stamp === writtenStamp(record.ips, record.ttl);
}

export function withOrphanMark(existing: Record<string, string>, since: string): Record<string, string> {
  return { ...withoutOrphanMark(existing), [ORPHANED_SINCE_METADATA_KEY]: since };
}

export function withoutOrphanMark(existing: Record<string, string>): Record<string, string> {
  const key = ORPHANED_SINCE_METADATA_KEY.toLowerCase();
  return Object.fromEntries(Object.entries(existing).filter(([k]) => k.toLowerCase() !== key));
}
