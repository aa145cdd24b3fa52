// Succeeded items without a row key: jobs sent before keys existed (migration 0005), keyed once by
// ../safety/legacyRowKeys.ts; the few it cannot key stay NULL and are counted for the preflight. All
// reads go through the partial index of such items (migration 0016), so they cost nothing once keyed.
import type { Db } from './openDb';
import { lmsScope } from './sentKeys';

export const LEGACY_ROW_KEYS = 'legacy-row-keys';

/** Whether a one-time backfill (migration 0016's `backfills`) has yet to finish. */
export function backfillPending(db: Db, name: string): boolean {
  return db.prepare('SELECT 1 FROM backfills WHERE name = ? AND done_at IS NULL').get(name) !== undefined;
}

export function markBackfillDone(db: Db, name: string, at: number): void {
  db.prepare('UPDATE backfills SET done_at = ? WHERE name = ?').run(at, name);
}

/** The jobs that have succeeded items without a key. */
export function jobsWithUnkeyedItems(db: Db): string[] {
  return db
    .prepare(`SELECT DISTINCT job_id FROM job_items WHERE status = 'succeeded' AND row_key IS NULL`)
    .pluck()
    .all() as string[];
}

export interface UnkeyedItem {
  id: number;
  rowNumber: number;
  method: string;
  /** The latest send of the item (a successful one first), as stored; null when none is kept. */
  url: string | null;
  body: string | null;
}

/** A job's succeeded items without a key, after `afterRow`, in row order, a page at a time. */
export function unkeyedItemsAfter(db: Db, jobId: string, afterRow: number, limit: number): UnkeyedItem[] {
  return db
    .prepare(
      `SELECT i.id, i.row_number AS rowNumber, i.method, a.url, a.request_body AS body
         FROM job_items i
         LEFT JOIN attempts a ON a.id = (
           SELECT id FROM attempts WHERE item_id = i.id AND kind = 'send'
            ORDER BY response_status BETWEEN 200 AND 299 DESC, attempt DESC LIMIT 1)
        WHERE i.job_id = ? AND i.status = 'succeeded' AND i.row_key IS NULL AND i.row_number > ?
        ORDER BY i.row_number LIMIT ?`,
    )
    .all(jobId, afterRow, limit) as UnkeyedItem[];
}

/** Stores the keys found, in one transaction. */
export function setItemKeys(db: Db, keys: readonly { id: number; key: string }[]): void {
  const set = db.prepare('UPDATE job_items SET row_key = ? WHERE id = ? AND row_key IS NULL');
  db.transaction(() => {
    for (const k of keys) set.run(k.key, k.id);
  })();
}

export interface UnkeyedTestSend {
  id: number;
  connectionId: string;
  templateId: string;
  method: string;
  url: string;
  body: string | null;
}

/** Successful test sends without a key (test calls are few: one per click). */
export function unkeyedTestSends(db: Db): UnkeyedTestSend[] {
  return db
    .prepare(
      `SELECT id, connection_id AS connectionId, template_id AS templateId, method, url, request_body AS body
         FROM test_calls WHERE row_key IS NULL AND response_status BETWEEN 200 AND 299`,
    )
    .all() as UnkeyedTestSend[];
}

export function setTestSendKeys(db: Db, keys: readonly { id: number; key: string }[]): void {
  const set = db.prepare('UPDATE test_calls SET row_key = ? WHERE id = ? AND row_key IS NULL');
  db.transaction(() => {
    for (const k of keys) set.run(k.key, k.id);
  })();
}

/**
 * How many rows sent to this connection's LMS with this template (in jobs or as test sends), by any
 * connection that pointed there (./sentKeys.ts, lmsScope), have no key to compare.
 */
export function uncheckedSends(db: Db, connectionId: string, templateId: string): number {
  const lms = lmsScope(db, connectionId);
  const inJobs = db
    .prepare(
      `SELECT COUNT(*) FROM job_items i INDEXED BY job_items_succeeded_unkeyed JOIN jobs j ON j.id = i.job_id
        WHERE i.status = 'succeeded' AND i.row_key IS NULL
          AND ${lms.where('j')} AND COALESCE(i.template_id, j.template_id) = ?`,
    )
    .pluck()
    .get(...lms.args, templateId) as number;
  const inTests = db
    .prepare(
      `SELECT COUNT(*) FROM test_calls t WHERE ${lms.where('t')} AND t.template_id = ? AND t.row_key IS NULL
          AND t.response_status BETWEEN 200 AND 299`,
    )
    .pluck()
    .get(...lms.args, templateId) as number;
  return inJobs + inTests;
}
