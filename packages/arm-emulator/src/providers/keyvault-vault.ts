/**
 * Key Vault vaults (`Microsoft.KeyVault/vaults`) and their private link side, after the keyvault 2025-05-01 examples:
 * one group `vault` with member `default`, zone `privatelink.vaultcore.azure.net`; the endpoint serves
 * `<vault>.vault.azure.net` (which Azure CNAMEs into `privatelink.vaultcore.azure.net`). Connections carry an `etag`
 * and no group IDs.
 */
import type { ConnectionState } from './documentdb-connection-state';
import type { PrivateLinkGroup } from './documentdb-private-link';
import { ArmError, invalidField } from '../errors';
import { objectField, stringField, tagsField, type JsonObject } from '../json';
import { oneOf } from './documentdb-validation';

export const VAULT_TYPE = 'Microsoft.KeyVault/vaults';
const VAULT_CONNECTION_TYPE = `${VAULT_TYPE}/privateEndpointConnections`;
const VAULT_GROUP_ID = 'vault';

export interface Vault {
  id: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  settings: JsonObject;
  createdAt: string;
}

export interface VaultConnection {
  name: string;
  privateEndpointId: string;
  state: ConnectionState;
  provisioningState: string;
  /** Bumped on every change, like the service's opaque etag. */
  version: number;
}

const VAULT_NAME = /^[a-zA-Z](?:[a-zA-Z0-9-]{1,22})[a-zA-Z0-9]$/;
const COMPUTED_PROPERTIES = new Set([
  'provisioningState',
  'vaultUri',
  'privateEndpointConnections',
  'hsmPoolResourceId',
]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validateVaultName(name: string): void {
  if (!VAULT_NAME.test(name) || name.includes('--')) {
    throw new ArmError(
      400,
      'VaultNameNotValid',
      `The vault name '${name}' is invalid: expected 3-24 letters, digits and single hyphens, starting with a letter and ending with a letter or digit.`,
      'vaultName',
    );
  }
}

function settingsFrom(properties: JsonObject): JsonObject {
  const settings = Object.fromEntries(Object.entries(properties).filter(([key]) => !COMPUTED_PROPERTIES.has(key)));
  const tenantId = stringField(settings.tenantId, 'properties.tenantId');
  if (!UUID.test(tenantId)) throw invalidField('properties.tenantId', 'a GUID', 'BadRequest');
  const sku = objectField(settings.sku, 'properties.sku');
  oneOf(stringField(sku.name, 'properties.sku.name'), ['standard', 'premium'], 'properties.sku.name');
  return settings;
}

export function createVault(body: unknown, context: { id: string; name: string; now: string }): Vault {
  validateVaultName(context.name);
  const request = objectField(body, 'body');
  return {
    id: context.id,
    name: context.name,
    location: stringField(request.location, 'location'),
    tags: tagsField(request.tags) ?? {},
    settings: settingsFrom(objectField(request.properties, 'properties')),
    createdAt: context.now,
  };
}

/** Key Vault's PUT replaces the vault's settings (its PATCH route is not emulated). */
export function replaceVault(vault: Vault, body: unknown): Vault {
  const request = objectField(body, 'body');
  return {
    ...vault,
    tags: tagsField(request.tags) ?? {},
    settings: settingsFrom(objectField(request.properties, 'properties')),
  };
}

export function vaultPrivateLinkGroup(vaultName: string): PrivateLinkGroup {
  return {
    groupId: VAULT_GROUP_ID,
    requiredMembers: [{ requiredMemberName: 'default', fqdns: [`${vaultName.toLowerCase()}.vault.azure.net`] }],
    requiredZoneNames: ['privatelink.vaultcore.azure.net'],
  };
}

function etag(connection: VaultConnection): string {
  return `W/"${connection.version}"`;
}

export function vaultConnectionBody(vaultId: string, connection: VaultConnection): Record<string, unknown> {
  return {
    id: `${vaultId}/privateEndpointConnections/${connection.name}`,
    name: connection.name,
    type: VAULT_CONNECTION_TYPE,
    etag: etag(connection),
    properties: connectionProperties(connection),
  };
}

function connectionProperties(connection: VaultConnection): Record<string, unknown> {
  return {
    provisioningState: connection.provisioningState,
    privateEndpoint: { id: connection.privateEndpointId },
    privateLinkServiceConnectionState: { ...connection.state },
  };
}

export function renderVault(vault: Vault, connections: readonly VaultConnection[]): Record<string, unknown> {
  return {
    id: vault.id,
    name: vault.name,
    type: VAULT_TYPE,
    location: vault.location,
    tags: vault.tags,
    systemData: { createdAt: vault.createdAt, lastModifiedAt: vault.createdAt },
    properties: {
      accessPolicies: [],
      enabledForDeployment: false,
      enabledForDiskEncryption: false,
      enabledForTemplateDeployment: false,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enableRbacAuthorization: false,
      publicNetworkAccess: 'Enabled',
      ...vault.settings,
      vaultUri: `https://${vault.name.toLowerCase()}.vault.azure.net/`,
      provisioningState: 'Succeeded',
      privateEndpointConnections: connections.map((connection) => ({
        id: `${vault.id}/privateEndpointConnections/${connection.name}`,
        etag: etag(connection),
        properties: connectionProperties(connection),
      })),
    },
  };
}
