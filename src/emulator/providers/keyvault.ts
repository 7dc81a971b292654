/**
 * Microsoft.KeyVault/vaults: vaults (GET/list/PUT/DELETE, answered at once), their private endpoint connections
 * (state changes answered at once with 200, deletes as 202 long-running operations) and private link resources, and
 * the private link target for group `vault`.
 */
import type { ArmResponse, RequestContext } from '../context';
import { resourceNotFound } from '../errors';
import type { EmulatorProvider } from '../provider';
import type { EmulatorState } from '../state';
import { armTimestamp, loadModel, requireResourceGroup, saveModel } from './documentdb-store';
import { connectionsOf, privateLinkTarget, registerConnectionRoutes, type ConnectionKit } from './documentdb-target-connections';
import {
  VAULT_TYPE,
  createVault,
  renderVault,
  replaceVault,
  vaultConnectionBody,
  vaultPrivateLinkGroup,
  type Vault,
  type VaultConnection,
} from './keyvault-vault';

const VAULTS = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.KeyVault/vaults';
const VAULT = `${VAULTS}/{vaultName}`;

const vaultConnections: ConnectionKit<VaultConnection> = {
  targetType: VAULT_TYPE,
  targetTemplate: VAULT,
  render: vaultConnectionBody,
  create: (attachment, _groupId, state) => ({
    name: attachment.connectionName,
    privateEndpointId: attachment.endpointId,
    state,
    provisioningState: 'Succeeded',
    version: 1,
  }),
  touch: (connection) => ({ ...connection, version: connection.version + 1 }),
  groups: (state, targetId) => [vaultPrivateLinkGroup(requireVault(state, targetId).name)],
  refreshTarget: (state, targetId) => {
    const vault = loadModel<Vault>(state, targetId);
    if (vault !== undefined) saveVault(state, vault);
  },
  approveRejectedMessage: 'A rejected private endpoint connection cannot be approved. Delete the private endpoint and create it again.',
  deleteLro: { style: 'network', initialStatus: 202 },
  lists: 'paged-null-last',
  location: (state, targetId) => requireVault(state, targetId).location,
};

export const keyVaultProvider: EmulatorProvider = {
  name: 'Microsoft.KeyVault/vaults',
  register(api) {
    api.route('GET', '/subscriptions/{subscriptionId}/providers/Microsoft.KeyVault/vaults', (ctx) =>
      listed(ctx, ctx.state.listInSubscription(ctx.params.subscriptionId ?? '', VAULT_TYPE).map((r) => r.id)),
    );
    api.route('GET', VAULTS, (ctx) => listed(ctx, ctx.state.children(requireResourceGroup(ctx), VAULT_TYPE).map((r) => r.id)));
    api.route('GET', VAULT, (ctx) => ({ status: 200, body: render(ctx.state, existingVault(ctx).id) }));
    api.route('PUT', VAULT, putVault);
    api.route('DELETE', VAULT, deleteVault);
    registerConnectionRoutes(api, vaultConnections);
    api.registerPrivateLinkTarget(VAULT_TYPE, privateLinkTarget(vaultConnections));
  },
};

function listed(ctx: RequestContext, ids: string[]): ArmResponse {
  return { status: 200, body: ctx.page(ids.map((id) => render(ctx.state, id))) };
}

function requestedVaultId(ctx: RequestContext): string {
  return `${requireResourceGroup(ctx)}/providers/Microsoft.KeyVault/vaults/${ctx.params.vaultName ?? ''}`;
}

function existingVault(ctx: RequestContext): Vault {
  const vault = loadModel<Vault>(ctx.state, requestedVaultId(ctx));
  if (vault === undefined) throw resourceNotFound(VAULT_TYPE, ctx.params.vaultName ?? '', ctx.params.resourceGroupName);
  return vault;
}

function requireVault(state: EmulatorState, id: string): Vault {
  const vault = loadModel<Vault>(state, id);
  if (vault === undefined) throw resourceNotFound(VAULT_TYPE, id.split('/').pop() ?? id);
  return vault;
}

function render(state: EmulatorState, id: string): Record<string, unknown> {
  const vault = requireVault(state, id);
  return renderVault(vault, connectionsOf(state, vaultConnections, vault.id));
}

function saveVault(state: EmulatorState, vault: Vault): void {
  saveModel(state, vault.id, VAULT_TYPE, vault, renderVault(vault, connectionsOf(state, vaultConnections, vault.id)));
}

function putVault(ctx: RequestContext): ArmResponse {
  const id = requestedVaultId(ctx);
  const previous = loadModel<Vault>(ctx.state, id);
  const next =
    previous === undefined
      ? createVault(ctx.body, { id, name: ctx.params.vaultName ?? '', now: armTimestamp(ctx.now()) })
      : replaceVault(previous, ctx.body);
  saveVault(ctx.state, next);
  ctx.emit({ kind: 'write', resourceId: next.id, operationName: `${VAULT_TYPE}/write`, created: previous === undefined });
  return { status: previous === undefined ? 201 : 200, body: render(ctx.state, next.id) };
}

function deleteVault(ctx: RequestContext): ArmResponse {
  const vault = loadModel<Vault>(ctx.state, requestedVaultId(ctx));
  if (vault === undefined) return { status: 204 };
  ctx.state.delete(vault.id);
  ctx.emit({ kind: 'delete', resourceId: vault.id, operationName: `${VAULT_TYPE}/delete` });
  return { status: 200 };
}
