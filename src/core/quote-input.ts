/**
 * Quoting input in error messages. A message must show what the input really holds: a byte-order mark, a
 * right-to-left override or a NUL is invisible (or rearranges the line) on a terminal, so each is shown as an escape;
 * and input of any size must not turn into a message of that size.
 */

/** Controls, format characters (bidi controls, BOM, zero-width), line and paragraph separators, lone surrogates. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const DEFAULT_QUOTED_LENGTH = 160;

/** `U+202E`: how messages name a single character. */
export function codePointName(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text with every invisible character written as `\u{XXXX}`. */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, (char) => `\\u{${codePointName(char).slice(2)}}`);
}

/** `"text"` for a message: invisible characters escaped, `"` escaped, and cut after `maxLength` characters with the full length said. */
export function quoteInput(value: string, maxLength = DEFAULT_QUOTED_LENGTH): string {
  const shown = value.length > maxLength ? value.slice(0, maxLength) : value;
  const quoted = `"${showInvisible(shown.replace(/["\\]/g, '\\$&'))}"`;
  return value.length > maxLength ? `${quoted.slice(0, -1)}…" (${value.length} characters)` : quoted;
}
