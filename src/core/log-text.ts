/**
 * Log lines that carry text a requester chose (an event's ID or subject, a request body's field): control characters
 * are escaped, so no one can forge a line of their own; anything that looks like a credential (a bearer token, a JWT,
 * a storage or SAS key, a key in a URL) is redacted, so a caller who pastes one into a field does not get it written
 * to the log; and the length is bounded, so one event cannot write megabytes of log.
 */
export const MAX_LOG_LINE = 2_000;

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g; // eslint-disable-line no-control-regex -- these are what it escapes
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const CREDENTIALS: ReadonlyArray<[RegExp, string]> = [
  [/\bBearer\s+[^\s"',;)]+/gi, 'Bearer [redacted]'],
  [/\beyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}/g, '[redacted JWT]'],
  [/\bSharedAccessSignature\s+[^\s"',;)]+/gi, 'SharedAccessSignature [redacted]'],
  [/\b(AccountKey|SharedAccessKey|InstrumentationKey|sig|code)=[^\s"';&)]+/gi, '$1=[redacted]'],
];

export function loggable(text: string, max = MAX_LOG_LINE): string {
  let safe = text.replace(CONTROL, (c) => NAMED[c] ?? `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
  for (const [pattern, replacement] of CREDENTIALS) safe = safe.replace(pattern, replacement);
  return safe.length <= max ? safe : `${safe.slice(0, max)}… (${safe.length - max} more characters)`;
}
