/**
 * ARM resource IDs: `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{childType}/{childName}]*`.
 * ARM treats IDs case-insensitively; we keep the caller's casing for display and compare through `normaliseResourceId`.
 *
 * Extension resources (`…/vaults/v/providers/Microsoft.Insights/diagnosticSettings/d`) keep their inner
 * `providers/{namespace}` pair as a segment of type `providers`, so the ID round-trips; `resourceType` and
 * `parentResource` understand it.
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

const PROVIDERS = 'providers';
const isProviders = (type: string): boolean => type.toLowerCase() === PROVIDERS;

export function parseResourceId(input: string): ResourceId {
  if (typeof input !== 'string' || input.length === 0) {
    throw new ResourceIdError(String(input), 'the ID', 'a non-empty string starting with /subscriptions/');
  }
  const parts = input.split('/');
  if (parts[0] !== '') {
    throw new ResourceIdError(input, `the start "${parts[0]}"`, 'the ID to start with /subscriptions/');
  }
  const trimmed = parts[parts.length - 1] === '' ? parts.slice(1, -1) : parts.slice(1);
  const emptyAt = trimmed.findIndex((p) => p.length === 0);
  if (emptyAt >= 0) {
    const after = emptyAt > 0 ? ` after "${trimmed[emptyAt - 1]}"` : '';
    throw new ResourceIdError(input, `segment ${emptyAt + 1} (empty${after}, from "//")`, 'a non-empty path segment');
  }
  const [subscriptionsKey, subscriptionId, ...rest] = trimmed;
  if (subscriptionsKey?.toLowerCase() !== 'subscriptions') {
    throw new ResourceIdError(input, `segment 1 "${subscriptionsKey ?? ''}"`, '"subscriptions" as the first segment');
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
  const keyword = rest[i] as string;
  if (!isProviders(keyword)) {
    const allowed = id.resourceGroup === undefined ? '"resourceGroups" or "providers"' : '"providers"';
    throw new ResourceIdError(input, `segment ${i + 3} "${keyword}"`, `${allowed} after /subscriptions/${subscriptionId}${id.resourceGroup === undefined ? '' : `/resourceGroups/${id.resourceGroup}`}`);
  }
  const provider = rest[i + 1];
  if (!provider) throw new ResourceIdError(input, 'the provider namespace', 'a namespace after /providers/, e.g. Microsoft.Network');
  id.provider = provider;
  i += 2;
  const pairs = rest.slice(i);
  if (pairs.length % 2 !== 0) {
    const type = pairs[pairs.length - 1] as string;
    throw new ResourceIdError(input, `the last segment "${type}" (a type without a name)`, `a name after /${type}/`);
  }
  for (let p = 0; p < pairs.length; p += 2) {
    const type = pairs[p] as string;
    id.segments.push({ type: isProviders(type) ? PROVIDERS : type, name: pairs[p + 1] as string });
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

/** Builds the ID string; rejects parts that would not parse back to the same ID (empty, or containing "/"). */
export function formatResourceId(id: ResourceId): string {
  const check = (value: string | undefined, field: string): string => {
    if (typeof value !== 'string' || value.length === 0 || value.includes('/')) {
      throw new ResourceIdError(JSON.stringify(id), field, 'a non-empty string without "/"');
    }
    return value;
  };
  let out = `/subscriptions/${check(id.subscriptionId, 'subscriptionId')}`;
  if (id.resourceGroup !== undefined) out += `/resourceGroups/${check(id.resourceGroup, 'resourceGroup')}`;
  if (id.provider === undefined) {
    if (id.segments.length > 0) throw new ResourceIdError(JSON.stringify(id), 'provider', 'a provider namespace when segments are present');
    return out;
  }
  out += `/providers/${check(id.provider, 'provider')}`;
  id.segments.forEach((s, n) => {
    out += `/${check(s.type, `segments[${n}].type`)}/${check(s.name, `segments[${n}].name`)}`;
  });
  return out;
}

/** Canonical lower-case form with standard key casing; use for map keys and equality. */
export function normaliseResourceId(input: string): string {
  return formatResourceId(parseResourceId(input)).toLowerCase();
}

/** Case-insensitive equality; strings that are not resource IDs (e.g. Private Link Service aliases) compare as text. */
export function sameResourceId(a: string, b: string): boolean {
  const na = tryParseResourceId(a);
  const nb = tryParseResourceId(b);
  if (!na || !nb) return a.toLowerCase() === b.toLowerCase();
  return formatResourceId(na).toLowerCase() === formatResourceId(nb).toLowerCase();
}

/**
 * `Microsoft.DocumentDB/databaseAccounts` or, for a child, `Microsoft.Network/privateDnsZones/A`. For an extension
 * resource the type comes from its own namespace, e.g. `Microsoft.Insights/diagnosticSettings`.
 */
export function resourceType(id: ResourceId): string | undefined {
  if (!id.provider || id.segments.length === 0) return undefined;
  let namespace = id.provider;
  let types: string[] = [];
  for (const s of id.segments) {
    if (isProviders(s.type)) {
      namespace = s.name;
      types = [];
    } else {
      types.push(s.type);
    }
  }
  return types.length === 0 ? undefined : [namespace, ...types].join('/');
}

/** The ID of the top-level resource (drops child segments). */
export function topLevelResource(id: ResourceId): ResourceId {
  return { ...id, segments: id.segments.slice(0, 1) };
}

/** The ID of the parent resource, or undefined for a top-level resource. An extension resource's parent is the resource it extends. */
export function parentResource(id: ResourceId): ResourceId | undefined {
  const segments = id.segments.slice(0, -1);
  const last = segments[segments.length - 1];
  if (last && isProviders(last.type)) segments.pop();
  if (segments.length === 0) return undefined;
  return { ...id, segments };
}

export function resourceName(id: ResourceId): string | undefined {
  return id.segments[id.segments.length - 1]?.name;
}
