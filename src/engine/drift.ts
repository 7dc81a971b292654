/**
 * The engine's side of record events (core/drift.ts decides): read the records the events named, once each, and the
 * pass over one zone copy that puts back what its claimants need when the events cannot say who they are.
 */
import { parseRecordSetId, recordSetId, recordSetKey, recordSetKeyOfId } from '../core/arm-identity';
import { judgeRecord, type RecordVerdict } from '../core/drift';
import type { ArmCallCount } from '../core/model';
import { runPolicy, type ObservationFailure } from '../core/plan';
import { CLAIMED_NOT_OWNED_REASON } from '../core/plan/dns/decide';
import { isInScope } from '../core/scope';
import { ARM_READS_IN_FLIGHT, mapBounded } from '../core/map-bounded';
import { applyPlan } from './apply';
import type { EngineContext } from './context';
import { dryRunFor } from './context';
import { observationFailure } from './failures';
import { observeAndPlan } from './reconcile';
import type { ApplyResult } from './types';

export interface RecordInspection {
  verdicts: RecordVerdict[];
  failures: ObservationFailure[];
  calls: ArmCallCount;
}

/** One GET per named record (in-scope zones only); a zone whose reads fail leaves its records `unread`. */
export async function inspectRecords(ctx: EngineContext, recordSetIds: readonly string[]): Promise<RecordInspection> {
  const byZone = new Map<string, { zoneId: string; names: string[]; ids: string[] }>();
  for (const id of recordSetIds) {
    const parsed = parseRecordSetId(id);
    if (!parsed || !isInScope(ctx.scope, parsed.zoneId, 'dns')) continue;
    const key = recordSetKey(parsed.zoneId, parsed.name);
    const entry = byZone.get(parsed.zoneId.toLowerCase()) ?? { zoneId: parsed.zoneId, names: [], ids: [] };
    if (!entry.ids.includes(key)) {
      entry.names.push(parsed.name);
      entry.ids.push(key);
    }
    byZone.set(parsed.zoneId.toLowerCase(), entry);
  }
  const failures: ObservationFailure[] = [];
  const inScope = (endpointId: string) => isInScope(ctx.scope, endpointId, 'resource');
  const { value, calls } = await ctx.arm.meter.measure(async () =>
    mapBounded([...byZone.values()], ARM_READS_IN_FLIGHT, async ({ zoneId, names }) => {
      try {
        const found = new Map(
          (await ctx.arm.dns.getRecordSets(zoneId, names)).records.map((r) => [recordSetKey(r.zoneId, r.name), r]),
        );
        return names.map((name) =>
          judgeRecord(
            recordSetId(zoneId, name),
            found.get(recordSetKey(zoneId, name)),
            ctx.settings.instanceId,
            inScope,
          ),
        );
      } catch (error) {
        failures.push(observationFailure(ctx, 'records', zoneId, error));
        return names.map((name): RecordVerdict => ({ recordSetId: recordSetId(zoneId, name), verdict: 'unread' }));
      }
    }),
  );
  return { verdicts: value.flat(), failures, calls };
}

export type ZonePassResult = ApplyResult & {
  /** Of the records asked about, those an Approved endpoint claims that someone took over (left alone: owned-only). */
  takenOver: string[];
};

/**
 * One zone copy, for every endpoint of the scope: creates and fixes the records they claim in it and deletes none
 * (records nobody claims stay the orphan sweep's: a subscription pass's policy). Reads the scope's endpoint listings
 * and this one zone copy's records: pages, whatever the number of events that asked for it.
 */
export async function reconcileZoneCopy(
  ctx: EngineContext,
  request: { zoneId: string; dryRun: boolean; takenOverCandidates?: readonly string[] },
): Promise<ZonePassResult> {
  const policy = runPolicy({ kind: 'subscription', entry: 'function-app', dryRun: dryRunFor(ctx, request.dryRun) });
  const candidates = new Set((request.takenOverCandidates ?? []).flatMap((id) => recordSetKeyOfId(id) ?? []));
  const { value, calls } = await ctx.arm.meter.measure(async () => {
    const { observation, plan } = await observeAndPlan(ctx, { zoneIds: [request.zoneId], connections: false }, policy);
    const result = await applyPlan(ctx, observation, plan, { policy, parts: ['dns'] });
    const takenOver = plan.skipped
      .filter((s) => s.cause === 'not-owned' && s.reason === CLAIMED_NOT_OWNED_REASON)
      .filter((s) => {
        const key = recordSetKeyOfId(s.resourceId);
        return key !== undefined && candidates.has(key);
      })
      .map((s) => s.resourceId);
    return { result, takenOver };
  });
  return { ...value.result, calls, takenOver: value.takenOver };
}
