/**
 * The flags `plan`, `apply`, `sweep` and `doctor` share, and the engine context they build: settings from the
 * environment, ARM (or the emulator) from flags or settings, and the scope from flags, settings or what the
 * credential can list.
 */
import { Command, Option } from 'commander';
import { ArmClients, emulatorTarget, type ArmTarget } from '../../azure/clients';
import { armPorts, armTargetFromSettings, runDeadline } from '../../azure/ports';
import { quoteInput } from '../../core/quote-input';
import { isGuid } from '../../core/guid';
import { parseArmResourceId } from '../../core/resource-id';
import { SettingsError, loadSettings, type Settings } from '../../core/settings';
import type { Scope } from '../../core/scope';
import { createContext, focusKind, type ArmPorts, type EngineContext } from '../../engine';
import { CliFailure, EXIT_FAILURE, EXIT_USAGE } from '../exit';

export interface ArmFlags {
  subscription: string[];
  resource?: string;
  emulator?: string;
  ca?: string;
  json?: boolean;
}

export const SCOPE_HELP =
  'Scope: --subscription, else AUTOPILOT_SCOPE_SUBSCRIPTIONS, else every subscription the credential can list ' +
  '(GET /subscriptions). Private DNS zones are read in AUTOPILOT_DNS_ZONE_SUBSCRIPTION (and ' +
  'AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS); when that is not set, in the first scope subscription. ARM: --emulator and ' +
  '--ca, else AUTOPILOT_ARM_ENDPOINT with AUTOPILOT_EMULATOR_CA_FILE, else Azure with DefaultAzureCredential.';

export function addScopeOptions(command: Command): Command {
  return command
    .option(
      '--subscription <id>',
      'a subscription in scope (repeatable); overrides AUTOPILOT_SCOPE_SUBSCRIPTIONS',
      collectSubscription,
      [],
    )
    .addOption(new Option('--emulator <url>', "the emulator's ARM endpoint, e.g. https://127.0.0.1:8443 (with --ca)"))
    .addOption(
      new Option(
        '--ca <file>',
        "the emulator's CA certificate (PEM), trusted for these requests only (with --emulator)",
      ),
    )
    .addHelpText('after', `\n${SCOPE_HELP}`);
}

export async function contextFromFlags(flags: ArmFlags, log: (line: string) => void): Promise<EngineContext> {
  const settings = settingsFromEnvironment();
  const arm = armPorts(clientsFor(flags, settings, runDeadline(settings)));
  const scope = await scopeFor(flags, settings, arm, log);
  return createContext({ settings, arm, scope, log });
}

function settingsFromEnvironment(): Settings {
  try {
    return loadSettings(process.env);
  } catch (err) {
    if (err instanceof SettingsError) throw new CliFailure(err.message, EXIT_USAGE);
    throw err;
  }
}

function clientsFor(flags: ArmFlags, settings: Settings, deadline: AbortSignal): ArmClients {
  if ((flags.emulator === undefined) !== (flags.ca === undefined)) {
    throw new CliFailure(
      '--emulator and --ca go together: the emulator is reached over TLS with its own CA certificate',
      EXIT_USAGE,
    );
  }
  const fromSettings = armTargetFromSettings(settings);
  const target: ArmTarget =
    flags.emulator && flags.ca
      ? { ...emulatorTargetFromFlags(flags.emulator, flags.ca), requestTimeoutMs: fromSettings.requestTimeoutMs }
      : fromSettings;
  try {
    return new ArmClients(target, { deadline });
  } catch (err) {
    throw new CliFailure(
      `cannot set up ARM clients for ${target.endpoint}: ${err instanceof Error ? err.message : String(err)}`,
      EXIT_USAGE,
    );
  }
}

function emulatorTargetFromFlags(endpoint: string, caCertPath: string): ArmTarget {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new CliFailure(
      `--emulator: expected an https:// URL such as https://127.0.0.1:8443, got "${endpoint}"`,
      EXIT_USAGE,
    );
  }
  if (url.protocol !== 'https:')
    throw new CliFailure(
      `--emulator: expected an https:// URL (the emulator serves TLS), got "${endpoint}"`,
      EXIT_USAGE,
    );
  return emulatorTarget({ armEndpoint: url.origin, caCertPath });
}

async function scopeFor(
  flags: ArmFlags,
  settings: Settings,
  arm: ArmPorts,
  log: (line: string) => void,
): Promise<Scope> {
  let subscriptions = flags.subscription.map((s) => s.toLowerCase());
  if (subscriptions.length === 0) subscriptions = settings.scopeSubscriptions;
  if (subscriptions.length === 0) {
    subscriptions = await arm.subscriptions.listSubscriptions();
    log(
      `no scope configured (--subscription or AUTOPILOT_SCOPE_SUBSCRIPTIONS): using the ${subscriptions.length} subscription(s) the credential can list`,
    );
    if (subscriptions.length === 0)
      throw new CliFailure('the credential can list no enabled subscription: nothing is in scope', EXIT_FAILURE);
  }
  // settings.dnsZoneSubscription falls back to the configured scope; a scope from flags or the listing gets its own first subscription.
  const explicitZoneSubscription = process.env.AUTOPILOT_DNS_ZONE_SUBSCRIPTION?.trim()
    ? settings.dnsZoneSubscription
    : undefined;
  return {
    subscriptions: [...new Set(subscriptions)],
    dnsZoneSubscription: explicitZoneSubscription ?? subscriptions[0],
    dnsZoneResourceGroups: settings.dnsZoneResourceGroups.map((g) => g.toLowerCase()),
  };
}

/**
 * `--resource`: a private endpoint or a private link target, checked before anything runs (exit 2 when malformed).
 * Refused as a CliFailure, not a Commander error: Commander would echo the raw value, invisible characters and all.
 */
export function resourceOption(description: string): Option {
  return new Option('--resource <id>', description).argParser((value: string) => {
    try {
      parseArmResourceId(value);
      focusKind(value);
    } catch (err) {
      throw new CliFailure(`--resource: ${err instanceof Error ? err.message : String(err)}`, EXIT_USAGE);
    }
    return value;
  });
}

export function collectSubscription(value: string, previous: string[]): string[] {
  if (!isGuid(value))
    throw new CliFailure(`--subscription: expected a subscription ID (GUID), got ${quoteInput(value)}`, EXIT_USAGE);
  return [...previous, value];
}

export function stderrLog(line: string): void {
  process.stderr.write(`${line}\n`);
}
