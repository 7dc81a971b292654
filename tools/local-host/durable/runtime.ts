// Public face of the local Durable Functions runtime: instance operations, the HTTP API the real
// DurableClient talks to, and helpers for a host to invoke captured functions with a durable client.
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InvocationContext } from '@azure/functions';
import { Clock, realClock } from './clock';
import { Delivery, DurableEngine, isTerminal } from './engine';
import type { TimelineEvent } from './episode';
import { EventType, historyEvent, toJsonText } from './history';
import {
  createHttpApiHandler,
  InvalidArgumentError,
  OrchestrationAlreadyExistsError,
  RPC_BASE_PATH,
  WEBHOOK_BASE_PATH,
} from './http-api';
import { InvocationOptions, invocationContextFor, isDurableClientInput, LogEntry, Registration } from './registrations';
import { StatusOptions, StatusPayload, statusPayload } from './status';
import { FileInstanceStore, RuntimeStatus } from './store';

export interface DurableRuntimeOptions {
  registrations: Registration[];
  /** Directory holding one JSON file per instance; reuse it to resume after a restart. */
  storeDir: string;
  clock?: Clock;
  taskHubName?: string;
  /** Where the HTTP API listens (default 127.0.0.1, ephemeral port). */
  host?: string;
  port?: number;
  /** Origin written into management URLs, e.g. the embedding host's own http://localhost:7071. Default: this server. */
  webhookOrigin?: string;
  /** The key management URLs carry (`code=`), as the extension's links carry its system key; the embedding host checks it. */
  webhookKey?: string;
  onHistory?: (event: TimelineEvent) => void;
  onLog?: (entry: LogEntry) => void;
  /** Every request the HTTP API answered, e.g. to see the 410 behind a raiseEvent that "succeeded". */
  onHttpRequest?: (entry: { method: string; url: string; status: number }) => void;
}

export interface ManagementUrls {
  id: string;
  statusQueryGetUri: string;
  sendEventPostUri: string;
  terminatePostUri: string;
  rewindPostUri: string;
  purgeHistoryDeleteUri: string;
  restartPostUri: string;
  suspendPostUri: string;
  resumePostUri: string;
}

/** The durableClient input binding data (BindingHelper.OrchestrationClientInputData). */
export interface DurableClientBinding {
  taskHubName: string;
  connectionName: string | null;
  creationUrls: { createNewInstancePostUri: string; createAndWaitOnNewInstancePostUri: string };
  managementUrls: ManagementUrls;
  baseUrl: string;
  requiredQueryStringParameters: string;
  rpcBaseUrl: string;
  httpBaseUrl: string | null;
}

export interface InstanceFilter {
  runtimeStatus?: RuntimeStatus[];
  createdTimeFrom?: Date;
  createdTimeTo?: Date;
  instanceIdPrefix?: string;
  showInput?: boolean;
}

const DEDUPE_STATUSES: RuntimeStatus[] = ['Running', 'Pending', 'ContinuedAsNew'];

export class DurableRuntime extends DurableEngine {
  readonly taskHubName: string;
  private server?: http.Server;
  private origin = '';

  private constructor(private readonly options: DurableRuntimeOptions) {
    super(options.registrations, new FileInstanceStore(options.storeDir), options.clock ?? realClock, options);
    this.taskHubName = options.taskHubName ?? 'TestHubName';
  }

  /** Starts the HTTP API, then resumes every unfinished instance found in `storeDir`. */
  static async start(options: DurableRuntimeOptions): Promise<DurableRuntime> {
    const runtime = new DurableRuntime(options);
    const host = options.host ?? '127.0.0.1';
    const server = http.createServer(createHttpApiHandler(runtime));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
    runtime.server = server;
    runtime.origin = `http://${host}:${(server.address() as AddressInfo).port}`;
    runtime.resumeAll();
    return runtime;
  }

  reportHttp(entry: { method: string; url: string; status: number }): void {
    this.options.onHttpRequest?.(entry);
  }

  private get keyQuery(): string {
    return this.options.webhookKey ? `code=${encodeURIComponent(this.options.webhookKey)}` : '';
  }

  /** Origin of the HTTP API, e.g. http://127.0.0.1:53121. */
  get baseUrl(): string {
    return this.origin;
  }

  managementUrls(instanceId: string, origin = this.options.webhookOrigin ?? this.origin): ManagementUrls {
    const instance = `${origin}${WEBHOOK_BASE_PATH}/instances/${encodeURIComponent(instanceId)}`;
    const q = `taskHub=${encodeURIComponent(this.taskHubName)}&connection=Storage${this.keyQuery ? `&${this.keyQuery}` : ''}`;
    return {
      id: instanceId,
      statusQueryGetUri: `${instance}?${q}`,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}?${q}`,
      terminatePostUri: `${instance}/terminate?reason={text}&${q}`,
      rewindPostUri: `${instance}/rewind?reason={text}&${q}`,
      purgeHistoryDeleteUri: `${instance}?${q}`,
      restartPostUri: `${instance}/restart?${q}`,
      suspendPostUri: `${instance}/suspend?reason={text}&${q}`,
      resumePostUri: `${instance}/resume?reason={text}&${q}`,
    };
  }

  /** What the host puts into context.extraInputs for a `df.input.durableClient()` binding. */
  durableClientBinding(): DurableClientBinding {
    const baseUrl = `${this.options.webhookOrigin ?? this.origin}${WEBHOOK_BASE_PATH}`;
    const create = `${baseUrl}/orchestrators/{functionName}[/{instanceId}]`;
    return {
      taskHubName: this.taskHubName,
      connectionName: null,
      creationUrls: {
        createNewInstancePostUri: `${create}?`,
        createAndWaitOnNewInstancePostUri: `${create}?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&`,
      },
      managementUrls: this.managementUrls('INSTANCEID'),
      baseUrl,
      requiredQueryStringParameters: this.keyQuery,
      rpcBaseUrl: `${this.origin}${RPC_BASE_PATH}/`,
      httpBaseUrl: null,
    };
  }

  /** An InvocationContext for any captured function, with the durable client input filled in when declared. */
  invocationContextFor(registration: Registration, opts: InvocationOptions = {}): InvocationContext {
    const wantsClient = registration.options.extraInputs.some(isDurableClientInput);
    return invocationContextFor(registration, {
      onLog: (e) => this.log(e),
      ...opts,
      durableClient: opts.durableClient ?? (wantsClient ? this.durableClientBinding() : undefined),
    });
  }

  protected override activityContext(registration: Registration, opts: InvocationOptions): InvocationContext {
    return this.invocationContextFor(registration, opts);
  }

  /** Calls a captured function's handler the way the worker would, e.g. an HTTP starter with an HttpRequest. */
  async invoke(target: string | Registration, triggerInput: unknown, opts: InvocationOptions = {}): Promise<unknown> {
    const registration = typeof target === 'string' ? this.registrations.find((r) => r.name === target) : target;
    if (!registration) throw new Error(`No function named '${String(target)}' was registered.`);
    return registration.handler(triggerInput, this.invocationContextFor(registration, opts));
  }

  /** DurableClient.StartNewAsync: validation and dedupe rules of the extension with the Azure Storage provider. */
  startNew(orchestratorName: string, opts: { instanceId?: string; input?: unknown } = {}): string {
    if (!this.orchestrators.has(orchestratorName)) {
      const known = [...this.orchestrators.keys()];
      throw new InvalidArgumentError(
        `The function '${orchestratorName}' doesn't exist, is disabled, or is not an orchestrator function. Additional info: ` +
          (known.length
            ? `The following are the known orchestrator functions: '${known.join("', '")}'.`
            : 'No orchestrator functions are currently registered!'),
      );
    }
    const instanceId = opts.instanceId || randomUUID().replace(/-/g, '');
    // The extension passes (paramName, message) to ArgumentException the wrong way round; kept as-is.
    if (instanceId.startsWith('@'))
      throw new InvalidArgumentError("instanceId (Parameter 'Orchestration instance ids must not start with @.')");
    // eslint-disable-next-line no-control-regex -- the extension refuses control characters in instance IDs; so do we
    if (/[/\\#?\u0000-\u001f\u007f-\u009f]/.test(instanceId)) {
      throw new InvalidArgumentError(
        "instanceId (Parameter 'Orchestration instance ids must not contain /, \\, #, ?, or control characters.')",
      );
    }
    if (instanceId.length > 256) throw new InvalidArgumentError('Instance ID lengths must not exceed 256 characters.');
    const existing = this.instances.get(instanceId);
    if (existing && DEDUPE_STATUSES.includes(existing.runtimeStatus)) {
      throw new OrchestrationAlreadyExistsError(
        `An Orchestration instance with the status ${existing.runtimeStatus} already exists.`,
      );
    }
    this.createInstance(
      instanceId,
      orchestratorName,
      opts.input === undefined ? null : JSON.parse(JSON.stringify(opts.input)),
    );
    return instanceId;
  }

  /** 'gone' for finished instances: the HTTP API answers 410 and the JS client resolves anyway (the event is dropped). */
  raiseEvent(instanceId: string, eventName: string, eventData?: unknown): Delivery {
    return this.enqueue(
      instanceId,
      undefined,
      historyEvent(EventType.EventRaised, this.clock.now(), { Name: eventName, Input: toJsonText(eventData) }),
    );
  }

  terminate(instanceId: string, reason?: string): Delivery {
    return this.enqueue(
      instanceId,
      undefined,
      historyEvent(EventType.ExecutionTerminated, this.clock.now(), { Input: toJsonText(reason ?? null) }),
    );
  }

  /** Deletes an instance's state whatever its status (Azure Storage purges running ones too); returns 0 or 1. */
  purgeInstanceHistory(instanceId: string): number {
    if (!this.instances.has(instanceId) || this.crashed) return 0;
    this.forget(instanceId);
    return Number(this.store.delete(instanceId));
  }

  getStatus(instanceId: string, opts: StatusOptions = {}): StatusPayload | undefined {
    const rec = this.instances.get(instanceId);
    return rec && statusPayload(rec, opts);
  }

  listInstances(filter: InstanceFilter = {}): StatusPayload[] {
    return [...this.instances.values()]
      .filter((r) => !filter.runtimeStatus?.length || filter.runtimeStatus.includes(r.runtimeStatus))
      .filter((r) => !filter.instanceIdPrefix || r.instanceId.startsWith(filter.instanceIdPrefix))
      .filter((r) => !filter.createdTimeFrom || new Date(r.createdTime) >= filter.createdTimeFrom)
      .filter((r) => !filter.createdTimeTo || new Date(r.createdTime) <= filter.createdTimeTo)
      .map((r) => statusPayload(r, { showInput: filter.showInput ?? true }));
  }

  /** Resolves with the final status once the instance is Completed, Failed or Terminated. */
  waitForCompletion(instanceId: string, timeoutMs = 30_000): Promise<StatusPayload> {
    return new Promise((resolve, reject) => {
      const rec = this.instances.get(instanceId);
      if (!rec) return reject(new Error(`No instance with ID '${instanceId}' found.`));
      if (isTerminal(rec)) return resolve(statusPayload(rec));
      const timer = setTimeout(() => {
        off();
        reject(
          new Error(
            `Timed out after ${timeoutMs} ms waiting for '${instanceId}' (${this.instances.get(instanceId)?.runtimeStatus}).`,
          ),
        );
      }, timeoutMs);
      const off = this.onceFinished(instanceId, () => {
        clearTimeout(timer);
        resolve(this.getStatus(instanceId)!);
      });
    });
  }

  /** Simulates a killed host: nothing more is persisted or scheduled, in-flight activity results are lost. */
  crash(): void {
    this.halt(true);
    this.server?.closeAllConnections();
    this.server?.close();
  }

  /** Lets running episodes commit, then stops; unfinished activities run again in the next runtime. */
  async close(): Promise<void> {
    this.stopped = true;
    const deadline = Date.now() + 5_000;
    while (!this.idle && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    this.halt(false);
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
