/** Reading part of an observation again after the run changed it (approvals, refreshes) or someone else did (412). */
import { mapBounded } from '../core/map-bounded';
import type { ObservedRecordSet } from '../core/model';
import { claimsOfObservation, type Observation, type ObservationFailure } from '../core/plan';
import { resourceKey } from '../core/plan/dns/names';
import type { EngineContext } from './context';
import { observationFailure } from './failures';

const CONCURRENCY = 8;

/** The endpoints read again (replacing what was observed of them), and the records of the zones they now claim. */
export async function reobserveEndpoints(ctx: EngineContext, observation: Observation, endpointIds: readonly string[]): Promise<Observation> {
  const read = await ctx.arm.endpoints.observeEndpoints(endpointIds);
  const keys = new Set(endpointIds.map(resourceKey));
  const endpoints = [...observation.endpoints.filter((e) => !keys.has(resourceKey(e.id))), ...read.endpoints];
  const failures: ObservationFailure[] = [
    ...observation.failures.filter((f) => !(f.stage === 'endpoint' && keys.has(resourceKey(f.resourceId)))),
    ...read.failures.map((f) => ({ stage: 'endpoint' as const, resourceId: f.endpointId, code: f.error.code, message: f.error.message, transient: f.error.transient })),
  ];
  let next: Observation = { ...observation, endpoints, failures };
  const claimsOf = claimsOfObservation(ctx, next);
  const zoneNames = new Set(read.endpoints.flatMap((e) => claimsOf(e).claims.map((c) => c.zone)));
  const zones = next.zones.filter((z) => zoneNames.has(z.name));
  const fresh = await mapBounded(zones, CONCURRENCY, async (zone) => {
    try {
      return { zoneId: zone.id, records: (await ctx.arm.dns.listRecordSets(zone.id)).records };
    } catch (error) {
      next = { ...next, failures: [...next.failures, observationFailure(ctx, 'records', zone.id, error)] };
      return undefined;
    }
  });
  for (const zone of fresh) if (zone) next = withZoneRecords(next, zone.zoneId, zone.records);
  return next;
}

/** The observation with one zone's records replaced by a fresh read. */
export function withZoneRecords(observation: Observation, zoneId: string, records: ObservedRecordSet[]): Observation {
  const key = resourceKey(zoneId);
  return { ...observation, records: [...observation.records.filter((r) => resourceKey(r.zoneId) !== key), ...records] };
}
