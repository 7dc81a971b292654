import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  NON_SETTING_VARIABLES,
  SETTING_NAMES,
  SettingsError,
  loadSettings,
  type Settings,
} from '../../../src/core/settings';

const SUB_A = '11111111-1111-1111-1111-111111111111';
const SUB_B = 'AAAAAAAA-bbbb-cccc-dddd-eeeeeeeeeeee';
const REPO = join(__dirname, '../../..');
/** The example in docs/settings.md. */
const DATA_FACTORY =
  '[{"service":"Azure Data Factory","resourceType":"Microsoft.DataFactory/factories","groupIds":["dataFactory"],"zones":[{"zone":"privatelink.datafactory.azure.net","publicSuffixes":["datafactory.azure.net"]}]}]';

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadSettings(env);
  } catch (err) {
    if (err instanceof SettingsError) return err.problems;
    throw err;
  }
  throw new Error('expected a SettingsError');
}

describe('loadSettings defaults', () => {
  it('applies every default to an empty environment', () => {
    const expected: Settings = {
      scopeSubscriptions: [],
      dnsZoneResourceGroups: [],
      dnsZonePlacement: [],
      dryRun: false,
      sweepSchedule: '0 0 */6 * * *',
      reconcileSchedule: '0 30 * * * *',
      sweepGraceMinutes: 1440,
      sweepMaxDeletions: 50,
      ownershipMode: 'owned-only',
      catalogueExtensions: [],
      instanceId: 'default',
      recordTtlSeconds: 10,
      taskHub: 'PrivateLinkAutopilot',
      armEndpoint: 'https://management.azure.com',
      armAudience: 'https://management.azure.com/.default',
      armRequestTimeoutSeconds: 60,
      runDeadlineSeconds: 540,
    };
    expect(loadSettings({})).toEqual(expected);
  });

  it('treats empty and blank values as unset', () => {
    const blank = Object.fromEntries(SETTING_NAMES.map((name, i) => [name, i % 2 === 0 ? '' : '   ']));
    expect(loadSettings(blank)).toEqual(loadSettings({}));
  });

  it("ignores settings that are not the app's (other Functions settings pass through)", () => {
    expect(
      loadSettings({ FUNCTIONS_WORKER_RUNTIME: 'node', AzureWebJobsStorage: 'UseDevelopmentStorage=true' }),
    ).toEqual(loadSettings({}));
  });
});

describe('loadSettings values', () => {
  const cases: Array<{ env: Record<string, string>; expected: Partial<Settings> }> = [
    {
      env: { AUTOPILOT_SCOPE_SUBSCRIPTIONS: `${SUB_A}, ${SUB_B}` },
      expected: { scopeSubscriptions: [SUB_A, SUB_B.toLowerCase()], dnsZoneSubscription: SUB_A },
    },
    {
      env: { AUTOPILOT_SCOPE_SUBSCRIPTIONS: ` ${SUB_B}\n${SUB_A} ${SUB_A}` },
      expected: { scopeSubscriptions: [SUB_B.toLowerCase(), SUB_A], dnsZoneSubscription: SUB_B.toLowerCase() },
    },
    {
      env: { AUTOPILOT_SCOPE_SUBSCRIPTIONS: SUB_A, AUTOPILOT_DNS_ZONE_SUBSCRIPTION: SUB_B },
      expected: { dnsZoneSubscription: SUB_B.toLowerCase() },
    },
    {
      env: { AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: 'rg-dns , rg-dns-(westeurope),rg.hub_1' },
      expected: { dnsZoneResourceGroups: ['rg-dns', 'rg-dns-(westeurope)', 'rg.hub_1'] },
    },
    {
      env: {
        AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: 'rg-dns-east,rg-dns-west',
        AUTOPILOT_DNS_ZONE_PLACEMENT: `region:EastUS=RG-DNS-East, subscription:${SUB_B}=rg-dns-west`,
      },
      expected: {
        dnsZoneResourceGroups: ['rg-dns-east', 'rg-dns-west'],
        dnsZonePlacement: [
          { match: 'region', value: 'eastus', resourceGroup: 'rg-dns-east' },
          { match: 'subscription', value: SUB_B.toLowerCase(), resourceGroup: 'rg-dns-west' },
        ],
      },
    },
    {
      env: { AUTOPILOT_POLICY_SOURCE: 'file:/home/site/policy.json' },
      expected: { policySource: { kind: 'file', path: '/home/site/policy.json' } },
    },
    {
      env: { AUTOPILOT_POLICY_SOURCE: 'FILE:C:\\policies\\approval.json' },
      expected: { policySource: { kind: 'file', path: 'C:\\policies\\approval.json' } },
    },
    {
      env: { AUTOPILOT_POLICY_SOURCE: 'inline:{"version":1,"defaultAction":"leave-pending","rules":[]}' },
      expected: { policySource: { kind: 'inline', text: '{"version":1,"defaultAction":"leave-pending","rules":[]}' } },
    },
    ...['true', 'TRUE', '1', 'yes', 'Yes'].map((v) => ({ env: { AUTOPILOT_DRY_RUN: v }, expected: { dryRun: true } })),
    ...['false', 'False', '0', 'no', 'NO'].map((v) => ({ env: { AUTOPILOT_DRY_RUN: v }, expected: { dryRun: false } })),
    { env: { AUTOPILOT_SWEEP_SCHEDULE: '0  30 2 * * 1-5' }, expected: { sweepSchedule: '0 30 2 * * 1-5' } },
    { env: { AUTOPILOT_RECONCILE_SCHEDULE: '0 */15  * * * *' }, expected: { reconcileSchedule: '0 */15 * * * *' } },
    {
      env: { AUTOPILOT_SWEEP_GRACE_MINUTES: '0', AUTOPILOT_SWEEP_MAX_DELETIONS: '0' },
      expected: { sweepGraceMinutes: 0, sweepMaxDeletions: 0 },
    },
    { env: { AUTOPILOT_OWNERSHIP_MODE: 'adopt' }, expected: { ownershipMode: 'adopt' } },
    { env: { AUTOPILOT_OWNERSHIP_MODE: 'Adopt-And-Delete' }, expected: { ownershipMode: 'adopt-and-delete' } },
    {
      env: { AUTOPILOT_CATALOGUE_EXTENSIONS: DATA_FACTORY },
      expected: { catalogueExtensions: JSON.parse(DATA_FACTORY) as Settings['catalogueExtensions'] },
    },
    {
      env: { AUTOPILOT_CATALOGUE_EXTENSIONS: `\ufeff${DATA_FACTORY}` },
      expected: { catalogueExtensions: JSON.parse(DATA_FACTORY) as Settings['catalogueExtensions'] },
    },
    {
      env: { AUTOPILOT_POLICY_SOURCE: 'inline:\ufeff{"version":1,"defaultAction":"leave-pending","rules":[]}' },
      expected: { policySource: { kind: 'inline', text: '{"version":1,"defaultAction":"leave-pending","rules":[]}' } },
    },
    { env: { AUTOPILOT_INSTANCE_ID: 'prod-eu-1' }, expected: { instanceId: 'prod-eu-1' } },
    { env: { AUTOPILOT_RECORD_TTL_SECONDS: '2147483647' }, expected: { recordTtlSeconds: 2147483647 } },
    { env: { AUTOPILOT_TASK_HUB: 'PlaProdEu1' }, expected: { taskHub: 'PlaProdEu1' } },
    { env: { AUTOPILOT_ARM_ENDPOINT: 'https://127.0.0.1:8443' }, expected: { armEndpoint: 'https://127.0.0.1:8443' } },
    {
      env: { AUTOPILOT_ARM_AUDIENCE: 'https://management.usgovcloudapi.net/.default' },
      expected: { armAudience: 'https://management.usgovcloudapi.net/.default' },
    },
    { env: { AUTOPILOT_EMULATOR_CA_FILE: '.emulator/ca.pem' }, expected: { emulatorCaFile: '.emulator/ca.pem' } },
    { env: { AZURE_CLIENT_ID: SUB_B }, expected: { azureClientId: SUB_B.toLowerCase() } },
    {
      env: { AUTOPILOT_ARM_REQUEST_TIMEOUT_SECONDS: '5', AUTOPILOT_RUN_DEADLINE_SECONDS: '3600' },
      expected: { armRequestTimeoutSeconds: 5, runDeadlineSeconds: 3600 },
    },
  ];

  it.each(cases)('$env', ({ env, expected }) => {
    expect(loadSettings(env)).toMatchObject(expected);
  });
});

describe('loadSettings problems', () => {
  const cases: Array<{ env: Record<string, string>; problem: string }> = [
    {
      env: { AUTOPILOT_SCOPE_SUBSCRIPTIONS: `${SUB_A};x` },
      problem: `AUTOPILOT_SCOPE_SUBSCRIPTIONS: expected subscription IDs separated by commas or spaces, each a GUID such as 00000000-0000-0000-0000-000000000000, got "${SUB_A};x"`,
    },
    {
      env: { AUTOPILOT_DNS_ZONE_SUBSCRIPTION: 'sub-1' },
      problem:
        'AUTOPILOT_DNS_ZONE_SUBSCRIPTION: expected a GUID such as 00000000-0000-0000-0000-000000000000, got "sub-1"',
    },
    {
      env: { AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: 'rg-ok,rg/bad' },
      problem:
        'AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: expected comma-separated resource group names (1–90 letters, digits, _ - . ( ), not ending in "."), got "rg/bad"',
    },
    {
      env: { AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: 'rg.' },
      problem:
        'AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: expected comma-separated resource group names (1–90 letters, digits, _ - . ( ), not ending in "."), got "rg."',
    },
    {
      env: { AUTOPILOT_DNS_ZONE_PLACEMENT: 'eastus=rg-dns-east' },
      problem:
        'AUTOPILOT_DNS_ZONE_PLACEMENT: expected comma-separated entries "region:<region>=<zone resource group>" or "subscription:<subscription ID>=<zone resource group>", got "eastus=rg-dns-east"',
    },
    {
      env: { AUTOPILOT_DNS_ZONE_PLACEMENT: 'subscription:sub-1=rg-dns-east' },
      problem:
        'AUTOPILOT_DNS_ZONE_PLACEMENT: expected a subscription ID (a GUID such as 00000000-0000-0000-0000-000000000000) after "subscription:", got "subscription:sub-1=rg-dns-east"',
    },
    {
      env: { AUTOPILOT_DNS_ZONE_PLACEMENT: 'region:east-us=rg-dns-east' },
      problem:
        'AUTOPILOT_DNS_ZONE_PLACEMENT: expected a region name of letters and digits (e.g. "eastus") after "region:", got "region:east-us=rg-dns-east"',
    },
    {
      env: { AUTOPILOT_DNS_ZONE_PLACEMENT: 'region:eastus=rg/bad' },
      problem: 'AUTOPILOT_DNS_ZONE_PLACEMENT: expected a resource group name after "=", got "region:eastus=rg/bad"',
    },
    {
      env: {
        AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: 'rg-dns-east',
        AUTOPILOT_DNS_ZONE_PLACEMENT: 'region:westus=rg-dns-west',
      },
      problem:
        'AUTOPILOT_DNS_ZONE_PLACEMENT: expected a resource group listed in AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS (rg-dns-east), got "region:westus=rg-dns-west"',
    },
    {
      env: { AUTOPILOT_POLICY_SOURCE: '/home/site/policy.json' },
      problem:
        'AUTOPILOT_POLICY_SOURCE: expected "file:<path>" or "inline:<policy JSON>", got "/home/site/policy.json"',
    },
    {
      env: { AUTOPILOT_POLICY_SOURCE: 'file:' },
      problem: 'AUTOPILOT_POLICY_SOURCE: expected "file:<path>" or "inline:<policy JSON>", got "file:"',
    },
    {
      env: { AUTOPILOT_POLICY_SOURCE: 'https://x/policy.json' },
      problem: 'AUTOPILOT_POLICY_SOURCE: expected "file:<path>" or "inline:<policy JSON>", got "https://x/policy.json"',
    },
    {
      env: { AUTOPILOT_DRY_RUN: 'maybe' },
      problem: 'AUTOPILOT_DRY_RUN: expected true/false, 1/0 or yes/no, got "maybe"',
    },
    {
      env: { AUTOPILOT_SWEEP_SCHEDULE: '0 */6 * * *' },
      problem:
        'AUTOPILOT_SWEEP_SCHEDULE: expected an NCRONTAB expression with 6 fields ({second} {minute} {hour} {day} {month} {day-of-week}, e.g. "0 0 */6 * * *") but found 5, got "0 */6 * * *"',
    },
    {
      env: { AUTOPILOT_RECONCILE_SCHEDULE: '30 * * * *' },
      problem:
        'AUTOPILOT_RECONCILE_SCHEDULE: expected an NCRONTAB expression with 6 fields ({second} {minute} {hour} {day} {month} {day-of-week}, e.g. "0 30 * * * *") but found 5, got "30 * * * *"',
    },
    {
      env: { AUTOPILOT_SWEEP_GRACE_MINUTES: '-1' },
      problem: 'AUTOPILOT_SWEEP_GRACE_MINUTES: expected an integer ≥ 0, got "-1"',
    },
    {
      env: { AUTOPILOT_SWEEP_GRACE_MINUTES: '1.5' },
      problem: 'AUTOPILOT_SWEEP_GRACE_MINUTES: expected an integer ≥ 0, got "1.5"',
    },
    {
      env: { AUTOPILOT_SWEEP_MAX_DELETIONS: 'ten' },
      problem: 'AUTOPILOT_SWEEP_MAX_DELETIONS: expected an integer ≥ 0, got "ten"',
    },
    {
      env: { AUTOPILOT_SWEEP_MAX_DELETIONS: '99999999999999999999' },
      problem: 'AUTOPILOT_SWEEP_MAX_DELETIONS: expected an integer ≥ 0, got "99999999999999999999"',
    },
    {
      env: { AUTOPILOT_OWNERSHIP_MODE: 'all' },
      problem: 'AUTOPILOT_OWNERSHIP_MODE: expected one of owned-only, adopt, adopt-and-delete, got "all"',
    },
    {
      env: { AUTOPILOT_INSTANCE_ID: 'Prod_EU' },
      problem: 'AUTOPILOT_INSTANCE_ID: expected lower-case letters, digits and hyphens, got "Prod_EU"',
    },
    {
      env: { AUTOPILOT_RECORD_TTL_SECONDS: '0' },
      problem: 'AUTOPILOT_RECORD_TTL_SECONDS: expected an integer from 1 to 2147483647, got "0"',
    },
    {
      env: { AUTOPILOT_RECORD_TTL_SECONDS: '2147483648' },
      problem: 'AUTOPILOT_RECORD_TTL_SECONDS: expected an integer from 1 to 2147483647, got "2147483648"',
    },
    {
      env: { AUTOPILOT_TASK_HUB: '1hub' },
      problem: 'AUTOPILOT_TASK_HUB: expected 3–45 letters and digits starting with a letter, got "1hub"',
    },
    {
      env: { AUTOPILOT_TASK_HUB: 'ab' },
      problem: 'AUTOPILOT_TASK_HUB: expected 3–45 letters and digits starting with a letter, got "ab"',
    },
    {
      env: { AUTOPILOT_TASK_HUB: `a${'b'.repeat(45)}` },
      problem: `AUTOPILOT_TASK_HUB: expected 3–45 letters and digits starting with a letter, got "a${'b'.repeat(45)}"`,
    },
    {
      env: { AUTOPILOT_TASK_HUB: 'my-hub' },
      problem: 'AUTOPILOT_TASK_HUB: expected 3–45 letters and digits starting with a letter, got "my-hub"',
    },
    {
      env: { AUTOPILOT_ARM_ENDPOINT: 'http://management.azure.com' },
      problem:
        'AUTOPILOT_ARM_ENDPOINT: expected an https:// URL such as https://management.azure.com, got "http://management.azure.com"',
    },
    {
      env: { AUTOPILOT_ARM_ENDPOINT: 'management.azure.com' },
      problem:
        'AUTOPILOT_ARM_ENDPOINT: expected an https:// URL such as https://management.azure.com, got "management.azure.com"',
    },
    {
      env: { AZURE_CLIENT_ID: 'my-identity' },
      problem: 'AZURE_CLIENT_ID: expected a GUID such as 00000000-0000-0000-0000-000000000000, got "my-identity"',
    },
    {
      env: { AUTOPILOT_ARM_REQUEST_TIMEOUT_SECONDS: '0' },
      problem:
        'AUTOPILOT_ARM_REQUEST_TIMEOUT_SECONDS: expected an integer from 1 to 3600 (seconds one ARM request may take), got "0"',
    },
    {
      env: { AUTOPILOT_ARM_REQUEST_TIMEOUT_SECONDS: '1m' },
      problem:
        'AUTOPILOT_ARM_REQUEST_TIMEOUT_SECONDS: expected an integer from 1 to 3600 (seconds one ARM request may take), got "1m"',
    },
    {
      env: { AUTOPILOT_INSTANCE_ID: 'prod\u202e' },
      problem: 'AUTOPILOT_INSTANCE_ID: expected lower-case letters, digits and hyphens, got "prod\\u{202E}"',
    },
    {
      env: { AUTOPILOT_RUN_DEADLINE_SECONDS: '0' },
      problem:
        'AUTOPILOT_RUN_DEADLINE_SECONDS: expected an integer from 1 to 86400 (seconds a whole run may take), got "0"',
    },
    {
      env: { AUTOPILOT_RUN_DEADLINE_SECONDS: '86401' },
      problem:
        'AUTOPILOT_RUN_DEADLINE_SECONDS: expected an integer from 1 to 86400 (seconds a whole run may take), got "86401"',
    },
  ];

  it.each(cases)('$problem', ({ env, problem }) => {
    expect(problemsOf(env)).toEqual([problem]);
  });

  it.each([
    { value: '[{', problem: /^AUTOPILOT_CATALOGUE_EXTENSIONS: expected a JSON array of catalogue entries \(.+\)$/ },
    {
      value: '{"service":"x"}',
      problem: /^AUTOPILOT_CATALOGUE_EXTENSIONS: expected a JSON array of catalogue entries, got \{"service":"x"\}$/,
    },
    {
      value: '[{"service":"x","resourceType":"Microsoft.DataFactory/factories","zones":[{"zone":"Not A Zone!"}]}]',
      problem: /^AUTOPILOT_CATALOGUE_EXTENSIONS\[0\]\.zones\[0\]/,
    },
  ])("reports the catalogue's problem with AUTOPILOT_CATALOGUE_EXTENSIONS=$value", ({ value, problem }) => {
    const problems = problemsOf({ AUTOPILOT_CATALOGUE_EXTENSIONS: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it('documents a catalogue extension example that loads', () => {
    expect(readFileSync(join(REPO, 'docs/settings.md'), 'utf8')).toContain(DATA_FACTORY);
  });

  it('reports a misspelt AUTOPILOT_ setting instead of ignoring it', () => {
    expect(problemsOf({ AUTOPILOT_DRYRUN: 'true' })[0]).toMatch(/^AUTOPILOT_DRYRUN: not a known setting/);
  });

  it('accepts the azd and tooling variables CI and azd export beside the settings', () => {
    const env = Object.fromEntries(Object.keys(NON_SETTING_VARIABLES).map((name) => [name, '1']));
    expect(() => loadSettings(env)).not.toThrow();
  });

  it('knows every AUTOPILOT_ name the CI script, scripts, templates and tests export', () => {
    const files = ['.ci/run', 'infra/main.parameters.json', ...filesUnder('scripts'), ...filesUnder('test')];
    const named = new Set(
      files.flatMap((file) => readFileSync(join(REPO, file), 'utf8').match(/\bAUTOPILOT_[A-Z0-9_]+[A-Z0-9]\b/g) ?? []),
    );
    const known = new Set<string>([...SETTING_NAMES, ...Object.keys(NON_SETTING_VARIABLES)]);
    // Names the tests make up to prove a misspelling is reported.
    const madeUpByTests = ['AUTOPILOT_DRYRUN'];
    expect([...named].filter((name) => !known.has(name) && !madeUpByTests.includes(name)).sort()).toEqual([]);
  });

  it('reports every problem at once, in a message that lists them', () => {
    const env = {
      AUTOPILOT_DRY_RUN: 'maybe',
      AUTOPILOT_TASK_HUB: '1',
      AUTOPILOT_SWEEP_GRACE_MINUTES: 'x',
      AZURE_CLIENT_ID: 'y',
    };
    let error: unknown;
    try {
      loadSettings(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const problems = (error as SettingsError).problems;
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'AUTOPILOT_DRY_RUN',
      'AUTOPILOT_SWEEP_GRACE_MINUTES',
      'AUTOPILOT_TASK_HUB',
      'AZURE_CLIENT_ID',
    ]);
    for (const p of problems) expect((error as Error).message).toContain(`- ${p}`);
  });
});

describe('AUTOPILOT_OUTCOME_TOPIC_ENDPOINT', () => {
  const TOPIC = 'https://egt-autopilot.westeurope-1.eventgrid.azure.net/api/events';

  it('is off when unset and takes an https topic endpoint', () => {
    expect(loadSettings({}).outcomeTopicEndpoint).toBeUndefined();
    expect(loadSettings({ AUTOPILOT_OUTCOME_TOPIC_ENDPOINT: TOPIC }).outcomeTopicEndpoint).toBe(TOPIC);
  });

  it('takes the local receiver (http on loopback) only in emulator mode', () => {
    const local = 'http://127.0.0.1:7777/api/events';
    expect(
      loadSettings({ AUTOPILOT_OUTCOME_TOPIC_ENDPOINT: local, AUTOPILOT_EMULATOR_CA_FILE: '.emulator/ca.pem' })
        .outcomeTopicEndpoint,
    ).toBe(local);
    expect(problemsOf({ AUTOPILOT_OUTCOME_TOPIC_ENDPOINT: local })).toEqual([
      expect.stringMatching(/^AUTOPILOT_OUTCOME_TOPIC_ENDPOINT: expected an Event Grid topic endpoint .* got/),
    ]);
    expect(
      problemsOf({
        AUTOPILOT_OUTCOME_TOPIC_ENDPOINT: 'http://topic.example.com/api/events',
        AUTOPILOT_EMULATOR_CA_FILE: '.emulator/ca.pem',
      }),
    ).toHaveLength(1);
    expect(problemsOf({ AUTOPILOT_OUTCOME_TOPIC_ENDPOINT: 'egt-autopilot' })).toHaveLength(1);
  });
});

describe('settings documentation and sample', () => {
  const sample = JSON.parse(readFileSync(join(REPO, 'local.settings.sample.json'), 'utf8')) as {
    Values: Record<string, string>;
  };
  const docs = readFileSync(join(REPO, 'docs/settings.md'), 'utf8');

  it('local.settings.sample.json lists every setting and loads cleanly', () => {
    expect(Object.keys(sample.Values).sort()).toEqual(
      [...SETTING_NAMES, 'AzureWebJobsStorage', 'FUNCTIONS_WORKER_RUNTIME'].sort(),
    );
    expect(sample.Values.AzureWebJobsStorage).toBe('UseDevelopmentStorage=true');
    expect(sample.Values.FUNCTIONS_WORKER_RUNTIME).toBe('node');
    expect(() => loadSettings(sample.Values)).not.toThrow();
  });

  it.each(SETTING_NAMES)('docs/settings.md documents %s', (name) => {
    expect(docs).toContain(`## ${name}`);
  });
});

function filesUnder(folder: string): string[] {
  return readdirSync(join(REPO, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|mjs|json|sh)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name).slice(REPO.length + 1));
}
