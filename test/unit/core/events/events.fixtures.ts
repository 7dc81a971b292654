import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const IN_SCOPE = '11111111-1111-1111-1111-111111111111';
export const OUT_OF_SCOPE = '99999999-9999-9999-9999-999999999999';
export const FIXTURES = join(__dirname, '../../../fixtures');

export function readFixture(relativePath: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, relativePath), 'utf8'));
}

const resourceId = (subscription: string, rg: string, path: string): string =>
  `/subscriptions/${subscription}/resourceGroups/${rg}/providers/${path}`;

export const COSMOS_ID = resourceId(IN_SCOPE, 'rg-data', 'Microsoft.DocumentDB/databaseAccounts/contoso-cosmos');
export const ENDPOINT_ID = resourceId(IN_SCOPE, 'rg-app', 'Microsoft.Network/privateEndpoints/pe-contoso-cosmos');
export const VAULT_ID = resourceId(IN_SCOPE, 'rg-sec', 'Microsoft.KeyVault/vaults/kv-contoso');
export const MONGO_ID = resourceId(IN_SCOPE, 'rg-data', 'Microsoft.DocumentDB/mongoClusters/mongo-contoso');
export const PLS_ID = resourceId(IN_SCOPE, 'rg-saas', 'Microsoft.Network/privateLinkServices/pls-elastic');
export const STORAGE_ID = resourceId(IN_SCOPE, 'rg-data', 'Microsoft.Storage/storageAccounts/stcontoso');

export type EventType = 'Write' | 'Delete' | 'Action';

/** An Event Grid schema Microsoft.Resources event in the published shape. */
export function eventGridEvent(
  kind: EventType,
  subject: string,
  operationName: string,
  id = 'evt-1',
): Record<string, unknown> {
  return {
    subject,
    eventType: `Microsoft.Resources.Resource${kind}Success`,
    eventTime: '2025-06-02T09:15:27.4310042Z',
    id,
    data: { resourceUri: subject, operationName, status: 'Succeeded', subscriptionId: IN_SCOPE },
    dataVersion: '2',
    metadataVersion: '1',
    topic: `/subscriptions/${IN_SCOPE}`,
  };
}

/** The same event in CloudEvents 1.0. */
export function cloudEvent(
  kind: EventType,
  subject: string,
  operationName: string,
  id = 'evt-1',
): Record<string, unknown> {
  return {
    source: `/subscriptions/${IN_SCOPE}`,
    subject,
    type: `Microsoft.Resources.Resource${kind}Success`,
    time: '2025-06-02T09:15:27.4310042Z',
    id,
    data: { resourceUri: subject, operationName, status: 'Succeeded', subscriptionId: IN_SCOPE },
    specversion: '1.0',
  };
}
