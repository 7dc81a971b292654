import { invalidField } from '../errors';

/** Case-insensitive match against a fixed list; answers the list's spelling, or a 400 naming the field. */
export function oneOf<T extends string>(value: string, allowed: readonly T[], field: string): T {
  const found = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
  if (found === undefined) throw invalidField(field, `one of ${allowed.join(', ')} (got "${value}")`, 'BadRequest');
  return found;
}
