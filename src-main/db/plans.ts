// Plans, their rows, and what their reads found (migration 0011). A plan's reads are saved as they come
// back — a list page with its cursor in one transaction — so a plan stopped mid-read resumes from them.
import type { ConnectionTarget } from '../../src-shared/connections/connectionTarget';
import type { Page, PlanRowDto } from '../../src-shared/contract/api';
import type { Template } from '../../src-shared/connectors/types';
import type { Mapping } from '../../src-shared/mapping/types';
import type { LmsRecord } from '../../src-shared/plan/planner';
import {
  emptyCounts,
  type PlanCounts,
  type PlanDiff,
  type PlanRowClass,
  type PlanSource,
  type PlanState,
} from '../../src-shared/plan/types';
import type { Db } from './openDb';

export interface PlanOptions {
  allowDuplicates?: boolean;
  maxAgeMs?: number;
  /**
   * The LMS (address and account) the plan read, as its connection pointed when it was made: its verdicts
   * are about that LMS, so neither its resume nor its run may go to another (plans made before this was
   * kept have none).
   */
  target?: ConnectionTarget;
}

/** A plan as stored: its DTO's facts, plus what it needs to read again and to run. */
export interface PlanRecord {
  id: string;
  datasetId: string;
  fileName: string;
  connectionId: string;
  connectionName: string;
  templateId: string;
  templateName: string;
  runTemplateId: string;
  mapping: Mapping;
  options: PlanOptions;
  source: PlanSource;
  state: PlanState;
  error: string | null;
  counts: PlanCounts;
  rows: number;
  calls: number;
  createdAt: number;
  finishedAt: number | null;
  jobId: string | null;
  /**
   * What it previewed, frozen when it was made (migration 26): its template and its run's, when another.
   * null: a plan made before, which resolves them from the catalog (../plan/planTemplates.ts).
   */
  templates: readonly Template[] | null;
}

interface PlanRow {
  id: string;
  dataset_id: string;
  file_name: string;
  connection_id: string;
  connection_name: string;
  template_id: string;
  template_name: string;
  run_template_id: string;
  mapping_json: string;
  options_json: string;
  source: 'live' | 'sync';
  synced_at: number | null;
  state: PlanState;
  error: string | null;
  counts_json: string | null;
  row_count: number;
  calls: number;
  created_at: number;
  finished_at: number | null;
  job_id: string | null;
  templates_json: string | null;
}

const toRecord = (r: PlanRow): PlanRecord => ({
  id: r.id,
  datasetId: r.dataset_id,
  fileName: r.file_name,
  connectionId: r.connection_id,
  connectionName: r.connection_name,
  templateId: r.template_id,
  templateName: r.template_name,
  runTemplateId: r.run_template_id,
  mapping: JSON.parse(r.mapping_json) as Mapping,
  options: JSON.parse(r.options_json) as PlanOptions,
  source: r.source === 'sync' ? { kind: 'sync', syncedAt: r.synced_at ?? 0 } : { kind: 'live' },
  state: r.state,
  error: r.error,
  counts: r.counts_json
    ? { ...emptyCounts(), ...(JSON.parse(r.counts_json) as Partial<PlanCounts>) }
    : emptyCounts(),
  rows: r.row_count,
  calls: r.calls,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
  jobId: r.job_id,
  templates: r.templates_json ? (JSON.parse(r.templates_json) as Template[]) : null,
});

export function createPlan(db: Db, p: PlanRecord): void {
  db.prepare(
    `INSERT INTO plans (id, dataset_id, file_name, connection_id, connection_name, template_id, template_name,
       run_template_id, mapping_json, options_json, source, synced_at, state, created_at, templates_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    p.id,
    p.datasetId,
    p.fileName,
    p.connectionId,
    p.connectionName,
    p.templateId,
    p.templateName,
    p.runTemplateId,
    JSON.stringify(p.mapping),
    JSON.stringify(p.options),
    p.source.kind,
    p.source.kind === 'sync' ? p.source.syncedAt : null,
    p.state,
    p.createdAt,
    p.templates ? JSON.stringify(p.templates) : null,
  );
}

export function getPlan(db: Db, id: string): PlanRecord | undefined {
  const r = db.prepare('SELECT * FROM plans WHERE id = ?').get(id) as PlanRow | undefined;
  return r && toRecord(r);
}

export function listPlans(db: Db, datasetId?: string): PlanRecord[] {
  const rows = (
    datasetId
      ? db.prepare('SELECT * FROM plans WHERE dataset_id = ? ORDER BY created_at DESC').all(datasetId)
      : db.prepare('SELECT * FROM plans ORDER BY created_at DESC').all()
  ) as PlanRow[];
  return rows.map(toRecord);
}

export function setPlanState(
  db: Db,
  id: string,
  state: PlanState,
  at: number,
  error: string | null = null,
): void {
  db.prepare(
    `UPDATE plans SET state = ?, error = ?, finished_at = CASE WHEN ? = 'reading' THEN NULL ELSE ? END WHERE id = ?`,
  ).run(state, error, state, at, id);
}

export function addPlanCalls(db: Db, id: string, calls: number): void {
  if (calls) db.prepare('UPDATE plans SET calls = calls + ? WHERE id = ?').run(calls, id);
}

export function setPlanJob(db: Db, id: string, jobId: string): void {
  db.prepare('UPDATE plans SET job_id = ? WHERE id = ?').run(jobId, id);
}

/** At startup no plan reads: one left `reading` was stopped (closed, killed) and can be resumed. */
export function markReadingPlansInterrupted(db: Db, at: number): number {
  return db
    .prepare(`UPDATE plans SET state = 'interrupted', finished_at = ?, error = NULL WHERE state = 'reading'`)
    .run(at).changes;
}

// ---------- rows ----------

export interface NewPlanRow {
  rowNumber: number;
  class: PlanRowClass;
  key: string | null;
  diff: readonly PlanDiff[];
  note: string | null;
  call: string | null;
  resolved: Readonly<Record<string, string>> | null;
  fingerprint: string | null;
}

/**
 * The plan's verdicts, all at once: earlier rows (a resumed plan's) are replaced, and the plan becomes
 * `ready` with its counts in the same transaction, so a plan is never ready with half its rows.
 */
export function savePlanRows(db: Db, planId: string, rows: Iterable<NewPlanRow>, at: number): PlanCounts {
  return db.transaction(() => {
    db.prepare('DELETE FROM plan_rows WHERE plan_id = ?').run(planId);
    const insert = db.prepare(
      `INSERT INTO plan_rows (plan_id, row_number, class, row_key, diff_json, note, call, resolved_json, fingerprint)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const counts = emptyCounts();
    let n = 0;
    for (const r of rows) {
      counts[r.class] += 1;
      n += 1;
      insert.run(
        planId,
        r.rowNumber,
        r.class,
        r.key,
        r.diff.length ? JSON.stringify(r.diff) : null,
        r.note,
        r.call,
        r.resolved ? JSON.stringify(r.resolved) : null,
        r.fingerprint,
      );
    }
    db.prepare(
      `UPDATE plans SET state = 'ready', error = NULL, counts_json = ?, row_count = ?, finished_at = ? WHERE id = ?`,
    ).run(JSON.stringify(counts), n, at, planId);
    return counts;
  })();
}

interface PlanRowRow {
  row_number: number;
  class: PlanRowClass;
  row_key: string | null;
  diff_json: string | null;
  note: string | null;
  call: string | null;
  resolved_json: string | null;
  fingerprint: string | null;
}

const toRowDto = (r: PlanRowRow): PlanRowDto => ({
  rowNumber: r.row_number,
  class: r.class,
  key: r.row_key,
  diff: r.diff_json ? (JSON.parse(r.diff_json) as PlanDiff[]) : [],
  note: r.note,
  call: r.call,
});

export function planRowsPage(
  db: Db,
  planId: string,
  cls: PlanRowClass | undefined,
  offset: number,
  limit: number,
): Page<PlanRowDto> {
  const where = cls ? 'plan_id = ? AND class = ?' : 'plan_id = ?';
  const args = cls ? [planId, cls] : [planId];
  const total = db
    .prepare(`SELECT COUNT(*) FROM plan_rows WHERE ${where}`)
    .pluck()
    .get(...args) as number;
  const rows = db
    .prepare(`SELECT * FROM plan_rows WHERE ${where} ORDER BY row_number LIMIT ? OFFSET ?`)
    .all(...args, limit, offset) as PlanRowRow[];
  return { total, items: rows.map(toRowDto) };
}

export interface StoredPlanRow extends PlanRowDto {
  resolved: Record<string, string> | null;
  fingerprint: string | null;
}

/** Every row of a plan after `afterRow`, in row order, a page at a time (for making its job). */
export function planRowsAfter(db: Db, planId: string, afterRow: number, limit: number): StoredPlanRow[] {
  const rows = db
    .prepare(`SELECT * FROM plan_rows WHERE plan_id = ? AND row_number > ? ORDER BY row_number LIMIT ?`)
    .all(planId, afterRow, limit) as PlanRowRow[];
  return rows.map((r) => ({
    ...toRowDto(r),
    resolved: r.resolved_json ? (JSON.parse(r.resolved_json) as Record<string, string>) : null,
    fingerprint: r.fingerprint,
  }));
}

// ---------- reads ----------

/** Everything the plan has read so far: reader → key → record, or null when read and not in the LMS. */
export function loadPlanReads(db: Db, planId: string): Map<string, Map<string, LmsRecord | null>> {
  const out = new Map<string, Map<string, LmsRecord | null>>();
  const rows = db
    .prepare('SELECT reader, key, record_json FROM plan_reads WHERE plan_id = ?')
    .all(planId) as { reader: string; key: string; record_json: string | null }[];
  for (const r of rows) {
    let m = out.get(r.reader);
    if (!m) out.set(r.reader, (m = new Map()));
    m.set(r.key, r.record_json === null ? null : (JSON.parse(r.record_json) as LmsRecord));
  }
  return out;
}

export function countPlanReads(db: Db, planId: string): number {
  return db.prepare('SELECT COUNT(*) FROM plan_reads WHERE plan_id = ?').pluck().get(planId) as number;
}

export interface ReadEntry {
  reader: string;
  key: string;
  record: LmsRecord | null;
}

function insertReads(db: Db, planId: string, entries: readonly ReadEntry[]): void {
  const st = db.prepare(
    `INSERT INTO plan_reads (plan_id, reader, key, record_json) VALUES (?, ?, ?, ?)
     ON CONFLICT (plan_id, reader, key) DO UPDATE SET record_json = excluded.record_json`,
  );
  for (const e of entries)
    st.run(planId, e.reader, e.key, e.record === null ? null : JSON.stringify(e.record));
}

/** One-by-one reads, with the calls they took. */
export function savePlanReads(db: Db, planId: string, entries: readonly ReadEntry[], calls: number): void {
  db.transaction(() => {
    insertReads(db, planId, entries);
    addPlanCalls(db, planId, calls);
  })();
}

export interface ListCursor {
  nextPage: number;
  pages: number;
  honoured: boolean;
  done: boolean;
}

export function listCursor(db: Db, planId: string, source: string, scope: string): ListCursor {
  const r = db
    .prepare(
      'SELECT next_page, pages, honoured, done FROM plan_lists WHERE plan_id = ? AND source = ? AND scope = ?',
    )
    .get(planId, source, scope) as
    { next_page: number; pages: number; honoured: number; done: number } | undefined;
  return r
    ? { nextPage: r.next_page, pages: r.pages, honoured: r.honoured === 1, done: r.done === 1 }
    : { nextPage: 0, pages: 0, honoured: false, done: false };
}

/** A list page: the records it found, the cursor after it and its calls, in one transaction. */
export function savePlanListPage(
  db: Db,
  planId: string,
  source: string,
  scope: string,
  cursor: ListCursor,
  entries: readonly ReadEntry[],
  calls: number,
): void {
  db.transaction(() => {
    insertReads(db, planId, entries);
    db.prepare(
      `INSERT INTO plan_lists (plan_id, source, scope, next_page, pages, honoured, done) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (plan_id, source, scope) DO UPDATE SET next_page = excluded.next_page, pages = excluded.pages,
         honoured = excluded.honoured, done = excluded.done`,
    ).run(planId, source, scope, cursor.nextPage, cursor.pages, cursor.honoured ? 1 : 0, cursor.done ? 1 : 0);
    addPlanCalls(db, planId, calls);
  })();
}

/** A plan's reads as they come back (../plan/liveReads.ts), saved with the HTTP calls they took (`takeCalls`). */
export function planReadStore(db: Db, planId: string, takeCalls: () => number) {
  return {
    cursor: (source: string, scope: string) => listCursor(db, planId, source, scope),
    savePage: (source: string, scope: string, cursor: ListCursor, entries: readonly ReadEntry[]) =>
      savePlanListPage(db, planId, source, scope, cursor, entries, takeCalls()),
    saveReads: (entries: readonly ReadEntry[]) => savePlanReads(db, planId, entries, takeCalls()),
  };
}

/** What a job run from a plan knows of it: when it was made, and the records it read. */
export interface PlanReadsOfJob {
  planId: string;
  /** When the plan finished reading (its verdicts are as of then). */
  madeAt: number;
  /** The record the plan read (reader, key), as stored JSON (null: read and not in the LMS); undefined: not read. */
  record(reader: string, key: string): { json: string | null } | undefined;
}

/** For a job run from a plan: the plan's reads, loaded once when the job starts. Undefined for a job no plan made. */
export function planReadsOfJob(db: Db, jobId: string): PlanReadsOfJob | undefined {
  const plan = db.prepare('SELECT id, finished_at, created_at FROM plans WHERE job_id = ? LIMIT 1').get(jobId) as
    { id: string; finished_at: number | null; created_at: number } | undefined;
  if (!plan) return undefined;
  const reads = new Map<string, string | null>();
  const rows = db
    .prepare('SELECT reader, key, record_json FROM plan_reads WHERE plan_id = ?')
    .all(plan.id) as { reader: string; key: string; record_json: string | null }[];
  for (const r of rows) reads.set(`${r.reader}\u0000${r.key}`, r.record_json);
  return {
    planId: plan.id,
    madeAt: plan.finished_at ?? plan.created_at,
    record: (reader, key) => {
      const k = `${reader}\u0000${key}`;
      return reads.has(k) ? { json: reads.get(k)! } : undefined;
    },
  };
}
