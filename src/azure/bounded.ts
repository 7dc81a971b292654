import { getContinuationToken as cosmosContinuationToken } from '@azure/arm-cosmosdb';
import { getContinuationToken as networkContinuationToken } from '@azure/arm-network';
import { getContinuationToken as privateDnsContinuationToken } from '@azure/arm-privatedns';
import { RestError } from '@azure/core-rest-pipeline';
import { RUN_DEADLINE_CODE } from './errors';

/** As long as GenericArm's polls (300 at 2 s): Azure usually finishes a PUT in a minute or two. */
export const DEFAULT_MAX_WAIT_MS = 10 * 60_000;

/**
 * The SDK's pollers wait as long as an operation says "running", and as long between polls as ARM's `Retry-After`
 * says; a stuck operation must hold a run neither forever nor past the run's `deadline`. `what` names the operation
 * in the error, e.g. "private endpoint <id>: the refresh PUT".
 */
export async function untilDone<T>(
  what: string,
  maxWaitMs: number,
  wait: (signal: AbortSignal) => Promise<T>,
  deadline?: AbortSignal,
): Promise<T> {
  const waited = AbortSignal.timeout(maxWaitMs);
  try {
    return await wait(deadline ? AbortSignal.any([waited, deadline]) : waited);
  } catch (error) {
    if (deadline?.aborted) {
      throw new RestError(
        `${what} was accepted but is not finished when the run's deadline passed (AUTOPILOT_RUN_DEADLINE_SECONDS); the next run looks again`,
        {
          code: RUN_DEADLINE_CODE,
        },
      );
    }
    if (!waited.aborted) throw error;
    throw new Error(`${what} was accepted but is not finished after ${maxWaitMs} ms; the next run looks again`);
  }
}

/** A listing longer than this is a server bug (a nextLink loop), not data. */
export const MAX_PAGES = 10_000;
/** Four times ARM's per-zone record set limit (25,000); no listing the autopilot reads comes near it. */
export const MAX_LISTED_ITEMS = 100_000;

export interface ListingBounds {
  /** Names the listing in errors, e.g. "A record sets of zone <id>". */
  what: string;
  maxItems?: number;
  maxPages?: number;
}

/** What the SDKs' `list*()` operations return; only their page view is used. */
export interface PagedListing<T> {
  byPage(): AsyncIterable<T[]>;
}

/**
 * Every item of an SDK listing. The SDKs follow `nextLink` for as long as the server sends one; this stops with an
 * error naming the listing when a continuation token comes back a second time (a loop), or past `maxPages` pages or
 * `maxItems` items (a chain that never ends). Stopping the page iterator ends the SDK's requests too.
 */
export async function collectBounded<T>(listing: PagedListing<T>, bounds: ListingBounds): Promise<T[]> {
  const maxItems = bounds.maxItems ?? MAX_LISTED_ITEMS;
  const maxPages = bounds.maxPages ?? MAX_PAGES;
  const items: T[] = [];
  const seenTokens = new Set<string>();
  let pages = 0;
  for await (const page of listing.byPage()) {
    pages += 1;
    if (pages > maxPages)
      throw new Error(
        `${bounds.what}: more than ${maxPages} pages; stopped listing (a nextLink chain that does not end)`,
      );
    items.push(...page);
    if (items.length > maxItems)
      throw new Error(
        `${bounds.what}: more than ${maxItems} items; stopped listing (a nextLink chain that does not end)`,
      );
    const token = continuationTokenOf(page);
    if (token === undefined) continue;
    if (seenTokens.has(token))
      throw new Error(
        `${bounds.what}: page ${pages} links to a nextLink already followed; stopped listing (a nextLink loop)`,
      );
    seenTokens.add(token);
  }
  return items;
}

/** Each SDK remembers the nextLink of the pages it made; a page belongs to exactly one of them. */
function continuationTokenOf(page: unknown): string | undefined {
  return networkContinuationToken(page) ?? privateDnsContinuationToken(page) ?? cosmosContinuationToken(page);
}

/** SDK and GenericArm poller options: the poll interval only when one is set, so the SDK keeps its own default. */
export function pollingOptions(updateIntervalInMs: number | undefined): { updateIntervalInMs?: number } {
  return updateIntervalInMs === undefined ? {} : { updateIntervalInMs };
}
