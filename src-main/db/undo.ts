// SQL for undo (src-main/undo/): a job's rows a page at a time with what each sent and the state its
// target had before, the undo jobs made of a job, and the derived dataset an undo job runs on.
import type { ItemStatus, JobState } from '../../src-shared/contract/api';
import type { Db } from './openDb';
import { createDataset, rowAppender } from './datasets';

export interface UndoSourceRow {
  itemId: number;
  rowNumber: number;
  status: ItemStatus;
  key: string | null;
  captured: Record<string, string> | null;
  /** Why the row ended as it did when its answer alone does not say (an add found already there). */
  note: string | null;
  /** The last send: its URL, body and answer's status (null when the row never left). */
  sentUrl: string | null;
  sentBody: string | null;
  sentStatus: number | null;
  /** Every prior read of the row, oldest first, with its attempt number. */
  priors: { attempt: number; status: number | null; body: string; error: string | null }[];
  /** The attempt number of the row's first send (null: never sent). */
  firstSend: number | null;
  /** The undo job (of this job) in which this row's undo succeeded, if any. */
  undoneBy: string | null;
  /** When that undo job was made (null when none): what it put back is the state before this row. */
  undoneAt: number | null;
  /**
   * The undo of that undo job in which this row's change was put back (its row succeeded, and was not
   * itself undone since), if any: the change is in the LMS again, and that job's undo takes it back.
   */
  redoneBy: string | null;
  /** When the row's first send left (null: never sent). */
  firstSentAt: number | null;
}

/** A recipe job's item, as undo reads it: a step of a row (and one of its listed values). */
export interface RecipeUndoSourceItem extends UndoSourceRow {
  step: number;
  fanIndex: number;
}

interface SourceRow {
  id: number;
  row_number: number;
  status: ItemStatus;
  row_key: string | null;
  captured_json: string | null;
  note: string | null;
  url: string | null;
  request_body: string | null;
  response_status: number | null;
  first_send: number | null;
  first_sent_at: number | null;
  undone_by: string | null;
  undone_at: number | null;
  redone_by: string | null;
}

const toSource = (r: SourceRow, priors: Map<number, UndoSourceRow['priors']>): UndoSourceRow => ({
  itemId: r.id,
  rowNumber: r.row_number,
  status: r.status,
  key: r.row_key,
  captured: r.captured_json ? (JSON.parse(r.captured_json) as Record<string, string>) : null,
  note: r.note,
  sentUrl: r.url,
  sentBody: r.request_body,
  sentStatus: r.response_status,
  priors: priors.get(r.id) ?? [],
  firstSend: r.first_send,
  undoneBy: r.undone_by,
  undoneAt: r.undone_at,
  redoneBy: r.redone_by,
  firstSentAt: r.first_sent_at,
});

/** Every prior read of the job's items with ids `from`…`to`, oldest first, by item. */
function priorsOf(db: Db, jobId: string, from: number, to: number): Map<number, UndoSourceRow['priors']> {
  const priors = new Map<number, UndoSourceRow['priors']>();
  const read = db
    .prepare(
      `SELECT a.item_id, a.attempt, a.response_status, a.response_body, a.error FROM attempts a JOIN job_items i ON i.id = a.item_id
        WHERE i.job_id = ? AND i.id BETWEEN ? AND ? AND a.kind = 'prior' ORDER BY a.item_id, a.attempt`,
    )
    .all(jobId, from, to) as {
    item_id: number;
    attempt: number;
    response_status: number | null;
    response_body: string | null;
    error: string | null;
  }[];
  for (const p of read) {
    const list = priors.get(p.item_id) ?? [];
    list.push({ attempt: p.attempt, status: p.response_status, body: p.response_body ?? '', error: p.error });
    priors.set(p.item_id, list);
  }
  return priors;
}

/**
 * One page of a recipe job's items after item `afterId`, in id order — row by row, step by step, as they
 * were made (recipeItems.ts) — with what each sent, its target's state before, and the undo job whose
 * item that names it (`undoes_item`) succeeded.
 */
export function recipeUndoSourcePage(db: Db, jobId: string, afterId: number, limit: number): RecipeUndoSourceItem[] {
  const rows = db
    .prepare(
      `SELECT i.id, i.row_number, i.step, i.fan_index, i.status, i.row_key, i.captured_json, i.note, a.url, a.request_body,
              a.response_status,
              f.attempt AS first_send, f.started_at AS first_sent_at, ub.id AS undone_by, ub.created_at AS undone_at,
              (SELECT r.id FROM job_items ri JOIN jobs r ON r.id = ri.job_id
                WHERE ri.undoes_item = uitem.id AND r.undo_of = ub.id AND ri.status = 'succeeded'
                  AND NOT EXISTS (SELECT 1 FROM job_items zi JOIN jobs z ON z.id = zi.job_id
                                   WHERE zi.undoes_item = ri.id AND z.undo_of = r.id AND zi.status = 'succeeded')
                ORDER BY r.created_at LIMIT 1) AS redone_by
         FROM job_items i
         LEFT JOIN attempts a ON a.id = (SELECT id FROM attempts WHERE item_id = i.id AND kind = 'send'
                                           ORDER BY attempt DESC LIMIT 1)
         LEFT JOIN attempts f ON f.id = (SELECT id FROM attempts WHERE item_id = i.id AND kind = 'send'
                                           ORDER BY attempt LIMIT 1)
         LEFT JOIN job_items uitem ON uitem.id = (SELECT ui.id FROM job_items ui JOIN jobs u ON u.id = ui.job_id
                                        WHERE ui.undoes_item = i.id AND u.undo_of = i.job_id AND ui.status = 'succeeded'
                                        ORDER BY u.created_at LIMIT 1)
         LEFT JOIN jobs ub ON ub.id = uitem.job_id
        WHERE i.job_id = ? AND i.id > ? ORDER BY i.id LIMIT ?`,
    )
    .all(jobId, afterId, limit) as (SourceRow & { step: number; fan_index: number })[];
  if (rows.length === 0) return [];
  const priors = priorsOf(db, jobId, rows[0]!.id, rows.at(-1)!.id);
  return rows.map((r) => ({ ...toSource(r, priors), step: r.step, fanIndex: r.fan_index }));
}

/** One page of a job's rows after `afterRow`, in row order (keyset paging: flat memory). */
export function undoSourcePage(db: Db, jobId: string, afterRow: number, limit: number): UndoSourceRow[] {
  const rows = db
    .prepare(
      `SELECT i.id, i.row_number, i.status, i.row_key, i.captured_json, i.note, a.url, a.request_body, a.response_status,
              f.attempt AS first_send, f.started_at AS first_sent_at, ub.id AS undone_by, ub.created_at AS undone_at,
              (SELECT r.id FROM jobs r JOIN job_items ri ON ri.job_id = r.id
                WHERE r.undo_of = ub.id AND ri.row_number = i.row_number AND ri.status = 'succeeded'
                  AND NOT EXISTS (SELECT 1 FROM jobs z JOIN job_items zi ON zi.job_id = z.id
                                   WHERE z.undo_of = r.id AND zi.row_number = i.row_number AND zi.status = 'succeeded')
                ORDER BY r.created_at LIMIT 1) AS redone_by
         FROM job_items i
         LEFT JOIN attempts a ON a.id = (SELECT id FROM attempts WHERE item_id = i.id AND kind = 'send'
                                           ORDER BY attempt DESC LIMIT 1)
         LEFT JOIN attempts f ON f.id = (SELECT id FROM attempts WHERE item_id = i.id AND kind = 'send'
                                           ORDER BY attempt LIMIT 1)
         LEFT JOIN jobs ub ON ub.id = (SELECT u.id FROM jobs u JOIN job_items ui ON ui.job_id = u.id
                                        WHERE u.undo_of = i.job_id AND ui.row_number = i.row_number AND ui.status = 'succeeded'
                                        ORDER BY u.created_at LIMIT 1)
        WHERE i.job_id = ? AND i.row_number > ? ORDER BY i.row_number LIMIT ?`,
    )
    .all(jobId, afterRow, limit) as SourceRow[];
  if (rows.length === 0) return [];
  // Items are made in row order, but their ids are not relied on for it: the page's whole id range.
  const ids = rows.map((r) => r.id);
  const priors = priorsOf(db, jobId, Math.min(...ids), Math.max(...ids));
  return rows.map((r) => toSource(r, priors));
}

export interface UndoJobRow {
  id: string;
  state: JobState;
  createdAt: number;
  succeeded: number;
  /** Rows still to send, or in doubt. */
  open: number;
  /** Of those, the rows in doubt (or left `sending`): settled, not resumed. */
  inDoubt: number;
}

/** The undo jobs made of a job, oldest first, with how many rows each undid and how many are still open. */
export function undoJobsOf(db: Db, jobId: string): UndoJobRow[] {
  return db
    .prepare(
      `SELECT u.id, u.state, u.created_at AS createdAt,
              (SELECT COUNT(*) FROM job_items WHERE job_id = u.id AND status = 'succeeded') AS succeeded,
              (SELECT COUNT(*) FROM job_items WHERE job_id = u.id
                 AND status IN ('pending', 'sending', 'retry_wait', 'in_doubt', 'waiting')) AS open,
              (SELECT COUNT(*) FROM job_items WHERE job_id = u.id AND status IN ('sending', 'in_doubt')) AS inDoubt
         FROM jobs u WHERE u.undo_of = ? ORDER BY u.created_at`,
    )
    .all(jobId) as UndoJobRow[];
}

export interface DerivedDataset {
  id: string;
  name: string;
  fileName: string;
  columns: string[];
  importedAt: number;
  /** Where the rows came from, e.g. {kind: 'undo', jobId}. */
  source: Record<string, unknown>;
}

/**
 * Starts a dataset whose rows are made by the app (an undo job's compensating rows), keeping each row's
 * own number (the original job's row it undoes). Returns the row writer and the finisher, which marks it
 * ready with its row count and the SHA-256 and size of its rows written as CSV. Call inside a transaction.
 */
export function derivedDataset(db: Db, d: DerivedDataset) {
  createDataset(db, { id: d.id, name: d.name, fileName: d.fileName, importedAt: d.importedAt });
  db.prepare(`UPDATE datasets SET columns_json = ?, source_json = ? WHERE id = ?`).run(
    JSON.stringify(d.columns),
    JSON.stringify(d.source),
    d.id,
  );
  // Rows go in the dataset's block stream like an import's (datasetBlocks.ts), numbers rising with gaps.
  const append = rowAppender(db, d.id);
  let rows = 0;
  return {
    add(rowNumber: number, cells: string[]): void {
      append([cells], rowNumber);
      rows++;
    },
    finish(digest: { sha256: string; sizeBytes: number }): void {
      db.prepare(
        `UPDATE datasets SET row_count = ?, state = 'ready', sha256 = ?, size_bytes = ? WHERE id = ?`,
      ).run(rows, digest.sha256, digest.sizeBytes, d.id);
    },
  };
}

/** Where a dataset's rows came from when not from a file (null for an imported file). */
export function datasetSource(db: Db, datasetId: string): Record<string, unknown> | null {
  const json = db.prepare('SELECT source_json FROM datasets WHERE id = ?').pluck().get(datasetId) as
    | string
    | null
    | undefined;
  return json ? (JSON.parse(json) as Record<string, unknown>) : null;
}

/** What a job being undone wrote to one target (laterChangeGuard.ts): its template, and each write's request as stored. */
export interface WritesOnTarget {
  templateId: string;
  writes: { url: string; body: string | null }[];
}

/**
 * For an item of undo job `undoJob` (undoing job `undoOf`): the item it takes back — the one it names
 * (`undoes_item`, a recipe job's undo), else the original's row of the same number — and every item of
 * that job on the same step and target (`row_key`: several rows may repeat a target) whose write the LMS
 * took: succeeded, or failed only by a read-back after a 2xx (as undo counts a write, undoRows.ts).
 * Null when the item takes nothing back (cannot happen for an undo job's item).
 */
export function writesOnTarget(db: Db, undoOf: string): (itemId: number) => WritesOnTarget | null {
  const originalOf = db.prepare(
    `SELECT o.id, o.row_key, o.step, COALESCE(o.template_id, j.template_id) AS template_id
       FROM job_items u JOIN job_items o ON o.job_id = ?
            AND (CASE WHEN u.undoes_item IS NOT NULL THEN o.id = u.undoes_item
                      ELSE o.row_number = u.row_number AND o.step = 0 AND o.fan_index = 0 END)
       JOIN jobs j ON j.id = o.job_id
      WHERE u.id = ?`,
  );
  const writesOf = db.prepare(
    `SELECT a.url, a.request_body AS body FROM job_items w
       JOIN attempts a ON a.id = (SELECT id FROM attempts WHERE item_id = w.id AND kind = 'send' ORDER BY attempt DESC LIMIT 1)
      WHERE w.job_id = ? AND w.step = ? AND (w.id = ? OR w.row_key = ?)
        AND (w.status = 'succeeded' OR (w.status = 'failed' AND a.response_status BETWEEN 200 AND 299))`,
  );
  return (itemId) => {
    const original = originalOf.get(undoOf, itemId) as
      | { id: number; row_key: string | null; step: number; template_id: string }
      | undefined;
    if (!original) return null;
    const writes = writesOf.all(undoOf, original.step, original.id, original.row_key) as { url: string; body: string | null }[];
    return { templateId: original.template_id, writes };
  };
}
