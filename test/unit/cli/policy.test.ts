import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../../../src/cli/exit';
import { runCliCaptured } from '../../support/run-cli';
import { REST_EXAMPLES, connectionExamplePaths, readRestExample } from '../core/policy/fixtures';

const EXAMPLE_POLICY = resolve(__dirname, '../../../examples/policy.example.json');
const COSMOS_GET = join(REST_EXAMPLES, 'documentdb/CosmosDBPrivateEndpointConnectionGet.2025-04-15.json');
const PLS_LIST = join(
  REST_EXAMPLES,
  'network/privateLinkServices/PrivateLinkServiceListPrivateEndpointConnection.2025-03-01.json',
);

interface TestedJson {
  connectionId: string;
  decision: string;
  rule: string | null;
  reason: string;
  description?: string;
  file: string;
}

let scratch: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'policy-cli-'));
});

afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function scratchFile(name: string, content: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function testJson(...args: string[]): Promise<{ code: number; results: TestedJson[] }> {
  const { code, stdout } = await runCliCaptured(['policy', 'test', '--json', ...args]);
  return { code, results: code === EXIT_OK ? (JSON.parse(stdout) as TestedJson[]) : [] };
}

/** Connection IDs in the response bodies of a spec example, found without the code under test. */
function connectionIdsInResponses(value: unknown, inResponses = false): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => connectionIdsInResponses(v, inResponses));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => {
    if (inResponses && key === 'id' && typeof v === 'string' && /\/privateEndpointConnections\//i.test(v)) return [v];
    return connectionIdsInResponses(v, inResponses || key === 'responses');
  });
}

const CATCH_ALL_APPROVE = {
  version: 1,
  defaultAction: 'leave-pending',
  rules: [
    {
      name: 'vaults',
      match: { targetResourceTypes: ['Microsoft.KeyVault/vaults'] },
      action: 'approve',
      description: 'ok for {requesterName}',
    },
  ],
};

describe('policy validate', () => {
  it('accepts the example policy and summarises it', async () => {
    const { code, stdout, stderr } = await runCliCaptured(['policy', 'validate', EXAMPLE_POLICY]);
    expect(code).toBe(EXIT_OK);
    expect(stdout).toBe(`valid: ${EXAMPLE_POLICY} (4 rules, default action leave-pending)\n`);
    expect(stderr).toBe('');
  });

  it('lists every problem, one per line with its JSON path, and exits 1', async () => {
    const path = scratchFile('bad.json', {
      version: 1,
      defaultAction: 'approve-all',
      rules: [
        { name: 'a', match: { requestMessage: '(' }, action: 'approve', description: 'for {someone}' },
        { name: 'a', match: { groupIds: [] }, action: 'approve' },
      ],
    });
    const { code, stdout, stderr } = await runCliCaptured(['policy', 'validate', path]);
    expect(code).toBe(EXIT_FAILURE);
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`${path} is not a valid approval policy:`);
    expect(lines.slice(1).map((l) => l.trim().split(':')[0])).toEqual([
      '/defaultAction',
      '/rules/1/match/groupIds',
      '/rules/0/description',
      '/rules/0/match/requestMessage',
      '/rules/1/name',
    ]);
    expect(stdout).toBe('');
  });

  it('says which patterns the linear-time engine refuses, and why', async () => {
    const path = scratchFile('backtracking.json', {
      version: 1,
      defaultAction: 'leave-pending',
      rules: [
        { name: 'a', match: { requestMessage: '^(?!CHG)' }, action: 'reject' },
        { name: 'b', match: { requestMessage: '^(CHG)\\1' }, action: 'approve' },
        { name: 'c', match: { requestMessage: '^(a+)+$', requesterNames: ['pe-!(test)'] }, action: 'approve' },
      ],
    });
    const { code, stderr } = await runCliCaptured(['policy', 'validate', path]);
    expect(code).toBe(EXIT_FAILURE);
    expect(stderr.trimEnd().split('\n').slice(1)).toEqual([
      '  /rules/0/match/requestMessage: uses a lookahead ((?!), which the linear-time engine (RE2) does not support; expected an RE2 regular expression (no backreferences or lookaround)',
      '  /rules/1/match/requestMessage: uses a backreference (\\1), which the linear-time engine (RE2) does not support; expected an RE2 regular expression (no backreferences or lookaround)',
      '  /rules/2/match/requesterNames/0: "!(…)" (a negated group) is not supported; expected a pattern listing what should match',
    ]);
  });

  it('reports text that is not JSON as a policy problem', async () => {
    const { code, stderr } = await runCliCaptured(['policy', 'validate', scratchFile('bad.json', '{ "version": 1, ')]);
    expect(code).toBe(EXIT_FAILURE);
    expect(stderr).toMatch(/^ {2}\/: not valid JSON/m);
  });

  it('exits 2 when the file cannot be read', async () => {
    const { code, stderr } = await runCliCaptured(['policy', 'validate', join(scratch, 'missing.json')]);
    expect(code).toBe(EXIT_USAGE);
    expect(stderr).toContain(`cannot read ${join(scratch, 'missing.json')}: ENOENT`);
  });

  it('exits 2 without a policy argument', async () => {
    const { code, stderr } = await runCliCaptured(['policy', 'validate']);
    expect(code).toBe(EXIT_USAGE);
    expect(stderr).toMatch(/missing required argument/);
  });
});

describe('policy test', () => {
  it('decides, with a reason, for every connection in every published connection example', async () => {
    const paths = connectionExamplePaths();
    expect(paths.length).toBeGreaterThanOrEqual(10);
    const expectedIds = new Set(paths.flatMap((p) => connectionIdsInResponses(readRestExample(p))));

    const { code, results } = await testJson(EXAMPLE_POLICY, ...paths.map((p) => join(REST_EXAMPLES, p)));

    expect(code).toBe(EXIT_OK);
    expect(new Set(results.map((r) => r.connectionId))).toEqual(expectedIds);
    expect(new Set(results.map((r) => r.file))).toEqual(new Set(paths.map((p) => join(REST_EXAMPLES, p))));
    for (const result of results) {
      expect(['approve', 'reject', 'leave-pending']).toContain(result.decision);
      expect(result.reason.trim(), result.connectionId).not.toBe('');
      expect(result).toHaveProperty('rule');
    }
  });

  it('prints the exact JSON keys, with the rendered description when there is one', async () => {
    const policy = scratchFile('policy.json', CATCH_ALL_APPROVE);
    const vault = join(REST_EXAMPLES, 'keyvault/getPrivateEndpointConnection.2025-05-01.json');
    const { code, results } = await testJson(policy, vault, COSMOS_GET);
    expect(code).toBe(EXIT_OK);
    expect(results).toEqual([
      {
        connectionId:
          '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sample-group/providers/Microsoft.KeyVault/vaults/sample-vault/privateEndpointConnections/sample-pec',
        decision: 'approve',
        rule: 'vaults',
        reason: 'rule "vaults" matched (targetResourceTypes)',
        description: 'ok for sample-pe',
        file: vault,
      },
      {
        connectionId:
          '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg1/providers/Microsoft.DocumentDb/databaseAccounts/ddb1/privateEndpointConnections/privateEndpointConnectionName',
        decision: 'leave-pending',
        rule: null,
        reason:
          'no rule matched (vaults: targetResourceTypes "Microsoft.DocumentDb/databaseAccounts" did not match); default action leave-pending',
        file: COSMOS_GET,
      },
    ]);
  });

  it('prints a readable table by default', async () => {
    const { code, stdout } = await runCliCaptured([
      'policy',
      'test',
      scratchFile('policy.json', CATCH_ALL_APPROVE),
      PLS_LIST,
    ]);
    expect(code).toBe(EXIT_OK);
    const [header, ...rows] = stdout.trimEnd().split('\n');
    expect(header).toMatch(/^CONNECTION +DECISION +RULE +REASON$/);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/\/testPlePeConnection1 +leave-pending +\(default\) +no rule matched/);
    expect(header?.indexOf('DECISION')).toBe(rows[1]?.indexOf('leave-pending'));
  });

  it('reads a bare connection, a plain array and an ARM list', async () => {
    const connection = {
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/v/privateEndpointConnections/c',
      properties: { privateLinkServiceConnectionState: { status: 'Pending', description: 'CHG1' } },
    };
    const policy = scratchFile('policy.json', CATCH_ALL_APPROVE);
    const files = [
      scratchFile('one.json', connection),
      scratchFile('array.json', [connection]),
      scratchFile('list.json', { value: [connection] }),
    ];
    const { results } = await testJson(policy, ...files);
    expect(results.map((r) => [r.decision, r.file])).toEqual(files.map((f) => ['approve', f]));
  });

  it('applies --target-tag to the targets, for targetTags rules', async () => {
    const policy = scratchFile('policy.json', {
      version: 1,
      defaultAction: 'leave-pending',
      rules: [{ name: 'strict', match: { targetTags: { 'privatelink-policy': 'strict' } }, action: 'reject' }],
    });
    const without = await testJson(policy, COSMOS_GET);
    expect(without.results[0]?.decision).toBe('leave-pending');
    const tagged = await testJson(
      '--target-tag',
      'PrivateLink-Policy=strict',
      '--target-tag',
      'env=a=b',
      policy,
      COSMOS_GET,
    );
    expect(tagged.results[0]).toMatchObject({ decision: 'reject', rule: 'strict' });
  });

  it('exits 2 for a --target-tag without a value', async () => {
    const { code, stderr } = await runCliCaptured([
      'policy',
      'test',
      '--target-tag',
      'strict',
      EXAMPLE_POLICY,
      COSMOS_GET,
    ]);
    expect(code).toBe(EXIT_USAGE);
    expect(stderr).toContain('expected key=value, got "strict"');
  });

  it('exits 1 with the problems when the policy is invalid', async () => {
    const policy = scratchFile('policy.json', {
      version: 1,
      defaultAction: 'approve',
      rules: [{ name: 'x', match: {} }],
    });
    const { code, stdout, stderr } = await runCliCaptured(['policy', 'test', policy, COSMOS_GET]);
    expect(code).toBe(EXIT_FAILURE);
    expect(stderr).toContain('  /rules/0/action: is required');
    expect(stdout).toBe('');
  });

  it('exits 1 naming the file and field when a connection cannot be read, and decides nothing', async () => {
    const broken = scratchFile('broken.json', {
      value: [
        {
          id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/v/privateEndpointConnections/c',
          properties: {},
        },
      ],
    });
    const empty = scratchFile('empty.json', { parameters: {}, responses: { '202': {} } });
    const notJson = scratchFile('text.json', 'hello');
    const { code, stdout, stderr } = await runCliCaptured([
      'policy',
      'test',
      EXAMPLE_POLICY,
      COSMOS_GET,
      broken,
      empty,
      notJson,
    ]);
    expect(code).toBe(EXIT_FAILURE);
    expect(stderr).toContain(
      `${broken}: connection 1: private endpoint connection: properties.privateLinkServiceConnectionState is missing`,
    );
    expect(stderr).toContain(`${empty}: holds no connection`);
    expect(stderr).toContain(`${notJson}: not valid JSON`);
    expect(stdout).toBe('');
  });

  it('exits 2 when a connection file cannot be read', async () => {
    const { code, stderr } = await runCliCaptured(['policy', 'test', EXAMPLE_POLICY, join(scratch, 'nope.json')]);
    expect(code).toBe(EXIT_USAGE);
    expect(stderr).toContain('cannot read');
  });

  it('exits 2 without any connection file', async () => {
    expect((await runCliCaptured(['policy', 'test', EXAMPLE_POLICY])).code).toBe(EXIT_USAGE);
  });
});

describe('byte-order marks', () => {
  const BOM = '\ufeff';
  const withBom = (name: string, path: string): string => scratchFile(name, `${BOM}${readFileSync(path, 'utf8')}`);

  it('policy validate accepts a policy file that starts with a UTF-8 byte-order mark', async () => {
    const policy = withBom('policy.json', EXAMPLE_POLICY);
    const { code, stdout, stderr } = await runCliCaptured(['policy', 'validate', policy]);
    expect(stderr).toBe('');
    expect(code).toBe(EXIT_OK);
    expect(stdout).toBe(`valid: ${policy} (4 rules, default action leave-pending)\n`);
  });

  it('policy test accepts a policy and connection documents that start with one', async () => {
    const plain = await testJson(EXAMPLE_POLICY, COSMOS_GET, PLS_LIST);
    const marked = await testJson(
      withBom('policy.json', EXAMPLE_POLICY),
      withBom('cosmos.json', COSMOS_GET),
      withBom('pls.json', PLS_LIST),
    );
    expect(marked.code).toBe(EXIT_OK);
    expect(marked.results.map(({ file: _file, ...rest }) => rest)).toEqual(
      plain.results.map(({ file: _file, ...rest }) => rest),
    );
  });

  it('shows invisible characters in JSON errors as escapes', async () => {
    const policy = scratchFile('policy.json', '{"version": \u200b1, "rules": []}');
    const { code, stderr } = await runCliCaptured(['policy', 'validate', policy]);
    expect(code).toBe(EXIT_FAILURE);
    expect(stderr).toContain('\\u{200B}');
    expect(stderr).not.toContain('\u200b');
  });

  it('shows invisible characters of quoted values in policy problems as escapes', async () => {
    const rule = { name: 'ru\u202ele', match: {}, action: 'approve' };
    const policy = scratchFile('policy.json', { version: 1, defaultAction: 'leave-pending', rules: [rule, rule] });
    const { code, stderr } = await runCliCaptured(['policy', 'validate', policy]);
    expect(code).toBe(EXIT_FAILURE);
    expect(stderr).toContain('duplicate rule name "ru\\u{202E}le"');
    expect(stderr).not.toContain('\u202e');
  });
});
