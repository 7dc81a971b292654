import { describe, expect, it } from 'vitest';
import { compileGlobList, globProblem } from '../../../../src/core/policy/glob';

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
    [
      'type wildcard does not reach child types',
      'Microsoft.DocumentDB/*',
      'Microsoft.DocumentDb/databaseAccounts/x',
      false,
    ],
    ['dots are literal', 'rg.prod', 'rgxprod', false],
    ['names starting with a dot still match *', 'pe-*', 'pe-.hidden', true],
    ['? is one character', 'pe-?', 'pe-1', true],
    ['? is not two characters', 'pe-?', 'pe-12', false],
    [
      'braces without a comma are literal (spec placeholders)',
      '/subscriptions/{subscription-id}/**',
      '/subscriptions/{subscription-id}/resourceGroups/x',
      true,
    ],
    ['escaped parentheses are literal', 'rg\\(prod\\)*', 'rg(prod)-1', true],
    ['negation is off: ! is literal', '!pe-*', 'x', false],
    ['backslash is never a path separator', 'a/b', 'a\\b', false],
    ['non-ASCII letters fold case', 'ÄB*', 'äbc', true],
    ['nothing matches an empty value', '*', '', false],
    ['** alone matches a whole ID', '**', COSMOS, true],
    [
      '/** at the end also matches the parent itself',
      '/subscriptions/*/resourceGroups/prod-1/**',
      '/subscriptions/abc/resourceGroups/prod-1',
      true,
    ],
    ['** inside a segment is a single-segment *', 'prod-**', 'prod-1/x', false],
    ['braces with a comma are alternatives', 'pe-{orders,billing}-*', 'pe-billing-1', true],
    ['braces with a comma are alternatives, no other', 'pe-{orders,billing}-*', 'pe-ledger-1', false],
    ['nested braces', 'pe-{a,{b,c}}', 'pe-c', true],
    ['a character class', 'pe-[0-9]', 'pe-7', true],
    ['a negated character class', 'pe-[!0-9]', 'pe-7', false],
    ['a POSIX character class', 'pe-[[:digit:]]', 'pe-7', true],
    ['an unclosed [ is literal', 'pe-[', 'pe-[', true],
    ['@(…) is one of the alternatives', 'pe-@(sql|mongo)', 'pe-mongo', true],
    ['?(…) is at most one', 'pe?(-x)', 'pe', true],
    ['+(…) is one or more', 'pe-+(ab)', 'pe-ababab', true],
    ['*(…) is any number', 'pe-*(ab)c', 'pe-c', true],
    ['a bare group is one of the alternatives', 'pe-(sql|mongo)', 'pe-sql', true],
    ['| outside a group is literal', 'a|b', 'a|b', true],
    ['regex syntax is literal', 'pe.+$', 'pe.+$', true],
    ['regex syntax is literal, not a pattern', 'pe.+$', 'pex', false],
  ])('%s', (_label, pattern, value, expected) => {
    expect(compileGlobList([pattern])(value)).toBe(expected);
  });

  it('holds when any pattern of the list matches', () => {
    const matches = compileGlobList(['Sql', 'MongoDB']);
    expect(matches('mongodb')).toBe(true);
    expect(matches('Cassandra')).toBe(false);
  });

  it('refuses patterns longer than the schema allows', () => {
    expect(() => compileGlobList(['x'.repeat(1025)])).toThrow(/expected at most 1024 characters, got 1025/);
  });

  it.each<[string, string]>([
    ['pe-!(test)', '"!(…)" (a negated group) is not supported; expected a pattern listing what should match'],
    ['pe-@(a|b', '"(" at 4 is not closed; expected a glob (escape "(" with a backslash to match it literally)'],
    ['pe-(a', '"(" at 3 is not closed; expected a glob (escape "(" with a backslash to match it literally)'],
  ])('says why %j cannot be used', (pattern, problem) => {
    expect(globProblem(pattern)).toBe(problem);
    expect(() => compileGlobList([pattern])).toThrow(problem);
  });

  it('matches in time linear in the value, whatever the pattern', () => {
    const matches = compileGlobList([`${'*a'.repeat(20)}*b`, `${'**/a/'.repeat(10)}b`]);
    const started = performance.now();
    expect(matches('a'.repeat(4000))).toBe(false);
    expect(matches('a/'.repeat(2000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
