import picomatch from 'picomatch';

/**
 * Case-insensitive globs over ARM IDs, names and types: `*` stays within a `/`-separated segment, `**` crosses them.
 * Negation is off so that a list only ever widens what matches; `windows: false` keeps `\` an escape character on
 * every platform.
 */
const GLOB_OPTIONS: picomatch.PicomatchOptions = { nocase: true, dot: true, nonegate: true, windows: false };

export type GlobListMatcher = (value: string) => boolean;

/** Holds when any pattern matches. Throws for an empty or over-long pattern; the schema rules both out. */
export function compileGlobList(patterns: readonly string[]): GlobListMatcher {
  const matchers = patterns.map((p) => picomatch(p, GLOB_OPTIONS));
  return (value) => matchers.some((m) => m(value));
}
