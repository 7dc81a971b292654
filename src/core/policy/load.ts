import { parseJson } from '../json-text';
import { compileRule, type ApprovalPolicy } from './compile';
import { PolicyError } from './errors';
import { schemaProblems } from './schema';
import { semanticProblems } from './semantics';
import type { PolicyDocument } from './types';

/** Parses policy JSON text. `source` names where it came from (file path, blob URL) in problems. */
export function loadPolicy(text: string, source: string): ApprovalPolicy {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (err) {
    throw new PolicyError(source, [`/: not valid JSON (${err instanceof Error ? err.message : String(err)})`]);
  }
  return parsePolicy(value, source);
}

/** Validates an already-parsed policy document against the schema and the semantic rules, reporting every problem. */
export function parsePolicy(value: unknown, source: string): ApprovalPolicy {
  const problems = [...schemaProblems(value), ...semanticProblems(value)];
  if (problems.length > 0) throw new PolicyError(source, problems);
  const document = value as PolicyDocument;
  return { source, document, rules: document.rules.map(compileRule) };
}

/** As loadPolicy, but returns the error instead of throwing, for callers that go on to decideSafely. */
export function tryLoadPolicy(text: string, source: string): ApprovalPolicy | PolicyError {
  try {
    return loadPolicy(text, source);
  } catch (err) {
    if (err instanceof PolicyError) return err;
    throw err;
  }
}
