/** Activity input checks: every error names the activity, the field and what was expected. */
import { tryParseResourceId } from '../core/resource-id';

export class ActivityInputError extends Error {
  constructor(activity: string, field: string, expected: string, actual: unknown) {
    super(`${activity}: ${field ? `input.${field}` : 'input'}: expected ${expected}, got ${describe(actual)}`);
    this.name = 'ActivityInputError';
  }
}

export type InputRecord = Record<string, unknown>;

/** The input object, refusing fields the activity does not know (a misspelt `dryrun` must not mean "write"). */
export function inputObject(activity: string, input: unknown, known: readonly string[]): InputRecord {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ActivityInputError(activity, '', `an object with ${known.join(', ')}`, input);
  }
  const record = input as InputRecord;
  for (const field of Object.keys(record)) {
    if (!known.includes(field)) throw new ActivityInputError(activity, field, `no such field (known: ${known.join(', ')})`, record[field]);
  }
  return record;
}

export function resourceIdField(activity: string, input: InputRecord, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || !tryParseResourceId(value)) {
    throw new ActivityInputError(activity, field, 'an ARM resource ID such as /subscriptions/{id}/resourceGroups/{group}/providers/{type}/{name}', value);
  }
  return value;
}

export function optionalResourceIds(activity: string, input: InputRecord, field: string): string[] | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new ActivityInputError(activity, field, 'an array of ARM resource IDs', value);
  return value.map((item, n) => resourceIdField(activity, { [`${field}[${n}]`]: item }, `${field}[${n}]`));
}

export function optionalBoolean(activity: string, input: InputRecord, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || typeof value === 'boolean') return value;
  throw new ActivityInputError(activity, field, 'true or false', value);
}

/** An ISO timestamp: orchestrations pass their own deterministic clock instead of the activity reading one. */
export function isoTimeField(activity: string, input: InputRecord, field: string): string {
  const value = input[field];
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  throw new ActivityInputError(activity, field, 'an ISO 8601 timestamp such as 2030-01-01T00:00:00Z', value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
