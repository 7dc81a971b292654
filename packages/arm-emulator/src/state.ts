import { randomUUID } from 'node:crypto';
import { formatArmId, armIdKey, parseArmId, type ArmId } from './arm-id';
import type { JsonObject } from './json';

export const RESOURCE_GROUP_TYPE = 'Microsoft.Resources/resourceGroups';

/** One ARM resource as the emulator holds it. Everything here is JSON so that snapshots are plain data. */
export interface StoredResource {
  /** ARM ID in the casing of the request that created it (kept on later updates, as ARM does). */
  id: string;
  /** ARM type, e.g. `Microsoft.Network/privateEndpoints`, `Microsoft.Network/privateDnsZones/A`. */
  type: string;
  name: string;
  subscriptionId: string;
  resourceGroup?: string;
  /** What the provider returns besides `id`/`name`/`type`/`etag`: `location`, `tags`, `properties`, ... */
  body: JsonObject;
  etag?: string;
  /** Provider-private bookkeeping, never sent to clients (allocated IPs, connection names, ...). */
  meta: JsonObject;
}

export interface NewResource {
  id: string;
  type: string;
  body: JsonObject;
  etag?: string;
  meta?: JsonObject;
}

export interface StateSnapshot {
  subscriptions: string[];
  resources: StoredResource[];
}

export function newEtag(): string {
  return randomUUID();
}

/**
 * In-memory ARM state keyed by case-insensitive resource ID. Each resource is filed under its parent (a resource
 * group, a subscription, or its parent resource), so listings and cascading deletes never scan the whole world.
 */
export class EmulatorState {
  private readonly resources = new Map<string, StoredResource>();
  private readonly byParent = new Map<string, Map<string, StoredResource>>();
  private readonly byType = new Map<string, Map<string, StoredResource>>();
  private readonly subscriptionIds = new Map<string, string>();

  get(id: string): StoredResource | undefined {
    const key = keyOf(id);
    return key === undefined ? undefined : this.resources.get(key);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** Creates or replaces a resource; an existing resource keeps the ID casing it was created with. */
  put(resource: NewResource): StoredResource {
    const parsed = parseArmId(resource.id);
    const key = armIdKey(resource.id);
    const existing = this.resources.get(key);
    const stored: StoredResource = {
      id: existing?.id ?? formatArmId(parsed),
      type: resource.type,
      name: lastName(parsed),
      subscriptionId: parsed.subscriptionId,
      ...(parsed.resourceGroup === undefined ? {} : { resourceGroup: parsed.resourceGroup }),
      body: resource.body,
      ...(resource.etag === undefined ? {} : { etag: resource.etag }),
      meta: resource.meta ?? existing?.meta ?? {},
    };
    this.resources.set(key, stored);
    const parentKey = parentKeyOf(parsed);
    let siblings = this.byParent.get(parentKey);
    if (!siblings) this.byParent.set(parentKey, (siblings = new Map()));
    siblings.set(key, stored);
    if (existing && !sameType(existing.type, stored.type)) this.byType.get(existing.type.toLowerCase())?.delete(key);
    let ofType = this.byType.get(stored.type.toLowerCase());
    if (!ofType) this.byType.set(stored.type.toLowerCase(), (ofType = new Map()));
    ofType.set(key, stored);
    if (!this.subscriptionIds.has(parsed.subscriptionId.toLowerCase())) {
      this.subscriptionIds.set(parsed.subscriptionId.toLowerCase(), parsed.subscriptionId);
    }
    return stored;
  }

  /** Removes the resource and everything below it (children, and for a resource group every resource in it). */
  delete(id: string): boolean {
    const key = keyOf(id);
    const existing = key === undefined ? undefined : this.resources.get(key);
    if (!key || !existing) return false;
    for (const child of [...(this.byParent.get(key)?.values() ?? [])]) this.delete(child.id);
    this.byParent.delete(key);
    this.resources.delete(key);
    this.byParent.get(parentKeyOf(parseArmId(existing.id)))?.delete(key);
    this.byType.get(existing.type.toLowerCase())?.delete(key);
    return true;
  }

  /** Direct children of a scope (a subscription, resource group or resource ID), optionally of one type, in insertion order. */
  children(scopeId: string, type?: string): StoredResource[] {
    const scopeKey = keyOf(scopeId);
    const all = scopeKey === undefined ? [] : [...(this.byParent.get(scopeKey)?.values() ?? [])];
    return type === undefined ? all : all.filter((r) => sameType(r.type, type));
  }

  /** Top-level resources of a type in every resource group of a subscription. */
  listInSubscription(subscriptionId: string, type: string): StoredResource[] {
    return this.children(`/subscriptions/${subscriptionId}`, RESOURCE_GROUP_TYPE).flatMap((rg) =>
      this.children(rg.id, type),
    );
  }

  /** Every resource of a type, across subscriptions (for alias lookups and scenario checks). */
  listAll(type: string): StoredResource[] {
    return [...(this.byType.get(type.toLowerCase())?.values() ?? [])];
  }

  resourceGroup(subscriptionId: string, resourceGroup: string): StoredResource | undefined {
    return this.get(`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`);
  }

  /** Every subscription that holds anything, in the casing first seen. */
  subscriptions(): string[] {
    return [...this.subscriptionIds.values()];
  }

  /** A concurrent writer's update: the resource gets a fresh etag. */
  bumpEtag(id: string): boolean {
    const resource = this.get(id);
    if (!resource || resource.etag === undefined) return false;
    resource.etag = newEtag();
    return true;
  }

  snapshot(): StateSnapshot {
    return structuredClone({ subscriptions: this.subscriptions(), resources: [...this.resources.values()] });
  }

  reset(): void {
    this.resources.clear();
    this.byParent.clear();
    this.byType.clear();
    this.subscriptionIds.clear();
  }

  get size(): number {
    return this.resources.size;
  }
}

export function sameType(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function keyOf(id: string): string | undefined {
  try {
    return armIdKey(id);
  } catch {
    return undefined;
  }
}

function lastName(id: ArmId): string {
  const segment = id.segments[id.segments.length - 1];
  if (segment) return segment.name;
  return id.resourceGroup ?? id.subscriptionId;
}

function parentKeyOf(id: ArmId): string {
  if (id.segments.length > 1) return formatArmId({ ...id, segments: id.segments.slice(0, -1) }).toLowerCase();
  if (id.segments.length === 1 && id.resourceGroup !== undefined) {
    return formatArmId({
      subscriptionId: id.subscriptionId,
      resourceGroup: id.resourceGroup,
      segments: [],
    }).toLowerCase();
  }
  return formatArmId({ subscriptionId: id.subscriptionId, segments: [] }).toLowerCase();
}
