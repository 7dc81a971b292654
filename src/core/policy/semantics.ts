import { isPlainObject } from '../plain-object';
import { TEMPLATE_PLACEHOLDERS, unknownPlaceholders } from './template';

const PATTERN_FIELDS = [
  'targetResourceTypes',
  'targetIds',
  'requesterSubscriptions',
  'requesterResourceGroups',
  'requesterNames',
  'groupIds',
  'connectionNames',
] as const;

/**
 * Checks the schema cannot express. Reads the document defensively so that, together with the schema's problems,
 * a user sees every problem at once even when the shape is wrong too.
 */
export function semanticProblems(value: unknown): string[] {
  if (!isPlainObject(value) || !Array.isArray(value.rules)) return [];
  const problems: string[] = [];
  const firstUseOfName = new Map<string, number>();
  value.rules.forEach((rule: unknown, index) => {
    if (!isPlainObject(rule)) return;
    const at = `/rules/${index}`;
    if (typeof rule.name === 'string') {
      const key = rule.name.toLowerCase();
      const first = firstUseOfName.get(key);
      if (first === undefined) firstUseOfName.set(key, index);
      else problems.push(`${at}/name: duplicate rule name ${JSON.stringify(rule.name)} (also /rules/${first}/name); expected unique names`);
    }
    if (typeof rule.description === 'string') {
      for (const name of unknownPlaceholders(rule.description)) {
        problems.push(
          `${at}/description: unknown placeholder {${name}}; expected one of ${TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
        );
      }
    }
    if (isPlainObject(rule.match)) problems.push(...matchProblems(rule.match, `${at}/match`));
  });
  return problems;
}

function matchProblems(match: Record<string, unknown>, at: string): string[] {
  const problems: string[] = [];
  if (typeof match.requestMessage === 'string') {
    const invalid = regexProblem(match.requestMessage);
    if (invalid) problems.push(`${at}/requestMessage: invalid regular expression (${invalid}); expected a JavaScript regular expression`);
  }
  for (const field of PATTERN_FIELDS) {
    const patterns = match[field];
    if (!Array.isArray(patterns)) continue;
    patterns.forEach((pattern: unknown, i) => {
      if (typeof pattern !== 'string') return;
      const problem = patternProblem(pattern);
      if (problem) problems.push(`${at}/${field}/${i}: ${problem}`);
    });
  }
  return problems;
}

function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** picomatch only refuses empty and over-long patterns, which the schema already reports. */
function patternProblem(pattern: string): string | undefined {
  return pattern.startsWith('!')
    ? 'patterns starting with "!" (negation) are not supported; expected a pattern listing what should match'
    : undefined;
}
