import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { ServiceClient, type AdditionalPolicyConfig } from '@azure/core-client';
import { tlsPolicy, type PipelinePolicy } from '@azure/core-rest-pipeline';
import { DefaultAzureCredential } from '@azure/identity';
import { NetworkManagementClient } from '@azure/arm-network';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { CosmosDBManagementClient } from '@azure/arm-cosmosdb';
import { emptyCallCount, type ArmCallCount } from '../core/model';
import {
  privateDnsPacingPolicy,
  processPrivateDnsPacing,
  sharedPrivateDnsPacer,
  type PrivateDnsPacer,
  type PrivateDnsPacingOptions,
} from './pacing';
import { extraRetryPolicy } from './retry';
import { attemptTimeoutPolicy, DEFAULT_REQUEST_TIMEOUT_MS, runDeadlinePolicy } from './time-limits';

/** Where ARM is and how to reach it. Built from settings or CLI flags; nothing else in the code builds clients. */
export interface ArmTarget {
  /** e.g. https://management.azure.com or the emulator's https://127.0.0.1:PORT */
  endpoint: string;
  /** Token audience scope, e.g. https://management.azure.com/.default */
  audience: string;
  /** Emulator mode: a CA certificate trusted by these clients only (TLS verification stays on). */
  caCertPath?: string;
  /** User-assigned managed identity client ID. */
  managedIdentityClientId?: string;
  /** Upper bound of SDK retries for transient errors (429 with Retry-After, 5xx, resets, 409 AnotherOperationInProgress). */
  maxRetries?: number;
  /** First backoff delay of those retries (default 1 s, as the SDK); `Retry-After` wins when ARM sends it. */
  retryDelayInMs?: number;
  /** Longest backoff delay (default 64 s, as the SDK). */
  maxRetryDelayInMs?: number;
  /** How long one HTTP attempt may take before it is aborted and retried as transient (default 60 s). */
  requestTimeoutMs?: number;
  /**
   * Private DNS requests wait for their zone's turn under Microsoft's per-zone limits, shared across every ArmClients
   * of the process for this ARM endpoint (default on). `false` turns pacing off (tests that exercise something else).
   * The wait comes before an attempt's timeout starts; the run's deadline ends it.
   */
  privateDnsPacing?: PrivateDnsPacingOptions | false;
}

export interface ArmClientsOptions {
  /** Default: the emulator's credential in emulator mode, else `DefaultAzureCredential`. */
  credential?: TokenCredential;
  /** The run's deadline: once it aborts, requests in flight are aborted and no new request is sent. */
  deadline?: AbortSignal;
}

/** Emulator mode: the emulator's origin is both the endpoint and the token audience, and only its CA is trusted. */
export function emulatorTarget(emulator: { armEndpoint: string; caCertPath: string }): ArmTarget {
  const origin = new URL(emulator.armEndpoint).origin;
  return { endpoint: origin, audience: `${origin}/.default`, caCertPath: emulator.caCertPath };
}

const EMULATOR_TOKEN_LIFETIME_MS = 60 * 60 * 1000;

/** The emulator accepts any bearer token; the SDK still insists on sending one, and only over TLS. */
class EmulatorCredential implements TokenCredential {
  async getToken(): Promise<AccessToken> {
    return { token: 'privatelink-autopilot-emulator', expiresOnTimestamp: Date.now() + EMULATOR_TOKEN_LIFETIME_MS };
  }
}

const DEFAULT_MAX_RETRIES = 4;
const DEFAULT_RETRY_DELAY_MS = 1000;
const DEFAULT_MAX_RETRY_DELAY_MS = 64_000;

function countingPolicy(total: ArmCallCount, measured: () => readonly ArmCallCount[] | undefined): PipelinePolicy {
  return {
    name: 'privatelinkAutopilotCallCounter',
    async sendRequest(request, next) {
      const method = request.method.toUpperCase();
      const kind: keyof ArmCallCount =
        method === 'GET' || method === 'HEAD' ? 'reads' : method === 'DELETE' ? 'deletes' : 'writes';
      total[kind] += 1;
      for (const count of measured() ?? []) count[kind] += 1;
      return next(request);
    },
  };
}

/**
 * One set of ARM clients with its own call counter. Create one per unit of work (an activity, a CLI run): `calls`
 * totals what the unit cost, and `measure` counts one operation within it (every adapter result reports that).
 */
/**
 * Every request stays on the configured ARM origin: the SDKs follow nextLink, Azure-AsyncOperation, Location and
 * redirects wherever a response points, and would send the bearer token along. Runs before the token is attached.
 */
export function armOriginOnlyPolicy(armEndpoint: string): PipelinePolicy {
  const allowed = new URL(armEndpoint).origin.toLowerCase();
  return {
    name: 'privatelinkAutopilotArmOriginOnly',
    async sendRequest(request, next) {
      const origin = new URL(request.url).origin.toLowerCase();
      if (origin !== allowed) {
        throw new Error(
          `refused to send ${request.method} ${request.url}: it leaves ARM (${allowed}); a response pointed outside it`,
        );
      }
      return next(request);
    },
  };
}

/**
 * The `measure` calls the current async context runs inside (innermost last), of every ArmClients. One for the process:
 * an AsyncLocalStorage stays enabled once run, and every async operation afterwards visits each enabled one, so one per
 * ArmClients (an activity makes a new one each call) made a long-lived worker slower with every invocation.
 */
const measures = new AsyncLocalStorage<ReadonlyArray<{ clients: ArmClients; calls: ArmCallCount }>>();

export class ArmClients {
  readonly calls: ArmCallCount = emptyCallCount();
  private readonly credential: TokenCredential;
  private readonly trustPolicies: AdditionalPolicyConfig[] = [];
  private readonly networkClients = new Map<string, NetworkManagementClient>();
  private readonly dnsClients = new Map<string, PrivateDnsManagementClient>();
  private readonly cosmosClients = new Map<string, CosmosDBManagementClient>();
  private genericClient?: ServiceClient;

  readonly deadline?: AbortSignal;
  /** Undefined when pacing is off. */
  readonly pacer?: PrivateDnsPacer;

  constructor(
    readonly target: ArmTarget,
    options: ArmClientsOptions = {},
  ) {
    if (options.deadline) this.deadline = options.deadline;
    const pacing = target.privateDnsPacing ?? processPrivateDnsPacing();
    if (pacing !== false && pacing.enabled !== false) this.pacer = sharedPrivateDnsPacer(target.endpoint, pacing);
    if (target.caCertPath) {
      this.trustPolicies.push({
        policy: tlsPolicy({ ca: readFileSync(target.caCertPath, 'utf8') }),
        position: 'perCall',
      });
    }
    this.credential =
      options.credential ??
      (target.caCertPath
        ? new EmulatorCredential()
        : new DefaultAzureCredential(
            target.managedIdentityClientId ? { managedIdentityClientId: target.managedIdentityClientId } : {},
          ));
  }

  /**
   * Runs `work` and counts the ARM calls made on its behalf (through these clients, retries and polls included), even
   * while other work shares the clients concurrently. Calls also count in `calls` and in any enclosing `measure`.
   */
  async measure<T>(work: () => Promise<T>): Promise<{ value: T; calls: ArmCallCount }> {
    const calls = emptyCallCount();
    const value = await measures.run([...(measures.getStore() ?? []), { clients: this, calls }], work);
    return { value, calls };
  }

  private options(paced = false) {
    const backoff = {
      maxRetries: this.target.maxRetries ?? DEFAULT_MAX_RETRIES,
      retryDelayInMs: this.target.retryDelayInMs ?? DEFAULT_RETRY_DELAY_MS,
      maxRetryDelayInMs: this.target.maxRetryDelayInMs ?? DEFAULT_MAX_RETRY_DELAY_MS,
    };
    return {
      endpoint: this.target.endpoint,
      $host: this.target.endpoint,
      credentialScopes: [this.target.audience],
      retryOptions: backoff,
      additionalPolicies: [
        ...(this.deadline ? [{ policy: runDeadlinePolicy(this.deadline), position: 'perCall' as const }] : []),
        ...this.trustPolicies,
        { policy: extraRetryPolicy(backoff), position: 'perCall' as const },
        { policy: armOriginOnlyPolicy(this.target.endpoint), position: 'perRetry' as const },
        ...(paced && this.pacer ? [{ policy: privateDnsPacingPolicy(this.pacer), position: 'perRetry' as const }] : []),
        {
          policy: countingPolicy(this.calls, () =>
            measures
              .getStore()
              ?.filter((m) => m.clients === this)
              .map((m) => m.calls),
          ),
          position: 'perRetry' as const,
        },
        {
          policy: attemptTimeoutPolicy(this.target.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
          position: 'perRetry' as const,
        },
      ],
    };
  }

  network(subscriptionId: string): NetworkManagementClient {
    return memo(
      this.networkClients,
      subscriptionId,
      () => new NetworkManagementClient(this.credential, subscriptionId, this.options()),
    );
  }

  privateDns(subscriptionId: string): PrivateDnsManagementClient {
    return memo(
      this.dnsClients,
      subscriptionId,
      () => new PrivateDnsManagementClient(this.credential, subscriptionId, this.options(true)),
    );
  }

  cosmos(subscriptionId: string): CosmosDBManagementClient {
    return memo(
      this.cosmosClients,
      subscriptionId,
      () => new CosmosDBManagementClient(this.credential, subscriptionId, this.options()),
    );
  }

  /** For resources without a typed client here (Key Vault, Mongo vCore connections, subscriptions list). */
  generic(): ServiceClient {
    this.genericClient ??= new ServiceClient({
      ...this.options(),
      baseUri: this.target.endpoint,
      credential: this.credential,
    });
    return this.genericClient;
  }
}

function memo<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (!value) {
    value = make();
    cache.set(key, value);
  }
  return value;
}
