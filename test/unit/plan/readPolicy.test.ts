import { describe, expect, it } from 'vitest';
import { keepListing, lastPage } from '../../../src-shared/plan/readPolicy';

describe('read policy: list pages or one read per key', () => {
  const c = (pagesRead: number, unknownKeys: number, more: Partial<Parameters<typeof keepListing>[0]> = {}) =>
    keepListing({ pagesRead, unknownKeys, canReadOne: true, canList: true, ...more });

  it('reads a single key by itself, and starts a list for more', () => {
    expect(c(0, 1)).toBe(false);
    expect(c(0, 2)).toBe(true);
    expect(c(0, 10_000)).toBe(true);
    expect(c(0, 0)).toBe(false);
  });

  it('keeps paging while the pages cost fewer calls than the keys left, then reads them one by one', () => {
    expect(c(3, 10)).toBe(true);
    expect(c(9, 10)).toBe(true);
    expect(c(10, 10)).toBe(false);
    expect(c(12, 4)).toBe(false);
  });

  it('takes the only way there is', () => {
    expect(c(50, 2, { canReadOne: false })).toBe(true); // groups by name: only a list has names
    expect(c(0, 100, { canList: false })).toBe(false);
  });

  it('ends a list on a short page only when the server is known to keep the page size', () => {
    const p = (rows: number, honoured: boolean, minCap: number | null = 100) =>
      lastPage({ rows, asked: 500, honoured, minCap });
    expect(p(0, false)).toBe(true);
    expect(p(500, false)).toBe(false);
    expect(p(37, false)).toBe(true); // shorter than any documented cap: the end
    expect(p(250, false)).toBe(false); // maybe capped at 250: read on from where it stopped
    expect(p(250, true)).toBe(true); // a full page of 500 came before: the server keeps 500
    expect(p(100, false, null)).toBe(true); // page-indexed lists: a short page is the last
  });
});
