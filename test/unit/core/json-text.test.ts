import { describe, expect, it } from 'vitest';
import { parseJson } from '../../../src/core/json-text';

describe('parseJson', () => {
  it('reads a document that starts with a UTF-8 byte-order mark', () => {
    expect(parseJson('\ufeff{"a": [1]}')).toEqual({ a: [1] });
  });

  it('keeps a byte-order mark inside a string', () => {
    expect(parseJson('"\ufeffx"')).toBe('\ufeffx');
  });

  it('refuses a second byte-order mark, showing it as an escape', () => {
    expect(() => parseJson('\ufeff\ufeff{}')).toThrow(SyntaxError);
    expect(() => parseJson('\ufeff\ufeff{}')).toThrow(/\\u\{FEFF\}/);
  });
});
