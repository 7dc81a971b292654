/**
 * The fleet report: the doctor's checks for every target in scope, from one whole-scope observation (the pages the
 * subscription pass reads: endpoint, NIC and target listings, zones with their links, each zone's record sets), not
 * a read per resource.
 */
import { buildFleetReport, type FleetReport } from '../core/report';
import { claimsOfObservation } from '../core/plan';
import type { ArmCallCount } from '../core/model';
import type { EngineContext } from './context';
import { catalogueZones } from './diagnose';
import { observe } from './observe';

export interface FleetReportRun {
  report: FleetReport;
  /** What the observation cost. */
  calls: ArmCallCount;
}

export async function fleetReport(ctx: EngineContext): Promise<FleetReportRun> {
  const generatedAt = ctx.now();
  const observation = await observe(ctx);
  const report = buildFleetReport({
    observation,
    options: {
      claimsOf: claimsOfObservation(ctx, observation),
      targetZoneNames: (type) => catalogueZones(ctx, type, observation),
      options: { instanceId: ctx.settings.instanceId, ownershipMode: ctx.settings.ownershipMode },
    },
    generatedAt,
  });
  return { report, calls: observation.calls };
}
