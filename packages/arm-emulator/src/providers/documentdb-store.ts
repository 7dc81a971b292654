/**
 * How the Cosmos DB, Mongo vCore and Key Vault providers keep their resources in the emulator state: the typed model
 * in `meta.model` (plain JSON, so snapshots round-trip) and its rendered ARM body in `body` (so snapshots read like
 * GET answers). Reads always render from the model.
 */
import type { RequestContext } from '../context';
import { resourceGroupNotFound } from '../errors';
import type { EmulatorState, StoredResource } from '../state';

export function saveModel<T extends object>(
  state: EmulatorState,
  id: string,
  type: string,
  model: T,
  body: Record<string, unknown>,
): void {
  state.put({ id, type, body, meta: { model } });
}

export function loadModel<T>(state: EmulatorState, id: string): T | undefined {
  return modelOf<T>(state.get(id));
}

export function childModels<T>(state: EmulatorState, parentId: string, type: string): T[] {
  return state.children(parentId, type).flatMap((child) => {
    const model = modelOf<T>(child);
    return model === undefined ? [] : [model];
  });
}

function modelOf<T>(stored: StoredResource | undefined): T | undefined {
  return stored?.meta.model as T | undefined;
}

/** ARM timestamps to the second, as the examples show them (`2021-03-12T22:05:09Z`). */
export function armTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The request's resource group ID (in its stored casing); 404 `ResourceGroupNotFound` when it does not exist. */
export function requireResourceGroup(ctx: RequestContext): string {
  const group = ctx.state.resourceGroup(ctx.params.subscriptionId ?? '', ctx.params.resourceGroupName ?? '');
  if (group === undefined) throw resourceGroupNotFound(ctx.params.resourceGroupName ?? '');
  return group.id;
}
