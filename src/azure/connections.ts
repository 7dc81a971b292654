import type { ObservedConnection, TargetSummary } from '../core/model';
import { normaliseConnection } from '../core/policy';
import { resourceRef } from './arm-ref';
import { pollingOptions } from './bounded';
import type { ArmClients } from './clients';
import type { ArmCallCount } from '../core/model';
import type {
  ConnectionDecision,
  ConnectionPort,
  ConnectionUpdate,
  ConnectionUpdateOutcome,
  DecideOptions,
} from '../engine/ports';
import {
  backendFor,
  DEFAULT_CONNECTION_API_VERSIONS,
  targetOfConnection,
  type ConnectionBackend,
  type RequestedState,
} from './connection-backends';

export { DEFAULT_CONNECTION_API_VERSIONS } from './connection-backends';

export interface ConnectionAdapterOptions {
  /** Poll interval of long-running state changes (Cosmos DB, Mongo vCore); default the SDK's, 2 s. */
  updateIntervalInMs?: number;
  /** api-versions for generic targets by resource type (any casing), merged over `DEFAULT_CONNECTION_API_VERSIONS`. */
  apiVersions?: Readonly<Record<string, string>>;
  /** How long to wait for a Cosmos DB state change's long-running operation (default 10 minutes). */
  maxWaitMs?: number;
}

const WANTED: Record<ConnectionDecision, RequestedState['status']> = { approve: 'Approved', reject: 'Rejected' };

/**
 * The target side of private endpoint connections: Cosmos DB accounts (`@azure/arm-cosmosdb`), Private Link Services
 * (`@azure/arm-network`), Key Vaults, Mongo vCore clusters and any other service (generic ARM requests with a
 * configurable api-version). Connections come back in the policy's terms (`normaliseConnection`).
 */
export class ConnectionAdapter implements ConnectionPort {
  private readonly apiVersions: Record<string, string>;

  constructor(
    private readonly clients: ArmClients,
    private readonly options: ConnectionAdapterOptions = {},
  ) {
    this.apiVersions = { ...DEFAULT_CONNECTION_API_VERSIONS };
    for (const [type, version] of Object.entries(options.apiVersions ?? {}))
      this.apiVersions[type.toLowerCase()] = version;
  }

  /** The target's identity, location and tags; for Cosmos DB also kind, API, MongoDB server version and regions. */
  async getTarget(targetId: string): Promise<{ target: TargetSummary; calls: ArmCallCount }> {
    const ref = resourceRef(targetId, 'targetId');
    const { value, calls } = await this.clients.measure(() => this.backend(ref.type).summary(ref));
    return { target: value, calls };
  }

  /**
   * Every connection of the target (all pages). Tags come from `target` when the caller already has its summary,
   * otherwise the target is read first (one more read).
   */
  async listConnections(
    targetId: string,
    known?: TargetSummary,
  ): Promise<{ connections: ObservedConnection[]; target: TargetSummary; calls: ArmCallCount }> {
    const ref = resourceRef(targetId, 'targetId');
    const backend = this.backend(ref.type);
    const { value, calls } = await this.clients.measure(async () => {
      const target = known ?? (await backend.summary(ref));
      const raw = await backend.list(ref);
      return {
        target,
        connections: raw.map((c) => normaliseConnection(c, { id: target.id, type: target.type, tags: target.tags })),
      };
    });
    return { ...value, calls };
  }

  /**
   * Approves or rejects with `description`. Reads the connection first, so a decision already in force costs no write
   * and a decision Azure would refuse is reported instead of attempted.
   */
  async decide(
    connection: ObservedConnection,
    decision: ConnectionDecision,
    description: string,
    options: DecideOptions = {},
  ): Promise<ConnectionUpdate> {
    const connectionRef = resourceRef(connection.id, 'connection.id');
    const targetRef = targetOfConnection(connection.id, 'connection.id');
    const backend = this.backend(targetRef.type);
    const target = { id: connection.targetId, type: connection.targetType, tags: connection.targetTags };
    const wanted = WANTED[decision];
    const { value, calls } = await this.clients.measure(async () => {
      const current = normaliseConnection(await backend.get(connectionRef), target);
      const outcome = outcomeWithoutWrite(current.status, wanted, backend.rejectionIsFinal, options.expectedStatus);
      if (outcome !== undefined) return { outcome, connection: current };
      const updated = normaliseConnection(await backend.put(connectionRef, { status: wanted, description }), target);
      return { outcome: decision === 'approve' ? ('approved' as const) : ('rejected' as const), connection: updated };
    });
    return { ...value, calls };
  }

  private backend(targetType: string): ConnectionBackend {
    return backendFor(this.clients, targetType, {
      apiVersions: this.apiVersions,
      ...pollingOptions(this.options.updateIntervalInMs),
      ...(this.options.maxWaitMs === undefined ? {} : { maxWaitMs: this.options.maxWaitMs }),
    });
  }
}

/** When the current state already settles the decision (or Azure would refuse it), the outcome; undefined = write. */
export function outcomeWithoutWrite(
  status: string,
  wanted: 'Approved' | 'Rejected',
  rejectionIsFinal: boolean,
  expectedStatus?: string,
): ConnectionUpdateOutcome | undefined {
  const current = status.trim().toLowerCase();
  if (current === wanted.toLowerCase()) return 'unchanged';
  if (current === 'disconnected') return 'disconnected';
  if (expectedStatus !== undefined && current !== expectedStatus.trim().toLowerCase()) return 'changed-meanwhile';
  if (current === 'rejected' && wanted === 'Approved' && rejectionIsFinal) return 'cannot-approve-rejected';
  return undefined;
}
