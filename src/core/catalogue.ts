/**
 * The service catalogue: which private DNS zone holds the records for which public names, per private link resource
 * type and group ID. Rows are data (`catalogue-data.ts` plus the user's AUTOPILOT_CATALOGUE_EXTENSIONS); this module
 * validates and compiles them. See docs/catalogue.md for the entry shape.
 */
import { BUILT_IN_CATALOGUE } from './catalogue-data';
import { type DnsPattern, parseDnsPattern } from './dns-pattern';
import { parseJson } from './json-text';

export const CLOUDS = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'] as const;
export type CloudName = (typeof CLOUDS)[number];

/** One private DNS zone of an entry and the names whose records it holds. */
export interface ZoneRule {
  /** Zone name pattern, e.g. `privatelink.documents.azure.com`, `privatelink.{region}.azure.elastic-cloud.com`. */
  zone: string;
  /** Public suffix patterns: `<label>.<suffix>` (an FQDN on the endpoint's NIC) gets record `<label>` in `zone`. */
  publicSuffixes?: string[];
  /**
   * Other zone names that hold the same records when one of them already exists in scope. A zone under `zone`
   * (e.g. `scm.privatelink.azurewebsites.net`) holds only the names under it, relative to it; any other zone holds
   * `<label>` as `zone` would.
   */
  alternativeZones?: string[];
  /** For alias entries: the record each endpoint IP gets in `zone`, e.g. `*`. */
  aliasRecord?: string;
}

export interface CatalogueEntry {
  /** Who the entry is for, in words: shown in explanations. */
  service: string;
  /** Defaults to AzureCloud. */
  cloud?: CloudName;
  /** The private link resource type (the endpoint's target), e.g. `Microsoft.KeyVault/vaults`. */
  resourceType?: string;
  /** Group IDs (subresources) the rows apply to, e.g. `Sql`, `vault`. Compared case-insensitively. */
  groupIds?: string[];
  /**
   * For Private Link Services reached by alias (no FQDNs on the NIC): a pattern for the endpoint's target alias,
   * e.g. `{region}-prod-{nnn}-privatelink-service.{guid}.{region}.azure.privatelinkservice`.
   */
  aliasPattern?: string;
  zones: ZoneRule[];
}

export type EntryOrigin = 'extension' | 'built-in';

export interface CompiledAlternative {
  pattern: DnsPattern;
  /** For a zone under the rule's zone: the labels between, e.g. `scm` or `{regionName}.data`. */
  subZonePrefix?: DnsPattern;
}

export interface CompiledZoneRule {
  entry: CompiledEntry;
  zone: DnsPattern;
  publicSuffixes: readonly DnsPattern[];
  alternatives: readonly CompiledAlternative[];
  aliasRecord?: string;
}

export interface CompiledEntry {
  entry: CatalogueEntry;
  origin: EntryOrigin;
  /** Where the entry came from, for messages: `AUTOPILOT_CATALOGUE_EXTENSIONS[2]` or `built-in catalogue[7]`. */
  where: string;
  resourceType?: string;
  groupIds: ReadonlySet<string>;
  aliasPattern?: DnsPattern;
  rules: readonly CompiledZoneRule[];
}

/** Extensions first: for names both match equally well, an extension overrides a built-in row. */
export interface Catalogue {
  readonly entries: readonly CompiledEntry[];
}

export class CatalogueError extends Error {
  constructor(
    readonly where: string,
    readonly field: string,
    readonly expected: string,
    readonly actual?: unknown,
  ) {
    const got = actual === undefined ? '' : `, got ${JSON.stringify(actual)}`;
    super(`${where}${field ? `.${field}` : ''}: expected ${expected}${got}`);
    this.name = 'CatalogueError';
  }
}

/** The fields of a catalogue entry and of its zone rules; anything else is rejected (infra/main.bicep types them). */
export const ENTRY_FIELDS: ReadonlySet<string> = new Set([
  'service',
  'cloud',
  'resourceType',
  'groupIds',
  'aliasPattern',
  'zones',
]);
export const RULE_FIELDS: ReadonlySet<string> = new Set(['zone', 'publicSuffixes', 'alternativeZones', 'aliasRecord']);
const RESOURCE_TYPE = /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)+(\/[A-Za-z0-9]+)+$/;
const RECORD_NAME = /^(\*|@|(\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*)$/;

/**
 * Reads the AUTOPILOT_CATALOGUE_EXTENSIONS setting: a JSON array of entries (the raw string or the parsed value).
 * Unset or blank means no extensions. Errors name the setting, the array index and the field.
 */
export function parseCatalogueExtensions(json: unknown, settingName: string): CatalogueEntry[] {
  let value = json;
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return [];
  if (typeof value === 'string') {
    try {
      value = parseJson(value);
    } catch (error) {
      throw new CatalogueError(settingName, '', `a JSON array of catalogue entries (${(error as Error).message})`);
    }
  }
  if (!Array.isArray(value)) throw new CatalogueError(settingName, '', 'a JSON array of catalogue entries', value);
  return value.map((raw, index) => {
    const where = `${settingName}[${index}]`;
    const entry = readEntry(raw, where);
    compileEntry(entry, 'extension', where);
    return entry;
  });
}

/** The built-in rows plus the user's extensions, validated and compiled. */
export function buildCatalogue(extensions: readonly CatalogueEntry[]): Catalogue {
  return {
    entries: [
      ...extensions.map((entry, n) => compileEntry(entry, 'extension', `catalogue extension[${n}]`)),
      ...BUILT_IN_CATALOGUE.map((entry, n) => compileEntry(entry, 'built-in', `built-in catalogue[${n}]`)),
    ],
  };
}

/** Lower-case target resource types the catalogue knows, for the event router. */
export function catalogueTargetTypes(catalogue: Catalogue): ReadonlySet<string> {
  const types = new Set<string>();
  for (const { resourceType } of catalogue.entries) if (resourceType) types.add(resourceType);
  return types;
}

/** Entries for a target type and (optionally) a group ID, case-insensitively; extensions first. */
export function findEntries(catalogue: Catalogue, resourceType: string, groupId?: string): CatalogueEntry[] {
  return catalogue.entries.filter((e) => matchesTarget(e, { resourceType, groupId })).map((e) => e.entry);
}

export interface TargetContext {
  resourceType?: string;
  groupId?: string;
}

/** True when nothing in the context contradicts the entry (absent or empty context fields match anything). */
export function matchesTarget(entry: CompiledEntry, context: TargetContext): boolean {
  const type = context.resourceType?.toLowerCase();
  const group = context.groupId?.toLowerCase();
  if (type && entry.resourceType !== type) return false;
  return !group || entry.groupIds.has(group);
}

function compileEntry(entry: CatalogueEntry, origin: EntryOrigin, where: string): CompiledEntry {
  const aliasPattern =
    entry.aliasPattern === undefined ? undefined : pattern(entry.aliasPattern, where, 'aliasPattern');
  if (!entry.resourceType && !aliasPattern) {
    throw new CatalogueError(
      where,
      'resourceType',
      'a private link resource type such as Microsoft.KeyVault/vaults, or an aliasPattern',
    );
  }
  const rules: CompiledZoneRule[] = [];
  const compiled: CompiledEntry = {
    entry,
    origin,
    where,
    groupIds: new Set((entry.groupIds ?? []).map((g) => g.toLowerCase())),
    rules,
  };
  if (entry.resourceType) compiled.resourceType = entry.resourceType.toLowerCase();
  if (aliasPattern) compiled.aliasPattern = aliasPattern;
  entry.zones.forEach((rule, n) => rules.push(compileRule(rule, compiled, where, `zones[${n}]`)));
  if (aliasPattern && !rules.some((rule) => rule.aliasRecord !== undefined)) {
    throw new CatalogueError(
      where,
      'zones',
      'at least one zone with an aliasRecord (e.g. "*") for an entry with an aliasPattern',
    );
  }
  return compiled;
}

function compileRule(rule: ZoneRule, entry: CompiledEntry, where: string, field: string): CompiledZoneRule {
  const zone = pattern(rule.zone, where, `${field}.zone`);
  const publicSuffixes = (rule.publicSuffixes ?? []).map((s, n) => pattern(s, where, `${field}.publicSuffixes[${n}]`));
  if (publicSuffixes.length === 0 && rule.aliasRecord === undefined) {
    throw new CatalogueError(where, field, 'publicSuffixes (a non-empty list) or an aliasRecord');
  }
  if (rule.aliasRecord !== undefined) {
    if (!entry.aliasPattern)
      throw new CatalogueError(
        where,
        `${field}.aliasRecord`,
        'an aliasPattern on the entry (aliasRecord is for alias-based services)',
      );
    if (!RECORD_NAME.test(rule.aliasRecord))
      throw new CatalogueError(
        where,
        `${field}.aliasRecord`,
        'a lower-case record name such as "*", "@" or "www"',
        rule.aliasRecord,
      );
    requireBound(zone, entry.aliasPattern, where, `${field}.zone`, 'aliasPattern');
  }
  publicSuffixes.forEach((suffix, n) => requireBound(zone, suffix, where, `${field}.zone`, `publicSuffixes[${n}]`));
  const alternatives = (rule.alternativeZones ?? []).map((text, n): CompiledAlternative => {
    const altField = `${field}.alternativeZones[${n}]`;
    const alternative = pattern(text, where, altField);
    const under = `.${zone.source}`;
    if (alternative.source.endsWith(under)) {
      if (rule.aliasRecord !== undefined)
        throw new CatalogueError(
          where,
          altField,
          `a zone that is not under ${zone.source} (an aliasRecord names one record in zone)`,
          text,
        );
      const prefix = pattern(alternative.source.slice(0, -under.length), where, altField);
      return { pattern: alternative, subZonePrefix: prefix };
    }
    requireBound(alternative, zone, where, altField, 'zone');
    requireBound(zone, alternative, where, `${field}.zone`, altField);
    return { pattern: alternative };
  });
  const compiled: CompiledZoneRule = { entry, zone, publicSuffixes, alternatives };
  if (rule.aliasRecord !== undefined) compiled.aliasRecord = rule.aliasRecord;
  return compiled;
}

function pattern(text: unknown, where: string, field: string): DnsPattern {
  const expected = 'a DNS name pattern such as privatelink.{region}.example.com';
  if (typeof text !== 'string') throw new CatalogueError(where, field, expected, text);
  const parsed = parseDnsPattern(text);
  if ('error' in parsed) throw new CatalogueError(where, field, `${expected}, not ${parsed.error}`, text);
  return parsed;
}

/** Every variable of `target` must get its value from a match of `source`. */
function requireBound(target: DnsPattern, source: DnsPattern, where: string, field: string, sourceField: string): void {
  const missing = target.variables.filter((v) => !source.variables.includes(v));
  if (missing.length > 0) {
    throw new CatalogueError(
      where,
      field,
      `only variables that ${sourceField} (${source.source}) also has; {${missing.join('}, {')}} has no value`,
    );
  }
}

function readEntry(raw: unknown, where: string): CatalogueEntry {
  const obj = record(raw, where, '', 'an object with service, resourceType and/or aliasPattern, groupIds and zones');
  rejectUnknown(obj, ENTRY_FIELDS, where, '');
  const entry: CatalogueEntry = {
    service: text(obj.service, where, 'service', 'a non-empty description such as "Elastic Cloud"'),
    zones: [],
  };
  if (obj.cloud !== undefined) {
    if (!CLOUDS.includes(obj.cloud as CloudName))
      throw new CatalogueError(where, 'cloud', `one of ${CLOUDS.join(', ')}`, obj.cloud);
    entry.cloud = obj.cloud as CloudName;
  }
  if (obj.resourceType !== undefined) {
    const type = text(obj.resourceType, where, 'resourceType', 'a resource type such as Microsoft.KeyVault/vaults');
    if (!RESOURCE_TYPE.test(type))
      throw new CatalogueError(where, 'resourceType', 'a resource type such as Microsoft.KeyVault/vaults', type);
    entry.resourceType = type;
  }
  if (obj.groupIds !== undefined)
    entry.groupIds = texts(obj.groupIds, where, 'groupIds', 'group IDs such as "Sql" or "vault"');
  if (obj.aliasPattern !== undefined)
    entry.aliasPattern = text(obj.aliasPattern, where, 'aliasPattern', 'an alias pattern');
  if (!Array.isArray(obj.zones))
    throw new CatalogueError(
      where,
      'zones',
      'an array of {zone, publicSuffixes | aliasRecord, alternativeZones?}',
      obj.zones,
    );
  entry.zones = obj.zones.map((rawRule: unknown, n) => readRule(rawRule, where, `zones[${n}]`));
  return entry;
}

function readRule(raw: unknown, where: string, field: string): ZoneRule {
  const obj = record(raw, where, field, 'an object {zone, publicSuffixes | aliasRecord, alternativeZones?}');
  rejectUnknown(obj, RULE_FIELDS, where, `${field}.`);
  const rule: ZoneRule = { zone: text(obj.zone, where, `${field}.zone`, 'a private DNS zone name (pattern)') };
  if (obj.publicSuffixes !== undefined)
    rule.publicSuffixes = texts(obj.publicSuffixes, where, `${field}.publicSuffixes`, 'public DNS suffixes');
  if (obj.alternativeZones !== undefined)
    rule.alternativeZones = texts(obj.alternativeZones, where, `${field}.alternativeZones`, 'zone names');
  if (obj.aliasRecord !== undefined)
    rule.aliasRecord = text(obj.aliasRecord, where, `${field}.aliasRecord`, 'a record name such as "*"');
  return rule;
}

function record(raw: unknown, where: string, field: string, expected: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new CatalogueError(where, field, expected, raw);
  return raw as Record<string, unknown>;
}

function rejectUnknown(obj: Record<string, unknown>, known: ReadonlySet<string>, where: string, prefix: string): void {
  for (const key of Object.keys(obj)) {
    if (!known.has(key))
      throw new CatalogueError(where, `${prefix}${key}`, `one of the fields ${[...known].join(', ')} (unknown field)`);
  }
}

function text(value: unknown, where: string, field: string, expected: string): string {
  if (typeof value !== 'string' || value.trim().length === 0)
    throw new CatalogueError(where, field, `${expected} (a non-empty string)`, value);
  return value.trim();
}

function texts(value: unknown, where: string, field: string, expected: string): string[] {
  if (!Array.isArray(value)) throw new CatalogueError(where, field, `an array of ${expected}`, value);
  return value.map((item: unknown, n) => text(item, where, `${field}[${n}]`, expected));
}
