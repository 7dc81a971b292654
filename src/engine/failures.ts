import { classifyArmError } from '../azure/errors';
import type { ReconcilePlan } from '../core/reconcile-plan';
import { resourceName, tryParseResourceId } from '../core/resource-id';
import type { ObservationFailure, ObservationStage } from './types';

export function observationFailure(stage: ObservationStage, resourceId: string, error: unknown): ObservationFailure {
  const classified = classifyArmError(error);
  return { stage, resourceId, code: classified.code, message: classified.message, transient: classified.transient };
}

/** Failures that leave some endpoint's claims unknown: records it may claim must not be deleted meanwhile. */
export function claimsUnknown(failures: readonly ObservationFailure[]): ObservationFailure[] {
  return failures.filter((f) => f.stage === 'endpoint' || f.stage === 'endpoints');
}

/**
 * The planner sees only the zones that were read, so a record in a zone that could not be read (or when the zones
 * could not be listed) comes out as "zone … is not in scope". Says what happened instead.
 */
export function explainUnreadableZones(plan: ReconcilePlan, failures: readonly ObservationFailure[]): ReconcilePlan {
  const listing = failures.find((f) => f.stage === 'zones');
  const unreadable = failures.flatMap((f) => {
    const parsed = f.stage === 'records' ? tryParseResourceId(f.resourceId) : undefined;
    const zone = parsed && resourceName(parsed)?.toLowerCase();
    return zone ? [{ zone, failure: f }] : [];
  });
  if (!listing && unreadable.length === 0) return plan;
  const why = (fqdn: string): string | undefined => {
    const name = fqdn.toLowerCase();
    const read = unreadable.find(({ zone }) => name === zone || name.endsWith(`.${zone}`));
    if (read) return `zone ${read.zone} could not be read (${read.failure.code}: ${read.failure.message}); nothing is planned in it`;
    if (listing) return `its zone could not be read: the private DNS zones of ${listing.resourceId} could not be listed (${listing.code}: ${listing.message}); nothing is planned in it`;
    return undefined;
  };
  return {
    ...plan,
    skipped: plan.skipped.map((skip) => {
      const reason = skip.cause === 'zone-not-in-scope' ? why(skip.resourceId) : undefined;
      return reason === undefined ? skip : { ...skip, cause: 'zone-unreadable', reason };
    }),
  };
}

/** `CODE: message`, for reports. */
export function describeError(error: unknown): string {
  const classified = classifyArmError(error);
  return classified.message.startsWith(classified.code) ? classified.message : `${classified.code}: ${classified.message}`;
}
