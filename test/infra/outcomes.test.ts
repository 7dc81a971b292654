/**
 * The outcome events' topic, its sender role and the alert rules, as the real Bicep compiler builds main.bicep: each is
 * optional (a deployment with a condition), the topic takes CloudEvents with Entra ID only, the app identity gets
 * EventGrid Data Sender on it, and the alert queries read the outcome lines the code writes (prefix, fields, the sweep's
 * orchestration name). Without a compiler the tests say what they skipped (AUTOPILOT_REQUIRE_BICEP=1 fails instead).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { PERIODIC_RECONCILE, SWEEP_ORPHANS } from '../../src/orchestrations/contract';
import { OUTCOME_PREFIX, outcomeOfApplies } from '../../src/orchestrations/outcome';
import { INFRA } from './support/bicep';

const ROOT = join(INFRA, '..');
const EVENTGRID_DATA_SENDER = 'd5a91429-5739-47e2-a06b-3470a27159e7';

interface ArmResource {
  type: string;
  name?: string;
  condition?: string;
  copy?: unknown;
  properties?: Record<string, unknown> & {
    template?: ArmTemplate;
    parameters?: Record<string, { value?: unknown }>;
  };
}
interface ArmTemplate {
  parameters?: Record<string, { defaultValue?: unknown }>;
  variables?: Record<string, unknown>;
  resources: ArmResource[] | Record<string, ArmResource>;
}

let main: ArmTemplate | undefined;
let missing = '';

beforeAll(() => {
  const located = spawnSync(process.execPath, [join(ROOT, 'scripts/bicep.js')], { cwd: ROOT, encoding: 'utf8' });
  const compiler = located.stdout.trim().split('\n').pop() ?? '';
  if (located.status !== 0 || !compiler) {
    missing = located.stderr.trim() || 'no compiler';
    return;
  }
  const built = spawnSync(compiler, ['build', join(INFRA, 'main.bicep'), '--stdout'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (built.status !== 0) throw new Error(`bicep build infra/main.bicep failed:\n${built.stderr}`);
  main = JSON.parse(built.stdout) as ArmTemplate;
}, 10 * 60_000);

function compiledMain(ctx: TestContext): ArmTemplate {
  if (main) return main;
  const message = `infra/main.bicep not compiled: ${missing}`;
  if (process.env.AUTOPILOT_REQUIRE_BICEP === '1')
    throw new Error(`${message} (AUTOPILOT_REQUIRE_BICEP=1 requires it)`);
  ctx.skip(message);
  throw new Error('unreachable: ctx.skip() throws');
}

const resourcesOf = (template: ArmTemplate): ArmResource[] =>
  Array.isArray(template.resources) ? template.resources : Object.values(template.resources);

function deployment(template: ArmTemplate, name: string): ArmResource & { template: ArmTemplate } {
  const found = resourcesOf(template).find(
    (r) => r.type === 'Microsoft.Resources/deployments' && String(r.name).includes(`'${name}'`),
  );
  if (!found?.properties?.template) throw new Error(`no module deployment named ${name}`);
  return { ...found, template: found.properties.template };
}

function expectSenderRole(template: ArmTemplate): void {
  expect(template.variables?.eventGridDataSender).toBe(EVENTGRID_DATA_SENDER);
  const role = resourcesOf(template).find((r) => r.type === 'Microsoft.Authorization/roleAssignments');
  expect(role?.properties).toMatchObject({
    roleDefinitionId:
      "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', variables('eventGridDataSender'))]",
    principalId: "[parameters('senderPrincipalId')]",
    principalType: 'ServicePrincipal',
  });
}

describe('outcome events infra (compiled)', () => {
  it('the topic is optional, takes CloudEvents 1.0 with Entra ID only, and the app identity may send to it', (ctx) => {
    const module = deployment(compiledMain(ctx), 'outcomeTopic');
    expect(module.condition).toBe("[parameters('outcomeTopicEnabled')]");
    const [topic] = resourcesOf(module.template).filter((r) => r.type === 'Microsoft.EventGrid/topics');
    expect(topic?.properties).toMatchObject({ inputSchema: 'CloudEventSchemaV1_0', disableLocalAuth: true });
    expectSenderRole(module.template);
  });

  it('an existing topic given by ID gets the same role, only when the app does not create one', (ctx) => {
    const module = deployment(compiledMain(ctx), 'existingOutcomeTopic');
    expect(module.condition).toBe("[variables('useExistingOutcomeTopic')]");
    expectSenderRole(module.template);
  });

  it('the app setting AUTOPILOT_OUTCOME_TOPIC_ENDPOINT comes from the topic created, the one given, or the parameter', (ctx) => {
    const settings = deployment(compiledMain(ctx), 'functionApp').properties?.parameters?.appSettings?.value;
    const setting = JSON.stringify((settings as Record<string, unknown>).AUTOPILOT_OUTCOME_TOPIC_ENDPOINT);
    for (const source of ["'outcomeTopic'", "'existingOutcomeTopic'", "parameters('outcomeTopicEndpoint')"])
      expect(setting).toContain(source);
  });

  describe('the alert rules', () => {
    const alerts = (ctx: TestContext) => deployment(compiledMain(ctx), 'alerts');
    const queries = (ctx: TestContext): Record<string, string> => {
      const vars = alerts(ctx).template.variables ?? {};
      return Object.fromEntries(
        Object.entries(vars).filter(([name]) => /Query$/.test(name)) as Array<[string, string]>,
      );
    };

    it('are optional, each its own rule, with an optional e-mail action group', (ctx) => {
      const module = alerts(ctx);
      expect(module.condition).toBe("[parameters('alertsEnabled')]");
      const resources = resourcesOf(module.template);
      const rules = resources.find((r) => r.type === 'Microsoft.Insights/scheduledQueryRules');
      expect(rules?.copy).toBeDefined();
      expect(JSON.stringify(rules?.copy)).toContain('.enabled');
      const group = resources.find((r) => r.type === 'Microsoft.Insights/actionGroups');
      expect(group?.condition).toBe("[not(empty(parameters('emails')))]");
      const keys = JSON.stringify(module.template.variables?.rules);
      for (const key of ['incomplete-runs', 'conflicts', 'pending-for-human', 'sweep-late', 'periodic-pass-late'])
        expect(keys).toContain(`"key":"${key}"`);
    });

    it('read the outcome lines the code writes: its prefix and only fields a run outcome has', (ctx) => {
      const fields = Object.keys(
        outcomeOfApplies({ orchestration: 'o', instanceId: 'i', resourceId: '/r', pass: 1, dryRun: false }, []),
      );
      const all = Object.values(alerts(ctx).template.variables ?? {})
        .map((v) => JSON.stringify(v))
        .join('\n');
      expect(all).toContain(`message startswith \\"${OUTCOME_PREFIX}\\"`);
      expect(all).toContain(`strlen(\\"${OUTCOME_PREFIX}\\")`);
      const used = [...all.matchAll(/outcome\.(\w+)/g)].map((m) => m[1] as string);
      expect(used.length).toBeGreaterThan(5);
      for (const field of used) expect(fields, `outcome.${field}`).toContain(field);
      expect(Object.keys(queries(ctx)).length).toBeGreaterThanOrEqual(4);
    });

    it('watch the sweep by its orchestration name', (ctx) => {
      expect(JSON.stringify(queries(ctx).sweepRanQuery)).toContain(`== \\"${SWEEP_ORPHANS}\\"`);
    });

    it('watch the periodic pass by its orchestration name by default', (ctx) => {
      expect(compiledMain(ctx).parameters?.alertPeriodicPassOrchestration?.defaultValue).toBe(PERIODIC_RECONCILE);
      expect(compiledMain(ctx).parameters?.alertPeriodicPassLateHours?.defaultValue).toBe(3);
    });
  });
});
