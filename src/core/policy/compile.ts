import type { ObservedConnection } from '../model';
import { compileGlobList, type GlobListMatcher } from './glob';
import { compileMessagePattern } from './message-pattern';
import { quote, type Requester } from './subject';
import type { PolicyDocument, PolicyRule, RuleMatch } from './types';

/** A rule condition: undefined when it holds, otherwise why not (short, for people). */
type Condition = (connection: ObservedConnection, requester: Requester) => string | undefined;

export interface CompiledRule {
  rule: PolicyRule;
  /** Names of the match fields the rule tests, in evaluation order. */
  fields: (keyof RuleMatch)[];
  conditions: Condition[];
}

/** A validated policy, ready to evaluate. Only parsePolicy makes these. */
export interface ApprovalPolicy {
  source: string;
  document: PolicyDocument;
  rules: CompiledRule[];
}

type PatternField = Exclude<keyof RuleMatch, 'targetTags' | 'requestMessage'>;

/** Expects a document that passed schema and semantic validation (message patterns and globs compile). */
export function compileRule(rule: PolicyRule): CompiledRule {
  const fields: (keyof RuleMatch)[] = [];
  const conditions: Condition[] = [];
  const add = (field: keyof RuleMatch, condition: Condition) => {
    fields.push(field);
    conditions.push(condition);
  };
  const m = rule.match;
  if (m.targetResourceTypes)
    add(
      'targetResourceTypes',
      patternCondition('targetResourceTypes', m.targetResourceTypes, (c) => c.targetType),
    );
  // The target ID is long and always shown beside the decision, so reasons do not repeat it.
  if (m.targetIds)
    add(
      'targetIds',
      patternCondition('targetIds', m.targetIds, (c) => c.targetId, false),
    );
  if (m.targetTags) add('targetTags', tagsCondition(m.targetTags));
  if (m.requesterSubscriptions)
    add(
      'requesterSubscriptions',
      requesterCondition('requesterSubscriptions', m.requesterSubscriptions, (r) => r.subscriptionId, 'subscription'),
    );
  if (m.requesterResourceGroups)
    add(
      'requesterResourceGroups',
      requesterCondition(
        'requesterResourceGroups',
        m.requesterResourceGroups,
        (r) => r.resourceGroup,
        'resource group',
      ),
    );
  if (m.requesterNames)
    add(
      'requesterNames',
      requesterCondition('requesterNames', m.requesterNames, (r) => r.name, 'name'),
    );
  if (m.groupIds) add('groupIds', groupIdsCondition(m.groupIds));
  if (m.connectionNames)
    add(
      'connectionNames',
      patternCondition('connectionNames', m.connectionNames, (c) => c.name),
    );
  if (m.requestMessage !== undefined) add('requestMessage', requestMessageCondition(m.requestMessage));
  return { rule, fields, conditions };
}

function patternCondition(
  field: PatternField,
  patterns: string[],
  valueOf: (c: ObservedConnection) => string,
  showValue = true,
): Condition {
  const matches = compileGlobList(patterns);
  return (connection) => {
    const value = valueOf(connection);
    if (matches(value)) return undefined;
    return showValue ? `${field} ${quote(value)} did not match` : `${field} did not match`;
  };
}

function requesterCondition(
  field: PatternField,
  patterns: string[],
  valueOf: (r: Requester & { known: true }) => string | undefined,
  what: string,
): Condition {
  const matches: GlobListMatcher = compileGlobList(patterns);
  return (_connection, requester) => {
    if (!requester.known) return `${field}: ${requester.why}`;
    const value = valueOf(requester);
    if (value === undefined) return `${field}: the private endpoint ID has no ${what}`;
    return matches(value) ? undefined : `${field} ${quote(value)} did not match`;
  };
}

function groupIdsCondition(patterns: string[]): Condition {
  const matches = compileGlobList(patterns);
  return (connection) => {
    if (connection.groupIds.length === 0) return 'groupIds: the connection requests no group IDs';
    return connection.groupIds.some(matches)
      ? undefined
      : `groupIds ${quote(connection.groupIds.join(', '))} did not match`;
  };
}

function tagsCondition(required: Record<string, string>): Condition {
  const expected = Object.entries(required).map(([key, value]) => ({ key, lowerKey: key.toLowerCase(), value }));
  return (connection) => {
    const actual = new Map(Object.entries(connection.targetTags).map(([k, v]) => [k.toLowerCase(), v]));
    for (const { key, lowerKey, value } of expected) {
      const found = actual.get(lowerKey);
      if (found === undefined) return `targetTags: tag ${quote(key)} is missing`;
      if (found !== value) return `targetTags: tag ${quote(key)} is ${quote(found)}, not ${quote(value)}`;
    }
    return undefined;
  };
}

function requestMessageCondition(pattern: string): Condition {
  const regex = compileMessagePattern(pattern);
  return (connection) =>
    regex.test(connection.description) ? undefined : `requestMessage ${quote(connection.description)} did not match`;
}
