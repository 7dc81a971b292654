/**
 * How each kind of private link target is read and written: Cosmos DB accounts and Private Link Services through their
 * typed clients, everything else (Key Vault, Mongo vCore, any other service) through generic ARM requests.
 */
import type { DatabaseAccountGetResults } from '@azure/arm-cosmosdb';
import { connectionTarget } from '../core/arm-identity';
import type { CosmosAccountFacts, TargetSummary } from '../core/model';
import { formatResourceId, parseResourceId } from '../core/resource-id';
import { childPath, resourceRef, type ResourceRef } from './arm-ref';
import type { ArmClients } from './clients';
import { GenericArm } from './generic-arm';
import { collectBounded, DEFAULT_MAX_WAIT_MS, pollingOptions, untilDone } from './bounded';

const COSMOS_ACCOUNT_TYPE = 'Microsoft.DocumentDB/databaseAccounts';
const PRIVATE_LINK_SERVICE_TYPE = 'Microsoft.Network/privateLinkServices';

/** api-versions for targets reached by generic requests, keyed by lower-case resource type; extend through the adapter options. */
export const DEFAULT_CONNECTION_API_VERSIONS: Readonly<Record<string, string>> = {
  'microsoft.documentdb/mongoclusters': '2024-07-01',
  'microsoft.keyvault/vaults': '2023-07-01',
  'microsoft.storage/storageaccounts': '2023-05-01',
};

export interface RequestedState {
  status: 'Approved' | 'Rejected';
  description: string;
}

export interface ConnectionBackend {
  summary(target: ResourceRef): Promise<TargetSummary>;
  /** The target's connections as the client returns them (SDK objects or ARM JSON; `normaliseConnection` reads both). */
  list(target: ResourceRef): Promise<unknown[]>;
  get(connection: ResourceRef): Promise<unknown>;
  /** Writes the state and waits for any long-running operation; answers the connection as it is afterwards. */
  put(connection: ResourceRef, state: RequestedState): Promise<unknown>;
  /**
   * First-party services refuse to approve a rejected connection (the endpoint must be recreated). A Private Link
   * Service's provider may change its mind.
   */
  rejectionIsFinal: boolean;
}

export interface BackendOptions {
  updateIntervalInMs?: number;
  maxWaitMs?: number;
  apiVersions: Readonly<Record<string, string>>;
}

export function backendFor(clients: ArmClients, targetType: string, options: BackendOptions): ConnectionBackend {
  const type = targetType.toLowerCase();
  if (type === COSMOS_ACCOUNT_TYPE.toLowerCase()) return cosmosBackend(clients, options);
  if (type === PRIVATE_LINK_SERVICE_TYPE.toLowerCase()) return privateLinkServiceBackend(clients);
  const apiVersion = options.apiVersions[type];
  if (apiVersion === undefined) {
    throw new Error(
      `connection api-versions: no api-version is configured for ${targetType}; expected an entry "${type}" (known: ${Object.keys(options.apiVersions).join(', ')})`,
    );
  }
  return genericBackend(new GenericArm(clients, pollingOptions(options.updateIntervalInMs)), apiVersion);
}

function cosmosBackend(clients: ArmClients, options: BackendOptions): ConnectionBackend {
  const connections = (ref: ResourceRef) => clients.cosmos(ref.subscriptionId).privateEndpointConnections;
  return {
    rejectionIsFinal: true,
    async summary(target) {
      const account = await clients
        .cosmos(target.subscriptionId)
        .databaseAccounts.get(target.resourceGroup, target.name);
      return { ...baseSummary(target, account), cosmos: cosmosFacts(account) };
    },
    list: (target) =>
      collectBounded(connections(target).listByDatabaseAccount(target.resourceGroup, target.name), {
        what: `private endpoint connections of ${target.id}`,
      }),
    get: (connection) => connections(connection).get(connection.resourceGroup, parentName(connection), connection.name),
    // Cosmos DB answers 202 {"status":"Enqueued"} and finishes later; the SDK's poller follows it.
    async put(connection, state) {
      const poller = await connections(connection).beginCreateOrUpdate(
        connection.resourceGroup,
        parentName(connection),
        connection.name,
        { privateLinkServiceConnectionState: state },
        pollingOptions(options.updateIntervalInMs),
      );
      return untilDone(
        `connection ${connection.id}: the state change`,
        options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
        (abortSignal) => poller.pollUntilDone({ abortSignal }),
        clients.deadline,
      );
    },
  };
}

function privateLinkServiceBackend(clients: ArmClients): ConnectionBackend {
  const services = (ref: ResourceRef) => clients.network(ref.subscriptionId).privateLinkServices;
  return {
    rejectionIsFinal: false,
    async summary(target) {
      return baseSummary(target, await services(target).get(target.resourceGroup, target.name));
    },
    list: (target) =>
      collectBounded(services(target).listPrivateEndpointConnections(target.resourceGroup, target.name), {
        what: `private endpoint connections of ${target.id}`,
      }),
    get: (connection) =>
      services(connection).getPrivateEndpointConnection(
        connection.resourceGroup,
        parentName(connection),
        connection.name,
      ),
    put: (connection, state) =>
      services(connection).updatePrivateEndpointConnection(
        connection.resourceGroup,
        parentName(connection),
        connection.name,
        {
          name: connection.name,
          privateLinkServiceConnectionState: state,
        },
      ),
  };
}

function genericBackend(arm: GenericArm, apiVersion: string): ConnectionBackend {
  return {
    rejectionIsFinal: true,
    async summary(target) {
      const body = (await arm.get(target.path, apiVersion)) as
        { location?: unknown; tags?: unknown; properties?: { provisioningState?: unknown } } | undefined;
      const provisioningState = body?.properties?.provisioningState;
      return baseSummary(target, {
        ...(typeof body?.location === 'string' ? { location: body.location } : {}),
        ...(isStringRecord(body?.tags) ? { tags: body.tags } : {}),
        ...(typeof provisioningState === 'string' ? { provisioningState } : {}),
      });
    },
    list: (target) => arm.list(childPath(target.path, ['privateEndpointConnections']), apiVersion),
    get: (connection) => arm.get(connection.path, apiVersion),
    put: (connection, state) =>
      arm.putAndWait(connection.path, apiVersion, { properties: { privateLinkServiceConnectionState: state } }),
  };
}

function baseSummary(
  target: ResourceRef,
  resource: { location?: string; tags?: Record<string, string>; provisioningState?: string },
): TargetSummary {
  return {
    id: target.id,
    type: target.type,
    name: target.name,
    ...(resource.location ? { location: resource.location } : {}),
    tags: { ...(resource.tags ?? {}) },
    ...(resource.provisioningState ? { provisioningState: resource.provisioningState } : {}),
  };
}

export function cosmosFacts(account: DatabaseAccountGetResults): CosmosAccountFacts {
  const kind = account.kind ?? 'GlobalDocumentDB';
  const capabilities = (account.capabilities ?? []).flatMap((c) => (c.name ? [c.name] : []));
  const regions = (account.locations ?? account.readLocations ?? [])
    .flatMap((l) =>
      l.locationName
        ? [
            {
              name: l.locationName,
              failoverPriority: l.failoverPriority ?? 0,
              ...(l.provisioningState ? { provisioningState: l.provisioningState } : {}),
            },
          ]
        : [],
    )
    .sort((a, b) => a.failoverPriority - b.failoverPriority);
  const serverVersion = account.apiProperties?.serverVersion;
  return {
    kind,
    api: cosmosApi(kind, capabilities),
    capabilities,
    ...(serverVersion ? { serverVersion } : {}),
    regions,
  };
}

const CAPABILITY_APIS: ReadonlyArray<[string, string]> = [
  ['enablemongo', 'MongoDB'],
  ['enablecassandra', 'Cassandra'],
  ['enablegremlin', 'Gremlin'],
  ['enabletable', 'Table'],
];

function cosmosApi(kind: string, capabilities: readonly string[]): string {
  if (kind.toLowerCase() === 'mongodb') return 'MongoDB';
  const lower = capabilities.map((c) => c.toLowerCase());
  return CAPABILITY_APIS.find(([capability]) => lower.includes(capability))?.[1] ?? 'Sql';
}

/** The name of a connection's target, which the typed clients take as its parent's name. */
function parentName(connection: ResourceRef): string {
  return targetOfConnection(connection.id, 'connection ID').name;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

/** The ID of a connection's target (its parent resource). */
export function targetOfConnection(connectionId: string, field: string): ResourceRef {
  const target = connectionTarget(parseResourceId(resourceRef(connectionId, field).id));
  if (!target)
    throw new Error(`${field}: expected {target ID}/privateEndpointConnections/{name}, got "${connectionId}"`);
  return resourceRef(formatResourceId(target), field);
}
