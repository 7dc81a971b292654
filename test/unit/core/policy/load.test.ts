import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { PolicyError, loadPolicy, parsePolicy, tryLoadPolicy } from '../../../../src/core/policy';

const REPO = resolve(__dirname, '../../../..');
const SCHEMA_PATH = resolve(REPO, 'schema/approval-policy.schema.json');
const EXAMPLE_PATH = resolve(REPO, 'examples/policy.example.json');

const CONTRACT_EXAMPLE = {
  version: 1,
  defaultAction: 'leave-pending',
  rules: [
    {
      name: 'platform-subscriptions',
      match: {
        targetResourceTypes: ['Microsoft.DocumentDB/databaseAccounts'],
        targetIds: ['/subscriptions/*/resourceGroups/prod-*/**'],
        targetTags: { 'privatelink-policy': 'strict' },
        requesterSubscriptions: ['11111111-2222-3333-4444-555555555555'],
        requesterResourceGroups: ['net-*'],
        requesterNames: ['pe-*'],
        groupIds: ['Sql'],
        connectionNames: ['*'],
        requestMessage: '^CHG[0-9]+',
      },
      action: 'approve',
      description: 'Approved by {rule} for subscription {requesterSubscription}',
    },
  ],
};

function policyWith(rule: Record<string, unknown>): Record<string, unknown> {
  return { version: 1, defaultAction: 'leave-pending', rules: [{ name: 'r', match: {}, action: 'approve', ...rule }] };
}

function problemsOf(value: unknown): string[] {
  try {
    parsePolicy(value, 'test.json');
  } catch (err) {
    if (err instanceof PolicyError) return err.problems;
    throw err;
  }
  return [];
}

describe('the published schema', () => {
  it('is a valid draft-07 schema that editors can use', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as { $schema: string };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(new Ajv().validateSchema(schema)).toBe(true);
  });

  it('accepts the example users copy, which points editors at the schema', () => {
    const text = readFileSync(EXAMPLE_PATH, 'utf8');
    const policy = loadPolicy(text, EXAMPLE_PATH);
    expect(policy.document.$schema).toBe('../schema/approval-policy.schema.json');
    expect(resolve(EXAMPLE_PATH, '..', policy.document.$schema ?? '')).toBe(SCHEMA_PATH);
    expect(policy.rules.length).toBeGreaterThan(2);
  });
});

describe('parsePolicy', () => {
  it('accepts the documented contract with every match field', () => {
    const policy = parsePolicy(CONTRACT_EXAMPLE, 'contract');
    expect(policy.rules[0]?.fields).toEqual([
      'targetResourceTypes',
      'targetIds',
      'targetTags',
      'requesterSubscriptions',
      'requesterResourceGroups',
      'requesterNames',
      'groupIds',
      'connectionNames',
      'requestMessage',
    ]);
    expect(policy.source).toBe('contract');
  });

  it('accepts an empty match (a catch-all rule), no rules, and a "$schema" property', () => {
    expect(problemsOf(policyWith({}))).toEqual([]);
    expect(problemsOf({ $schema: './x.json', version: 1, defaultAction: 'reject', rules: [] })).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ['not an object', 'policy', ['/: expected object, got string']],
    [
      'missing top-level properties',
      {},
      ['/version: is required', '/defaultAction: is required', '/rules: is required'],
    ],
    ['a future version', { version: 2, defaultAction: 'leave-pending', rules: [] }, ['/version: is 2; expected 1']],
    [
      'an unknown action',
      { version: 1, defaultAction: 'allow', rules: [] },
      ['/defaultAction: is "allow"; expected one of approve, reject, leave-pending'],
    ],
    [
      'a misspelt top-level property',
      { version: 1, defaultAction: 'leave-pending', rule: [] },
      ['/rules: is required', '/rule: unknown property; expected one of $schema, version, defaultAction, rules'],
    ],
    [
      'a misspelt match field',
      policyWith({ match: { targetId: ['x'] } }),
      [
        '/rules/0/match/targetId: unknown property; expected one of targetResourceTypes, targetIds, targetTags, requesterSubscriptions, requesterResourceGroups, requesterNames, groupIds, connectionNames, requestMessage',
      ],
    ],
    [
      'a rule without an action',
      { version: 1, defaultAction: 'reject', rules: [{ name: 'r', match: {} }] },
      ['/rules/0/action: is required'],
    ],
    [
      'a string where a list belongs',
      policyWith({ match: { groupIds: 'Sql' } }),
      ['/rules/0/match/groupIds: expected array, got string'],
    ],
    ['an empty list', policyWith({ match: { targetIds: [] } }), ['/rules/0/match/targetIds: must not be empty']],
    [
      'an empty pattern',
      policyWith({ match: { requesterNames: [''] } }),
      ['/rules/0/match/requesterNames/0: must not be empty'],
    ],
    ['empty targetTags', policyWith({ match: { targetTags: {} } }), ['/rules/0/match/targetTags: must not be empty']],
    [
      'a tag value that is not a string',
      policyWith({ match: { targetTags: { env: 1 } } }),
      ['/rules/0/match/targetTags/env: expected string, got number'],
    ],
    ['an empty rule name', policyWith({ name: '' }), ['/rules/0/name: must not be empty']],
    [
      'an invalid regular expression',
      policyWith({ match: { requestMessage: '^CHG[0-9+' } }),
      [
        '/rules/0/match/requestMessage: invalid regular expression (missing closing ]: `[0-9+`); expected an RE2 regular expression',
      ],
    ],
    [
      'a backreference',
      policyWith({ match: { requestMessage: '^(CHG)-\\1' } }),
      [
        '/rules/0/match/requestMessage: uses a backreference (\\1), which the linear-time engine (RE2) does not support; expected an RE2 regular expression (no backreferences or lookaround)',
      ],
    ],
    [
      'a named backreference',
      policyWith({ match: { requestMessage: '(?<t>CHG)\\k<t>' } }),
      [
        '/rules/0/match/requestMessage: uses a backreference (\\k), which the linear-time engine (RE2) does not support; expected an RE2 regular expression (no backreferences or lookaround)',
      ],
    ],
    [
      'a negative lookahead',
      policyWith({ match: { requestMessage: '^(?!CHG[0-9]+)' } }),
      [
        '/rules/0/match/requestMessage: uses a lookahead ((?!), which the linear-time engine (RE2) does not support; expected an RE2 regular expression (no backreferences or lookaround)',
      ],
    ],
    [
      'a lookbehind',
      policyWith({ match: { requestMessage: '(?<=CHG)[0-9]+' } }),
      [
        '/rules/0/match/requestMessage: uses a lookbehind ((?<=), which the linear-time engine (RE2) does not support; expected an RE2 regular expression (no backreferences or lookaround)',
      ],
    ],
    [
      'a negated extglob',
      policyWith({ match: { requesterNames: ['pe-!(test)'] } }),
      [
        '/rules/0/match/requesterNames/0: "!(…)" (a negated group) is not supported; expected a pattern listing what should match',
      ],
    ],
    [
      'an unclosed group in a pattern',
      policyWith({ match: { connectionNames: ['pe-@(a|b'] } }),
      [
        '/rules/0/match/connectionNames/0: "(" at 4 is not closed; expected a glob (escape "(" with a backslash to match it literally)',
      ],
    ],
    [
      'an unknown placeholder',
      policyWith({ description: 'Approved for {requester}' }),
      [
        '/rules/0/description: unknown placeholder {requester}; expected one of {rule}, {action}, {requesterSubscription}, {requesterResourceGroup}, {requesterName}, {targetName}, {targetId}, {targetType}, {connectionName}, {groupIds}',
      ],
    ],
    [
      'a negated pattern',
      policyWith({ match: { requesterNames: ['pe-*', '!pe-test'] } }),
      [
        '/rules/0/match/requesterNames/1: patterns starting with "!" (negation) are not supported; expected a pattern listing what should match',
      ],
    ],
  ])('reports %s', (_label, value, expected) => {
    expect(problemsOf(value)).toEqual(expected);
  });

  it.each(['^(a+)+$', '(?i)^chg[0-9]+', '(?<ticket>CHG[0-9]+)', '^(?:[^C]|C[^H]|CH[^G]|$)'])(
    'accepts %j, which the linear-time engine runs',
    (requestMessage) => {
      expect(problemsOf(policyWith({ match: { requestMessage } }))).toEqual([]);
    },
  );

  it('reports duplicate rule names, ignoring case', () => {
    const rules = ['a', 'b', 'A'].map((name) => ({ name, match: {}, action: 'reject' }));
    expect(problemsOf({ version: 1, defaultAction: 'leave-pending', rules })).toEqual([
      '/rules/2/name: duplicate rule name "A" (also /rules/0/name); expected unique names',
    ]);
  });

  it('reports schema and semantic problems together, each with its JSON path', () => {
    const problems = problemsOf({
      version: 1,
      defaultAction: 'approve',
      rules: [
        { name: 'x', match: { requestMessage: '(' }, action: 'approve', description: '{nope}' },
        { name: 'x', match: { groupIds: [] }, action: 'maybe' },
      ],
    });
    expect(problems).toHaveLength(5);
    for (const path of [
      '/rules/0/match/requestMessage:',
      '/rules/0/description:',
      '/rules/1/name:',
      '/rules/1/match/groupIds:',
      '/rules/1/action:',
    ]) {
      expect(
        problems.some((p) => p.startsWith(path)),
        path,
      ).toBe(true);
    }
  });
});

describe('loadPolicy', () => {
  it('turns text that is not JSON into a PolicyError naming the source', () => {
    const error = tryLoadPolicy('{"version": 1,', 'blob://policies/approval.json');
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).problems[0]).toMatch(/^\/: not valid JSON/);
    expect((error as PolicyError).message).toContain('blob://policies/approval.json');
  });

  it('returns the policy when it is valid', () => {
    const policy = tryLoadPolicy(JSON.stringify(CONTRACT_EXAMPLE), 'p.json');
    expect(policy).not.toBeInstanceOf(PolicyError);
  });

  it('accepts text that starts with a UTF-8 byte-order mark, as editors on Windows save it', () => {
    const policy = tryLoadPolicy(`\ufeff${JSON.stringify(CONTRACT_EXAMPLE)}`, 'p.json');
    expect(policy).not.toBeInstanceOf(PolicyError);
  });

  it('wraps a read failure reported by the caller', () => {
    const error = PolicyError.unreadable('policy.json', new Error('ENOENT: no such file'));
    expect(error.problems).toEqual(['cannot read the policy: ENOENT: no such file']);
  });
});
