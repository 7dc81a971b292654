/**
 * Recursive key sets for comparing emulator bodies with Microsoft's examples: `properties.locations[].id` names a key
 * inside array items (elements merged), values are ignored. Keys under a path listed in `mapPaths` (written with `[]`
 * where the path crosses an array, e.g. `value[].tags`) are caller-chosen names (a tag name, a resource ID in
 * `userAssignedIdentities`) and collapse to `*`; the structure of their values is still compared.
 */
export function keyPaths(value: unknown, mapPaths: readonly string[] = [], prefix = ''): Set<string> {
  const paths = new Set<string>();
  if (Array.isArray(value)) {
    for (const item of value) for (const path of keyPaths(item, mapPaths, `${prefix}[]`)) paths.add(path);
    return paths;
  }
  if (typeof value !== 'object' || value === null) return paths;
  for (const [key, child] of Object.entries(value)) {
    const path = prefix === '' ? key : `${prefix}.${mapPaths.includes(prefix) ? '*' : key}`;
    paths.add(path);
    for (const nested of keyPaths(child, mapPaths, path)) paths.add(nested);
  }
  return paths;
}

export interface KeyStructureDiff {
  /** Keys the example has and the emulator lacks. */
  missing: string[];
  /** Keys the emulator has beyond the example that are not allowed explicitly. */
  unexpected: string[];
}

/**
 * Every key of the example must be in the actual body; keys beyond it must be listed in `allowedExtra` (spec-defined
 * properties that this particular example happens to leave out).
 */
export function compareKeyStructure(
  example: unknown,
  actual: unknown,
  options: { allowedExtra?: readonly string[]; mapPaths?: readonly string[] } = {},
): KeyStructureDiff {
  const expected = keyPaths(example, options.mapPaths);
  const got = keyPaths(actual, options.mapPaths);
  const allowed = new Set(options.allowedExtra ?? []);
  return {
    missing: [...expected].filter((path) => !got.has(path)).sort(),
    unexpected: [...got].filter((path) => !expected.has(path) && !allowed.has(path)).sort(),
  };
}
