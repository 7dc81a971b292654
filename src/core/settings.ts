import { type CatalogueEntry, CatalogueError, parseCatalogueExtensions } from './catalogue';
import { OWNERSHIP_MODES, type OwnershipMode } from './model';
import { quoteInput } from './quote-input';
import { GUID_FORM, isGuid } from './guid';
import { isResourceGroupName } from './resource-id';
import type { ZonePlacementRule } from './plan/dns/placement';

/** Every app setting the function app reads. docs/settings.md and local.settings.sample.json list the same names. */
export const SETTING_NAMES = [
  'AUTOPILOT_SCOPE_SUBSCRIPTIONS',
  'AUTOPILOT_DNS_ZONE_SUBSCRIPTION',
  'AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS',
  'AUTOPILOT_DNS_ZONE_PLACEMENT',
  'AUTOPILOT_POLICY_SOURCE',
  'AUTOPILOT_DRY_RUN',
  'AUTOPILOT_SWEEP_SCHEDULE',
  'AUTOPILOT_RECONCILE_SCHEDULE',
  'AUTOPILOT_SWEEP_GRACE_MINUTES',
  'AUTOPILOT_SWEEP_MAX_DELETIONS',
  'AUTOPILOT_OWNERSHIP_MODE',
  'AUTOPILOT_CATALOGUE_EXTENSIONS',
  'AUTOPILOT_INSTANCE_ID',
  'AUTOPILOT_RECORD_TTL_SECONDS',
  'AUTOPILOT_TASK_HUB',
  'AUTOPILOT_ARM_ENDPOINT',
  'AUTOPILOT_ARM_AUDIENCE',
  'AUTOPILOT_EMULATOR_CA_FILE',
  'AUTOPILOT_ARM_REQUEST_TIMEOUT_SECONDS',
  'AUTOPILOT_RUN_DEADLINE_SECONDS',
  'AUTOPILOT_OUTCOME_TOPIC_ENDPOINT',
  'AZURE_CLIENT_ID',
] as const;

export type SettingName = (typeof SETTING_NAMES)[number];

/**
 * AUTOPILOT_ variables that are not app settings: azd's environment (read by infra/main.parameters.json) and the
 * project's tooling (.ci/run, scripts/, tests). They may be exported in the same shell that starts the app or the
 * CLI, so the misspelt-name check accepts them; the app itself never reads them.
 */
export const NON_SETTING_VARIABLES: Readonly<Record<string, string>> = {
  AUTOPILOT_EVENT_DELIVERY: 'azd: how Event Grid delivers (parameter eventDelivery)',
  AUTOPILOT_NODE_VERSION: 'azd: the function app Node.js version (parameter nodeVersion)',
  AUTOPILOT_OUTCOME_TOPIC_ENABLED: 'azd: create the outcome topic (parameter outcomeTopicEnabled)',
  AUTOPILOT_ALERTS_ENABLED: 'azd: the alert rules (parameter alertsEnabled)',
  AUTOPILOT_BICEP: 'tooling: the Bicep CLI to use (scripts/bicep.js)',
  AUTOPILOT_REQUIRE_BICEP: 'tooling: a missing Bicep compiler fails the infra tests instead of skipping them',
  AUTOPILOT_REQUIRE_BROWSER: 'tooling: a missing Chromium fails the browser tests instead of skipping them',
  AUTOPILOT_CHROMIUM_PATH: 'tooling: the Chromium the browser tests drive',
};

export type PolicySource = { kind: 'file'; path: string } | { kind: 'inline'; text: string };

export interface Settings {
  /** Lower-case subscription IDs; empty when none are configured. */
  scopeSubscriptions: string[];
  /** Lower case; absent when neither it nor a scope subscription is configured. */
  dnsZoneSubscription?: string;
  /** Empty means every resource group of the zone subscription. */
  dnsZoneResourceGroups: string[];
  /**
   * Which zone copy serves endpoints whose networks' links and peerings do not say (DNS forwarded another way), in the
   * order written; empty: none (`src/core/plan/dns/placement.ts`).
   */
  dnsZonePlacement: ZonePlacementRule[];
  /** Absent means no policy: nothing is approved. */
  policySource?: PolicySource;
  dryRun: boolean;
  /** NCRONTAB with six fields (seconds first). */
  sweepSchedule: string;
  /** The periodic whole-scope pass's timer: NCRONTAB with six fields. */
  reconcileSchedule: string;
  sweepGraceMinutes: number;
  sweepMaxDeletions: number;
  ownershipMode: OwnershipMode;
  /** Extra service catalogue entries, validated by the catalogue (`parseCatalogueExtensions`). */
  catalogueExtensions: CatalogueEntry[];
  instanceId: string;
  recordTtlSeconds: number;
  taskHub: string;
  armEndpoint: string;
  armAudience: string;
  emulatorCaFile?: string;
  /** How long one HTTP attempt to ARM may take before it is aborted and retried. */
  armRequestTimeoutSeconds: number;
  /** How long a whole run (a CLI command, an activity) may take; then no new ARM request starts. */
  runDeadlineSeconds: number;
  /** Where outcome events go (an Event Grid custom topic's endpoint); absent: no events. */
  outcomeTopicEndpoint?: string;
  azureClientId?: string;
}

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid app settings:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

export const DEFAULT_SWEEP_SCHEDULE = '0 0 */6 * * *';
/**
 * Hourly, at minute 30 (between the sweep's hours): a record lost to a dropped event or a zone subscription without a
 * topic is back within the hour, and a converged pass costs only listing pages (a few dozen reads per hour).
 */
export const DEFAULT_RECONCILE_SCHEDULE = '0 30 * * * *';
export const DEFAULT_TASK_HUB = 'PrivateLinkAutopilot';
export const DEFAULT_ARM_ENDPOINT = 'https://management.azure.com';
export const DEFAULT_ARM_AUDIENCE = 'https://management.azure.com/.default';
export const DEFAULT_ARM_REQUEST_TIMEOUT_SECONDS = 60;
/** Just under host.json's functionTimeout (10 minutes), so an activity ends on its own terms. */
export const DEFAULT_RUN_DEADLINE_SECONDS = 540;

/**
 * Every setting's default, as the text its app setting would hold: the one place defaults are applied (loadSettings
 * reads an unset setting as its default; registrations that name a setting use settingValue). docs/settings.md's
 * table shows the same values. Settings not here default to nothing or to another setting (see loadSettings).
 */
export const SETTING_DEFAULTS = {
  AUTOPILOT_DRY_RUN: 'false',
  AUTOPILOT_SWEEP_SCHEDULE: DEFAULT_SWEEP_SCHEDULE,
  AUTOPILOT_RECONCILE_SCHEDULE: DEFAULT_RECONCILE_SCHEDULE,
  AUTOPILOT_SWEEP_GRACE_MINUTES: '1440',
  AUTOPILOT_SWEEP_MAX_DELETIONS: '50',
  AUTOPILOT_OWNERSHIP_MODE: 'owned-only',
  AUTOPILOT_CATALOGUE_EXTENSIONS: '[]',
  AUTOPILOT_INSTANCE_ID: 'default',
  AUTOPILOT_RECORD_TTL_SECONDS: '10',
  AUTOPILOT_TASK_HUB: DEFAULT_TASK_HUB,
  AUTOPILOT_ARM_ENDPOINT: DEFAULT_ARM_ENDPOINT,
  AUTOPILOT_ARM_AUDIENCE: DEFAULT_ARM_AUDIENCE,
  AUTOPILOT_ARM_REQUEST_TIMEOUT_SECONDS: String(DEFAULT_ARM_REQUEST_TIMEOUT_SECONDS),
  AUTOPILOT_RUN_DEADLINE_SECONDS: String(DEFAULT_RUN_DEADLINE_SECONDS),
} as const satisfies Partial<Record<SettingName, string>>;

export type DefaultedSetting = keyof typeof SETTING_DEFAULTS;

/** A setting's text as the app reads it: trimmed, with an empty or blank value counting as unset, else its default. */
export function settingValue(name: DefaultedSetting, env: Record<string, string | undefined>): string;
export function settingValue(name: SettingName, env: Record<string, string | undefined>): string | undefined;
export function settingValue(name: SettingName, env: Record<string, string | undefined>): string | undefined {
  const value = env[name]?.trim();
  return value ? value : (SETTING_DEFAULTS as Partial<Record<SettingName, string>>)[name];
}

const MAX_REQUEST_TIMEOUT_SECONDS = 3600;
const MAX_RUN_DEADLINE_SECONDS = 86_400;

const INSTANCE_ID = /^[a-z0-9-]+$/;
/** Durable Functions task hub names: 3–45 alphanumerics, starting with a letter. */
const TASK_HUB = /^[A-Za-z][A-Za-z0-9]{2,44}$/;
const TRUE_WORDS = ['true', '1', 'yes'];
const FALSE_WORDS = ['false', '0', 'no'];
const MAX_INT32 = 2147483647;

/**
 * Reads and validates every app setting from an env-like record. An empty or blank value counts as unset. Throws a
 * SettingsError listing every problem, each naming the setting and the expected form.
 */
export function loadSettings(env: Record<string, string | undefined>): Settings {
  const problems: string[] = [];
  const read = (name: SettingName): string | undefined => settingValue(name, env);
  // A parser answers undefined only for a value it reported as a problem, and problems throw before settings return.
  const parsed = <T>(value: T | undefined): T => value as T;
  const problem = (name: SettingName, expected: string, value: string): undefined => {
    problems.push(`${name}: expected ${expected}, got ${quoteInput(value)}`);
    return undefined;
  };

  const scopeSubscriptions = [
    ...new Set(list(read('AUTOPILOT_SCOPE_SUBSCRIPTIONS'), /[\s,]+/).map((s) => s.toLowerCase())),
  ];
  for (const s of scopeSubscriptions.filter((s) => !isGuid(s))) {
    problem('AUTOPILOT_SCOPE_SUBSCRIPTIONS', `subscription IDs separated by commas or spaces, each ${GUID_FORM}`, s);
  }
  const zoneSubscription = parseGuid(read('AUTOPILOT_DNS_ZONE_SUBSCRIPTION'), 'AUTOPILOT_DNS_ZONE_SUBSCRIPTION');
  const dnsZoneSubscription = zoneSubscription ?? scopeSubscriptions[0];

  const dnsZoneResourceGroups = list(read('AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS'), /\s*,\s*/);
  for (const rg of dnsZoneResourceGroups.filter((rg) => !isResourceGroupName(rg))) {
    problem(
      'AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS',
      'comma-separated resource group names (1–90 letters, digits, _ - . ( ), not ending in ".")',
      rg,
    );
  }

  const dnsZonePlacement = parsePlacement(read('AUTOPILOT_DNS_ZONE_PLACEMENT'));

  const settings: Settings = {
    scopeSubscriptions,
    dnsZoneResourceGroups,
    dnsZonePlacement,
    dryRun: parsed(parseBoolean(read('AUTOPILOT_DRY_RUN'))),
    sweepSchedule: parsed(parseSchedule('AUTOPILOT_SWEEP_SCHEDULE', DEFAULT_SWEEP_SCHEDULE)),
    reconcileSchedule: parsed(parseSchedule('AUTOPILOT_RECONCILE_SCHEDULE', DEFAULT_RECONCILE_SCHEDULE)),
    sweepGraceMinutes: parsed(parseInteger('AUTOPILOT_SWEEP_GRACE_MINUTES', 0, Number.MAX_SAFE_INTEGER)),
    sweepMaxDeletions: parsed(parseInteger('AUTOPILOT_SWEEP_MAX_DELETIONS', 0, Number.MAX_SAFE_INTEGER)),
    ownershipMode: parsed(parseOwnershipMode(read('AUTOPILOT_OWNERSHIP_MODE'))),
    catalogueExtensions: parseExtensions(read('AUTOPILOT_CATALOGUE_EXTENSIONS')),
    instanceId: parsed(parseMatching('AUTOPILOT_INSTANCE_ID', INSTANCE_ID, 'lower-case letters, digits and hyphens')),
    recordTtlSeconds: parsed(parseInteger('AUTOPILOT_RECORD_TTL_SECONDS', 1, MAX_INT32)),
    taskHub: parsed(parseMatching('AUTOPILOT_TASK_HUB', TASK_HUB, '3–45 letters and digits starting with a letter')),
    armEndpoint: parsed(parseHttpsUrl(read('AUTOPILOT_ARM_ENDPOINT'))),
    armAudience: parsed(read('AUTOPILOT_ARM_AUDIENCE')),
    armRequestTimeoutSeconds: parsed(
      parseInteger(
        'AUTOPILOT_ARM_REQUEST_TIMEOUT_SECONDS',
        1,
        MAX_REQUEST_TIMEOUT_SECONDS,
        'seconds one ARM request may take',
      ),
    ),
    runDeadlineSeconds: parsed(
      parseInteger('AUTOPILOT_RUN_DEADLINE_SECONDS', 1, MAX_RUN_DEADLINE_SECONDS, 'seconds a whole run may take'),
    ),
  };
  assignDefined(settings, 'dnsZoneSubscription', dnsZoneSubscription);
  assignDefined(settings, 'policySource', parsePolicySource(read('AUTOPILOT_POLICY_SOURCE')));
  assignDefined(settings, 'emulatorCaFile', read('AUTOPILOT_EMULATOR_CA_FILE'));
  assignDefined(settings, 'azureClientId', parseGuid(read('AZURE_CLIENT_ID'), 'AZURE_CLIENT_ID'));
  assignDefined(
    settings,
    'outcomeTopicEndpoint',
    parseTopicEndpoint(read('AUTOPILOT_OUTCOME_TOPIC_ENDPOINT'), settings.emulatorCaFile !== undefined),
  );

  for (const name of Object.keys(env)) {
    if (isMisspeltSettingName(name)) {
      problems.push(
        `${name}: not a known setting (a misspelt name would be silently ignored); known: ${SETTING_NAMES.join(', ')}`,
      );
    }
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;

  function isMisspeltSettingName(name: string): boolean {
    return (
      name.startsWith('AUTOPILOT_') &&
      !(SETTING_NAMES as readonly string[]).includes(name) &&
      !Object.hasOwn(NON_SETTING_VARIABLES, name)
    );
  }

  function parseGuid(value: string | undefined, name: SettingName): string | undefined {
    if (value === undefined) return undefined;
    return isGuid(value) ? value.toLowerCase() : problem(name, GUID_FORM, value);
  }

  /** `region:eastus=rg-dns-east,subscription:<id>=rg-dns-west`: each group must be a zone resource group in scope. */
  function parsePlacement(value: string | undefined): ZonePlacementRule[] {
    const rules: ZonePlacementRule[] = [];
    for (const entry of list(value, /\s*,\s*/)) {
      const match = /^(region|subscription):([^=\s]+)\s*=\s*(\S+)$/i.exec(entry);
      const kind = match?.[1]?.toLowerCase() as ZonePlacementRule['match'] | undefined;
      const key = match?.[2] ?? '';
      const resourceGroup = match?.[3] ?? '';
      if (!match || !kind) {
        problem(
          'AUTOPILOT_DNS_ZONE_PLACEMENT',
          'comma-separated entries "region:<region>=<zone resource group>" or "subscription:<subscription ID>=<zone resource group>"',
          entry,
        );
      } else if (kind === 'subscription' && !isGuid(key)) {
        problem('AUTOPILOT_DNS_ZONE_PLACEMENT', `a subscription ID (${GUID_FORM}) after "subscription:"`, entry);
      } else if (kind === 'region' && !/^[a-z0-9]+$/i.test(key)) {
        problem(
          'AUTOPILOT_DNS_ZONE_PLACEMENT',
          'a region name of letters and digits (e.g. "eastus") after "region:"',
          entry,
        );
      } else if (!isResourceGroupName(resourceGroup)) {
        problem('AUTOPILOT_DNS_ZONE_PLACEMENT', 'a resource group name after "="', entry);
      } else if (
        dnsZoneResourceGroups.length > 0 &&
        !dnsZoneResourceGroups.some((rg) => rg.toLowerCase() === resourceGroup.toLowerCase())
      ) {
        problem(
          'AUTOPILOT_DNS_ZONE_PLACEMENT',
          `a resource group listed in AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS (${dnsZoneResourceGroups.join(', ')})`,
          entry,
        );
      } else {
        rules.push({ match: kind, value: key.toLowerCase(), resourceGroup: resourceGroup.toLowerCase() });
      }
    }
    return rules;
  }

  function parseBoolean(value: string | undefined): boolean | undefined {
    if (value === undefined) return undefined;
    if (TRUE_WORDS.includes(value.toLowerCase())) return true;
    if (FALSE_WORDS.includes(value.toLowerCase())) return false;
    return problem('AUTOPILOT_DRY_RUN', 'true/false, 1/0 or yes/no', value);
  }

  function parseSchedule(name: SettingName, example: string): string | undefined {
    const value = read(name);
    if (value === undefined) return undefined;
    const fields = value.split(/\s+/);
    if (fields.length === 6) return fields.join(' ');
    return problem(
      name,
      `an NCRONTAB expression with 6 fields ({second} {minute} {hour} {day} {month} {day-of-week}, e.g. "${example}") but found ${fields.length}`,
      value,
    );
  }

  function parseInteger(name: SettingName, min: number, max: number, meaning?: string): number | undefined {
    const value = read(name);
    if (value === undefined) return undefined;
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    return problem(name, `an integer ${range}${meaning ? ` (${meaning})` : ''}`, value);
  }

  function parseOwnershipMode(value: string | undefined): OwnershipMode | undefined {
    if (value === undefined) return undefined;
    const mode = OWNERSHIP_MODES.find((m) => m === value.toLowerCase());
    return mode ?? problem('AUTOPILOT_OWNERSHIP_MODE', `one of ${OWNERSHIP_MODES.join(', ')}`, value);
  }

  function parseExtensions(value: string | undefined): CatalogueEntry[] {
    try {
      return parseCatalogueExtensions(value, 'AUTOPILOT_CATALOGUE_EXTENSIONS');
    } catch (err) {
      if (!(err instanceof CatalogueError)) throw err;
      problems.push(err.message);
      return [];
    }
  }

  function parseMatching(name: SettingName, pattern: RegExp, form: string): string | undefined {
    const value = read(name);
    if (value === undefined) return undefined;
    return pattern.test(value) ? value : problem(name, form, value);
  }

  function parseHttpsUrl(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const url = urlOrUndefined(value);
    return url?.protocol === 'https:'
      ? value
      : problem('AUTOPILOT_ARM_ENDPOINT', 'an https:// URL such as https://management.azure.com', value);
  }

  /** https only; the local host's receiver (http on loopback) only in emulator mode, where no real token is sent. */
  function parseTopicEndpoint(value: string | undefined, emulator: boolean): string | undefined {
    if (value === undefined) return undefined;
    const url = urlOrUndefined(value);
    if (url?.protocol === 'https:') return value;
    if (url?.protocol === 'http:' && emulator && /^(127\.0\.0\.1|localhost|\[::1\])$/i.test(url.hostname)) return value;
    return problem(
      'AUTOPILOT_OUTCOME_TOPIC_ENDPOINT',
      'an Event Grid topic endpoint such as https://<topic>.<region>-1.eventgrid.azure.net/api/events (http://127.0.0.1 only with AUTOPILOT_EMULATOR_CA_FILE)',
      value,
    );
  }

  function parsePolicySource(value: string | undefined): PolicySource | undefined {
    if (value === undefined) return undefined;
    const form = '"file:<path>" or "inline:<policy JSON>"';
    const colon = value.indexOf(':');
    const kind = value.slice(0, colon).toLowerCase();
    const rest = value.slice(colon + 1).trim();
    if (colon < 0 || rest.length === 0) return problem('AUTOPILOT_POLICY_SOURCE', form, value);
    if (kind === 'file') return { kind: 'file', path: rest };
    if (kind === 'inline') return { kind: 'inline', text: rest };
    return problem('AUTOPILOT_POLICY_SOURCE', form, value);
  }
}

function list(value: string | undefined, separator: RegExp): string[] {
  return value === undefined ? [] : value.split(separator).filter((item) => item.length > 0);
}

/** Leaves optional properties absent rather than present-and-undefined, so settings compare and print cleanly. */
function assignDefined<K extends keyof Settings>(settings: Settings, key: K, value: Settings[K] | undefined): void {
  if (value !== undefined) settings[key] = value;
}

function urlOrUndefined(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
