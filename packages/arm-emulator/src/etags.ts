import type { RequestContext } from './context';
import { preconditionFailed } from './errors';

/**
 * `If-Match` (a current etag, or `*` for "must exist") and `If-None-Match: *` ("must not exist"), as Private DNS
 * applies them: any mismatch is 412 `PreconditionFailed` and nothing changes.
 */
export function checkPreconditions(
  ctx: RequestContext,
  resourceType: string,
  name: string,
  currentEtag: string | undefined,
  exists: boolean,
): void {
  const ifMatch = ctx.header('if-match');
  const ifNoneMatch = ctx.header('if-none-match');
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() === '*' && exists) {
    throw preconditionFailed(resourceType, name, 'If-None-Match is "*" but the resource exists');
  }
  if (ifMatch === undefined) return;
  if (!exists) throw preconditionFailed(resourceType, name, 'If-Match was given but the resource does not exist');
  const wanted = ifMatch.split(',').map(bareEtag);
  if (wanted.includes('*')) return;
  if (currentEtag === undefined || !wanted.includes(bareEtag(currentEtag))) {
    throw preconditionFailed(resourceType, name, `If-Match ${ifMatch} does not match the current etag`);
  }
}

function bareEtag(etag: string): string {
  return etag
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
}
