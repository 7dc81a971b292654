import { parseResourceId, resourceName, resourceType, ResourceIdError } from '../core/resource-id';

/** The parts of a resource-group-scoped ARM ID that SDK operations take as arguments. */
export interface ResourceRef {
  id: string;
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
 * Parses `id` for an SDK call. `field` names the input in errors; `expectedType` (case-insensitive) guards against
 * passing, say, a vault ID where an endpoint ID belongs.
 */
export function resourceRef(id: string, field: string, expectedType?: string): ResourceRef {
  const expected = expectedType ? `the ARM ID of a ${expectedType}` : 'a resource-group-scoped ARM ID';
  let parsed;
  try {
    parsed = parseResourceId(id);
  } catch (error) {
    const reason = error instanceof ResourceIdError ? ` (${error.segment}: expected ${error.expected})` : '';
    throw new Error(`${field}: expected ${expected}, got "${String(id)}"${reason}`);
  }
  const type = resourceType(parsed);
  const name = resourceName(parsed);
  if (!parsed.resourceGroup || !type || !name || (expectedType && type.toLowerCase() !== expectedType.toLowerCase())) {
    throw new Error(`${field}: expected ${expected}, got "${id}"`);
  }
  return {
    id,
    subscriptionId: parsed.subscriptionId,
    resourceGroup: parsed.resourceGroup,
    type,
    name,
    names: parsed.segments.filter((s) => s.type !== 'providers').map((s) => s.name),
  };
}
