/**
 * Log lines that carry text a requester chose (an event's ID or subject, a request body's field): control characters
 * are escaped, so no one can forge a line of their own, and the length is bounded, so one event cannot write megabytes
 * of log.
 */
export const MAX_LOG_LINE = 2_000;

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g; // eslint-disable-line no-control-regex -- these are what it escapes
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function loggable(text: string, max = MAX_LOG_LINE): string {
  const escaped = text.replace(CONTROL, (c) => NAMED[c] ?? `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
  return escaped.length <= max ? escaped : `${escaped.slice(0, max)}… (${escaped.length - max} more characters)`;
}
