import type { ObservedConnection } from '../../../../src/core/model';

const TARGET = '/subscriptions/aaaa/resourceGroups/prod-data/providers/Microsoft.DocumentDB/databaseAccounts/orders';

/** A pending Cosmos DB connection from a platform endpoint; override what a case is about. */
export function pendingConnection(overrides: Partial<ObservedConnection> = {}): ObservedConnection {
  return {
    id: `${TARGET}/privateEndpointConnections/pe-orders.1234`,
    name: 'pe-orders.1234',
    targetId: TARGET,
    targetType: 'Microsoft.DocumentDB/databaseAccounts',
    targetTags: { 'PrivateLink-Policy': 'strict' },
    privateEndpointId:
      '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/net-hub/providers/Microsoft.Network/privateEndpoints/pe-orders',
    groupIds: ['Sql'],
    status: 'Pending',
    description: 'CHG12345 orders service',
    ...overrides,
  };
}
