// What the per-API sync plans share: the run being filled, its fetcher, and the paging loop that saves a
// page and its cursor in one transaction, so a stopped sync resumes at the first page not saved.
import type { SyncEntity } from '../../src-shared/sync/types';
import type { ConnectionRecord } from '../db/connections';
import type { Db } from '../db/openDb';
import {
  advanceCursor,
  clearCursorCheck,
  cursorFor,
  finishCursor,
  markCursorChanged,
  restartCursor,
  type Cursor,
  type Stamp,
} from '../db/sync';
import { SyncAborted, SyncFailure, type SyncFetcher } from './syncFetcher';

export interface SyncContext {
  db: Db;
  connection: ConnectionRecord;
  runId: number;
  fetcher: SyncFetcher;
  now: () => number;
  signal: AbortSignal;
  /** Page size asked of list endpoints (Coassemble `length`, Coursepath `limit`). */
  pageSize: number;
  /** Requests in flight at once where a list fans out per row (Coursepath results). */
  concurrency: number;
  /** After each saved page. */
  progress(entity: SyncEntity, label: string, rows: number): void;
}

export const stampOf = (ctx: SyncContext): Stamp => ({
  connectionId: ctx.connection.id,
  runId: ctx.runId,
  syncedAt: ctx.now(),
});

export interface PagedList<T> {
  entity: SyncEntity;
  /** The parent this list belongs to (a course id for its trackings), '' for top-level lists. */
  scope: string;
  label: string;
  /** Path and query of page `page` (Coassemble: page index; Coursepath: offset). */
  path(page: number, pageSize: number): string;
  paging: 'page' | 'offset';
  /** The LMS's id of an API row, to tell whether the list moved (default: its `id`). */
  key?(row: unknown): string | null;
  /** Turns one page of API rows into records; may fetch more (a result per course member). */
  prepare(rows: unknown[]): Promise<T[]> | T[];
  /** Writes the records; runs inside the page's transaction. */
  write(records: T[]): void;
}

/** Times a list that changed while it was read is read again from its start; then it is read on, unpruned. */
export const MAX_LIST_RESTARTS = 3;

/**
 * Fetches a list from its saved cursor to the end. A 403 or 404 marks the list `unavailable` with the
 * API's message (a retired endpoint, a plan without it) and the sync goes on; anything else fails the run.
 * Stops when a page holds fewer rows than asked (neither API returns a total or a next link).
 *
 * Without a total, a row removed before the page being read shifts the rest up and the next page starts
 * one row late: the row that moved up is never seen, and pruning would drop it. So after each page the
 * row just before it is read again on its own (page = index with a page size of 1, or offset = index)
 * and must be the one the previous page ended with. If it is not, the list is read again from its start;
 * after MAX_LIST_RESTARTS it is read on to its end and returned as `changed`, which callers never prune.
 */
export async function syncList<T>(ctx: SyncContext, list: PagedList<T>): Promise<'done' | 'unavailable' | 'changed'> {
  const { db, runId } = ctx;
  const { entity, scope } = list;
  let c = cursorFor(db, runId, entity, scope, ctx.now());
  if (c.status !== 'pending') return c.status === 'done' && c.changed ? 'changed' : c.status;
  const reload = (): Cursor => cursorFor(db, runId, entity, scope, ctx.now());
  const keyOf = (row: unknown) => (list.key ? list.key(row) : str(obj(row).id)) ?? JSON.stringify(row);
  const indexOf = (page: number) => (list.paging === 'page' ? page * ctx.pageSize : page);
  const holds = async (check: { at: number; key: string }): Promise<boolean> => {
    const res = await ctx.fetcher.getJson(list.path(check.at, 1));
    if (res.kind === 'fatal') throw new SyncFailure(`${list.label}: ${res.message}`);
    return Array.isArray(res.body) && res.body.length > 0 && keyOf(res.body[0]) === check.key;
  };
  /** The list moved under the sync: from its start again, or, out of restarts, on to its end unpruned. */
  const changed = (): void => {
    if (c.restarts < MAX_LIST_RESTARTS) restartCursor(db, runId, entity, scope, true, ctx.now());
    else markCursorChanged(db, runId, entity, scope, ctx.now());
    c = reload();
  };

  // A cursor saved before these checks existed cannot check its next page: read the list from its start.
  if (c.nextPage !== 0 && c.lastKey === null && !c.changed) {
    restartCursor(db, runId, entity, scope, false, ctx.now());
    c = reload();
  }
  // The run stopped between saving a page and checking the row before it: check it now.
  if (c.check) {
    if (await holds(c.check)) clearCursorCheck(db, runId, entity, scope, ctx.now());
    else changed();
    c = reload();
  }
  for (;;) {
    if (ctx.signal.aborted) throw new SyncAborted();
    const page = c.nextPage;
    const res = await ctx.fetcher.getJson(list.path(page, ctx.pageSize));
    if (res.kind === 'fatal') {
      if (res.status === 403 || res.status === 404) {
        finishCursor(db, runId, entity, scope, 'unavailable', `Not available: ${res.message}`, ctx.now());
        ctx.progress(entity, list.label, 0);
        return 'unavailable';
      }
      throw new SyncFailure(`${list.label}: ${res.message}`);
    }
    if (!Array.isArray(res.body)) throw new SyncFailure(`${list.label}: expected a JSON array, got something else`);
    const rows = res.body as unknown[];
    const records = await list.prepare(rows);
    if (ctx.signal.aborted) throw new SyncAborted();
    const next = list.paging === 'page' ? page + 1 : page + rows.length;
    const last = rows.length < ctx.pageSize;
    const check = page !== 0 && !c.changed && c.lastKey !== null ? { at: indexOf(page) - 1, key: c.lastKey } : null;
    const lastKey = rows.length ? keyOf(rows[rows.length - 1]) : c.lastKey;
    db.transaction(() => {
      list.write(records);
      advanceCursor(db, runId, entity, scope, { nextPage: next, rows: rows.length, lastKey, check }, ctx.now());
    })();
    ctx.progress(entity, list.label, rows.length);
    c = reload();
    if (check) {
      if (await holds(check)) {
        clearCursorCheck(db, runId, entity, scope, ctx.now());
        c = reload();
      } else {
        changed();
        if (!c.changed) continue; // restarted from page 0
      }
    }
    if (last) {
      finishCursor(db, runId, entity, scope, 'done', null, ctx.now());
      return c.changed ? 'changed' : 'done';
    }
  }
}

/** Runs `fn` over `items` with at most `limit` at once, keeping the input order in the result. */
export async function mapLimit<A, B>(items: readonly A[], limit: number, fn: (a: A) => Promise<B>): Promise<B[]> {
  const out = new Array<B>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// ---------- reading loosely typed API rows ----------

export type Json = Record<string, unknown>;

export const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

export function str(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

export function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** A date and time with no zone designator: "2026-12-01T10:00:00", "2026-12-01 10:00:00.250". */
const NO_OFFSET = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;

/**
 * ISO 8601 → epoch ms; null for empty, false or unreadable values (Coassemble sends falsy `completed`).
 * A time without an offset is read as UTC. JavaScript would read it in this machine's zone, so the same
 * sync would store other instants on another admin's laptop. Neither API documents the zone of such a
 * string (Coursepath: "ISO 8601", offset style not shown; Coassemble's examples end in `Z`): UTC is what
 * every example shows and gives the same answer on every machine.
 */
export function time(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v !== 'string' || v === '') return null;
  const m = NO_OFFSET.exec(v.trim());
  const t = Date.parse(m ? `${m[1]}T${m[2]}Z` : v);
  return Number.isNaN(t) ? null : t;
}

export function bool(v: unknown): boolean | null {
  return typeof v === 'boolean' ? v : null;
}

/** The first of several spellings present (Coassemble's `progress_percent` vs `progressPercent`). */
export function first(o: Json, ...keys: string[]): unknown {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) return o[k];
  return null;
}
