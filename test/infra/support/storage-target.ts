/**
 * A Storage account as a private link target, for proving the RBAC actions the generic connection backend needs for
 * `Microsoft.Storage/storageAccounts` (the emulator ships no Storage provider). Shapes follow Microsoft's storage
 * REST examples: connections under `properties.privateLinkServiceConnectionState`, `actionRequired` in the singular,
 * and a synchronous PUT (200) to approve or reject.
 */
import { resourceNotFound, type EmulatorProvider, type PrivateLinkTarget, type RequestContext } from './emulator';

export const STORAGE_TYPE = 'Microsoft.Storage/storageAccounts';
const ACCOUNT =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Storage/storageAccounts/{accountName}';
const CONNECTIONS = `${ACCOUNT}/privateEndpointConnections`;

interface Connection {
  status: string;
  description: string;
  endpointId: string;
}

interface AccountMeta {
  connections: Record<string, Connection>;
}

function accountId(ctx: RequestContext): string {
  const { subscriptionId, resourceGroupName, accountName } = ctx.params;
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/${STORAGE_TYPE}/${accountName}`;
}

function metaOf(ctx: RequestContext, id: string): AccountMeta {
  const meta = ctx.state.get(id)?.meta as AccountMeta | undefined;
  if (!meta) throw resourceNotFound(STORAGE_TYPE, id.split('/').pop() ?? '');
  return meta;
}

function connectionBody(id: string, name: string, c: Connection) {
  return {
    id: `${id}/privateEndpointConnections/${name}`,
    name,
    type: `${STORAGE_TYPE}/privateEndpointConnections`,
    properties: {
      privateEndpoint: { id: c.endpointId },
      privateLinkServiceConnectionState: { status: c.status, description: c.description, actionRequired: 'None' },
      provisioningState: 'Succeeded',
    },
  };
}

const storageTarget: PrivateLinkTarget = {
  requiredMembers(ctx, targetId, groupIds) {
    metaOf(ctx, targetId);
    const name = (targetId.split('/').pop() ?? '').toLowerCase();
    return groupIds.map((groupId) => ({
      groupId,
      memberName: groupId,
      fqdns: [`${name}.${groupId.toLowerCase()}.core.windows.net`],
    }));
  },
  onEndpointAttached(ctx, attachment) {
    const meta = metaOf(ctx, attachment.targetId);
    const existing = meta.connections[attachment.connectionName];
    if (existing) return { status: existing.status, description: existing.description };
    const created = attachment.manual
      ? { status: 'Pending', description: attachment.requestMessage, endpointId: attachment.endpointId }
      : { status: 'Approved', description: 'Auto-Approved', endpointId: attachment.endpointId };
    meta.connections[attachment.connectionName] = created;
    return { status: created.status, description: created.description };
  },
  onEndpointDetached(ctx, detachment) {
    const meta = ctx.state.get(detachment.targetId)?.meta as AccountMeta | undefined;
    if (meta) delete meta.connections[detachment.connectionName];
  },
  connectionStatus(state, detachment) {
    const connection = (state.get(detachment.targetId)?.meta as AccountMeta | undefined)?.connections[
      detachment.connectionName
    ];
    return connection && { status: connection.status, description: connection.description };
  },
};

export const storageProvider: EmulatorProvider = {
  name: STORAGE_TYPE,
  register(api) {
    api.route('PUT', ACCOUNT, (ctx) => {
      const id = accountId(ctx);
      const existing = ctx.state.get(id);
      const location = (ctx.body as { location?: string } | undefined)?.location ?? 'westus';
      const stored = ctx.state.put({
        id,
        type: STORAGE_TYPE,
        body: { location, kind: 'StorageV2', properties: {} },
        meta: existing?.meta ?? { connections: {} },
      });
      return {
        status: existing ? 200 : 201,
        body: { id: stored.id, name: stored.name, type: STORAGE_TYPE, ...stored.body },
      };
    });
    api.route('GET', ACCOUNT, (ctx) => {
      const stored = ctx.state.get(accountId(ctx));
      if (!stored) throw resourceNotFound(STORAGE_TYPE, ctx.params.accountName ?? '');
      return { status: 200, body: { id: stored.id, name: stored.name, type: STORAGE_TYPE, ...stored.body } };
    });
    api.route('GET', CONNECTIONS, (ctx) => {
      const id = accountId(ctx);
      const value = Object.entries(metaOf(ctx, id).connections).map(([name, c]) => connectionBody(id, name, c));
      return { status: 200, body: { value } };
    });
    api.route('GET', `${CONNECTIONS}/{connectionName}`, (ctx) => {
      const id = accountId(ctx);
      const name = ctx.params.connectionName ?? '';
      const connection = metaOf(ctx, id).connections[name];
      if (!connection) throw resourceNotFound(`${STORAGE_TYPE}/privateEndpointConnections`, name);
      return { status: 200, body: connectionBody(id, name, connection) };
    });
    api.route('PUT', `${CONNECTIONS}/{connectionName}`, (ctx) => {
      const id = accountId(ctx);
      const name = ctx.params.connectionName ?? '';
      const connection = metaOf(ctx, id).connections[name];
      if (!connection) throw resourceNotFound(`${STORAGE_TYPE}/privateEndpointConnections`, name);
      const state = (
        ctx.body as { properties?: { privateLinkServiceConnectionState?: { status?: string; description?: string } } }
      ).properties?.privateLinkServiceConnectionState;
      Object.assign(connection, {
        status: state?.status ?? connection.status,
        description: state?.description ?? connection.description,
      });
      return { status: 200, body: connectionBody(id, name, connection) };
    });
    api.registerPrivateLinkTarget(STORAGE_TYPE, storageTarget);
  },
};
