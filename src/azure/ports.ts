/**
 * The engine's ARM ports over the official SDK clients, and the engine context wired to them: the one place where the
 * function app, the activities and the CLI turn settings (or a chosen ARM target) into something the engine can use.
 */
import { createContext, type ContextOptions, type EngineContext } from '../engine/context';
import type { ArmPorts } from '../engine/ports';
import type { Settings } from '../core/settings';
import { pollingOptions } from './bounded';
import { ArmClients, type ArmTarget } from './clients';
import { ConnectionAdapter } from './connections';
import { DnsAdapter } from './dns';
import { EndpointAdapter } from './endpoints';
import { classifyArmError } from './errors';
import { NetworkAdapter } from './networks';
import { SubscriptionAdapter } from './subscriptions';
import { TargetAdapter } from './targets';

export interface ArmPortOptions {
  /** Poll interval of long-running operations (endpoint refresh, connection updates); default the SDK's, 2 s. */
  updateIntervalInMs?: number;
}

export function armPorts(clients: ArmClients, options: ArmPortOptions = {}): ArmPorts {
  const polling = pollingOptions(options.updateIntervalInMs);
  return {
    endpoints: new EndpointAdapter(clients, polling),
    dns: new DnsAdapter(clients),
    connections: new ConnectionAdapter(clients, polling),
    targets: new TargetAdapter(clients),
    networks: new NetworkAdapter(clients),
    subscriptions: new SubscriptionAdapter(clients),
    meter: clients,
    classifyError: classifyArmError,
  };
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

/** The deadline of a run starting now (AUTOPILOT_RUN_DEADLINE_SECONDS): the clients stop sending once it has passed. */
export function runDeadline(settings: Settings): AbortSignal {
  return AbortSignal.timeout(settings.runDeadlineSeconds * 1000);
}

export interface ArmContextOptions extends Omit<ContextOptions, 'arm'>, ArmPortOptions {
  /** Default: fresh clients for the settings' ARM target (`armTargetFromSettings`), with the run's deadline. */
  clients?: ArmClients;
}

/** An engine context on ARM; one per unit of work, so its call meter counts that unit alone. */
export function createArmContext(options: ArmContextOptions): EngineContext {
  const { clients, updateIntervalInMs, ...rest } = options;
  const arm = armPorts(
    clients ?? new ArmClients(armTargetFromSettings(options.settings), { deadline: runDeadline(options.settings) }),
    updateIntervalInMs === undefined ? {} : { updateIntervalInMs },
  );
  return createContext({ ...rest, arm });
}
