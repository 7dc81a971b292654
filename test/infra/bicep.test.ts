/**
 * infra/ against the code, read through the tree-sitter Bicep grammar: every file parses; the custom roles hold
 * exactly the adapters' actions; the Event Grid filters are the router's handled operations; every setting the
 * settings module reads is set; no key, secret or list* call appears anywhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { roleActions, type RoleScope } from '../../src/azure/arm-operations';
import {
  EVENT_GRID_MAX_FILTER_VALUES,
  EVENT_GRID_MAX_STRING_LENGTH,
  HANDLED_EVENT_TYPES,
  OPERATION_FILTER_GROUPS,
  OPERATION_FILTER_KEY,
  RECORD_EVENT_TYPES,
  RECORD_FILTER_GROUP,
} from '../../src/core/events/handled-operations';
import { ENTRY_FIELDS, RULE_FIELDS } from '../../src/core/catalogue';
import { SETTING_NAMES } from '../../src/core/settings';
import {
  INFRA,
  bicepPaths,
  calledFunctions,
  declarations,
  decoratorArgument,
  decoratorNames,
  descendants,
  literal,
  parameters,
  parseBicep,
  parseBicepText,
  path,
  property,
  propertyKey,
  stringContents,
  stringLiteral,
  types,
  variables,
  type BicepFile,
  type Declaration,
} from './support/bicep';

/**
 * Settings infra deliberately leaves unset, each with the reason. Asserted to name only settings the module reads.
 * AUTOPILOT_EMULATOR_CA_FILE: emulator mode for local runs (a CA file on the developer's machine); set in Azure, it
 * would switch the ARM clients from the managed identity to the emulator's credential.
 */
const NOT_SET_IN_AZURE = ['AUTOPILOT_EMULATOR_CA_FILE'];

/** Data-plane built-in roles infra assigns, each on one resource (storage account, queue, container, App Insights). */
const BUILT_IN_DATA_ROLES: Record<string, string> = {
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b': 'Storage Blob Data Owner (app: package, Durable leases)',
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88': 'Storage Queue Data Contributor (app: task hub, events queue)',
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3': 'Storage Table Data Contributor (app: task hub)',
  '3913510d-42f4-4e42-8a64-420c390055eb': 'Monitoring Metrics Publisher (app: telemetry with Entra ID)',
  'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a': 'Storage Queue Data Message Sender (system topic: queue delivery)',
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe': 'Storage Blob Data Contributor (system topic: dead letters)',
  'd5a91429-5739-47e2-a06b-3470a27159e7': 'EventGrid Data Sender (app: outcome events, on their topic)',
};

const files = new Map<string, BicepFile>();
const file = (relativePath: string): BicepFile => {
  const found = files.get(relativePath);
  if (!found) throw new Error(`infra/${relativePath} was not parsed`);
  return found;
};
const declarationsOf = (relativePath: string) => declarations(file(relativePath).root);
const declared = (relativePath: string, name: string): Declaration => {
  const found = declarationsOf(relativePath).find((d) => d.name === name);
  if (!found) throw new Error(`infra/${relativePath}: no resource or module "${name}"`);
  return found;
};
const at = (node: Node | undefined, description: string): Node => {
  if (!node) throw new Error(`expected ${description}`);
  return node;
};
const objectKeys = (object: Node): string[] =>
  object.namedChildren.filter((p): p is Node => p?.type === 'object_property').map(propertyKey);
const lower = (values: readonly string[]) => values.map((v) => v.toLowerCase()).sort();

beforeAll(async () => {
  for (const p of bicepPaths()) {
    const parsed = await parseBicep(p);
    files.set(parsed.path, parsed);
  }
});

describe('the tree-sitter Bicep grammar', () => {
  it('reports syntax errors (so a clean parse means something)', async () => {
    expect((await parseBicepText("param name string = 'unterminated\nvar x = {")).errors).not.toEqual([]);
    expect((await parseBicepText("var x = {\n  a: 'b'\n")).errors).not.toEqual([]);
    expect((await parseBicepText("var x = {\n  a: 'b'\n}\n")).errors).toEqual([]);
  });

  it.each(bicepPaths().map((p) => p.slice(INFRA.length + 1)))(
    'parses infra/%s without ERROR or MISSING nodes',
    (relativePath) => {
      expect(file(relativePath).errors).toEqual([]);
    },
  );
});

describe('the custom roles', () => {
  const roleModules = () =>
    declarationsOf('main.bicep').filter((d) => d.kind === 'module' && d.target === 'core/role-definition.bicep');

  it('are one per purpose, each with exactly the actions src/azure/arm-operations.ts lists for it', () => {
    const vars = variables(file('main.bicep').root);
    const byPurpose = new Map<string, string[]>();
    for (const module of roleModules()) {
      const params = at(property(module.body, 'params'), `${module.name}: params`);
      const purpose = literal(at(property(params, 'purpose'), `${module.name}: purpose`)) as RoleScope;
      byPurpose.set(purpose, literal(at(property(params, 'actions'), `${module.name}: actions`), vars) as string[]);
    }
    expect([...byPurpose.keys()].sort()).toEqual(['dns-zones', 'workload']);
    for (const [purpose, actions] of byPurpose) {
      expect(lower(actions), purpose).toEqual(lower(roleActions(purpose as RoleScope)));
      expect(new Set(lower(actions)).size, purpose).toBe(actions.length);
    }
  });

  it('grant only those actions: no notActions, no data actions, a custom role', () => {
    const role = declared('core/role-definition.bicep', 'role');
    expect(literal(at(path(role.body, 'properties', 'type'), 'type'))).toBe('CustomRole');
    const permissions = at(path(role.body, 'properties', 'permissions'), 'permissions');
    const [entry, ...more] = permissions.namedChildren.filter((n): n is Node => n !== null);
    expect(more).toEqual([]);
    const only = at(entry, 'one permissions entry');
    expect(at(property(only, 'actions'), 'actions').text).toBe('actions');
    for (const key of ['notActions', 'dataActions', 'notDataActions'])
      expect(literal(at(property(only, key), key))).toEqual([]);
  });

  it('are assigned: workload on every scope subscription, dns-zones on each zone resource group (or the zone subscription)', () => {
    const roleIds = new Map(
      roleModules().map((m) => [
        literal(at(path(m.body, 'params', 'purpose'), 'purpose')) as string,
        at(path(m.body, 'params', 'roleId'), 'roleId').text,
      ]),
    );
    const workload = declared('main.bicep', 'workloadAssignments');
    expect(workload.loopOver).toBe('scopes');
    expect(at(path(workload.body, 'scope'), 'scope').text).toBe(`subscription(${workload.loopVariable})`);
    expect(at(path(workload.body, 'params', 'roleId'), 'roleId').text).toBe(roleIds.get('workload'));

    const groups = declared('main.bicep', 'dnsZoneGroupAssignments');
    expect(groups.loopOver).toBe('dnsZoneResourceGroups');
    expect(at(path(groups.body, 'scope'), 'scope').text).toBe(
      `resourceGroup(zoneSubscription, ${groups.loopVariable})`,
    );
    expect(at(path(groups.body, 'params', 'roleId'), 'roleId').text).toBe(roleIds.get('dns-zones'));
    const whole = declared('main.bicep', 'dnsZoneSubscriptionAssignment');
    expect(at(path(whole.body, 'params', 'roleId'), 'roleId').text).toBe(roleIds.get('dns-zones'));
  });

  it('are the only roles on ARM scopes: every built-in role infra assigns is a data-plane role on one resource', () => {
    const guids = [...files.values()]
      .flatMap((f) => stringContents(f.root))
      .filter((s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s));
    expect(guids.length).toBeGreaterThan(0);
    for (const guid of guids) expect(Object.keys(BUILT_IN_DATA_ROLES), guid).toContain(guid.toLowerCase());
    for (const [relativePath, f] of files) {
      for (const d of declarations(f.root).filter((x) =>
        x.target.startsWith('Microsoft.Authorization/roleAssignments@'),
      )) {
        const scope = property(d.body, 'scope');
        const onSubscriptionOrGroup = relativePath.endsWith('role-assignment.bicep');
        expect(onSubscriptionOrGroup || scope !== undefined, `${relativePath}: ${d.name} needs a resource scope`).toBe(
          true,
        );
      }
    }
  });
});

describe('the Event Grid subscriptions', () => {
  const source = 'events/event-subscriptions.bicep';

  it('filter on exactly the router’s handled operations, group by group', () => {
    const groups = literal(at(variables(file(source).root).get('operationFilterGroups'), 'var operationFilterGroups'));
    expect(groups).toEqual(
      OPERATION_FILTER_GROUPS.map((g) => ({ name: g.name, operatorType: g.operatorType, values: [...g.values] })),
    );
    for (const group of groups as Array<{ values: string[] }>) {
      expect(group.values.length).toBeLessThanOrEqual(EVENT_GRID_MAX_FILTER_VALUES);
      for (const value of group.values) expect(value.length).toBeLessThanOrEqual(EVENT_GRID_MAX_STRING_LENGTH);
    }
    expect(literal(at(variables(file(source).root).get('handledEventTypes'), 'var handledEventTypes'))).toEqual([
      ...HANDLED_EVENT_TYPES,
    ]);
  });

  it("build each group's one advanced filter on data.operationName with its operator named literally", () => {
    // One object per operator, chosen by the group's operatorType (a literal operator lets the compiler type-check).
    const filters = at(variables(file(source).root).get('operationFilters'), 'var operationFilters');
    expect(filters.text).toMatch(/^map\(\s*operationFilterGroups,\s*group => \[\s*group\.operatorType == '\w+'\s*\?/);
    expect(filters.text).toMatch(/\}\s*\]\s*\)$/);
    const condition = /group\.operatorType == '(\w+)'/.exec(filters.text);
    const branches = descendants(filters, 'object').map((o) => ({
      key: literal(at(property(o, 'key'), 'key')),
      operatorType: literal(at(property(o, 'operatorType'), 'operatorType')),
      values: at(property(o, 'values'), 'values').text,
    }));
    expect(branches.map((b) => b.operatorType)).toEqual([condition?.[1], expect.any(String)]);
    expect(new Set(branches.map((b) => b.operatorType))).toEqual(
      new Set(OPERATION_FILTER_GROUPS.map((g) => g.operatorType)),
    );
    for (const branch of branches) expect(branch).toMatchObject({ key: OPERATION_FILTER_KEY, values: 'group.values' });
  });

  it.each(['toFunction', 'toQueue'])(
    '%s: one subscription per group, one advanced filter each, on data.operationName',
    (name) => {
      const subscription = declared(source, name);
      const group = subscription.loopVariable;
      expect(subscription.loopOver).toBe('operationFilterGroups');
      expect(at(property(subscription.body, 'name'), 'name').text).toBe(`'autopilot-\${${group}.name}'`);
      const filter = at(path(subscription.body, 'properties', 'filter'), 'filter');
      expect(at(property(filter, 'includedEventTypes'), 'includedEventTypes').text).toBe('handledEventTypes');
      expect(at(property(filter, 'advancedFilters'), 'advancedFilters').text).toBe(
        `operationFilters[${subscription.loopIndex}]`,
      );
      expect(objectKeys(filter).sort()).toEqual(['advancedFilters', 'includedEventTypes']);
      expect(at(path(subscription.body, 'properties', 'retryPolicy'), 'retryPolicy').text).toBe('retryPolicy');
      expect(at(path(subscription.body, 'properties', 'deadLetterWithResourceIdentity'), 'dead-lettering').text).toBe(
        'deadLetter',
      );
    },
  );

  it('deliver A record set writes and deletes only where asked (the DNS zone subscription), filtered on the operation', () => {
    const vars = variables(file(source).root);
    const group = literal(at(vars.get('recordFilterGroup'), 'var recordFilterGroup'));
    expect(group).toEqual({ ...RECORD_FILTER_GROUP, values: [...RECORD_FILTER_GROUP.values] });
    expect(literal(at(vars.get('recordEventTypes'), 'var recordEventTypes'))).toEqual(RECORD_EVENT_TYPES);
    expect(at(vars.get('recordFilters'), 'var recordFilters').text).toMatch(
      /key: 'data\.operationName'\s+operatorType: 'StringIn'\s+values: recordFilterGroup\.values/,
    );
    const text = readFileSync(join(INFRA, source), 'utf8');
    for (const name of ['recordsToFunction', 'recordsToQueue']) {
      const subscription = declared(source, name);
      expect(text).toMatch(
        new RegExp(`resource ${name} '[^']+' = if \\(recordEvents && delivery == '(function|queue)'\\)`),
      );
      const filter = at(path(subscription.body, 'properties', 'filter'), 'filter');
      expect(at(property(filter, 'includedEventTypes'), 'includedEventTypes').text).toBe('recordEventTypes');
      expect(at(property(filter, 'advancedFilters'), 'advancedFilters').text).toBe('recordFilters');
    }
    for (const mode of ['function', 'queue'])
      expect(text).toContain(
        `for (group, i) in operationFilterGroups: if (privateLinkEvents && delivery == '${mode}')`,
      );
  });

  it('put the record subscription on the zone subscription’s topic: a scope subscription’s when it is one, else its own', () => {
    const events = file('events.bicep').root;
    expect(at(variables(events).get('zoneIsScope'), 'var zoneIsScope').text).toBe(
      'contains(map(scopes, id => toLower(id)), zoneSubscription)',
    );
    expect(path(declared('events.bicep', 'subscriptions').body, 'params', 'recordEvents')?.text).toBe(
      'toLower(id) == zoneSubscription',
    );
    const own = declared('events.bicep', 'zoneSubscriptionEvents');
    expect(readFileSync(join(INFRA, 'events.bicep'), 'utf8')).toMatch(
      /module zoneSubscriptionEvents '[^']+' = if \(!empty\(zoneSubscription\) && !zoneIsScope\)/,
    );
    expect(literal(at(path(own.body, 'params', 'privateLinkEvents'), 'privateLinkEvents'))).toBe(false);
    expect(literal(at(path(own.body, 'params', 'recordEvents'), 'recordEvents'))).toBe(true);
    const main = file('main.bicep').root;
    expect(at(variables(main).get('zoneHasOwnTopic'), 'var zoneHasOwnTopic').text).toBe(
      '!contains(map(scopes, id => toLower(id)), toLower(zoneSubscription))',
    );
    const mainText = readFileSync(join(INFRA, 'main.bicep'), 'utf8');
    for (const name of ['zoneEventGroup', 'zoneSystemTopic', 'zoneTopicAccess'])
      expect(mainText, name).toMatch(new RegExp(`module ${name} '[^']+' = if \\(zoneHasOwnTopic\\)`));
    for (const script of ['postdeploy.ps1', 'postdeploy.sh'])
      expect(readFileSync(join(INFRA, 'hooks', script), 'utf8'), script).toMatch(
        /dnsZoneSubscriptionId="?\$(env:)?EVENTS_ZONE_SUBSCRIPTION/,
      );
  });

  it('deliver to the resourceEvents function without a key, or to the autopilot-events queue with the topic identity', () => {
    const toFunction = at(path(declared(source, 'toFunction').body, 'properties', 'destination'), 'destination');
    expect(literal(at(property(toFunction, 'endpointType'), 'endpointType'))).toBe('AzureFunction');
    expect(at(path(toFunction, 'properties', 'resourceId'), 'resourceId').text).toBe('functionApp::resourceEvents.id');
    const app = declared(source, 'functionApp');
    expect(app.target).toMatch(/^Microsoft\.Web\/sites@/);
    expect(at(property(app.body, 'name'), 'name').text).toBe('last(functionAppIdSegments)');
    expect(at(variables(file(source).root).get('functionAppIdSegments'), 'segments').text).toBe(
      "split(functionAppId, '/')",
    );
    const functionResource = descendants(app.body, 'resource_declaration')[0];
    expect(functionResource?.text).toMatch(
      /^resource resourceEvents 'functions' existing = \{\s*name: 'resourceEvents'\s*\}$/,
    );
    const toQueue = at(
      path(declared(source, 'toQueue').body, 'properties', 'deliveryWithResourceIdentity'),
      'delivery with identity',
    );
    expect(literal(at(path(toQueue, 'identity', 'type'), 'identity'))).toBe('SystemAssigned');
    expect(literal(at(path(toQueue, 'destination', 'endpointType'), 'endpointType'))).toBe('StorageQueue');
    expect(literal(at(variables(file('main.bicep').root).get('eventsQueueName'), 'eventsQueueName'))).toBe(
      'autopilot-events',
    );
    const deadLetter = at(variables(file(source).root).get('deadLetter'), 'var deadLetter');
    expect(literal(at(path(deadLetter, 'identity', 'type'), 'dead-letter identity'))).toBe('SystemAssigned');
    expect(literal(at(path(deadLetter, 'deadLetterDestination', 'endpointType'), 'dead-letter destination'))).toBe(
      'StorageBlob',
    );
  });

  it('listen to each scope subscription through its own Microsoft.Resources.Subscriptions system topic', () => {
    const topic = declared('events/system-topic.bicep', 'topic');
    expect(literal(at(path(topic.body, 'properties', 'topicType'), 'topicType'))).toBe(
      'Microsoft.Resources.Subscriptions',
    );
    expect(at(path(topic.body, 'properties', 'source'), 'source').text).toBe('subscription().id');
    expect(literal(at(property(topic.body, 'location'), 'location'))).toBe('global');
    expect(declared('main.bicep', 'systemTopics').loopOver).toBe('scopes');
    expect(declared('events.bicep', 'subscriptions').loopOver).toBe('scopes');
  });
});

describe('the app settings', () => {
  const settingKeys = () =>
    objectKeys(at(variables(file('main.bicep').root).get('autopilotSettings'), 'var autopilotSettings'));

  it('set every setting src/core/settings.ts reads (SETTING_NAMES, read now), and no unknown AUTOPILOT_ name', () => {
    for (const name of NOT_SET_IN_AZURE) expect(SETTING_NAMES as readonly string[]).toContain(name);
    expect(settingKeys().sort()).toEqual(SETTING_NAMES.filter((n) => !NOT_SET_IN_AZURE.includes(n)).sort());
  });

  it('reach the function app with only identity-based platform settings', () => {
    const call = declared('main.bicep', 'functionApp');
    expect(at(path(call.body, 'params', 'appSettings'), 'appSettings').text).toBe('autopilotSettings');
    const vars = variables(file('app/function-app.bicep').root);
    expect(at(vars.get('allSettings'), 'allSettings').text).toBe('union(appSettings, platformSettings)');
    const platform = at(vars.get('platformSettings'), 'platformSettings');
    expect(objectKeys(platform).sort()).toEqual(
      [
        'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
        'APPLICATIONINSIGHTS_CONNECTION_STRING',
        'AzureWebJobsStorage__accountName',
        'AzureWebJobsStorage__clientId',
        'AzureWebJobsStorage__credential',
      ].sort(),
    );
    expect(literal(at(property(platform, 'AzureWebJobsStorage__credential'), 'credential'))).toBe('managedidentity');
    const site = declared('app/function-app.bicep', 'app');
    const appSettings = at(path(site.body, 'properties', 'siteConfig', 'appSettings'), 'siteConfig.appSettings');
    expect(appSettings.text.replace(/\s+/g, ' ')).toMatch(
      /^map\(items\(allSettings\), setting => \{ name: setting\.key value: setting\.value \}\)$/,
    );
  });

  it('type AUTOPILOT_CATALOGUE_EXTENSIONS with the fields the app reads: an entry and its zone rules', () => {
    const declaredTypes = types(file('main.bicep').root);
    const param = parameters(file('main.bicep').root).find((p) => p.name === 'catalogueExtensions');
    expect(param?.defaultValue?.text).toBe('[]');
    expect(file('main.bicep').root.text).toContain('param catalogueExtensions catalogueEntry[] = []');
    expect(objectKeys(at(declaredTypes.get('catalogueEntry'), 'type catalogueEntry')).sort()).toEqual(
      [...ENTRY_FIELDS].sort(),
    );
    expect(objectKeys(at(declaredTypes.get('catalogueZone'), 'type catalogueZone')).sort()).toEqual(
      [...RULE_FIELDS].sort(),
    );
  });

  it('start in dry-run: AUTOPILOT_DRY_RUN comes from a parameter that defaults to true', () => {
    expect(
      at(
        property(at(variables(file('main.bicep').root).get('autopilotSettings'), 'settings'), 'AUTOPILOT_DRY_RUN'),
        'dry run',
      ).text,
    ).toBe('string(dryRun)');
    const dryRun = parameters(file('main.bicep').root).find((p) => p.name === 'dryRun');
    expect(dryRun?.defaultValue?.text).toBe('true');
  });

  it('every parameter of every file has a description', () => {
    for (const [relativePath, f] of files) {
      for (const p of parameters(f.root))
        expect(p.decorators, `${relativePath}: param ${p.name}`).toContain('description');
    }
  });
});

describe('the function app', () => {
  it('is Flex Consumption, Node 22 or 24 (22 by default), with always-ready instances for the durable group, running as the user-assigned identity', () => {
    const plan = declared('app/function-app.bicep', 'plan');
    expect(literal(at(property(plan.body, 'sku'), 'sku'))).toEqual({ name: 'FC1', tier: 'FlexConsumption' });
    const config = at(
      path(declared('app/function-app.bicep', 'app').body, 'properties', 'functionAppConfig'),
      'functionAppConfig',
    );
    const runtime = at(property(config, 'runtime'), 'runtime');
    expect(literal(at(property(runtime, 'name'), 'runtime name'))).toBe('node');
    expect(at(property(runtime, 'version'), 'runtime version').text).toBe('nodeVersion');
    expect(at(path(declared('main.bicep', 'functionApp').body, 'params', 'nodeVersion'), 'nodeVersion').text).toBe(
      'nodeVersion',
    );
    for (const relativePath of ['main.bicep', 'app/function-app.bicep']) {
      const allowed = at(
        decoratorArgument(file(relativePath).root, 'nodeVersion', 'allowed'),
        `${relativePath}: @allowed on param nodeVersion`,
      );
      expect(literal(allowed), relativePath).toEqual(['22', '24']);
    }
    expect(parameters(file('main.bicep').root).find((p) => p.name === 'nodeVersion')?.defaultValue?.text).toBe("'22'");
    const alwaysReady = at(path(config, 'scaleAndConcurrency', 'alwaysReady'), 'alwaysReady');
    expect(literal(at(property(at(alwaysReady.namedChildren[0] ?? undefined, 'entry'), 'name'), 'name'))).toBe(
      'durable',
    );
    expect(literal(at(path(config, 'deployment', 'storage', 'authentication', 'type'), 'authentication'))).toBe(
      'UserAssignedIdentity',
    );
    expect(literal(at(path(declared('app/function-app.bicep', 'app').body, 'identity', 'type'), 'identity'))).toBe(
      'UserAssigned',
    );
  });
});

describe('no secrets', () => {
  it('no list* call (listKeys, listConnectionStrings, ...) and no @secure() parameter in any file', () => {
    for (const [relativePath, f] of files) {
      expect(
        calledFunctions(f.root).filter((name) => /^list/i.test(name)),
        relativePath,
      ).toEqual([]);
      expect(
        decoratorNames(f.root).filter((name) => name === 'secure'),
        relativePath,
      ).toEqual([]);
    }
  });

  it('no key or connection string with a secret in any string', () => {
    for (const [relativePath, f] of files) {
      expect(
        stringContents(f.root).filter((s) =>
          /AccountKey|SharedAccessKey|DefaultEndpointsProtocol|sig=|[?&]code=/i.test(s),
        ),
        relativePath,
      ).toEqual([]);
    }
  });

  it('storage refuses shared keys and Application Insights refuses keys-only ingestion', () => {
    expect(
      literal(
        at(
          path(declared('core/storage.bicep', 'account').body, 'properties', 'allowSharedKeyAccess'),
          'allowSharedKeyAccess',
        ),
      ),
    ).toBe(false);
    expect(
      literal(
        at(
          path(declared('core/monitoring.bicep', 'applicationInsights').body, 'properties', 'DisableLocalAuth'),
          'DisableLocalAuth',
        ),
      ),
    ).toBe(true);
  });

  it('the deployment hooks read no function key and no storage key', () => {
    const hooks = join(INFRA, 'hooks');
    const scripts = readdirSync(hooks);
    expect(scripts.sort()).toEqual(['postdeploy.ps1', 'postdeploy.sh']);
    for (const script of scripts) {
      const text = readFileSync(join(hooks, script), 'utf8');
      expect(
        text.match(/listKeys|keys list|list-keys|connection-string|AccountKey|code=|--query/gi),
        script,
      ).toBeNull();
      expect(text).toContain('events.bicep');
    }
  });
});

describe('main.parameters.json', () => {
  it('maps azd environment values to parameters main.bicep declares, including every required one', () => {
    const mapped = Object.keys(
      (JSON.parse(readFileSync(join(INFRA, 'main.parameters.json'), 'utf8')) as { parameters: Record<string, unknown> })
        .parameters,
    );
    const declaredParams = parameters(file('main.bicep').root);
    for (const name of mapped)
      expect(
        declaredParams.map((p) => p.name),
        name,
      ).toContain(name);
    for (const required of declaredParams.filter((p) => p.defaultValue === undefined))
      expect(mapped, required.name).toContain(required.name);
  });
});

describe('azure.yaml', () => {
  it('deploys the project as a TypeScript function app and runs the postdeploy hooks that exist', () => {
    const text = readFileSync(join(INFRA, '../azure.yaml'), 'utf8');
    expect(text).toMatch(/host: function/);
    expect(text).toMatch(/language: ts/);
    for (const hook of text.match(/\.\/infra\/hooks\/[\w.]+/g) ?? [])
      expect(readdirSync(join(INFRA, 'hooks'))).toContain(hook.split('/').pop());
    expect(text.match(/\.\/infra\/hooks\/[\w.]+/g)).toHaveLength(2);
  });
});

describe('the outcomes workbook', () => {
  const OUTCOME_FIELDS = [
    'orchestration',
    'instanceId',
    'resourceId',
    'changes',
    'failures',
    'calls',
    'pendingForHuman',
    'conflicts',
    'drift',
  ];
  const workbook = () =>
    JSON.parse(readFileSync(join(INFRA, 'monitoring/outcomes.workbook.json'), 'utf8')) as {
      items: Array<{ type: number; name: string; content: { query?: string; title?: string } }>;
    };

  it('has the four views the issue asks for, each over the autopilot.outcome lines', () => {
    const queries = workbook().items.filter((i) => i.type === 3);
    expect(queries.map((q) => q.name)).toEqual(
      expect.arrayContaining(['changes-by-kind', 'failures-by-code', 'pending-for-human', 'conflicts', 'drift']),
    );
    for (const q of queries) {
      expect(q.content.query, q.name).toContain('where message startswith "autopilot.outcome "');
      const fields = [...(q.content.query ?? '').matchAll(/outcome\.(\w+)/g)].map((m) => m[1]);
      for (const field of fields) expect(OUTCOME_FIELDS, `${q.name}: outcome.${field}`).toContain(field);
    }
  });

  it('is loaded by the workbook resource', () => {
    const resource = declared('monitoring/workbook.bicep', 'workbook');
    expect(at(path(resource.body, 'properties', 'serializedData'), 'serializedData').text).toBe(
      "loadTextContent('outcomes.workbook.json')",
    );
    expect(stringLiteral(at(path(resource.body, 'kind'), 'kind'))).toBe('shared');
  });
});
