/** Subscription, tenant and client IDs: settings, CLI flags and events all check them with this one rule. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const GUID_FORM = 'a GUID such as 00000000-0000-0000-0000-000000000000';

export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}
