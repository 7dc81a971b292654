import { describe, expect, it } from 'vitest';
import { codePointName, quoteInput, showInvisible } from '../../../src/core/quote-input';

describe('quoteInput', () => {
  it.each<[string, string, string]>([
    ['plain text', 'kv1', '"kv1"'],
    ['a byte-order mark', '\ufeff{"rules": []}', '"\\u{FEFF}{\\"rules\\": []}"'],
    ['a right-to-left override', 'kv\u202e1', '"kv\\u{202E}1"'],
    ['NUL and a line feed', 'a\u0000b\nc', '"a\\u{0000}b\\u{000A}c"'],
    ['a zero-width space and a line separator', 'a\u200bb\u2028', '"a\\u{200B}b\\u{2028}"'],
    ['a backslash', 'a\\u{0000}', '"a\\\\u{0000}"'],
    ['non-Latin letters', 'ключ-東京', '"ключ-東京"'],
  ])('shows %s', (_, input, expected) => {
    expect(quoteInput(input)).toBe(expected);
  });

  it('cuts long input and says how long it was', () => {
    expect(quoteInput('x'.repeat(2_000_000), 5)).toBe('"xxxxx…" (2000000 characters)');
  });

  it('names code points the way Unicode does', () => {
    expect(codePointName('\u061c')).toBe('U+061C');
    expect(codePointName('😀')).toBe('U+1F600');
    expect(showInvisible('\u200e')).toBe('\\u{200E}');
  });
});
