/**
 * Health in two doors. GET /api/health (anonymous: monitors probe it) answers the status and a few booleans, nothing
 * that names the estate. GET /api/health/details (function key) adds what a person needs: settings and policy validity
 * with every problem, the scope, the last orphan sweep, the recent runs that could not see or do everything, and the
 * outcome events' counters. Neither shows a secret: the policy is summarised (source kind, rule count), never printed.
 */
import { outcomeEventCounters, type OutcomeEventCounters } from '../activities/outcome-events';
import { PolicyError } from '../core/policy';
import { loadPolicySource } from '../engine';
import { PERIODIC_INSTANCE_ID, SWEEP_INSTANCE_ID, type IncompleteRun } from '../orchestrations/contract';
import type { RunOutcome } from '../orchestrations/outcome';
import { readAppSettings } from './settings';
import { incompleteRunsOf, statusOf } from './starter';

export interface HealthClient {
  getStatus(
    instanceId: string,
  ): Promise<{ runtimeStatus?: unknown; lastUpdatedTime?: unknown; output?: unknown } | undefined>;
  getStatusBy(filter: { createdTimeFrom?: Date; createdTimeTo?: Date; runtimeStatus?: string[] }): Promise<
    Array<{
      instanceId?: unknown;
      name?: unknown;
      runtimeStatus?: unknown;
      lastUpdatedTime?: unknown;
      output?: unknown;
      customStatus?: unknown;
    }>
  >;
}

/** What anyone may know: whether the app works, never which subscriptions, groups, zones or resources it serves. */
export interface PublicHealth {
  status: HealthReport['status'];
  settingsValid: boolean;
  policyValid: boolean;
  /** Whether a run of the last day, or any resource's latest run, could not see or do everything (which, and why, is behind the key). */
  recentFailures: boolean;
  historyReadable: boolean;
  details: string;
}

export const HEALTH_DETAILS_ROUTE = 'health/details';

export function publicHealth(report: HealthReport): PublicHealth {
  return {
    status: report.status,
    settingsValid: report.settings.valid,
    policyValid: report.policy.valid,
    recentFailures: report.recentFailures.length > 0 || (report.incomplete ?? []).length > 0,
    historyReadable: report.settings.valid && report.historyProblem === undefined,
    details: `GET /api/${HEALTH_DETAILS_ROUTE} with a function key`,
  };
}

export interface HealthReport {
  status: 'healthy' | 'degraded' | 'misconfigured';
  settings: { valid: boolean; problems: string[] };
  policy: { valid: boolean; source: 'file' | 'inline' | 'none'; rules?: number; problems: string[] };
  dryRun?: boolean;
  scope?: { subscriptions: number; dnsZoneSubscription?: string; dnsZoneResourceGroups: string[] };
  lastSweep?: LastRun;
  /** The periodic whole-scope pass (AUTOPILOT_RECONCILE_SCHEDULE). */
  lastPeriodicPass?: LastRun;
  /**
   * Every resource whose latest run was incomplete, whatever its age (read from the durable instances, not a time
   * window), with the failures and since when in durable time, until a run of it completes.
   */
  incomplete?: Array<IncompleteRun & { instanceId: string; runtimeStatus: string }>;
  recentFailures: Array<{
    instanceId: string;
    orchestration: string;
    resourceId?: string;
    runtimeStatus: string;
    lastUpdatedTime?: string;
    failures: RunOutcome['failures'];
  }>;
  /** Why lastSweep or recentFailures could not be read (the durable task hub unreachable, say). */
  historyProblem?: string;
  /** Outcome events published and failed by this worker since it started (AUTOPILOT_OUTCOME_TOPIC_ENDPOINT). */
  outcomeEvents?: OutcomeEventCounters & { enabled: boolean };
}

type LastRun =
  { runtimeStatus: string; lastUpdatedTime?: string; outcome?: RunOutcome } | { runtimeStatus: 'never run' };

const RECENT_MS = 24 * 60 * 60 * 1000;
const MAX_RECENT_FAILURES = 20;

export async function healthReport(
  client: HealthClient | undefined,
  env: NodeJS.ProcessEnv = process.env,
  now: Date = new Date(),
): Promise<HealthReport> {
  const read = readAppSettings(env);
  if (!read.ok) {
    return {
      status: 'misconfigured',
      settings: { valid: false, problems: read.problems },
      policy: { valid: false, source: 'none', problems: ['not checked: the settings are invalid'] },
      recentFailures: [],
    };
  }
  const { settings, scope } = read;
  const loaded = loadPolicySource(settings.policySource);
  const policy =
    loaded instanceof PolicyError
      ? { valid: false, source: settings.policySource?.kind ?? ('none' as const), problems: loaded.problems }
      : {
          valid: true,
          source: settings.policySource?.kind ?? ('none' as const),
          rules: loaded.rules.length,
          problems: [],
        };
  const history = client ? await readHistory(client, now) : { recentFailures: [], historyProblem: 'no durable client' };
  const degraded =
    !policy.valid ||
    history.recentFailures.length > 0 ||
    (history.incomplete ?? []).length > 0 ||
    history.historyProblem !== undefined;
  return {
    status: degraded ? 'degraded' : 'healthy',
    settings: { valid: true, problems: [] },
    policy,
    dryRun: settings.dryRun,
    scope: {
      subscriptions: scope.subscriptions.length,
      ...(scope.dnsZoneSubscription ? { dnsZoneSubscription: scope.dnsZoneSubscription } : {}),
      dnsZoneResourceGroups: scope.dnsZoneResourceGroups,
    },
    ...history,
    outcomeEvents: { enabled: settings.outcomeTopicEndpoint !== undefined, ...outcomeEventCounters() },
  };
}

async function readHistory(
  client: HealthClient,
  now: Date,
): Promise<Pick<HealthReport, 'lastSweep' | 'lastPeriodicPass' | 'incomplete' | 'recentFailures' | 'historyProblem'>> {
  try {
    const sweep = await statusOf(client, SWEEP_INSTANCE_ID);
    const periodic = await statusOf(client, PERIODIC_INSTANCE_ID);
    const incomplete = incompleteRunsOf(await client.getStatusBy({}))
      .map(({ instanceId, runtimeStatus, run }) => ({ instanceId, runtimeStatus, ...run }))
      .sort((a, b) => a.since.localeCompare(b.since));
    const recent = await client.getStatusBy({
      createdTimeFrom: new Date(now.getTime() - RECENT_MS),
      createdTimeTo: now,
      runtimeStatus: ['Completed', 'Failed'],
    });
    const recentFailures = recent
      .map((status) => ({ status, outcome: outcomeOf(status.output) }))
      .filter(
        ({ status, outcome }) => status.runtimeStatus === 'Failed' || (outcome !== undefined && !outcome.complete),
      )
      .sort((a, b) => String(b.status.lastUpdatedTime ?? '').localeCompare(String(a.status.lastUpdatedTime ?? '')))
      .slice(0, MAX_RECENT_FAILURES)
      .map(({ status, outcome }) => ({
        instanceId: String(status.instanceId),
        orchestration: String(status.name ?? outcome?.orchestration ?? ''),
        ...(outcome ? { resourceId: outcome.resourceId } : {}),
        runtimeStatus: String(status.runtimeStatus),
        ...(status.lastUpdatedTime ? { lastUpdatedTime: timeText(status.lastUpdatedTime) } : {}),
        failures: outcome?.failures ?? [
          {
            stage: 'orchestration',
            resourceId: String(status.instanceId),
            code: 'OrchestrationFailed',
            message: String(status.output ?? 'failed'),
          },
        ],
      }));
    return { lastSweep: lastRun(sweep), lastPeriodicPass: lastRun(periodic), incomplete, recentFailures };
  } catch (error) {
    return {
      recentFailures: [],
      historyProblem: `cannot read the durable task hub: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

function lastRun(status: Awaited<ReturnType<HealthClient['getStatus']>>): LastRun {
  if (!status) return { runtimeStatus: 'never run' };
  const outcome = outcomeOf(status.output);
  return {
    runtimeStatus: String(status.runtimeStatus),
    ...(status.lastUpdatedTime ? { lastUpdatedTime: timeText(status.lastUpdatedTime) } : {}),
    ...(outcome ? { outcome } : {}),
  };
}

function outcomeOf(output: unknown): RunOutcome | undefined {
  const candidate = output as Partial<RunOutcome> | undefined;
  return candidate &&
    typeof candidate === 'object' &&
    typeof candidate.complete === 'boolean' &&
    Array.isArray(candidate.failures)
    ? (candidate as RunOutcome)
    : undefined;
}

function timeText(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}
