import {
  parseArmResourceId,
  resourceIdSegments,
  resourceName,
  resourceType,
  ResourceIdError,
} from '../core/resource-id';
import { quoteInput } from '../core/quote-input';

/** A URL path made by `armPath`: every segment encoded. `GenericArm` takes nothing else, so no raw ID reaches a URL. */
export type ArmPath = string & { readonly __armPath: unique symbol };

/** The parts of a resource-group-scoped ARM ID that SDK operations take as arguments. */
export interface ResourceRef {
  id: string;
  /** The ID as an ARM URL path, each segment encoded. */
  path: ArmPath;
  subscriptionId: string;
  resourceGroup: string;
  /** e.g. `Microsoft.DocumentDB/databaseAccounts`, `Microsoft.Network/privateDnsZones`. */
  type: string;
  /** The last segment's name. */
  name: string;
  /** Names of every segment below the provider, top-level first (a child resource has its parent's name first). */
  names: string[];
}

/**
 * One path segment for an ARM URL. Percent-encoding keeps `?`, `#`, `/` and `%` inside the segment; "." and ".."
 * cannot be encoded away (URLs read `%2E` as "." too), so they are refused. "@" stays as it is: it is legal in a path
 * segment, and the apex record set is named "@" in the URLs Azure DNS documents.
 */
export function encodePathSegment(segment: string): string {
  if (segment.length === 0 || segment === '.' || segment === '..') {
    throw new Error(
      `ARM path segment: expected a non-empty segment other than "." and "..", got ${quoteInput(segment)}`,
    );
  }
  return encodeURIComponent(segment).replace(/%40/g, '@');
}

/** The one way the code builds an ARM URL path from ID parts (and the only input `GenericArm` accepts). */
export function armPath(segments: readonly string[]): ArmPath {
  return segments.map((segment) => `/${encodePathSegment(segment)}`).join('') as ArmPath;
}

/** A path below `parent`, e.g. a resource's `privateEndpointConnections` collection. */
export function childPath(parent: ArmPath, segments: readonly string[]): ArmPath {
  return `${parent}${armPath(segments)}` as ArmPath;
}

/**
 * Parses `id` for an SDK call or a generic request, with ARM's naming rules (`parseArmResourceId`). `field` names the
 * input in errors; `expectedType` (case-insensitive) guards against passing, say, a vault ID where an endpoint ID belongs.
 */
export function resourceRef(id: string, field: string, expectedType?: string): ResourceRef {
  const expected = expectedType ? `the ARM ID of a ${expectedType}` : 'a resource-group-scoped ARM ID';
  let parsed;
  try {
    parsed = parseArmResourceId(id);
  } catch (error) {
    const reason = error instanceof ResourceIdError ? ` (${error.segment}: expected ${error.expected})` : '';
    throw new Error(`${field}: expected ${expected}, got ${quoteInput(String(id))}${reason}`);
  }
  const type = resourceType(parsed);
  const name = resourceName(parsed);
  if (!parsed.resourceGroup || !type || !name || (expectedType && type.toLowerCase() !== expectedType.toLowerCase())) {
    throw new Error(`${field}: expected ${expected}, got ${quoteInput(id)}`);
  }
  return {
    id,
    path: armPath(resourceIdSegments(parsed)),
    subscriptionId: parsed.subscriptionId,
    resourceGroup: parsed.resourceGroup,
    type,
    name,
    names: parsed.segments.filter((s) => s.type !== 'providers').map((s) => s.name),
  };
}
