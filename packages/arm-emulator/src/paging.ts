import { ArmError } from './errors';
import type { Page, PageOptions } from './context';

export interface PagingConfig {
  /** Items per page when the request gives no `$top` (default 50). */
  pageSize: number;
  /** Answer the first page of every listing empty with a nextLink, as ARM sometimes does. */
  emptyFirstPage: boolean;
}

export const DEFAULT_PAGING: PagingConfig = { pageSize: 50, emptyFirstPage: false };

const SKIP_TOKEN = '$skipToken';

/**
 * Cuts a listing into pages. `$skipToken` is the offset of the page; the nextLink repeats the request's path and
 * query (so `api-version` and `$top` survive) with the next offset. The empty first page is served under no token,
 * and its nextLink points at offset 0.
 */
export function pageOf<T>(
  items: T[],
  request: { baseUrl: string; path: string; query: URLSearchParams },
  config: PagingConfig,
  options: PageOptions = {},
): Page<T> {
  const size = pageSizeOf(request.query, config, options);
  const token = request.query.get(SKIP_TOKEN);
  if (token === null && config.emptyFirstPage && items.length > 0) {
    return { value: [], nextLink: linkTo(request, 0) };
  }
  const offset = token === null ? 0 : parseOffset(token);
  const value = items.slice(offset, offset + size);
  const next = offset + size;
  return next < items.length ? { value, nextLink: linkTo(request, next) } : { value };
}

function pageSizeOf(query: URLSearchParams, config: PagingConfig, options: PageOptions): number {
  const top = query.get('$top');
  if (!options.top || top === null) return config.pageSize;
  const parsed = Number(top);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new ArmError(
      400,
      'InvalidParameter',
      `Invalid value for '$top': expected a positive integer, got '${top}'.`,
      '$top',
    );
  }
  return parsed;
}

function parseOffset(token: string): number {
  const offset = Number(token);
  if (!Number.isInteger(offset) || offset < 0) {
    throw new ArmError(
      400,
      'InvalidSkipToken',
      `Invalid value for '$skipToken': '${token}' is not a token this service issued.`,
      SKIP_TOKEN,
    );
  }
  return offset;
}

function linkTo(request: { baseUrl: string; path: string; query: URLSearchParams }, offset: number): string {
  const query = new URLSearchParams(request.query);
  query.set(SKIP_TOKEN, String(offset));
  return `${request.baseUrl}${request.path}?${query.toString().replace(/%24/g, '$')}`;
}
