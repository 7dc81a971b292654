/** `doctor`: observe one target or endpoint and hand what was seen to the pure diagnosis. */
import { findEntries } from '../core/catalogue';
import { diagnose, type DiagnosisInput, type DiagnosisReport, type DiagnosisTarget } from '../core/diagnose';
import { sameResourceId } from '../core/resource-id';
import type { EngineContext } from './context';
import { observe } from './observe';
import { claimsOfObservation, placementOf, type Observation } from '../core/plan';

export interface ResourceDiagnosis {
  report: DiagnosisReport;
  observation: Observation;
}

export async function diagnoseResource(ctx: EngineContext, resourceId: string): Promise<ResourceDiagnosis> {
  const observation = await observe(ctx, { resourceId, links: true });
  return { report: diagnose(diagnosisInput(ctx, observation)), observation };
}

export function diagnosisInput(
  ctx: Pick<EngineContext, 'catalogue' | 'settings'>,
  observation: Observation,
): DiagnosisInput {
  const focus = observation.focus;
  if (!focus) throw new Error('observation.focus: expected an observation of one resource (observe with resourceId)');
  if (focus.kind === 'endpoint' && !observation.endpoints.some((e) => sameResourceId(e.id, focus.resourceId))) {
    const failure = observation.failures.find((f) => sameResourceId(f.resourceId, focus.resourceId));
    throw new Error(
      `cannot diagnose ${focus.resourceId}: the endpoint could not be read (${failure ? `${failure.code}: ${failure.message}` : 'not found'})`,
    );
  }
  const target: DiagnosisTarget | undefined = focus.targetId
    ? observation.targets.find((t) => sameResourceId(t.id, focus.targetId as string))
    : undefined;
  return {
    subject: { kind: focus.kind, id: focus.resourceId },
    ...(target ? { target } : {}),
    endpoints: observation.endpoints,
    connections: observation.connections,
    zones: observation.zones,
    records: observation.records,
    ...(target ? { targetZoneNames: catalogueZones(ctx, target.type, observation) } : {}),
    claimsOf: claimsOfObservation(ctx, observation),
    placement: placementOf(ctx, observation),
    options: { instanceId: ctx.settings.instanceId, ownershipMode: ctx.settings.ownershipMode },
    failures: observation.failures,
  };
}

/**
 * The observed zones the catalogue says hold a target type's records (zone patterns with variables depend on the
 * endpoint and are left to its claims): where a target with no endpoint left may still have stale records.
 */
export function catalogueZones(
  ctx: Pick<EngineContext, 'catalogue'>,
  targetType: string,
  observation: Observation,
): string[] {
  const names = findEntries(ctx.catalogue, targetType).flatMap((entry) =>
    entry.zones.flatMap((rule) => [rule.zone, ...(rule.alternativeZones ?? [])]),
  );
  const catalogued = new Set(names.filter((zone) => !zone.includes('{')).map((zone) => zone.toLowerCase()));
  return [...new Set(observation.zones.map((z) => z.name).filter((name) => catalogued.has(name)))].sort();
}
