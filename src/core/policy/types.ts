import type { ApprovalAction } from '../model';

/** The policy document as users write it; its shape is fixed by schema/approval-policy.schema.json. */
export interface PolicyDocument {
  $schema?: string;
  version: 1;
  defaultAction: ApprovalAction;
  rules: PolicyRule[];
}

export interface PolicyRule {
  name: string;
  match: RuleMatch;
  action: ApprovalAction;
  /** Template for the text written on approved or rejected connections; see template.ts for placeholders. */
  description?: string;
}

export interface RuleMatch {
  targetResourceTypes?: string[];
  targetIds?: string[];
  targetTags?: Record<string, string>;
  requesterSubscriptions?: string[];
  requesterResourceGroups?: string[];
  requesterNames?: string[];
  groupIds?: string[];
  connectionNames?: string[];
  /** Regular expression searched for in the requester's message. */
  requestMessage?: string;
}

export interface PolicyDecision {
  decision: ApprovalAction;
  /** Name of the rule that decided, or null when the default action (or an unavailable policy) decided. */
  rule: string | null;
  /** Why, for people: which rule matched, or why each rule did not. */
  reason: string;
  /** Text to write on the connection; present for approve and reject. */
  description?: string;
}
