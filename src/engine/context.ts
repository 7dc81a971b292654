/**
 * Everything one unit of work (a CLI run, an activity invocation) needs to observe, plan and act: its own ARM clients
 * (and so its own call counter), the validated settings, the scope it may touch, the approval policy and the catalogue.
 */
import { pollingOptions } from '../azure/bounded';
import { ArmClients, type ArmTarget } from '../azure/clients';
import { buildCatalogue, type Catalogue } from '../core/catalogue';
import type { PolicyError, ApprovalPolicy } from '../core/policy';
import { scopeFromSettings, type Scope } from '../core/scope';
import type { Settings } from '../core/settings';
import { loadPolicySource, type ReadText } from './policy-source';

export interface EngineContext {
  clients: ArmClients;
  settings: Settings;
  scope: Scope;
  /** A policy that could not be loaded approves nothing. */
  policy: ApprovalPolicy | PolicyError;
  catalogue: Catalogue;
  /** The clock, injected: plans and orphan marks use it, tests fix it. */
  now: () => Date;
  log: (line: string) => void;
  /** Poll interval of long-running operations (endpoint refresh, connection updates); default the SDK's, 2 s. */
  updateIntervalInMs?: number;
  /** Aborts when the run's deadline (AUTOPILOT_RUN_DEADLINE_SECONDS) has passed; the clients stop sending then. */
  deadline: AbortSignal;
}

export interface ContextOptions {
  settings: Settings;
  /** Default: built from the settings (`armTargetFromSettings`). */
  clients?: ArmClients;
  /** Default: the configured scope (`scopeFromSettings`). */
  scope?: Scope;
  now?: () => Date;
  log?: (line: string) => void;
  readText?: ReadText;
  updateIntervalInMs?: number;
  /** Default: the deadline of `clients` when given, else one starting now (`runDeadline`). */
  deadline?: AbortSignal;
}

export function createContext(options: ContextOptions): EngineContext {
  const { settings } = options;
  const deadline = options.deadline ?? options.clients?.deadline ?? runDeadline(settings);
  return {
    clients: options.clients ?? new ArmClients(armTargetFromSettings(settings), { deadline }),
    settings,
    scope: options.scope ?? scopeFromSettings(settings),
    policy: loadPolicySource(settings.policySource, options.readText),
    catalogue: buildCatalogue(settings.catalogueExtensions),
    now: options.now ?? (() => new Date()),
    log: options.log ?? (() => undefined),
    ...pollingOptions(options.updateIntervalInMs),
    deadline,
  };
}

/** The deadline of a run starting now. */
export function runDeadline(settings: Settings): AbortSignal {
  return AbortSignal.timeout(settings.runDeadlineSeconds * 1000);
}

/** Azure (DefaultAzureCredential, AZURE_CLIENT_ID) or, when AUTOPILOT_EMULATOR_CA_FILE is set, the emulator. */
export function armTargetFromSettings(settings: Settings): ArmTarget {
  return {
    endpoint: settings.armEndpoint,
    audience: settings.armAudience,
    requestTimeoutMs: settings.armRequestTimeoutSeconds * 1000,
    ...(settings.emulatorCaFile ? { caCertPath: settings.emulatorCaFile } : {}),
    ...(settings.azureClientId ? { managedIdentityClientId: settings.azureClientId } : {}),
  };
}
