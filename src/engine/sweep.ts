/**
 * The orphan sweep over the whole zone scope, with every in-scope endpoint observed: what `planOrphanSweep` decides,
 * written (marks, then deletes) when asked to.
 */
import type { ArmCallCount, ObservedRecordSet } from '../core/model';
import {
  orphanWriteFor,
  planOrphanSweep,
  recordSetId,
  type DnsChange,
  type Observation,
  type ObservationFailure,
  type OrphanRecord,
  type OrphanSweepOptions,
} from '../core/plan';
import type { DnsRecordChange } from '../core/plan/dns/types';
import { assertInScope } from '../core/scope';
import type { EngineContext } from './context';
import { writeRecord } from './dns-write';
import { observe } from './observe';
import { withRecordSets } from './reobserve';
import type { AppliedChange, ProgressEvent } from './types';

export interface SweepOptions extends OrphanSweepOptions {
  /** False: report only, write nothing. */
  delete: boolean;
  /** Sweep these zones only (the timer's orchestration goes zone by zone); default every zone in the DNS scope. */
  zoneIds?: readonly string[];
  onProgress?: (event: ProgressEvent) => void;
}

export interface SweepResult {
  dryRun: boolean;
  orphans: OrphanRecord[];
  failures: ObservationFailure[];
  calls: ArmCallCount;
}

export async function sweep(ctx: EngineContext, options: SweepOptions): Promise<SweepResult> {
  const { value, calls } = await ctx.arm.meter.measure(async () => {
    const observation = await observe(ctx, {
      connections: false,
      ...(options.zoneIds ? { zoneIds: options.zoneIds } : {}),
    });
    const found = planOrphanSweep(ctx, observation, options).orphans;
    if (!options.delete) return { dryRun: true, orphans: found, failures: observation.failures };
    return {
      dryRun: false,
      orphans: await writeOrphans(ctx, observation, found, options),
      failures: observation.failures,
    };
  });
  return { ...value, calls };
}

async function writeOrphans(
  ctx: EngineContext,
  observation: Observation,
  found: OrphanRecord[],
  options: SweepOptions,
): Promise<OrphanRecord[]> {
  let current = observation;
  const plan = planOrphanSweep(ctx, observation, options);
  const toWrite = found.filter((o) => o.action === 'delete' || o.action === 'mark');
  for (const orphan of toWrite) assertInScope(ctx.scope, orphan.zoneId, 'dns');
  const results: OrphanRecord[] = [];
  let writtenCount = 0;
  for (const orphan of found) {
    const change = orphanWriteFor(plan, orphan.resourceId);
    if (!change) {
      results.push(orphan);
      continue;
    }
    const replan = (zoneId: string, name: string, records: ObservedRecordSet[]) => {
      current = withRecordSets(current, zoneId, [name], records);
      return orphanWriteFor(planOrphanSweep(ctx, current, options), orphan.resourceId);
    };
    const written = await writeRecord(ctx, change, replan);
    const result: OrphanRecord = {
      ...orphan,
      outcome: written.outcome,
      ...(written.error ? { error: written.error } : {}),
      ...(written.detail ? { detail: written.detail } : {}),
    };
    results.push(result);
    writtenCount += 1;
    options.onProgress?.({
      index: writtenCount,
      total: toWrite.length,
      change: { ...asChange(written.record), ...outcomeOf(result) },
    });
  }
  return results;
}

function asChange(record: DnsRecordChange): DnsChange {
  return {
    kind: record.action === 'delete' ? 'dns-delete' : 'dns-update',
    resourceId: recordSetId(record.zoneId, record.name),
    reason: record.reason,
    record,
  };
}

function outcomeOf(orphan: OrphanRecord): Pick<AppliedChange, 'outcome' | 'error' | 'detail'> {
  return {
    outcome: orphan.outcome ?? 'skipped',
    ...(orphan.error ? { error: orphan.error } : {}),
    ...(orphan.detail ? { detail: orphan.detail } : {}),
  };
}
