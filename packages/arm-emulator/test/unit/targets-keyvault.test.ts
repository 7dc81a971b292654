import { describe, expect, it } from 'vitest';
import { privateLinkResourceBody } from '../../src/providers/documentdb-private-link';
import {
  createVault,
  renderVault,
  replaceVault,
  vaultConnectionBody,
  vaultPrivateLinkGroup,
  type VaultConnection,
} from '../../src/providers/keyvault-vault';
import { compareKeyStructure } from '../../../../test/support/key-structure';
import { exampleBody } from '../../../../test/support/rest-examples';

const VAULT_ID =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sample-group/providers/Microsoft.KeyVault/vaults/sample-vault';
const TENANT = '33e01921-4d64-4f8c-a055-5bdaffd5e33d';
const connection: VaultConnection = {
  name: 'sample-pec',
  privateEndpointId:
    '/subscriptions/00000000-0000-0000-1234-000000000000/resourceGroups/sample-group/providers/Microsoft.Network/privateEndpoints/sample-pe',
  state: {
    status: 'Approved',
    description: 'This was automatically approved by user1234@contoso.com',
    actionsRequired: 'None',
  },
  provisioningState: 'Succeeded',
  version: 3,
};
const validBody = { location: 'westus', properties: { tenantId: TENANT, sku: { family: 'A', name: 'standard' } } };
const create = (body: unknown, name = 'sample-vault') =>
  createVault(body, { id: VAULT_ID, name, now: '2025-01-01T00:00:00Z' });

describe('Key Vault private link', () => {
  it('lists the vault group like listPrivateLinkResources', () => {
    const example = exampleBody('keyvault/listPrivateLinkResources.2025-05-01.json') as {
      value: Array<{ properties: unknown }>;
    };
    const body = privateLinkResourceBody(VAULT_ID, 'Microsoft.KeyVault/vaults', vaultPrivateLinkGroup('sample-vault'));
    expect(compareKeyStructure(example, { value: [body] })).toEqual({ missing: [], unexpected: [] });
    expect(body.properties).toEqual(example.value[0]?.properties);
    expect(body).toMatchObject({ name: 'vault', type: 'Microsoft.KeyVault/vaults/privateLinkResources' });
  });

  it('serves <vault>.vault.azure.net from member default', () => {
    expect(vaultPrivateLinkGroup('Sample-Vault').requiredMembers).toEqual([
      { requiredMemberName: 'default', fqdns: ['sample-vault.vault.azure.net'] },
    ]);
  });

  it.each([
    ['getPrivateEndpointConnection.2025-05-01.json', (body: unknown) => body],
    ['putPrivateEndpointConnection.2025-05-01.json', (body: unknown) => body],
    ['listPrivateEndpointConnection.2025-05-01.json', (body: unknown) => ({ value: [body], nextLink: null })],
  ])('connections have the key structure of %s', (file, wrap) => {
    const example = exampleBody(`keyvault/${file}`);
    expect(compareKeyStructure(example, wrap(vaultConnectionBody(VAULT_ID, connection)))).toEqual({
      missing: [],
      unexpected: [],
    });
  });

  it('gives connections a weak etag that follows their version', () => {
    expect(vaultConnectionBody(VAULT_ID, connection).etag).toBe('W/"3"');
    expect(vaultConnectionBody(VAULT_ID, { ...connection, version: 4 }).etag).toBe('W/"4"');
  });
});

describe('Key Vault vaults', () => {
  it('answers vaultUri and the vault’s connections', () => {
    const body = renderVault(
      create({ ...validBody, properties: { ...validBody.properties, enableRbacAuthorization: true } }),
      [connection],
    );
    expect(body).toMatchObject({
      id: VAULT_ID,
      type: 'Microsoft.KeyVault/vaults',
      properties: {
        tenantId: TENANT,
        vaultUri: 'https://sample-vault.vault.azure.net/',
        enableRbacAuthorization: true,
        provisioningState: 'Succeeded',
        privateEndpointConnections: [
          {
            id: `${VAULT_ID}/privateEndpointConnections/sample-pec`,
            etag: 'W/"3"',
            properties: { privateLinkServiceConnectionState: connection.state },
          },
        ],
      },
    });
  });

  it('replaces settings and tags on a PUT, ignoring computed properties sent back', () => {
    const vault = create({ ...validBody, tags: { a: '1' } });
    const replaced = replaceVault(vault, {
      ...validBody,
      properties: { ...validBody.properties, vaultUri: 'https://elsewhere/', provisioningState: 'Failed' },
    });
    expect(replaced.tags).toEqual({});
    expect(replaced.settings).toEqual(validBody.properties);
  });

  it.each([
    [{ properties: validBody.properties }, 'location'],
    [{ location: 'westus' }, 'properties'],
    [{ location: 'westus', properties: { sku: { name: 'standard' } } }, 'properties.tenantId'],
    [{ location: 'westus', properties: { tenantId: 'not-a-guid', sku: { name: 'standard' } } }, 'properties.tenantId'],
    [{ location: 'westus', properties: { tenantId: TENANT } }, 'properties.sku'],
    [{ location: 'westus', properties: { tenantId: TENANT, sku: { name: 'gold' } } }, 'properties.sku.name'],
  ])('rejects %j naming %s', (body, field) => {
    expect(() => create(body)).toThrow(expect.objectContaining({ status: 400, target: field }));
  });

  it.each(['ab', '1vault', 'vault-', 'dou--ble', 'v'.repeat(25), 'under_score'])('rejects vault name %j', (name) => {
    expect(() => create(validBody, name)).toThrow(
      expect.objectContaining({ status: 400, code: 'VaultNameNotValid', target: 'vaultName' }),
    );
  });
});
