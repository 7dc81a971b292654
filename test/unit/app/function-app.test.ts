/**
 * What `func start` and a deployment load: package.json `main` names the compiled function files, host.json and
 * local.settings.sample.json are complete, and the registrations are exactly the functions docs/function-app.md lists.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SETTING_NAMES } from '../../../src/core/settings';
import { ACTIVITY_NAMES } from '../../../src/activities';
import { appRegistrations } from '../../e2e/support';

const ROOT = process.cwd();
const json = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, unknown>;

describe('the function app as the Functions host loads it', () => {
  it('package.json main matches one compiled file per src/functions/*.ts', () => {
    const main = json('package.json').main as string;
    const parsed = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, 'tsconfig.build.json'),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
    );
    const sources = (parsed?.fileNames ?? []).filter((f) => /src\/functions\/[^/]+\.ts$/.test(f));
    const outputs = sources
      .flatMap((f) => ts.getOutputFileNames(parsed as ts.ParsedCommandLine, f, false))
      .map((f) => relative(ROOT, f))
      .filter((f) => f.endsWith('.js'));
    const pattern = new RegExp(`^${main.replace(/[.]/g, '\\.').replace('*', '[^/]+')}$`);
    expect(sources.length).toBeGreaterThanOrEqual(11);
    expect(outputs.filter((f) => !pattern.test(f))).toEqual([]);
    expect(outputs).toHaveLength(sources.length);
  });

  it('host.json loads the extension bundle with Durable Functions on the configured task hub', () => {
    const host = json('host.json') as {
      version: string;
      extensionBundle: { id: string; version: string };
      extensions: { durableTask: { hubName: string } };
    };
    expect(host.version).toBe('2.0');
    expect(host.extensionBundle).toEqual({ id: 'Microsoft.Azure.Functions.ExtensionBundle', version: '[4.*, 5.0.0)' });
    expect(host.extensions.durableTask.hubName).toBe('%AUTOPILOT_TASK_HUB%');
  });

  it('local.settings.sample.json names every setting, the Node worker and Azurite for AzureWebJobsStorage', () => {
    const values = (json('local.settings.sample.json') as { Values: Record<string, string> }).Values;
    expect(values.FUNCTIONS_WORKER_RUNTIME).toBe('node');
    expect(values.AzureWebJobsStorage).toBe('UseDevelopmentStorage=true');
    expect(SETTING_NAMES.filter((name) => !(name in values))).toEqual([]);
  });

  it('registers exactly the README’s functions, with their triggers', async () => {
    const registrations = await appRegistrations();
    const byName = new Map(registrations.map((r) => [r.name, r]));
    const expected: Record<string, string> = {
      resourceEvents: 'eventGridTrigger',
      resourceEventsQueue: 'queueTrigger',
      reconcile: 'httpTrigger',
      plan: 'httpTrigger',
      diagnose: 'httpTrigger',
      report: 'httpTrigger',
      health: 'httpTrigger',
      healthDetails: 'httpTrigger',
      orphanSweepTimer: 'timerTrigger',
      periodicReconcileTimer: 'timerTrigger',
      reconcileTarget: 'orchestrationTrigger',
      endpointDeleted: 'orchestrationTrigger',
      sweepOrphans: 'orchestrationTrigger',
      periodicReconcile: 'orchestrationTrigger',
      reconcileZone: 'orchestrationTrigger',
      startTargetRuns: 'activityTrigger',
      publishOutcomeEvents: 'activityTrigger',
      ...Object.fromEntries(ACTIVITY_NAMES.map((name) => [name, 'activityTrigger'])),
    };
    expect(Object.fromEntries(registrations.map((r) => [r.name, r.triggerType]))).toEqual(expected);
    expect(byName.get('resourceEventsQueue')?.options).toMatchObject({
      queueName: 'autopilot-events',
      connection: 'AzureWebJobsStorage',
    });
    // The setting's value when the app loads, or its default (test/e2e/setting-defaults.test.ts).
    expect(byName.get('orphanSweepTimer')?.options.schedule).toBe(
      process.env.AUTOPILOT_SWEEP_SCHEDULE ?? '0 0 */6 * * *',
    );
    expect(byName.get('periodicReconcileTimer')?.options.schedule).toBe(
      process.env.AUTOPILOT_RECONCILE_SCHEDULE ?? '0 30 * * * *',
    );
    for (const name of ['reconcile', 'plan', 'diagnose', 'healthDetails', 'report'])
      expect(byName.get(name)?.options.authLevel, name).toBe('function');
    expect(byName.get('health')?.options.authLevel).toBe('anonymous');
    expect(byName.get('reconcile')?.options).toMatchObject({ route: 'reconcile', methods: ['POST'] });
    expect(byName.get('startTargetRuns')?.options.extraInputs).toEqual([
      expect.objectContaining({ type: 'durableClient' }),
    ]);
  });
});
