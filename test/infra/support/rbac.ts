/**
 * The RBAC action ARM authorises a request against, read off its method and path the way ARM does: the provider
 * namespace, then the resource types of the path (names dropped), then read, write, delete or `<name>/action`.
 */
const VERBS: Record<string, string> = { GET: 'read', HEAD: 'read', PUT: 'write', PATCH: 'write', DELETE: 'delete' };

export function rbacAction(method: string, path: string): string {
  const segments = path.split('/').filter((s) => s.length > 0);
  const lower = segments.map((s) => s.toLowerCase());
  const at = lower.indexOf('providers');
  if (at < 0) {
    // /subscriptions, /subscriptions/{id}, /subscriptions/{id}/resourceGroups/{rg}: Microsoft.Resources types.
    const types = segments.filter((_, i) => i % 2 === 0);
    return `Microsoft.Resources/${types.join('/')}/${verbOf(method, path)}`;
  }
  const namespace = segments[at + 1];
  const rest = segments.slice(at + 2);
  if (!namespace || rest.length === 0)
    throw new Error(`${method} ${path}: expected a resource path after /providers/{namespace}`);
  if (method.toUpperCase() === 'POST') {
    // .../{type}/{name}/{action}: the action on that type.
    const types = rest.slice(0, -1).filter((_, i) => i % 2 === 0);
    return `${namespace}/${types.join('/')}/${rest[rest.length - 1]}/action`;
  }
  const types = rest.filter((_, i) => i % 2 === 0);
  return `${namespace}/${types.join('/')}/${verbOf(method, path)}`;
}

function verbOf(method: string, path: string): string {
  const verb = VERBS[method.toUpperCase()];
  if (verb === undefined) throw new Error(`${method} ${path}: no RBAC verb for this method`);
  return verb;
}
