import { invalidField } from './errors';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Readers for request bodies: each throws a 400 ARM error naming the field and what was expected. */
export function objectField(value: unknown, field: string): JsonObject {
  if (!isJsonObject(value)) throw invalidField(field, 'a JSON object');
  return value;
}

export function optionalObjectField(value: unknown, field: string): JsonObject | undefined {
  return value === undefined || value === null ? undefined : objectField(value, field);
}

export function stringField(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalidField(field, 'a non-empty string');
  return value;
}

export function optionalStringField(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : stringField(value, field);
}

export function arrayField(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw invalidField(field, 'an array');
  return value;
}

export function optionalArrayField(value: unknown, field: string): unknown[] {
  return value === undefined || value === null ? [] : arrayField(value, field);
}

export function tagsField(value: unknown, field = 'tags'): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  const tags = objectField(value, field);
  for (const [key, tag] of Object.entries(tags)) {
    if (typeof tag !== 'string') throw invalidField(`${field}.${key}`, 'a string');
  }
  return tags as Record<string, string>;
}
