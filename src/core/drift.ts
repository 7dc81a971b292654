/**
 * Record events (someone wrote or deleted an A record set in a zone copy) in the planner's terms: what one read of a
 * written record says, and what a zone copy's drift run does about the records its events named. Pure.
 *
 * - A record that still holds what the autopilot last wrote into it (its `autopilotWritten` stamp) was written by an
 *   autopilot, this one or the CLI: nothing to do. The autopilot's own writes end here, after one read, with no write.
 * - A record of ours whose IPs or TTL differ from the stamp (or that carries none) was changed by someone else: its
 *   claimants, named in its metadata, get their DNS reconciled (what those endpoints need, whatever the estate).
 * - A deleted record, a record without our metadata (someone took it over, or a record nobody told us about) and a
 *   record whose claimants are not named take one pass over the zone copy: the event does not say who claims them.
 */
import { recordSetKeyOfId } from './arm-identity';
import type { ObservedRecordSet } from './model';
import { matchesWrittenStamp, ownershipOf, recordedEndpoints } from './plan/dns/ownership';

/** What was found, as outcome lines and DriftRepaired events say it. */
export type DriftFound = 'record-missing' | 'record-changed' | 'record-taken-over';
export const DRIFT_FOUND: readonly DriftFound[] = ['record-missing', 'record-changed', 'record-taken-over'];

export type RecordVerdict =
  | { recordSetId: string; verdict: 'missing' }
  | { recordSetId: string; verdict: 'as-written' }
  | { recordSetId: string; verdict: 'changed'; claimants: string[] }
  | { recordSetId: string; verdict: 'not-ours' }
  | { recordSetId: string; verdict: 'other-instance' }
  /** Its zone could not be read: as good as unknown. */
  | { recordSetId: string; verdict: 'unread' };

/**
 * One written record's verdict from one read (`record` undefined: it is gone). `inScope` keeps claimants the run may
 * reconcile; a record whose claimants are all outside the scope is left to the zone pass, which decides it as a whole.
 */
export function judgeRecord(
  recordSetId: string,
  record: ObservedRecordSet | undefined,
  instanceId: string,
  inScope: (endpointId: string) => boolean,
): RecordVerdict {
  if (!record) return { recordSetId, verdict: 'missing' };
  const ownership = ownershipOf(record, instanceId);
  if (ownership.kind === 'other-instance') return { recordSetId, verdict: 'other-instance' };
  if (ownership.kind === 'unowned') return { recordSetId, verdict: 'not-ours' };
  if (matchesWrittenStamp(record)) return { recordSetId, verdict: 'as-written' };
  return { recordSetId, verdict: 'changed', claimants: recordedEndpoints(record.metadata).filter(inScope) };
}

/** Past this many claimants to reconcile one by one, one pass over the zone copy costs less. */
export const MAX_CLAIMANT_RUNS = 10;

export interface DriftRepair {
  /** Reconcile the DNS of these endpoints (each a focused run): the claimants of changed records of ours. */
  claimants: string[];
  /** One pass over the zone copy: creates and fixes every claimed record in it (deletes none). */
  zonePass: boolean;
  /** Why, for the outcome's reader. */
  reason: string;
}

/**
 * The written records a drift run reads, once each: none when a pass over the zone copy is certain already (a record
 * was deleted, or more events came than a run lists), since that pass reads the whole copy anyway.
 */
export function recordsToRead(written: readonly string[], deleted: readonly string[], overflowed: boolean): string[] {
  return deleted.length > 0 || overflowed ? [] : [...written];
}

/**
 * What a zone copy's drift run does about the records its events named: `deleted` were deleted, `verdicts` are the
 * written ones, read once each; `overflowed` when more events came than a run lists. Another autopilot instance's
 * records are its own.
 */
export function driftRepair(
  deleted: readonly string[],
  verdicts: readonly RecordVerdict[],
  overflowed = false,
): DriftRepair {
  if (overflowed) return { claimants: [], zonePass: true, reason: 'more events than a pass lists' };
  const claimants = new Set<string>();
  let unknown = deleted.length;
  for (const v of verdicts) {
    if (v.verdict === 'missing' || v.verdict === 'not-ours' || v.verdict === 'unread') unknown += 1;
    else if (v.verdict === 'changed') {
      if (v.claimants.length === 0) unknown += 1;
      for (const id of v.claimants) claimants.add(id.toLowerCase());
    }
  }
  if (unknown > 0) {
    return {
      claimants: [],
      zonePass: true,
      reason: `${unknown} record(s) deleted, taken over or without claimants named: one pass over the zone copy`,
    };
  }
  if (claimants.size > MAX_CLAIMANT_RUNS) {
    return {
      claimants: [],
      zonePass: true,
      reason: `${claimants.size} claimants of changed records: one pass over the zone copy costs less`,
    };
  }
  const changed = verdicts.filter((v) => v.verdict === 'changed').length;
  return {
    claimants: [...claimants].sort(),
    zonePass: false,
    reason: changed === 0 ? 'every record named holds what an autopilot wrote' : `${changed} changed record(s) of ours`,
  };
}

/**
 * What a drift run found, from what it changed (a create puts back a missing record, an update a changed one) and
 * which written records it left alone because someone took them over (our metadata removed, `owned-only`).
 */
export function driftFound(
  changes: ReadonlyArray<{ kind: string; resourceId: string; made: boolean }>,
  takenOver: ReadonlyArray<{ resourceId: string }>,
): Array<{ resourceId: string; found: DriftFound }> {
  const found = new Map<string, { resourceId: string; found: DriftFound }>();
  for (const change of changes) {
    if (!change.made) continue;
    const kind: DriftFound | undefined =
      change.kind === 'dns-create' ? 'record-missing' : change.kind === 'dns-update' ? 'record-changed' : undefined;
    if (kind) found.set(keyOf(change.resourceId), { resourceId: change.resourceId, found: kind });
  }
  for (const { resourceId } of takenOver)
    if (!found.has(keyOf(resourceId))) found.set(keyOf(resourceId), { resourceId, found: 'record-taken-over' });
  return [...found.values()];
}

function keyOf(recordSetId: string): string {
  return recordSetKeyOfId(recordSetId) ?? recordSetId.toLowerCase();
}
