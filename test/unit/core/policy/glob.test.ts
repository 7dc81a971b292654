import { describe, expect, it } from 'vitest';
import { compileGlobList } from '../../../../src/core/policy/glob';

const COSMOS = '/subscriptions/abc/resourceGroups/prod-1/providers/Microsoft.DocumentDB/databaseAccounts/acct';

describe('compileGlobList', () => {
  it.each([
    ['** crosses segments below a resource group', '/subscriptions/*/resourceGroups/prod-*/**', COSMOS, true],
    ['is case-insensitive in keys and names', '/SUBSCRIPTIONS/*/resourcegroups/PROD-*/**', COSMOS, true],
    ['* stays within one segment', '/subscriptions/*/resourceGroups/prod-*/*', COSMOS, false],
    ['* alone does not match a whole ID', '*', COSMOS, false],
    ['**/name matches the last segment anywhere', '**/acct', COSMOS, true],
    ['** in the middle', '/subscriptions/**/databaseAccounts/acct', COSMOS, true],
    ['prefix glob does not match another resource group', '/subscriptions/*/resourceGroups/dev-*/**', COSMOS, false],
    ['resource type with a wildcard', 'Microsoft.DocumentDB/*', 'Microsoft.DocumentDb/databaseAccounts', true],
    ['type wildcard does not reach child types', 'Microsoft.DocumentDB/*', 'Microsoft.DocumentDb/databaseAccounts/x', false],
    ['dots are literal', 'rg.prod', 'rgxprod', false],
    ['names starting with a dot still match *', 'pe-*', 'pe-.hidden', true],
    ['? is one character', 'pe-?', 'pe-1', true],
    ['? is not two characters', 'pe-?', 'pe-12', false],
    ['braces without a comma are literal (spec placeholders)', '/subscriptions/{subscription-id}/**', '/subscriptions/{subscription-id}/resourceGroups/x', true],
    ['escaped parentheses are literal', 'rg\\(prod\\)*', 'rg(prod)-1', true],
    ['negation is off: ! is literal', '!pe-*', 'x', false],
    ['backslash is never a path separator', 'a/b', 'a\\b', false],
    ['non-ASCII letters fold case', 'ÄB*', 'äbc', true],
    ['nothing matches an empty value', '*', '', false],
  ])('%s', (_label, pattern, value, expected) => {
    expect(compileGlobList([pattern])(value)).toBe(expected);
  });

  it('holds when any pattern of the list matches', () => {
    const matches = compileGlobList(['Sql', 'MongoDB']);
    expect(matches('mongodb')).toBe(true);
    expect(matches('Cassandra')).toBe(false);
  });

  it('refuses patterns longer than picomatch allows', () => {
    expect(() => compileGlobList(['x'.repeat(70_000)])).toThrow(/length/);
  });
});
