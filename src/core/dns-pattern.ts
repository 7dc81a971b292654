/**
 * DNS name patterns from the service catalogue: lower-case labels with `{variable}` placeholders, e.g.
 * `privatelink.{region}.azure.elastic-cloud.com` or `{region}-prod-{nnn}-privatelink-service.{guid}.{region}.azure.privatelinkservice`.
 * A variable stands for part or all of one DNS label (never a dot); a variable used twice must take the same value.
 */

export type Bindings = Readonly<Record<string, string>>;

export interface DnsPattern {
  /** The pattern as written, lower case. */
  readonly source: string;
  readonly labelCount: number;
  /** Labels without variables: with equal label counts, the pattern with more literal labels is the more specific. */
  readonly literalLabels: number;
  /** Distinct variable names (lower case), in order of first use. */
  readonly variables: readonly string[];
}

/**
 * What a variable's value may look like. Region names are letters and digits (`westus2`); static web app partitions
 * are numbers. Anything else is one DNS label or a hyphen-separated part of one.
 */
const VARIABLE_FORMATS: Readonly<Record<string, string>> = {
  region: '[a-z0-9]+',
  regionname: '[a-z0-9]+',
  partitionid: '[0-9]+',
};
const DEFAULT_VARIABLE_FORMAT = '[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?';

const VARIABLE = /\{([a-z][a-z0-9]*)\}/g;
const LITERAL_LABEL_PART = /^[a-z0-9_-]*$/;

/** Parses a pattern; returns a reason when it is not one (for error messages that say what was expected). */
export function parseDnsPattern(text: string): DnsPattern | { error: string } {
  const source = text.trim().toLowerCase();
  if (source.length === 0) return { error: 'an empty pattern' };
  const labels = source.split('.');
  const variables: string[] = [];
  let literalLabels = 0;
  for (const label of labels) {
    if (label.length === 0) return { error: 'an empty label (two dots in a row, or a leading or trailing dot)' };
    const literalParts = label.split(VARIABLE).filter((_, n) => n % 2 === 0);
    if (!literalParts.every((part) => LITERAL_LABEL_PART.test(part))) {
      return {
        error: `label "${label}", which has characters other than letters, digits, "-", "_" and {variable} placeholders`,
      };
    }
    const names = [...label.matchAll(VARIABLE)].map((m) => m[1] as string);
    if (names.length === 0) literalLabels++;
    for (const name of names) if (!variables.includes(name)) variables.push(name);
  }
  return { source, labelCount: labels.length, literalLabels, variables };
}

/** Replaces variables by their values; undefined when a variable has no value. */
export function instantiate(pattern: DnsPattern, bindings: Bindings): string | undefined {
  let unbound = false;
  const name = pattern.source.replace(VARIABLE, (_, variable: string) => {
    const value = bindings[variable];
    if (value === undefined) unbound = true;
    return value ?? '';
  });
  return unbound ? undefined : name;
}

export interface SuffixMatch {
  /** The labels before the pattern (at least one). */
  prefix: string;
  bindings: Bindings;
}

/**
 * Matches `name` (lower case, no trailing dot) as `<prefix>.<pattern>`. Variables already in `bound` must take those
 * values. The prefix must be non-empty: a name equal to the suffix is not a host under it.
 */
export function matchSuffix(pattern: DnsPattern, name: string, bound: Bindings = {}): SuffixMatch | undefined {
  if (!name.endsWith(literalTail(pattern))) return undefined;
  const match = compile(pattern, bound, '^(?<prefix>.+)\\.', '$').exec(name);
  if (!match?.groups) return undefined;
  return { prefix: match.groups.prefix as string, bindings: { ...bound, ...variablesOf(match.groups) } };
}

/** Matches the whole of `name` against the pattern. */
export function matchWhole(pattern: DnsPattern, name: string): Bindings | undefined {
  const match = compile(pattern, {}, '^', '$').exec(name);
  return match ? variablesOf(match.groups ?? {}) : undefined;
}

const GROUP_PREFIX = 'v_';

const literalTails = new WeakMap<DnsPattern, string>();

/** The text after the pattern's last variable (all of it when it has none): a cheap test before any regex runs. */
export function literalTail(pattern: DnsPattern): string {
  let tail = literalTails.get(pattern);
  if (tail === undefined) {
    tail = pattern.source.split(VARIABLE).pop() ?? '';
    literalTails.set(pattern, tail);
  }
  return tail;
}

/**
 * Compiled patterns by pattern, anchors and bindings: mapping runs per FQDN, and compiling (or even building a cache
 * key with the bindings in it) per call dominated planning. Patterns are compiled once per catalogue.
 */
const compiled = new WeakMap<DnsPattern, Map<string, RegExp>>();
const MAX_COMPILED_PER_PATTERN = 1_000;

function compile(pattern: DnsPattern, bound: Bindings, head: string, tail: string): RegExp {
  let forPattern = compiled.get(pattern);
  if (!forPattern) compiled.set(pattern, (forPattern = new Map()));
  let boundKey = '';
  for (const variable in bound) boundKey += `\u0000${variable}=${bound[variable] ?? ''}`;
  const key = `${head}\u0000${tail}${boundKey}`;
  let regex = forPattern.get(key);
  if (!regex) {
    if (forPattern.size >= MAX_COMPILED_PER_PATTERN) forPattern.clear();
    regex = compileUncached(pattern, bound, head, tail);
    forPattern.set(key, regex);
  }
  return regex;
}

function compileUncached(pattern: DnsPattern, bound: Bindings, head: string, tail: string): RegExp {
  const seen = new Set<string>();
  const body = pattern.source
    .split(VARIABLE)
    .map((part, n) => {
      if (n % 2 === 0) return escapeRegExp(part);
      const boundValue = bound[part];
      if (boundValue !== undefined) return escapeRegExp(boundValue);
      if (seen.has(part)) return `\\k<${GROUP_PREFIX}${part}>`;
      seen.add(part);
      return `(?<${GROUP_PREFIX}${part}>${VARIABLE_FORMATS[part] ?? DEFAULT_VARIABLE_FORMAT})`;
    })
    .join('');
  return new RegExp(`${head}${body}${tail}`);
}

function variablesOf(groups: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(groups)) {
    if (key.startsWith(GROUP_PREFIX) && value !== undefined) out[key.slice(GROUP_PREFIX.length)] = value;
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
