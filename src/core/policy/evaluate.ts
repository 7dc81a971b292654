import type { ApprovalAction, ObservedConnection } from '../model';
import type { ApprovalPolicy, CompiledRule } from './compile';
import { PolicyError } from './errors';
import { requesterOf, targetNameOf, type Requester } from './subject';
import { defaultDescriptionTemplate, renderTemplate, type TemplateValues } from './template';
import type { PolicyDecision } from './types';

/** Reasons name at most this many rules that did not match, so they stay readable and fit on a connection. */
const MAX_RULES_EXPLAINED = 5;

/** First matching rule wins; the default action applies when none matches. Ignores the connection's current status. */
export function evaluatePolicy(policy: ApprovalPolicy, connection: ObservedConnection): PolicyDecision {
  const requester = requesterOf(connection);
  const misses: string[] = [];
  for (const compiled of policy.rules) {
    const miss = firstUnmetCondition(compiled, connection, requester);
    if (miss === undefined) {
      const { name, action, description } = compiled.rule;
      const tested = compiled.fields.length > 0 ? compiled.fields.join(', ') : 'matches every connection';
      return decide(action, name, `rule "${name}" matched (${tested})`, description, connection, requester);
    }
    misses.push(`${compiled.rule.name}: ${miss}`);
  }
  const action = policy.document.defaultAction;
  return decide(action, null, defaultReason(misses, action), undefined, connection, requester);
}

/** Evaluates, but approves nothing when the policy is unavailable or evaluation fails: such connections wait for a human. */
export function decideSafely(policy: ApprovalPolicy | PolicyError, connection: ObservedConnection): PolicyDecision {
  if (policy instanceof PolicyError) {
    return { decision: 'leave-pending', rule: null, reason: `policy unavailable: ${policy.problems.join('; ')}` };
  }
  try {
    return evaluatePolicy(policy, connection);
  } catch (err) {
    return {
      decision: 'leave-pending',
      rule: null,
      reason: `policy evaluation failed: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

function firstUnmetCondition(
  compiled: CompiledRule,
  connection: ObservedConnection,
  requester: Requester,
): string | undefined {
  for (const condition of compiled.conditions) {
    const miss = condition(connection, requester);
    if (miss !== undefined) return miss;
  }
  return undefined;
}

function defaultReason(misses: string[], action: ApprovalAction): string {
  if (misses.length === 0) return `the policy has no rules; default action ${action}`;
  const shown = misses.slice(0, MAX_RULES_EXPLAINED);
  const more = misses.length - shown.length;
  const tail = more > 0 ? `; and ${more} more rule${more === 1 ? '' : 's'}` : '';
  return `no rule matched (${shown.join('; ')}${tail}); default action ${action}`;
}

function decide(
  action: ApprovalAction,
  rule: string | null,
  reason: string,
  template: string | undefined,
  connection: ObservedConnection,
  requester: Requester,
): PolicyDecision {
  if (action === 'leave-pending') return { decision: action, rule, reason };
  const text = template ?? defaultDescriptionTemplate(action, rule !== null);
  return {
    decision: action,
    rule,
    reason,
    description: renderTemplate(text, templateValues(action, rule, connection, requester)),
  };
}

function templateValues(
  action: ApprovalAction,
  rule: string | null,
  connection: ObservedConnection,
  requester: Requester,
): TemplateValues {
  const unknown = 'unknown';
  return {
    rule: rule ?? 'default',
    action,
    requesterSubscription: requester.known ? requester.subscriptionId : unknown,
    requesterResourceGroup: (requester.known && requester.resourceGroup) || unknown,
    requesterName: (requester.known && requester.name) || unknown,
    targetName: targetNameOf(connection),
    targetId: connection.targetId,
    targetType: connection.targetType,
    connectionName: connection.name,
    groupIds: connection.groupIds.join(', '),
  };
}
