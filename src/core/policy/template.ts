import type { ApprovalAction } from '../model';

export const TEMPLATE_PLACEHOLDERS = [
  'rule',
  'action',
  'requesterSubscription',
  'requesterResourceGroup',
  'requesterName',
  'targetName',
  'targetId',
  'targetType',
  'connectionName',
  'groupIds',
] as const;

export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];
export type TemplateValues = Record<TemplatePlaceholder, string>;

const PLACEHOLDER = /\{([^{}]*)\}/g;
const KNOWN = new Set<string>(TEMPLATE_PLACEHOLDERS);

export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').filter((name) => !KNOWN.has(name));
}

/** Leaves unknown placeholders as written; validation reports them before a template is ever rendered. */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    KNOWN.has(name) ? values[name as TemplatePlaceholder] : whole,
  );
}

export function defaultDescriptionTemplate(action: ApprovalAction, fromRule: boolean): string {
  const verb = action === 'approve' ? 'Approved' : 'Rejected';
  return fromRule
    ? `${verb} by privatelink-autopilot policy rule {rule}`
    : `${verb} by privatelink-autopilot policy default action`;
}
