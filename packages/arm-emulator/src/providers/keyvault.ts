/**
 * Microsoft.KeyVault/vaults: vaults (GET/list/PUT/DELETE, answered at once), their private endpoint connections
 * (state changes answered at once with 200, deletes as 202 long-running operations) and private link resources, and
 * the private link target for group `vault`.
 */
import type { ArmResponse, RequestContext } from '../context';
import type { EmulatorProvider } from '../provider';
import { armTimestamp, loadModel } from './documentdb-store';
import { registerTarget } from './documentdb-target-connections';
import { renderTarget, requestedTargetId, requestedTargetName, saveTarget, type TargetKit } from './documentdb-targets';
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

const vaults: TargetKit<Vault, VaultConnection> = {
  targetType: VAULT_TYPE,
  targetTemplate:
    '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.KeyVault/vaults/{vaultName}',
  renderTarget: renderVault,
  targetLists: 'paged',
  groups: (vault) => [vaultPrivateLinkGroup(vault.name)],
  renderConnection: vaultConnectionBody,
  createConnection: (attachment, _groupId, state) => ({
    name: attachment.connectionName,
    privateEndpointId: attachment.endpointId,
    state,
    provisioningState: 'Succeeded',
    version: 1,
  }),
  touchConnection: (connection) => ({ ...connection, version: connection.version + 1 }),
  approveRejectedMessage:
    'A rejected private endpoint connection cannot be approved. Delete the private endpoint and create it again.',
  deleteLro: { style: 'network', initialStatus: 202 },
  connectionLists: 'paged-null-last',
};

export const keyVaultProvider: EmulatorProvider = {
  name: 'Microsoft.KeyVault/vaults',
  register(api) {
    registerTarget(api, vaults, { PUT: putVault, DELETE: deleteVault });
  },
};

function putVault(ctx: RequestContext): ArmResponse {
  const id = requestedTargetId(ctx, vaults);
  const previous = loadModel<Vault>(ctx.state, id);
  const next =
    previous === undefined
      ? createVault(ctx.body, { id, name: requestedTargetName(ctx, vaults), now: armTimestamp(ctx.now()) })
      : replaceVault(previous, ctx.body);
  saveTarget(ctx.state, vaults, next);
  ctx.emit({
    kind: 'write',
    resourceId: next.id,
    operationName: `${VAULT_TYPE}/write`,
    created: previous === undefined,
  });
  return { status: previous === undefined ? 201 : 200, body: renderTarget(ctx.state, vaults, next.id) };
}

function deleteVault(ctx: RequestContext): ArmResponse {
  const vault = loadModel<Vault>(ctx.state, requestedTargetId(ctx, vaults));
  if (vault === undefined) return { status: 204 };
  ctx.state.delete(vault.id);
  ctx.emit({ kind: 'delete', resourceId: vault.id, operationName: `${VAULT_TYPE}/delete` });
  return { status: 200 };
}
