import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loggable, MAX_LOG_LINE } from '../../../src/core/log-text';

describe('loggable', () => {
  it.each([
    ['plain text', 'event abc ignored', 'event abc ignored'],
    ['a newline', 'x\n07:00:00.000  forged', 'x\\n07:00:00.000  forged'],
    ['a carriage return and a tab', 'a\r\tb', 'a\\r\\tb'],
    ['other control characters', 'a\u0000b\u001bc\u007f\u0085', 'a\\u0000b\\u001bc\\u007f\\u0085'],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
  ])('escapes %s', (_, input, expected) => {
    expect(loggable(input)).toBe(expected);
  });

  it.each([
    ['a bearer token', 'got "Bearer abc.def-ghi"', 'got "Bearer [redacted]"'],
    ['a JWT', 'event eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln ignored', 'event [redacted JWT] ignored'],
    [
      'a storage connection string',
      'AccountName=a;AccountKey=c2VjcmV0;EndpointSuffix=x',
      'AccountName=a;AccountKey=[redacted];EndpointSuffix=x',
    ],
    ['a SAS', 'SharedAccessSignature sr=x&sig=c2ln%3D&se=1', 'SharedAccessSignature [redacted]'],
    [
      'a signature in a URL',
      'https://x.blob.core.windows.net/c?sv=1&sig=c2ln%3D&se=1',
      'https://x.blob.core.windows.net/c?sv=1&sig=[redacted]&se=1',
    ],
    ['a function key in a URL', '/api/plan?code=abc123&resourceId=x', '/api/plan?code=[redacted]&resourceId=x'],
  ])('redacts %s', (_, input, expected) => {
    expect(loggable(input)).toBe(expected);
  });

  it('bounds the length and says how much was left out', () => {
    expect(loggable('a'.repeat(10), 4)).toBe('aaaa… (6 more characters)');
    expect(loggable('a'.repeat(3 * 1024 * 1024)).length).toBeLessThan(MAX_LOG_LINE + 40);
  });

  it('never leaves a line break, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(loggable(text)).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
      }),
    );
  });
});
