// Fewest calls: read a whole list a page at a time, or read the records one by one? Neither API returns a
// list's total, so the cost of the list is not known until it ends. The rule is the ski-rental one: keep
// paging while the pages read so far cost fewer calls than one read per record still unknown, then read
// the rest one by one. It never spends more than about twice the calls of the better choice made with
// hindsight, and a small academy or a large file ends on the list's last page.
//
// Paging ends on a short page — but a server may cap a page below what was asked (Coursepath's largest
// `limit` is undocumented; its documented defaults are 100, 250 or 500 per endpoint). So a short page ends
// the list only once the server has given a full page as asked, or when it is shorter than the smallest
// cap the API documents; otherwise the next page is read from where this one stopped.

export interface ListChoice {
  /** Pages of this list read so far (in this plan). */
  pagesRead: number;
  /** Keys still unknown that the list would answer. */
  unknownKeys: number;
  /** The records can be read one by one. */
  canReadOne: boolean;
  /** The records can be listed. */
  canList: boolean;
}

/** Keys at or below this are read one by one from the start: a list's first page would cost as much. */
export const ONE_BY_ONE_UP_TO = 1;

/** Whether to read (on) through the list rather than one read per unknown key. */
export function keepListing(c: ListChoice): boolean {
  if (c.unknownKeys === 0) return false;
  if (!c.canReadOne) return c.canList;
  if (!c.canList) return false;
  if (c.pagesRead === 0) return c.unknownKeys > ONE_BY_ONE_UP_TO;
  return c.pagesRead < c.unknownKeys;
}

export interface PageOutcome {
  /** Rows the page held. */
  rows: number;
  /** Rows asked for. */
  asked: number;
  /** A full page as asked was seen before on this list. */
  honoured: boolean;
  /** The smallest page the API documents a server giving while more rows follow (null: it keeps the size asked). */
  minCap: number | null;
}

/** Whether a list page was its last. */
export function lastPage(p: PageOutcome): boolean {
  if (p.rows === 0) return true;
  if (p.rows >= p.asked) return false;
  if (p.honoured || p.minCap === null) return true;
  return p.rows < p.minCap;
}
