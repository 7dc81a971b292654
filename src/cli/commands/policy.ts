import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { parseJson } from '../../core/json-text';
import { quoteInput } from '../../core/quote-input';
import type { ObservedConnection } from '../../core/model';
import {
  ConnectionShapeError,
  PolicyError,
  connectionsInDocument,
  evaluatePolicy,
  loadPolicy,
  normaliseConnection,
  type ApprovalPolicy,
  type PolicyDecision,
} from '../../core/policy';
import { CliFailure, EXIT_FAILURE, EXIT_USAGE } from '../exit';

interface TestOptions {
  json?: boolean;
  targetTag?: Record<string, string>;
}

interface ConnectionFromFile {
  file: string;
  connection: ObservedConnection;
}

export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description('Check an approval policy and try it on connections.');

  policy
    .command('validate')
    .description('Check a policy against the schema and the semantic rules; lists every problem with its JSON path.')
    .argument('<policy>', 'policy JSON file')
    .action((policyPath: string) => {
      const loaded = readPolicy(policyPath);
      const rules = loaded.document.rules.length;
      process.stdout.write(
        `valid: ${policyPath} (${rules} rule${rules === 1 ? '' : 's'}, default action ${loaded.document.defaultAction})\n`,
      );
    });

  policy
    .command('test')
    .description(
      'Show what the policy decides for each connection, and why. A connection file holds one connection, an ARM ' +
        'list ({"value": [...]}) or a REST spec example ({"parameters", "responses"}).',
    )
    .argument('<policy>', 'policy JSON file')
    .argument('<connections...>', 'connection JSON files')
    .option('--json', 'print a JSON array of {connectionId, decision, rule, reason, description, file}')
    .option(
      '--target-tag <key=value>',
      "a tag on the connections' targets, for targetTags rules (repeatable)",
      collectTag,
    )
    .action((policyPath: string, connectionPaths: string[], options: TestOptions) => {
      const loaded = readPolicy(policyPath);
      const connections = readConnections(connectionPaths, options.targetTag ?? {});
      const results = connections.map(({ file, connection }) => ({
        file,
        connection,
        ...evaluatePolicy(loaded, connection),
      }));
      process.stdout.write(options.json ? `${JSON.stringify(results.map(toJson), null, 2)}\n` : formatTable(results));
    });
}

function readPolicy(path: string): ApprovalPolicy {
  try {
    return loadPolicy(readText(path), path);
  } catch (err) {
    if (err instanceof PolicyError) {
      throw new CliFailure(`${path} is not a valid approval policy:\n${indent(err.problems)}`, EXIT_FAILURE);
    }
    throw err;
  }
}

function readConnections(paths: string[], targetTags: Record<string, string>): ConnectionFromFile[] {
  const found: ConnectionFromFile[] = [];
  const problems: string[] = [];
  for (const file of paths) {
    const text = readText(file);
    let document: unknown;
    try {
      document = parseJson(text);
    } catch (err) {
      problems.push(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
      continue;
    }
    const raws = connectionsInDocument(document);
    if (raws.length === 0)
      problems.push(`${file}: holds no connection (a spec example needs a 2xx response with a body)`);
    raws.forEach((raw, index) => {
      try {
        found.push({ file, connection: normaliseConnection(raw, { tags: targetTags }) });
      } catch (err) {
        if (!(err instanceof ConnectionShapeError)) throw err;
        problems.push(`${file}: connection ${index + 1}: ${err.message}`);
      }
    });
  }
  if (problems.length > 0) throw new CliFailure(`cannot read the connections:\n${indent(problems)}`, EXIT_FAILURE);
  return found;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliFailure(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`, EXIT_USAGE);
  }
}

function collectTag(value: string, tags: Record<string, string> | undefined): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`expected key=value, got ${quoteInput(value)}`);
  return { ...(tags ?? {}), [value.slice(0, at)]: value.slice(at + 1) };
}

type Result = PolicyDecision & ConnectionFromFile;

function toJson(result: Result) {
  return {
    connectionId: result.connection.id,
    decision: result.decision,
    rule: result.rule,
    reason: result.reason,
    ...(result.description !== undefined ? { description: result.description } : {}),
    file: result.file,
  };
}

function formatTable(results: Result[]): string {
  const rows = [
    ['CONNECTION', 'DECISION', 'RULE', 'REASON'],
    ...results.map((r) => [r.connection.id, r.decision, r.rule ?? '(default)', r.reason]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  '))
    .join('\n')
    .concat('\n');
}

function indent(lines: string[]): string {
  return lines.map((line) => `  ${line}`).join('\n');
}
