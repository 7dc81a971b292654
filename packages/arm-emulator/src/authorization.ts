/**
 * What ARM answers when the caller's role assignments do not cover a request: 403 `AuthorizationFailed`, naming the
 * action the request needed and the scope it was checked at (the `authorization-failed` fault).
 */
import { ArmError } from './errors';

/** The principal the emulator says called it (the one its events carry too). */
export const EMULATOR_APP_ID = '00000000-0000-0000-0000-0000000000e2';
export const EMULATOR_PRINCIPAL_ID = '00000000-0000-0000-0000-0000000000e1';

/**
 * The RBAC action a request needs and the scope ARM checks it at, read from the path:
 * `GET .../privateDnsZones/z/A/r` → `Microsoft.Network/privateDnsZones/A/read` over the record set's ID; a list
 * (`GET .../privateDnsZones/z/A`) over the collection's path; `POST .../databaseAccounts/a/listKeys` →
 * `Microsoft.DocumentDB/databaseAccounts/listKeys/action` over the account.
 */
export function requiredAction(method: string, path: string): { action: string; scope: string } {
  const tokens = path
    .split('?', 1)[0]!
    .split('/')
    .filter((t) => t.length > 0);
  const upper = method.toUpperCase();
  const lowered = tokens.map((t) => t.toLowerCase());
  const providers = lowered.lastIndexOf('providers');
  let types: string[];
  let namespace: string;
  let afterProvider: string[];
  if (providers >= 0 && tokens[providers + 1] !== undefined) {
    namespace = tokens[providers + 1] as string;
    afterProvider = tokens.slice(providers + 2);
  } else {
    // `/subscriptions/{s}[/resourceGroups/{g}[/...]]`: Microsoft.Resources' own types.
    namespace = 'Microsoft.Resources';
    afterProvider = tokens;
  }
  types = afterProvider.filter((_, i) => i % 2 === 0);
  const isAction = upper === 'POST' && afterProvider.length % 2 === 1 && afterProvider.length > 1;
  if (isAction) {
    const actionName = types.pop() as string;
    return {
      action: `${namespace}/${types.join('/')}/${actionName}/action`,
      scope: `/${tokens.slice(0, -1).join('/')}`,
    };
  }
  if (providers < 0) types = types.map((t) => (t.toLowerCase() === 'resourcegroups' ? 'resourceGroups' : t));
  const verb = upper === 'GET' || upper === 'HEAD' ? 'read' : upper === 'DELETE' ? 'delete' : 'write';
  return { action: `${namespace}/${types.join('/')}/${verb}`, scope: `/${tokens.join('/')}` };
}

/** ARM's 403 for a missing role assignment, word for word (with `x-ms-failure-cause: gateway`, as ARM sends). */
export function authorizationFailed(method: string, path: string, code = 'AuthorizationFailed'): ArmError {
  const { action, scope } = requiredAction(method, path);
  return new ArmError(
    403,
    code,
    `The client '${EMULATOR_APP_ID}' with object id '${EMULATOR_PRINCIPAL_ID}' does not have authorization to ` +
      `perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, ` +
      'please refresh your credentials.',
    undefined,
    { 'x-ms-failure-cause': 'gateway' },
  );
}
