/**
 * ARM resource IDs: `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{childType}/{childName}]*`.
 * ARM treats IDs case-insensitively; we keep the caller's casing for display and compare through `normaliseResourceId`.
 *
 * Extension resources (`…/vaults/v/providers/Microsoft.Insights/diagnosticSettings/d`) keep their inner
 * `providers/{namespace}` pair as a segment of type `providers`, so the ID round-trips; `resourceType` and
 * `parentResource` understand it.
 */
import { GUID_FORM, GUID_PATTERN } from './guid';
import { codePointName, quoteInput } from './quote-input';

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
    super(`invalid resource ID ${quoteInput(input)}: ${segment} — expected ${expected}`);
    this.name = 'ResourceIdError';
  }
}

const PROVIDERS = 'providers';
const isProviders = (type: string): boolean => type.toLowerCase() === PROVIDERS;

/** Far above any real ID (a record set in a zone is a few hundred characters); bounds the work done on hostile input. */
const MAX_RESOURCE_ID_LENGTH = 4096;
/** The longest URL path segment HTTP.sys accepts by default (UrlSegmentMaxLength), which bounds every ARM name. */
const MAX_SEGMENT_LENGTH = 260;
const MAX_RESOURCE_GROUP_LENGTH = 90;

/** ARM's rule: letters, digits, underscores, hyphens, periods and parentheses, not ending in a period. */
const RESOURCE_GROUP = /^[\p{L}\p{N}_\-.()]*[\p{L}\p{N}_\-()]$/u;
const NAMESPACE = /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/;
const TYPE = /^[A-Za-z][A-Za-z0-9]*$/;
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const CONTROL = /\p{Cc}/u;

export function isResourceGroupName(value: string): boolean {
  return value.length <= MAX_RESOURCE_GROUP_LENGTH && RESOURCE_GROUP.test(value);
}

/**
 * Why `value` cannot be part of an ID that ends up in a URL, or undefined. Every part of an ID is checked: each would
 * otherwise be able to end the path, hide a character from the reader, or be read back as another path.
 */
function unsafeCharacter(value: string): string | undefined {
  for (const char of value) {
    if (char === '?') return 'no "?" (a URL query)';
    if (char === '#') return 'no "#" (a URL fragment)';
    if (char === '%') return 'no "%" (percent escapes are not decoded: write the character itself)';
    if (char === '\\') return 'no "\\" (URLs read it as "/")';
    if (CONTROL.test(char)) return `no control character (${codePointName(char)})`;
    if (BIDI_CONTROLS.test(char))
      return `no bidirectional control character (${codePointName(char)}), which reorders how the ID reads`;
  }
  return undefined;
}

interface FieldRule {
  maxLength: number;
  form?: { pattern: RegExp; expected: string };
  /** Names are not repeated in the message: the quoted ID ends with them. */
  showValue: boolean;
}

const SUBSCRIPTION_RULE: FieldRule = {
  maxLength: 36,
  form: { pattern: GUID_PATTERN, expected: GUID_FORM },
  showValue: true,
};
/** What every ID must satisfy, whatever its source: published examples name subscriptions `subId` or `{subscription-id}`. */
const LENIENT_SUBSCRIPTION_RULE: FieldRule = { maxLength: MAX_SEGMENT_LENGTH, showValue: true };
const RESOURCE_GROUP_RULE: FieldRule = {
  maxLength: MAX_RESOURCE_GROUP_LENGTH,
  form: { pattern: RESOURCE_GROUP, expected: 'letters, digits, "_", "-", ".", "(" and ")", not ending in "."' },
  showValue: true,
};
const NAMESPACE_RULE: FieldRule = {
  maxLength: MAX_SEGMENT_LENGTH,
  form: { pattern: NAMESPACE, expected: 'words of letters and digits separated by ".", e.g. Microsoft.Network' },
  showValue: true,
};
const TYPE_RULE: FieldRule = {
  maxLength: MAX_SEGMENT_LENGTH,
  form: { pattern: TYPE, expected: 'letters and digits, starting with a letter, e.g. privateEndpoints' },
  showValue: true,
};
const NAME_RULE: FieldRule = { maxLength: MAX_SEGMENT_LENGTH, showValue: false };
const LENIENT_NAMED_RULE: FieldRule = { maxLength: MAX_SEGMENT_LENGTH, showValue: true };

interface Rules {
  subscription: FieldRule;
  resourceGroup: FieldRule;
  namespace: FieldRule;
  type: FieldRule;
}

/** Structure, URL safety and lengths: what any ID must satisfy to be read, compared or put in a URL. */
const ANY_SOURCE: Rules = {
  subscription: LENIENT_SUBSCRIPTION_RULE,
  resourceGroup: { ...LENIENT_NAMED_RULE, maxLength: MAX_RESOURCE_GROUP_LENGTH },
  namespace: LENIENT_NAMED_RULE,
  type: LENIENT_NAMED_RULE,
};
/** And ARM's naming rules: what an ID must satisfy before a request is made for it. */
const ARM_NAMES: Rules = {
  subscription: SUBSCRIPTION_RULE,
  resourceGroup: RESOURCE_GROUP_RULE,
  namespace: NAMESPACE_RULE,
  type: TYPE_RULE,
};

/** Why `value` breaks `rule` (what was expected), or undefined. */
function fieldProblem(value: string, rule: FieldRule): { expected: string; showValue: boolean } | undefined {
  const unsafe = unsafeCharacter(value);
  if (unsafe !== undefined) return { expected: unsafe, showValue: rule.showValue };
  if (value.length === 0 || value.length > rule.maxLength)
    return { expected: `1–${rule.maxLength} characters, got ${value.length}`, showValue: false };
  if (rule.form && !rule.form.pattern.test(value)) return { expected: rule.form.expected, showValue: rule.showValue };
  if (/^\.+$/.test(value))
    return { expected: 'a name that is not only dots (URLs read "." and ".." as path steps)', showValue: false };
  return undefined;
}

function describedField(field: string, value: string, problem: { showValue: boolean }): string {
  return problem.showValue ? `${field} ${quoteInput(value)}` : field;
}

function checkField(input: string, value: string, rule: FieldRule, field: string): string {
  const problem = fieldProblem(value, rule);
  if (problem) throw new ResourceIdError(input, describedField(field, value, problem), problem.expected);
  return value;
}

/**
 * Parses an ARM resource ID and checks what every ID must satisfy, whatever its source: its structure, the length of
 * every segment and of the whole ID, and no character that a URL or a reader would take for something else (a query,
 * a fragment, a percent escape, a backslash, a control or bidirectional control character, a dot-only name). An ID
 * that parses is safe to put, segment by segment, into an ARM URL path. See `parseArmResourceId` for ARM's naming rules.
 */
export function parseResourceId(input: string): ResourceId {
  return parseWith(input, ANY_SOURCE);
}

/**
 * `parseResourceId` plus ARM's naming rules: the subscription ID is a GUID; a resource group has 1–90 letters, digits,
 * `_ - . ( )` and does not end in "."; namespaces are dotted words; types are words. For IDs about to be requested.
 */
export function parseArmResourceId(input: string): ResourceId {
  return parseWith(input, ARM_NAMES);
}

function parseWith(input: string, rules: Rules): ResourceId {
  if (typeof input !== 'string' || input.length === 0) {
    throw new ResourceIdError(String(input), 'the ID', 'a non-empty string starting with /subscriptions/');
  }
  if (input.length > MAX_RESOURCE_ID_LENGTH) {
    throw new ResourceIdError(input, 'the ID', `at most ${MAX_RESOURCE_ID_LENGTH} characters, got ${input.length}`);
  }
  const parts = input.split('/');
  if (parts[0] !== '') {
    throw new ResourceIdError(
      input,
      `the start ${quoteInput(parts[0] as string)}`,
      'the ID to start with /subscriptions/',
    );
  }
  const trimmed = parts[parts.length - 1] === '' ? parts.slice(1, -1) : parts.slice(1);
  const emptyAt = trimmed.findIndex((p) => p.length === 0);
  if (emptyAt >= 0) {
    const after = emptyAt > 0 ? ` after ${quoteInput(trimmed[emptyAt - 1] as string)}` : '';
    throw new ResourceIdError(input, `segment ${emptyAt + 1} (empty${after}, from "//")`, 'a non-empty path segment');
  }
  const [subscriptionsKey, subscriptionId, ...rest] = trimmed;
  if (subscriptionsKey?.toLowerCase() !== 'subscriptions') {
    throw new ResourceIdError(
      input,
      `segment 1 ${quoteInput(subscriptionsKey ?? '')}`,
      '"subscriptions" as the first segment',
    );
  }
  if (!subscriptionId) {
    throw new ResourceIdError(input, 'the subscription ID', 'a subscription ID after /subscriptions/');
  }
  const id: ResourceId = {
    subscriptionId: checkField(input, subscriptionId, rules.subscription, 'the subscription ID'),
    segments: [],
  };
  let i = 0;
  if (rest[i]?.toLowerCase() === 'resourcegroups') {
    const rg = rest[i + 1];
    if (!rg) throw new ResourceIdError(input, 'the resource group name', 'a name after /resourceGroups/');
    id.resourceGroup = checkField(input, rg, rules.resourceGroup, 'the resource group name');
    i += 2;
  }
  if (i === rest.length) return id;
  const keyword = rest[i] as string;
  if (!isProviders(keyword)) {
    const allowed = id.resourceGroup === undefined ? '"resourceGroups" or "providers"' : '"providers"';
    throw new ResourceIdError(
      input,
      `segment ${i + 3} ${quoteInput(keyword)}`,
      `${allowed} after /subscriptions/${subscriptionId}${id.resourceGroup === undefined ? '' : `/resourceGroups/${id.resourceGroup}`}`,
    );
  }
  const provider = rest[i + 1];
  if (!provider)
    throw new ResourceIdError(input, 'the provider namespace', 'a namespace after /providers/, e.g. Microsoft.Network');
  id.provider = checkField(input, provider, rules.namespace, 'the provider namespace');
  i += 2;
  const pairs = rest.slice(i);
  for (let p = 0; p < pairs.length; p += 2) {
    const type = pairs[p] as string;
    const providers = isProviders(type);
    if (!providers) checkField(input, type, rules.type, 'segment type');
    const name = pairs[p + 1];
    if (name === undefined)
      throw new ResourceIdError(input, `the last segment "${type}" (a type without a name)`, `a name after /${type}/`);
    checkField(
      input,
      name,
      providers ? rules.namespace : NAME_RULE,
      providers ? 'the provider namespace' : `the name of "${type}"`,
    );
    id.segments.push({ type: providers ? PROVIDERS : type, name });
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

/** The ID's path segments, unencoded: `["subscriptions", s, "resourceGroups", rg, "providers", ns, type, name, ...]`. */
export function resourceIdSegments(id: ResourceId): string[] {
  const out = ['subscriptions', id.subscriptionId];
  if (id.resourceGroup !== undefined) out.push('resourceGroups', id.resourceGroup);
  if (id.provider === undefined) return out;
  out.push(PROVIDERS, id.provider);
  for (const s of id.segments) out.push(s.type, s.name);
  return out;
}

/** Builds the ID string; rejects parts that `parseResourceId` would refuse, naming the field. */
export function formatResourceId(id: ResourceId): string {
  const input = (): string => JSON.stringify(id) ?? String(id);
  const check = (value: string | undefined, rule: FieldRule, field: string): void => {
    if (typeof value !== 'string' || value.length === 0 || value.includes('/')) {
      throw new ResourceIdError(input(), field, 'a non-empty string without "/"');
    }
    const problem = fieldProblem(value, rule);
    if (problem) throw new ResourceIdError(input(), describedField(field, value, problem), problem.expected);
  };
  check(id.subscriptionId, ANY_SOURCE.subscription, 'subscriptionId');
  if (id.resourceGroup !== undefined) check(id.resourceGroup, ANY_SOURCE.resourceGroup, 'resourceGroup');
  if (id.provider === undefined) {
    if (id.segments.length > 0)
      throw new ResourceIdError(input(), 'provider', 'a provider namespace when segments are present');
  } else {
    check(id.provider, ANY_SOURCE.namespace, 'provider');
  }
  id.segments.forEach((s, n) => {
    const providers = isProviders(s.type);
    if (!providers) check(s.type, ANY_SOURCE.type, `segments[${n}].type`);
    check(s.name, providers ? ANY_SOURCE.namespace : NAME_RULE, `segments[${n}].name`);
  });
  const text = `/${resourceIdSegments(id).join('/')}`;
  if (text.length > MAX_RESOURCE_ID_LENGTH)
    throw new ResourceIdError(input(), 'the ID', `at most ${MAX_RESOURCE_ID_LENGTH} characters, got ${text.length}`);
  return text;
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
