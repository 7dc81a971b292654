import { RE2JS, RE2JSSyntaxException } from 're2js';

/**
 * `requestMessage` patterns, run by RE2 in time linear in the message. Requesters write that message: with a
 * backtracking engine, `^(a+)+$` and a 28-character message stall every approval for seconds. RE2 has no
 * backreferences and no lookaround, the two features that need backtracking, so such patterns are refused.
 */

const MESSAGE_PATTERN_SYNTAX = 'an RE2 regular expression (no backreferences or lookaround)';

class MessagePatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MessagePatternError';
  }
}

export interface MessagePattern {
  /** Whether the pattern occurs anywhere in the message (anchor with ^ and $ for the whole message). */
  test(message: string): boolean;
}

export function compileMessagePattern(pattern: string): MessagePattern {
  try {
    return RE2JS.compile(pattern);
  } catch (err) {
    if (err instanceof RE2JSSyntaxException) throw new MessagePatternError(explain(err));
    throw err;
  }
}

/** Why the pattern cannot be used, with what was expected; undefined when it can. */
export function messagePatternProblem(pattern: string): string | undefined {
  try {
    compileMessagePattern(pattern);
    return undefined;
  } catch (err) {
    if (err instanceof MessagePatternError) return err.message;
    throw err;
  }
}

function explain(err: RE2JSSyntaxException): string {
  const input = err.input ?? '';
  const unsupported = (what: string, shown: string): string =>
    `uses a ${what} (${shown}), which the linear-time engine (RE2) does not support; expected ${MESSAGE_PATTERN_SYNTAX}`;
  if (err.error === 'invalid escape sequence' && /^\\([1-9]|k)/.test(input)) return unsupported('backreference', input);
  if (err.error === 'invalid or unsupported Perl syntax' && /^\(\?[=!]/.test(input))
    return unsupported('lookahead', input.slice(0, 3));
  if (err.error === 'invalid named capture' && /^\(\?<[=!]/.test(input))
    return unsupported('lookbehind', input.slice(0, 4));
  return `invalid regular expression (${err.error}: \`${input}\`); expected an RE2 regular expression`;
}
