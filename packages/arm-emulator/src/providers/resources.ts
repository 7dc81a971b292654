/** Microsoft.Resources: subscriptions (implicit: one exists once anything is created in it) and resource groups. */
import type { ArmResponse, RequestContext } from '../context';
import { ArmError, invalidField, resourceGroupNotFound } from '../errors';
import { optionalObjectField, stringField, tagsField } from '../json';
import type { EmulatorProvider, ProviderApi } from '../provider';
import { RESOURCE_GROUP_TYPE, type StoredResource } from '../state';

type DeleteHook = Parameters<ProviderApi['onResourceGroupDelete']>[0];

const SUBSCRIPTION = '/subscriptions/{subscriptionId}';
const GROUPS = `${SUBSCRIPTION}/resourcegroups`;
const GROUP = `${GROUPS}/{resourceGroupName}`;
const WRITE = 'Microsoft.Resources/subscriptions/resourceGroups/write';
const DELETE = 'Microsoft.Resources/subscriptions/resourceGroups/delete';

export const EMULATOR_TENANT = '00000000-0000-0000-0000-0000000000e0';

/** Built by the server itself because deleting a group runs the other providers' clean-up hooks. */
export function resourcesProvider(deleteHooks: DeleteHook[]): EmulatorProvider {
  return {
    name: 'Microsoft.Resources',
    register(api) {
      api.route('GET', '/subscriptions', (ctx) => ({
        status: 200,
        body: ctx.page(ctx.state.subscriptions().map(renderSubscription)),
      }));
      api.route('GET', SUBSCRIPTION, getSubscription);
      api.route('GET', GROUPS, (ctx) => ({
        status: 200,
        body: ctx.page(
          ctx.state.children(`/subscriptions/${ctx.params.subscriptionId}`, RESOURCE_GROUP_TYPE).map(renderGroup),
        ),
      }));
      api.route('GET', GROUP, (ctx) => ({ status: 200, body: renderGroup(requireGroup(ctx)) }));
      api.route('HEAD', GROUP, (ctx) => ({ status: groupOf(ctx) ? 204 : 404 }));
      api.route('PUT', GROUP, putGroup);
      api.route('PATCH', GROUP, patchGroup);
      api.route('DELETE', GROUP, (ctx) => deleteGroup(ctx, deleteHooks));
    },
  };
}

function getSubscription(ctx: RequestContext): ArmResponse {
  const wanted = ctx.params.subscriptionId?.toLowerCase();
  const found = ctx.state.subscriptions().find((s) => s.toLowerCase() === wanted);
  if (!found)
    throw new ArmError(
      404,
      'SubscriptionNotFound',
      `The subscription '${ctx.params.subscriptionId}' could not be found.`,
    );
  return { status: 200, body: renderSubscription(found) };
}

function renderSubscription(subscriptionId: string): Record<string, unknown> {
  return {
    id: `/subscriptions/${subscriptionId}`,
    subscriptionId,
    tenantId: EMULATOR_TENANT,
    displayName: `Emulated subscription ${subscriptionId}`,
    state: 'Enabled',
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'PayAsYouGo_2014-09-01',
      spendingLimit: 'Off',
    },
    authorizationSource: 'RoleBased',
  };
}

function groupId(ctx: RequestContext): string {
  return `/subscriptions/${ctx.params.subscriptionId}/resourceGroups/${ctx.params.resourceGroupName}`;
}

function groupOf(ctx: RequestContext): StoredResource | undefined {
  return ctx.state.get(groupId(ctx));
}

function requireGroup(ctx: RequestContext): StoredResource {
  const group = groupOf(ctx);
  if (!group) throw resourceGroupNotFound(ctx.params.resourceGroupName ?? '');
  return group;
}

function renderGroup(group: StoredResource): Record<string, unknown> {
  return { id: group.id, name: group.name, type: RESOURCE_GROUP_TYPE, ...group.body };
}

function putGroup(ctx: RequestContext): ArmResponse {
  const input = optionalObjectField(ctx.body, 'body') ?? {};
  const location = normaliseLocation(stringField(input.location, 'location'));
  const tags = tagsField(input.tags);
  const existing = groupOf(ctx);
  if (existing && existing.body.location !== location) {
    throw new ArmError(
      409,
      'InvalidResourceGroupLocation',
      `Invalid resource group location '${location}'. The Resource group already exists in location '${String(existing.body.location)}'.`,
    );
  }
  const stored = ctx.state.put({
    id: groupId(ctx),
    type: RESOURCE_GROUP_TYPE,
    body: { location, ...(tags ? { tags } : {}), properties: { provisioningState: 'Succeeded' } },
  });
  ctx.emit({ kind: 'write', resourceId: stored.id, operationName: WRITE, created: !existing });
  return { status: existing ? 200 : 201, body: renderGroup(stored) };
}

function patchGroup(ctx: RequestContext): ArmResponse {
  const group = requireGroup(ctx);
  const input = optionalObjectField(ctx.body, 'body') ?? {};
  if (input.location !== undefined && normaliseLocation(String(input.location)) !== group.body.location) {
    throw invalidField('location', `the group's location '${String(group.body.location)}' (it cannot move)`);
  }
  const tags = tagsField(input.tags);
  if (tags) group.body.tags = tags;
  ctx.emit({ kind: 'write', resourceId: group.id, operationName: WRITE });
  return { status: 200, body: renderGroup(group) };
}

function deleteGroup(ctx: RequestContext, hooks: DeleteHook[]): ArmResponse {
  const group = requireGroup(ctx);
  (group.body.properties as Record<string, unknown>).provisioningState = 'Deleting';
  return ctx.startLro({
    style: 'network',
    resourceId: group.id,
    location: String(group.body.location),
    initialStatus: 202,
    complete: () => {
      for (const hook of hooks) hook(ctx, group.id);
      ctx.state.delete(group.id);
      ctx.emit({ kind: 'delete', resourceId: group.id, operationName: DELETE });
    },
  });
}

/** ARM answers locations in their short form: `West US` → `westus`. */
export function normaliseLocation(location: string): string {
  return location.toLowerCase().replace(/\s+/g, '');
}
