import { isPlainObject } from '../plain-object';
import { quoteInput } from '../quote-input';
import { globProblem } from './glob';
import { messagePatternProblem } from './message-pattern';
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
      else
        problems.push(
          `${at}/name: duplicate rule name ${quoteInput(rule.name)} (also /rules/${first}/name); expected unique names`,
        );
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
    const problem = messagePatternProblem(match.requestMessage);
    if (problem) problems.push(`${at}/requestMessage: ${problem}`);
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

function patternProblem(pattern: string): string | undefined {
  if (pattern.startsWith('!'))
    return 'patterns starting with "!" (negation) are not supported; expected a pattern listing what should match';
  return pattern.length > 0 ? globProblem(pattern) : undefined;
}
