import type { RequestContext } from '../../src/context';
import { ArmError, resourceNotFound } from '../../src/errors';
import { flagAttachedEndpointsForRecreate, type PrivateLinkTarget } from '../../src/private-link';
import type { EmulatorProvider } from '../../src/provider';
import type { EmulatorState } from '../../src/state';

/**
 * A minimal private link target for framework tests, shaped like Cosmos DB: group `Widget`, one member for the widget
 * plus one per region, FQDNs under `widgets.test.net` (zone `privatelink.widgets.test.net`).
 */
export const WIDGET_TYPE = 'Microsoft.Test/widgets';
const WIDGET =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Test/widgets/{widgetName}';

interface WidgetMeta {
  regions: string[];
  connections: Record<string, { status: string; description: string; endpointId: string }>;
}

function widgetMeta(state: EmulatorState, targetId: string): WidgetMeta | undefined {
  return state.get(targetId)?.meta as WidgetMeta | undefined;
}

const widgetTarget: PrivateLinkTarget = {
  requiredMembers(ctx, targetId, groupIds) {
    const meta = widgetMeta(ctx.state, targetId);
    if (!meta) throw resourceNotFound(WIDGET_TYPE, targetId.split('/').pop() ?? '');
    if (groupIds.length !== 1 || groupIds[0] !== 'Widget')
      throw new ArmError(400, 'InvalidGroupId', `groupIds must be ["Widget"], got ${JSON.stringify(groupIds)}`);
    const name = (targetId.split('/').pop() ?? '').toLowerCase();
    return [name, ...meta.regions.map((r) => `${name}-${r}`)].map((member) => ({
      groupId: 'Widget',
      memberName: member,
      fqdns: [`${member}.widgets.test.net`],
    }));
  },
  onEndpointAttached(ctx, attachment) {
    const meta = widgetMeta(ctx.state, attachment.targetId) as WidgetMeta;
    const existing = meta.connections[attachment.connectionName];
    if (existing) return { status: existing.status, description: existing.description };
    const created = attachment.manual
      ? { status: 'Pending', description: attachment.requestMessage, endpointId: attachment.endpointId }
      : { status: 'Approved', description: 'Auto-approved', endpointId: attachment.endpointId };
    meta.connections[attachment.connectionName] = created;
    return { status: created.status, description: created.description };
  },
  onEndpointDetached(ctx, detachment) {
    const meta = widgetMeta(ctx.state, detachment.targetId);
    if (meta) delete meta.connections[detachment.connectionName];
  },
  connectionStatus(state, detachment) {
    const connection = widgetMeta(state, detachment.targetId)?.connections[detachment.connectionName];
    return connection && { status: connection.status, description: connection.description };
  },
};

function putWidget(ctx: RequestContext): { status: number; body: unknown } {
  const id = `/subscriptions/${ctx.params.subscriptionId}/resourceGroups/${ctx.params.resourceGroupName}/providers/Microsoft.Test/widgets/${ctx.params.widgetName}`;
  const regions = ((ctx.body as { properties?: { regions?: string[] } }).properties?.regions ?? []).map((r) =>
    r.toLowerCase(),
  );
  const existing = ctx.state.get(id);
  const previous = existing?.meta as WidgetMeta | undefined;
  const stored = ctx.state.put({
    id,
    type: WIDGET_TYPE,
    body: { properties: { regions } },
    meta: { regions, connections: previous?.connections ?? {} },
  });
  if (previous && previous.regions.join() !== regions.join()) flagAttachedEndpointsForRecreate(ctx.state, stored.id);
  return { status: existing ? 200 : 201, body: { id: stored.id, name: stored.name, ...stored.body } };
}

export const widgetProvider: EmulatorProvider = {
  name: WIDGET_TYPE,
  register(api) {
    api.route('PUT', WIDGET, putWidget);
    api.route('POST', `${WIDGET}/approve`, (ctx) => {
      const id = `/subscriptions/${ctx.params.subscriptionId}/resourceGroups/${ctx.params.resourceGroupName}/providers/Microsoft.Test/widgets/${ctx.params.widgetName}`;
      const meta = widgetMeta(ctx.state, id) as WidgetMeta;
      for (const connection of Object.values(meta.connections))
        Object.assign(connection, { status: 'Approved', description: 'ok' });
      return { status: 200, body: {} };
    });
    api.registerPrivateLinkTarget(WIDGET_TYPE, widgetTarget);
  },
};
