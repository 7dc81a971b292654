/**
 * ARM resource IDs: `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{childType}/{childName}]*`.
 * ARM treats IDs case-insensitively; we keep the caller's casing for display and compare through `normaliseResourceId`.
 */

export interface ResourceIdSegment {
  type: string;
  name: string;
}

export interface ResourceId {
  subscriptionId: string;
  /** Absent for subscription-level IDs such as `/subscriptions/{s}` or `/subscriptions/{s}/providers/...`. */
  resourceGroup?: string;
  /** Resource provider namespace, e.g. `Microsoft.Network`. Absent for subscription and resource group IDs. */
  provider?: string;
  /** Type/name pairs below the provider: the top-level resource first, then each child. */
  segments: ResourceIdSegment[];
}

export class ResourceIdError extends Error {
  constructor(
    readonly input: string,
    readonly segment: string,
    readonly expected: string,
  ) {
    super(`invalid resource ID "${input}": ${segment} — expected ${expected}`);
    this.name = 'ResourceIdError';
  }
}

export function parseResourceId(input: string): ResourceId {
  if (typeof input !== 'string' || input.length === 0) {
    throw new ResourceIdError(String(input), 'the ID', 'a non-empty string starting with /subscriptions/');
  }
  const parts = input.split('/');
  if (parts[0] !== '') {
    throw new ResourceIdError(input, 'the leading "/"', 'the ID to start with /subscriptions/');
  }
  const trimmed = parts[parts.length - 1] === '' ? parts.slice(1, -1) : parts.slice(1);
  const emptyAt = trimmed.findIndex((p) => p.length === 0);
  if (emptyAt >= 0) {
    throw new ResourceIdError(input, `segment ${emptyAt + 1} (empty, from "//")`, 'a non-empty path segment');
  }
  const [subscriptionsKey, subscriptionId, ...rest] = trimmed;
  if (subscriptionsKey?.toLowerCase() !== 'subscriptions') {
    throw new ResourceIdError(input, `"${subscriptionsKey ?? ''}"`, '"subscriptions" as the first segment');
  }
  if (!subscriptionId) {
    throw new ResourceIdError(input, 'the subscription ID', 'a subscription ID after /subscriptions/');
  }
  const id: ResourceId = { subscriptionId, segments: [] };
  let i = 0;
  if (rest[i]?.toLowerCase() === 'resourcegroups') {
    const rg = rest[i + 1];
    if (!rg) throw new ResourceIdError(input, 'the resource group name', 'a name after /resourceGroups/');
    id.resourceGroup = rg;
    i += 2;
  }
  if (i === rest.length) return id;
  if (rest[i]?.toLowerCase() !== 'providers') {
    throw new ResourceIdError(input, `"${rest[i]}"`, '"providers" or "resourceGroups"');
  }
  const provider = rest[i + 1];
  if (!provider) throw new ResourceIdError(input, 'the provider namespace', 'a namespace after /providers/, e.g. Microsoft.Network');
  id.provider = provider;
  i += 2;
  const pairs = rest.slice(i);
  if (pairs.length === 0) return id;
  if (pairs.length % 2 !== 0) {
    const type = pairs[pairs.length - 1];
    throw new ResourceIdError(input, `"${type}" (a type without a name)`, `a name after /${type}/`);
  }
  for (let p = 0; p < pairs.length; p += 2) {
    id.segments.push({ type: pairs[p] as string, name: pairs[p + 1] as string });
  }
  return id;
}

export function tryParseResourceId(input: string): ResourceId | undefined {
  try {
    return parseResourceId(input);
  } catch {
    return undefined;
  }
}

export function formatResourceId(id: ResourceId): string {
  let out = `/subscriptions/${id.subscriptionId}`;
  if (id.resourceGroup !== undefined) out += `/resourceGroups/${id.resourceGroup}`;
  if (id.provider !== undefined) {
    out += `/providers/${id.provider}`;
    for (const s of id.segments) out += `/${s.type}/${s.name}`;
  }
  return out;
}

/** Canonical lower-case form with standard key casing; use for map keys and equality. */
export function normaliseResourceId(input: string): string {
  return formatResourceId(parseResourceId(input)).toLowerCase();
}

export function sameResourceId(a: string, b: string): boolean {
  const na = tryParseResourceId(a);
  const nb = tryParseResourceId(b);
  if (!na || !nb) return a.toLowerCase() === b.toLowerCase();
  return formatResourceId(na).toLowerCase() === formatResourceId(nb).toLowerCase();
}

/** `Microsoft.DocumentDB/databaseAccounts` or, for a child, `Microsoft.Network/privateDnsZones/A`. */
export function resourceType(id: ResourceId): string | undefined {
  if (!id.provider || id.segments.length === 0) return undefined;
  return [id.provider, ...id.segments.map((s) => s.type)].join('/');
}

/** The ID of the top-level resource (drops child segments). */
export function topLevelResource(id: ResourceId): ResourceId {
  return { ...id, segments: id.segments.slice(0, 1) };
}

/** The ID of the parent resource, or undefined for a top-level resource. */
export function parentResource(id: ResourceId): ResourceId | undefined {
  if (id.segments.length < 2) return undefined;
  return { ...id, segments: id.segments.slice(0, -1) };
}

export function resourceName(id: ResourceId): string | undefined {
  return id.segments[id.segments.length - 1]?.name;
}
