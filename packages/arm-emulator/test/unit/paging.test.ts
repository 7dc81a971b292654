import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageOf } from '../../src/paging';

const BASE = 'https://127.0.0.1:1';

function follow(items: number[], pageSize: number, emptyFirstPage: boolean, top?: number): number[][] {
  const pages: number[][] = [];
  let query = new URLSearchParams({ 'api-version': '2024-06-01', ...(top ? { $top: String(top) } : {}) });
  for (let guard = 0; guard < 1000; guard++) {
    const page = pageOf(items, { baseUrl: BASE, path: '/x', query }, { pageSize, emptyFirstPage }, { top: true });
    pages.push(page.value);
    if (!page.nextLink) return pages;
    const next = new URL(page.nextLink);
    expect(next.searchParams.get('api-version')).toBe('2024-06-01');
    query = next.searchParams;
  }
  throw new Error('nextLink never ended');
}

describe('pageOf', () => {
  it('yields every item once, in order, in pages no larger than the page size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.boolean(),
        (items, size, empty) => {
          const pages = follow(items, size, empty);
          expect(pages.flat()).toEqual(items);
          expect(pages.every((p) => p.length <= size)).toBe(true);
          if (empty && items.length > 0) expect(pages[0]).toEqual([]);
        },
      ),
    );
  });

  it('lets $top set the page size and rejects bad $top and $skipToken values', () => {
    expect(follow([1, 2, 3], 50, false, 2)).toEqual([[1, 2], [3]]);
    expect(() =>
      pageOf(
        [1],
        { baseUrl: BASE, path: '/x', query: new URLSearchParams({ $top: '0' }) },
        { pageSize: 5, emptyFirstPage: false },
        { top: true },
      ),
    ).toThrow(/\$top/);
    expect(() =>
      pageOf(
        [1],
        { baseUrl: BASE, path: '/x', query: new URLSearchParams({ $skipToken: 'abc' }) },
        { pageSize: 5, emptyFirstPage: false },
      ),
    ).toThrow(/\$skipToken/);
  });
});
