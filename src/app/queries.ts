/** The read-only HTTP routes: the plan and the doctor report, exactly as the CLI computes them, never writing. */
import { createArmContext } from '../azure/ports';
import { inputObject, oneOf, resourceIdField, subscriptionIdField } from '../core/input';
import { planReport, reportFailures, type PlanReport, type ReportedFailure } from '../core/plan';
import { assertInScope, type Scope } from '../core/scope';
import type { DiagnosisReport } from '../core/diagnose';
import { appRunPolicy, contextFor, diagnoseResource, observeAndPlan, type RunSubject } from '../engine';
import { requireAppSettings } from './settings';

export type Subject = RunSubject;

/** `resourceId` or `subscriptionId`, checked against the scope before any ARM call. */
export function subjectOf(where: string, fields: Record<string, unknown>, scope: Scope): Subject {
  if (oneOf(where, fields, ['resourceId', 'subscriptionId']) === 'resourceId') {
    const resourceId = resourceIdField(where, fields, 'resourceId');
    assertInScope(scope, resourceId, 'resource');
    return { resourceId };
  }
  const subscriptionId = subscriptionIdField(where, fields, 'subscriptionId');
  assertInScope(scope, `/subscriptions/${subscriptionId}`, 'resource');
  return { subscriptionId };
}

export async function planFor(
  query: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PlanReport> {
  const { settings, scope } = requireAppSettings(env);
  const subject = subjectOf('query', inputObject('query', query, ['resourceId', 'subscriptionId']), scope);
  const ctx = contextFor(createArmContext({ settings }), subject);
  // What the orchestration would do with the same subject (as a dry run: nothing is written, no run is started).
  const policy = appRunPolicy(settings, subject, true);
  const request = subject.resourceId === undefined ? {} : { resourceId: subject.resourceId };
  const { observation, plan } = await observeAndPlan(ctx, request, policy);
  return planReport(plan, observation.failures);
}

export interface DiagnoseAnswer {
  report: DiagnosisReport;
  failures: ReportedFailure[];
  complete: boolean;
}

export async function diagnoseFor(
  query: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DiagnoseAnswer> {
  const { settings, scope } = requireAppSettings(env);
  const fields = inputObject('query', query, ['resourceId']);
  const resourceId = resourceIdField('query', fields, 'resourceId');
  assertInScope(scope, resourceId, 'resource');
  const { report, observation } = await diagnoseResource(createArmContext({ settings }), resourceId);
  return { report, failures: reportFailures(observation.failures), complete: observation.failures.length === 0 };
}
