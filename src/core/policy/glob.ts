import { RE2JS } from 're2js';

/**
 * Case-insensitive globs over ARM IDs, names and types, run by RE2 in time linear in the value: a glob such as
 * `*a*a*a*a*a*a*b` takes seconds per name in a backtracking engine, and requesters choose their names.
 *
 * Syntax: `*` matches within one `/`-separated segment, `**` as a whole segment matches any number of segments, `?`
 * one character other than `/`, `[abc]` / `[!abc]` a class, `{a,b}` either alternative (braces without a comma are
 * literal), `@(a|b)`, `?(a|b)`, `+(a|b)`, `*(a|b)` (and a bare `(a|b)`) one, at most one, one or more, any number of
 * the alternatives. `\` makes the next character literal; anything else is literal. `!(…)` would need lookaround,
 * which RE2 does not have, and negation would let a list narrow what matches: both are refused.
 */

class GlobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GlobError';
  }
}

/** The schema's limit on a pattern. */
const MAX_GLOB_LENGTH = 1024;

export type GlobListMatcher = (value: string) => boolean;

/** Holds when any pattern matches; an empty value matches nothing. Throws a GlobError for a pattern it cannot run. */
export function compileGlobList(patterns: readonly string[]): GlobListMatcher {
  const matchers = patterns.map(compileGlob);
  return (value) => value.length > 0 && matchers.some((m) => m.testExact(value));
}

/** Why `pattern` cannot be used, or undefined. */
export function globProblem(pattern: string): string | undefined {
  try {
    compileGlob(pattern);
    return undefined;
  } catch (err) {
    if (err instanceof GlobError) return err.message;
    throw err;
  }
}

function compileGlob(pattern: string): RE2JS {
  if (pattern.length > MAX_GLOB_LENGTH)
    throw new GlobError(`expected at most ${MAX_GLOB_LENGTH} characters, got ${pattern.length}`);
  const source = new GlobTranslator(pattern).translate();
  try {
    return RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch (err) {
    throw new GlobError(`cannot be compiled (${err instanceof Error ? err.message : String(err)}); expected a glob`);
  }
}

const EXTGLOB_SUFFIX: Record<string, string> = { '@': '', '?': '?', '+': '+', '*': '*' };

function literal(char: string): string {
  return /[\p{L}\p{N}]/u.test(char) ? char : `\\x{${(char.codePointAt(0) ?? 0).toString(16)}}`;
}

class GlobTranslator {
  private at = 0;

  constructor(private readonly pattern: string) {}

  translate(): string {
    const body = this.sequence(new Set());
    return `^(?:${body})$`;
  }

  /** Translates up to (not including) the first unescaped character in `stops`, or the end. */
  private sequence(stops: ReadonlySet<string>): string {
    let out = '';
    while (this.at < this.pattern.length && !stops.has(this.pattern[this.at] as string)) out += this.element(stops);
    return out;
  }

  private element(stops: ReadonlySet<string>): string {
    const p = this.pattern;
    const start = this.at;
    const char = p[this.at] as string;
    const next = p[this.at + 1];
    if (char === '\\') {
      this.at += next === undefined ? 1 : 2;
      return literal(next ?? '\\');
    }
    if (char === '!' && next === '(')
      throw new GlobError('"!(…)" (a negated group) is not supported; expected a pattern listing what should match');
    if (char in EXTGLOB_SUFFIX && next === '(') {
      this.at += 1;
      return `${this.group()}${EXTGLOB_SUFFIX[char]}`;
    }
    if (char === '(') return this.group();
    if (char === '*') return this.star(stops);
    if (char === '?') {
      this.at += 1;
      return '[^/]';
    }
    if (char === '/' && p.startsWith('**', this.at + 1) && this.endsAt(this.at + 3, stops)) {
      this.at += 3;
      return '(?:/.*)?';
    }
    if (char === '[') {
      const cls = this.characterClass();
      if (cls !== undefined) return cls;
    }
    if (char === '{') {
      const braces = this.braces();
      if (braces !== undefined) return braces;
    }
    this.at = start + char.length;
    return literal(char);
  }

  private endsAt(index: number, stops: ReadonlySet<string>): boolean {
    return index === this.pattern.length || stops.has(this.pattern[index] as string);
  }

  /** `*` within a segment; `**` standing as a whole segment crosses segments. */
  private star(stops: ReadonlySet<string>): string {
    const start = this.at;
    while (this.pattern[this.at] === '*') this.at += 1;
    const wholeSegment = start === 0 || this.pattern[start - 1] === '/';
    if (this.at - start < 2 || !wholeSegment) return '[^/]*';
    if (this.pattern[this.at] === '/') {
      this.at += 1;
      return '(?:.*/)?';
    }
    return this.endsAt(this.at, stops) ? '.*' : '[^/]*';
  }

  /** `(a|b)` from the `(`: the alternatives, translated, as one group. */
  private group(): string {
    const open = this.at;
    this.at += 1;
    const alternatives = [this.sequence(new Set(['|', ')']))];
    while (this.pattern[this.at] === '|') {
      this.at += 1;
      alternatives.push(this.sequence(new Set(['|', ')'])));
    }
    if (this.pattern[this.at] !== ')') {
      throw new GlobError(
        `"(" at ${open} is not closed; expected a glob (escape "(" with a backslash to match it literally)`,
      );
    }
    this.at += 1;
    return `(?:${alternatives.join('|')})`;
  }

  /** `[…]` from the `[`, or undefined (a literal `[`) when it is not closed. POSIX classes (`[[:alpha:]]`) nest. */
  private characterClass(): string | undefined {
    const p = this.pattern;
    let i = this.at + 1;
    const negated = p[i] === '!' || p[i] === '^';
    if (negated) i += 1;
    const first = i;
    if (p[i] === ']') i += 1;
    while (i < p.length && p[i] !== ']') {
      const posixEnd = p.startsWith('[:', i) ? p.indexOf(':]', i + 2) : -1;
      i = posixEnd >= 0 ? posixEnd + 2 : i + (p[i] === '\\' ? 2 : 1);
    }
    if (i >= p.length) return undefined;
    const body = p.slice(first, i);
    this.at = i + 1;
    return `[${negated ? '^' : ''}${body.startsWith(']') ? `\\]${body.slice(1)}` : body}]`;
  }

  /** `{a,b}` from the `{`, or undefined (a literal `{`) when it has no top-level comma or is not closed. */
  private braces(): string | undefined {
    const p = this.pattern;
    let depth = 0;
    let comma = false;
    let closed = false;
    for (let i = this.at; i < p.length && !closed; i += p[i] === '\\' ? 2 : 1) {
      if (p[i] === '{') depth += 1;
      else if (p[i] === '}') closed = --depth === 0;
      else if (p[i] === ',' && depth === 1) comma = true;
    }
    if (!closed || !comma) return undefined;
    this.at += 1;
    const alternatives = [this.sequence(new Set([',', '}']))];
    while (this.pattern[this.at] === ',') {
      this.at += 1;
      alternatives.push(this.sequence(new Set([',', '}'])));
    }
    this.at += 1;
    return `(?:${alternatives.join('|')})`;
  }
}
