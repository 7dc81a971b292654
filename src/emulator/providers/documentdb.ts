/**
 * Microsoft.DocumentDB/databaseAccounts: accounts (GET/list/PUT/PATCH/DELETE, Cosmos-style long-running operations),
 * their private endpoint connections and private link resources, and the private link target that endpoints connect
 * to. Adding or removing a region flags every attached endpoint `actionsRequired: "Recreate"` when it completes.
 */
import { randomUUID } from 'node:crypto';
import type { ArmResponse, RequestContext } from '../context';
import { ArmError, resourceNotFound } from '../errors';
import { flagAttachedEndpointsForRecreate } from '../private-link';
import type { EmulatorProvider } from '../provider';
import type { EmulatorState } from '../state';
import {
  COSMOS_ACCOUNT_TYPE,
  completeCosmosAccountOperation,
  cosmosPrivateLinkFacts,
  createCosmosAccount,
  renderCosmosAccount,
  updateCosmosAccount,
  type CosmosAccount,
  type RegionChange,
} from './documentdb-account';
import { COSMOS_APPROVE_REJECTED_MESSAGE } from './documentdb-connection-state';
import { cosmosConnectionBody, type CosmosConnection } from './documentdb-connections';
import { cosmosGroups } from './documentdb-private-link';
import { armTimestamp, loadModel, requireResourceGroup, saveModel } from './documentdb-store';
import {
  connectionsOf,
  flagConnectionsForRecreate,
  privateLinkTarget,
  registerConnectionRoutes,
  type ConnectionKit,
} from './documentdb-target-connections';

const ACCOUNTS = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DocumentDB/databaseAccounts';
const ACCOUNT = `${ACCOUNTS}/{accountName}`;
const WRITE = `${COSMOS_ACCOUNT_TYPE}/write`;
const DELETE = `${COSMOS_ACCOUNT_TYPE}/delete`;

const cosmosConnections: ConnectionKit<CosmosConnection> = {
  targetType: COSMOS_ACCOUNT_TYPE,
  targetTemplate: ACCOUNT,
  render: cosmosConnectionBody,
  create: (attachment, groupId, state) => ({
    name: attachment.connectionName,
    privateEndpointId: attachment.endpointId,
    groupId,
    state,
    provisioningState: 'Succeeded',
  }),
  touch: (connection) => connection,
  groups: (state, targetId) => cosmosGroups(cosmosPrivateLinkFacts(requireAccount(state, targetId))),
  refreshTarget: (state, targetId) => {
    const account = loadModel<CosmosAccount>(state, targetId);
    if (account !== undefined) saveAccount(state, account);
  },
  approveRejectedMessage: COSMOS_APPROVE_REJECTED_MESSAGE,
  updateLro: { style: 'enqueued', initialStatus: 202 },
  deleteLro: { style: 'enqueued', initialStatus: 202 },
  lists: 'one-page',
  location: (state, targetId) => requireAccount(state, targetId).location,
};

export const documentDbProvider: EmulatorProvider = {
  name: 'Microsoft.DocumentDB/databaseAccounts',
  register(api) {
    // The SDK reads these listings as one page (no nextLink), so they are never cut.
    api.route('GET', '/subscriptions/{subscriptionId}/providers/Microsoft.DocumentDB/databaseAccounts', (ctx) =>
      listed(ctx, ctx.state.listInSubscription(ctx.params.subscriptionId ?? '', COSMOS_ACCOUNT_TYPE).map((r) => r.id)),
    );
    api.route('GET', ACCOUNTS, (ctx) => {
      const group = requireResourceGroup(ctx);
      return listed(ctx, ctx.state.children(group, COSMOS_ACCOUNT_TYPE).map((r) => r.id));
    });
    api.route('GET', ACCOUNT, (ctx) => ({ status: 200, body: render(ctx.state, existingAccount(ctx).id) }));
    api.route('PUT', ACCOUNT, (ctx) => writeAccount(ctx, 'replace'));
    api.route('PATCH', ACCOUNT, (ctx) => writeAccount(ctx, 'merge'));
    api.route('DELETE', ACCOUNT, deleteAccount);
    registerConnectionRoutes(api, cosmosConnections);
    api.registerPrivateLinkTarget(COSMOS_ACCOUNT_TYPE, privateLinkTarget(cosmosConnections));
  },
};

function listed(ctx: RequestContext, ids: string[]): ArmResponse {
  return { status: 200, body: { value: ids.map((id) => render(ctx.state, id)) } };
}

function requestedAccountId(ctx: RequestContext): string {
  return `${requireResourceGroup(ctx)}/providers/Microsoft.DocumentDB/databaseAccounts/${ctx.params.accountName ?? ''}`;
}

function existingAccount(ctx: RequestContext): CosmosAccount {
  const account = loadModel<CosmosAccount>(ctx.state, requestedAccountId(ctx));
  if (account === undefined) throw resourceNotFound(COSMOS_ACCOUNT_TYPE, ctx.params.accountName ?? '', ctx.params.resourceGroupName);
  return account;
}

function requireAccount(state: EmulatorState, id: string): CosmosAccount {
  const account = loadModel<CosmosAccount>(state, id);
  if (account === undefined) throw resourceNotFound(COSMOS_ACCOUNT_TYPE, id.split('/').pop() ?? id);
  return account;
}

function render(state: EmulatorState, id: string): Record<string, unknown> {
  const account = requireAccount(state, id);
  return renderCosmosAccount(account, connectionsOf(state, cosmosConnections, account.id));
}

function saveAccount(state: EmulatorState, account: CosmosAccount): void {
  saveModel(state, account.id, COSMOS_ACCOUNT_TYPE, account, renderCosmosAccount(account, connectionsOf(state, cosmosConnections, account.id)));
}

/** Cosmos DB holds an exclusive lock on the account while an operation runs, and answers 412 to anything else. */
function refuseWhileBusy(account: CosmosAccount): void {
  if (account.provisioningState !== 'Succeeded') {
    throw new ArmError(
      412,
      'PreconditionFailed',
      `There is already an operation in progress which requires exclusive lock on this service ${account.name}. Please retry the operation after sometime.`,
    );
  }
}

function writeAccount(ctx: RequestContext, mode: 'replace' | 'merge'): ArmResponse {
  const id = requestedAccountId(ctx);
  const previous = loadModel<CosmosAccount>(ctx.state, id);
  if (previous === undefined && mode === 'merge') throw resourceNotFound(COSMOS_ACCOUNT_TYPE, ctx.params.accountName ?? '', ctx.params.resourceGroupName);
  let next: CosmosAccount;
  let regionChange: RegionChange = { added: [], removed: [] };
  if (previous === undefined) {
    const created = armTimestamp(ctx.now());
    next = createCosmosAccount(ctx.body, { id, name: ctx.params.accountName ?? '', instanceId: randomUUID(), now: created });
  } else {
    refuseWhileBusy(previous);
    ({ account: next, regionChange } = updateCosmosAccount(previous, ctx.body, mode));
  }
  saveAccount(ctx.state, next);
  const accountId = next.id;
  return ctx.startLro({
    style: 'enqueued',
    resourceId: accountId,
    location: next.location,
    initialStatus: 200,
    initialBody: () => render(ctx.state, accountId),
    complete: () => {
      saveAccount(ctx.state, completeCosmosAccountOperation(requireAccount(ctx.state, accountId)));
      if (regionChange.added.length > 0 || regionChange.removed.length > 0) {
        flagAttachedEndpointsForRecreate(ctx.state, accountId);
        flagConnectionsForRecreate(ctx, cosmosConnections, accountId);
      }
      ctx.emit({ kind: 'write', resourceId: accountId, operationName: WRITE, created: previous === undefined });
    },
    fail: () => {
      if (previous === undefined) ctx.state.delete(accountId);
      else saveAccount(ctx.state, previous);
    },
    resultBody: () => render(ctx.state, accountId),
  });
}

function deleteAccount(ctx: RequestContext): ArmResponse {
  const account = loadModel<CosmosAccount>(ctx.state, requestedAccountId(ctx));
  if (account === undefined) return { status: 204 };
  refuseWhileBusy(account);
  saveAccount(ctx.state, { ...account, provisioningState: 'Deleting' });
  return ctx.startLro({
    style: 'enqueued',
    resourceId: account.id,
    location: account.location,
    initialStatus: 202,
    complete: () => {
      ctx.state.delete(account.id);
      ctx.emit({ kind: 'delete', resourceId: account.id, operationName: DELETE });
    },
    fail: () => saveAccount(ctx.state, account),
  });
}
