/**
 * Key structure of a JSON document: every path to a key, arrays written `[]` (elements merged), values ignored.
 * Free-form maps (`tags`, `metadata`) contribute only their own path: their keys are data, not structure.
 */
export function keyPaths(value: unknown, maps: readonly string[] = [], prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) keyPaths(item, maps, `${prefix}[]`, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.add(path);
      if (!maps.includes(path.replace(/\[\]/g, ''))) keyPaths(child, maps, path, out);
    }
  }
  return out;
}

export interface ShapeDifference {
  missing: string[];
  extra: string[];
}

/** Paths the example has and the emulator lacks, and paths the emulator adds beyond the documented extras. */
export function compareShapes(
  example: unknown,
  actual: unknown,
  options: { maps?: readonly string[]; allowedExtras?: readonly string[] } = {},
): ShapeDifference {
  const expected = keyPaths(example, options.maps);
  const got = keyPaths(actual, options.maps);
  const allowed = new Set(options.allowedExtras ?? []);
  return {
    missing: [...expected].filter((p) => !got.has(p)).sort(),
    extra: [...got].filter((p) => !expected.has(p) && !allowed.has(p)).sort(),
  };
}
