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
import { armTimestamp, loadModel } from './documentdb-store';
import { flagConnectionsForRecreate, registerTarget } from './documentdb-target-connections';
import {
  renderTarget,
  requestedTargetId,
  requestedTargetName,
  requireTarget,
  saveTarget,
  type TargetKit,
} from './documentdb-targets';

const WRITE = `${COSMOS_ACCOUNT_TYPE}/write`;
const DELETE = `${COSMOS_ACCOUNT_TYPE}/delete`;

const accounts: TargetKit<CosmosAccount, CosmosConnection> = {
  targetType: COSMOS_ACCOUNT_TYPE,
  targetTemplate:
    '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DocumentDB/databaseAccounts/{accountName}',
  renderTarget: renderCosmosAccount,
  // The SDK reads these listings as one page (no nextLink), so they are never cut.
  targetLists: 'one-page',
  groups: (account) => cosmosGroups(cosmosPrivateLinkFacts(account)),
  renderConnection: cosmosConnectionBody,
  createConnection: (attachment, groupId, state) => ({
    name: attachment.connectionName,
    privateEndpointId: attachment.endpointId,
    groupId,
    state,
    provisioningState: 'Succeeded',
  }),
  touchConnection: (connection) => connection,
  approveRejectedMessage: COSMOS_APPROVE_REJECTED_MESSAGE,
  updateLro: { style: 'enqueued', initialStatus: 202 },
  deleteLro: { style: 'enqueued', initialStatus: 202 },
  connectionLists: 'one-page',
};

export const documentDbProvider: EmulatorProvider = {
  name: 'Microsoft.DocumentDB/databaseAccounts',
  register(api) {
    registerTarget(api, accounts, {
      PUT: (ctx) => writeAccount(ctx, 'replace'),
      PATCH: (ctx) => writeAccount(ctx, 'merge'),
      DELETE: deleteAccount,
    });
  },
};

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
  const id = requestedTargetId(ctx, accounts);
  const name = requestedTargetName(ctx, accounts);
  const previous = loadModel<CosmosAccount>(ctx.state, id);
  if (previous === undefined && mode === 'merge')
    throw resourceNotFound(COSMOS_ACCOUNT_TYPE, name, ctx.params.resourceGroupName);
  let next: CosmosAccount;
  let regionChange: RegionChange = { added: [], removed: [] };
  if (previous === undefined) {
    const created = armTimestamp(ctx.now());
    next = createCosmosAccount(ctx.body, { id, name, instanceId: randomUUID(), now: created });
  } else {
    refuseWhileBusy(previous);
    ({ account: next, regionChange } = updateCosmosAccount(previous, ctx.body, mode));
  }
  saveTarget(ctx.state, accounts, next);
  const accountId = next.id;
  return ctx.startLro({
    style: 'enqueued',
    resourceId: accountId,
    location: next.location,
    initialStatus: 200,
    initialBody: () => renderTarget(ctx.state, accounts, accountId),
    complete: () => {
      saveTarget(ctx.state, accounts, completeCosmosAccountOperation(requireTarget(ctx.state, accounts, accountId)));
      if (regionChange.added.length > 0 || regionChange.removed.length > 0) {
        flagAttachedEndpointsForRecreate(ctx.state, accountId);
        flagConnectionsForRecreate(ctx, accounts, accountId);
      }
      ctx.emit({ kind: 'write', resourceId: accountId, operationName: WRITE, created: previous === undefined });
    },
    fail: () => {
      if (previous === undefined) ctx.state.delete(accountId);
      else saveTarget(ctx.state, accounts, previous);
    },
    resultBody: () => renderTarget(ctx.state, accounts, accountId),
  });
}

function deleteAccount(ctx: RequestContext): ArmResponse {
  const account = loadModel<CosmosAccount>(ctx.state, requestedTargetId(ctx, accounts));
  if (account === undefined) return { status: 204 };
  refuseWhileBusy(account);
  saveTarget(ctx.state, accounts, { ...account, provisioningState: 'Deleting' });
  return ctx.startLro({
    style: 'enqueued',
    resourceId: account.id,
    location: account.location,
    initialStatus: 202,
    complete: () => {
      ctx.state.delete(account.id);
      ctx.emit({ kind: 'delete', resourceId: account.id, operationName: DELETE });
    },
    fail: () => saveTarget(ctx.state, accounts, account),
  });
}
