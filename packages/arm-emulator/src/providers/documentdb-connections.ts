/**
 * Cosmos DB's private endpoint connections, as ARM returns them (CosmosDBPrivateEndpointConnectionGet): `groupId` is a
 * single string, unlike Mongo vCore's `groupIds` array.
 */
import type { ConnectionState } from './documentdb-connection-state';

const COSMOS_CONNECTION_TYPE = 'Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections';

export interface CosmosConnection {
  name: string;
  privateEndpointId: string;
  groupId: string;
  state: ConnectionState;
  provisioningState: string;
}

export function cosmosConnectionBody(accountId: string, connection: CosmosConnection): Record<string, unknown> {
  return {
    id: `${accountId}/privateEndpointConnections/${connection.name}`,
    name: connection.name,
    type: COSMOS_CONNECTION_TYPE,
    properties: connectionProperties(connection),
  };
}

/** The account GET lists its connections by ID and properties only (CosmosDBDatabaseAccountGet). */
export function cosmosAccountConnectionEntry(accountId: string, connection: CosmosConnection): Record<string, unknown> {
  return {
    id: `${accountId}/privateEndpointConnections/${connection.name}`,
    properties: connectionProperties(connection),
  };
}

function connectionProperties(connection: CosmosConnection): Record<string, unknown> {
  return {
    privateEndpoint: { id: connection.privateEndpointId },
    privateLinkServiceConnectionState: { ...connection.state },
    groupId: connection.groupId,
    provisioningState: connection.provisioningState,
  };
}
