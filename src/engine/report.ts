/**
 * The fleet report: the doctor's checks for every target in scope, from the whole-scope observation the subscription
 * pass makes (endpoint, NIC and target listings, zones with their links, each zone's record sets, and the zone groups
 * its planned writes rest on), as a dry run: never a read per resource, never a write.
 */
import { buildFleetReport, type FleetReport } from '../core/report';
import { claimsOfObservation, runPolicy, type RunEntry } from '../core/plan';
import type { ArmCallCount } from '../core/model';
import type { EngineContext } from './context';
import { catalogueZones } from './diagnose';
import { observeAndPlan } from './reconcile';

export interface FleetReportRun {
  report: FleetReport;
  /** What the observation cost. */
  calls: ArmCallCount;
}

export async function fleetReport(ctx: EngineContext, entry: RunEntry): Promise<FleetReportRun> {
  const generatedAt = ctx.now();
  const { value: observation, calls } = await ctx.arm.meter.measure(async () => {
    const policy = runPolicy({ kind: 'subscription', entry, dryRun: true });
    return (await observeAndPlan(ctx, {}, policy)).observation;
  });
  const report = buildFleetReport({
    observation,
    options: {
      claimsOf: claimsOfObservation(ctx, observation),
      targetZoneNames: (type) => catalogueZones(ctx, type, observation),
      options: { instanceId: ctx.settings.instanceId, ownershipMode: ctx.settings.ownershipMode },
    },
    generatedAt,
  });
  return { report, calls };
}
