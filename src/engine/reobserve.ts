/** Reading part of an observation again after the run changed it (approvals, refreshes) or someone else did (412). */
import { recordSetKey } from '../core/arm-identity';
import { ARM_READS_IN_FLIGHT, mapBounded } from '../core/map-bounded';
import type { ObservedRecordSet } from '../core/model';
import { claimsOfObservation, type Observation, type ObservationFailure } from '../core/plan';
import { normaliseDnsName, resourceKey } from '../core/plan/dns/names';
import { recordedEndpoints } from '../core/plan/dns/ownership';
import { isInScope } from '../core/scope';
import type { EngineContext } from './context';
import { observationFailure } from './failures';

/**
 * The endpoints read again (replacing what was observed of them), and the record names they claim now that the
 * observation does not hold yet (a new region's name), a GET each: what was read stays, so a name an endpoint stopped
 * claiming with the refresh (a removed region) is still there to be deleted.
 */
export async function reobserveEndpoints(
  ctx: EngineContext,
  observation: Observation,
  endpointIds: readonly string[],
): Promise<Observation> {
  const read = await ctx.arm.endpoints.observeEndpoints(endpointIds);
  const keys = new Set(endpointIds.map(resourceKey));
  const endpoints = [...observation.endpoints.filter((e) => !keys.has(resourceKey(e.id))), ...read.endpoints];
  const failures: ObservationFailure[] = [
    ...observation.failures.filter((f) => !(f.stage === 'endpoint' && keys.has(resourceKey(f.resourceId)))),
    ...read.failures.map((f) => ({
      stage: 'endpoint' as const,
      resourceId: f.endpointId,
      code: f.error.code,
      message: f.error.message,
      transient: f.error.transient,
    })),
  ];
  let next: Observation = { ...observation, endpoints, failures };
  const claimsOf = claimsOfObservation(ctx, next);
  const held = new Set(next.records.map((r) => recordSetKey(r.zoneId, r.name)));
  const wanted = new Map<string, { zoneId: string; names: Set<string> }>();
  for (const claim of read.endpoints.flatMap((e) => claimsOf(e).claims)) {
    for (const zone of next.zones.filter((z) => z.name === claim.zone)) {
      const name = normaliseDnsName(claim.name);
      if (held.has(recordSetKey(zone.id, name))) continue;
      const entry = wanted.get(resourceKey(zone.id)) ?? { zoneId: zone.id, names: new Set<string>() };
      entry.names.add(name);
      wanted.set(resourceKey(zone.id), entry);
    }
  }
  const fresh = await mapBounded([...wanted.values()], ARM_READS_IN_FLIGHT, async ({ zoneId, names }) => {
    try {
      return { zoneId, names: [...names], records: (await ctx.arm.dns.getRecordSets(zoneId, [...names])).records };
    } catch (error) {
      next = { ...next, failures: [...next.failures, observationFailure(ctx, 'records', zoneId, error)] };
      return undefined;
    }
  });
  for (const zone of fresh) if (zone) next = withRecordSets(next, zone.zoneId, zone.names, zone.records);
  return next;
}

/** The observation with these names of one zone replaced by a fresh read of them (a name read and absent is removed). */
export function withRecordSets(
  observation: Observation,
  zoneId: string,
  names: readonly string[],
  records: ObservedRecordSet[],
): Observation {
  const key = resourceKey(zoneId);
  const replaced = new Set(names.map(normaliseDnsName));
  const kept = observation.records.filter(
    (r) => resourceKey(r.zoneId) !== key || !replaced.has(normaliseDnsName(r.name)),
  );
  return { ...observation, records: [...kept, ...records] };
}

/**
 * Just before deleting records: the endpoints their ownership metadata names, read again. The plan came from endpoints
 * as they were read seconds ago; meanwhile another run may have made one of them claim the name again (a region
 * removed and added back, its endpoint refreshed in between). An endpoint that is gone is dropped, not a failure.
 */
export async function reobserveFormerClaimants(
  ctx: EngineContext,
  observation: Observation,
  records: ReadonlyArray<{ zoneId: string; name: string }>,
): Promise<Observation> {
  const wanted = new Set(records.map((r) => recordSetKey(r.zoneId, r.name)));
  const ids = new Map<string, string>();
  for (const record of observation.records) {
    if (!wanted.has(recordSetKey(record.zoneId, record.name))) continue;
    for (const id of recordedEndpoints(record.metadata))
      if (isInScope(ctx.scope, id, 'resource')) ids.set(resourceKey(id), id);
  }
  if (ids.size === 0) return observation;
  const read = await ctx.arm.endpoints.observeEndpoints([...ids.values()]);
  const gone = new Set(read.failures.filter((f) => f.error.status === 404).map((f) => resourceKey(f.endpointId)));
  const keys = new Set(ids.keys());
  return {
    ...observation,
    endpoints: [...observation.endpoints.filter((e) => !keys.has(resourceKey(e.id))), ...read.endpoints],
    failures: [
      ...observation.failures,
      ...read.failures
        .filter((f) => !gone.has(resourceKey(f.endpointId)))
        .map((f) => ({
          stage: 'endpoint' as const,
          resourceId: f.endpointId,
          code: f.error.code,
          message: f.error.message,
          transient: f.error.transient,
        })),
    ],
  };
}
