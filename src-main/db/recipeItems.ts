// SQL for recipe jobs (src-main/recipes/): a row's items step by step — made when the job is created,
// keyed and followed (a repeat of an earlier item's key waits for it), read for History's timeline and for
// what earlier steps sent. The gates between the steps: ./recipeGates.ts.
import type { ItemStatus, JobItemDto, Page, RecipeRowDto, SkipReason } from '../../src-shared/contract/api';
import type { Db } from './openDb';
import { foundSends, lmsScope, type FoundSend } from './sentKeys';
import { recomputeJobGates, type StepNamer } from './recipeGates';
import type { RecipeTurn } from './recipeTurn';
import { prep, type WriteOp } from './writeOps';

export interface NewRecipeItem {
  rowNumber: number;
  step: number;
  fanIndex: number;
  fanValue: string | null;
  templateId: string;
  /** `waiting`: the gates decide (released when its earlier steps are done); the rest are settled now. */
  status: 'waiting' | 'skipped' | 'failed';
  key: string | null;
  skipReason: SkipReason | null;
  note: string | null;
  error: string | null;
  captured: Record<string, string> | null;
  /** A repeat of an earlier item's key in this job: it follows the first item with this key and template. */
  follows: boolean;
  /** An undo's item: the original job's item it takes back (migration 21). */
  undoesItem?: number | null;
}

/** Inserts a recipe job's items (in row and step order) and opens the first gates. */
export function insertRecipeItems(
  db: Db,
  jobId: string,
  items: Iterable<NewRecipeItem>,
  at: number,
  name: StepNamer,
): void {
  const insert = prep(
    db,
    `INSERT INTO job_items (job_id, row_number, step, fan_index, fan_value, template_id, status, row_key, skip_reason,
       note, error, captured_json, after_item, updated_at, undoes_item)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const first = new Map<string, number>();
  for (const i of items) {
    const k = i.key === null ? null : `${i.templateId}\u0000${i.key}`;
    const after = i.follows && k !== null ? (first.get(k) ?? null) : null;
    const id = Number(
      insert.run(
        jobId,
        i.rowNumber,
        i.step,
        i.fanIndex,
        i.fanValue,
        i.templateId,
        i.status,
        i.key,
        i.skipReason,
        i.note,
        i.error,
        i.captured ? JSON.stringify(i.captured) : null,
        after,
        at,
        i.undoesItem ?? null,
      ).lastInsertRowid,
    );
    if (
      k !== null &&
      !i.follows &&
      !first.has(k) &&
      (i.status === 'waiting' || i.skipReason === 'alreadySent')
    )
      first.set(k, id);
  }
  recomputeJobGates(db, jobId, at, name);
}

// ----- what the runner reads and writes per item -----

export interface RowItem {
  id: number;
  step: number;
  fanIndex: number;
  fanValue: string | null;
  status: ItemStatus;
  skipReason: SkipReason | null;
  captured: Record<string, string> | null;
  key: string | null;
  templateId: string | null;
}

/** Every item of one row of a job, step by step (what a step's request is built from); `turn`: see recomputeRow. */
export function rowItems(db: Db, jobId: string, rowNumber: number, turn?: RecipeTurn): RowItem[] {
  const rows = prep(
    db,
    `SELECT id, step, fan_index AS fanIndex, fan_value AS fanValue, status, skip_reason AS skipReason,
            captured_json AS captured, row_key AS key, template_id AS templateId
       FROM job_items WHERE job_id = ? AND row_number = ? ORDER BY step, fan_index`,
  ).all(jobId, rowNumber) as (Omit<RowItem, 'captured'> & { captured: string | null })[];
  return rows.map((r) => {
    const c = turn?.get(r.id);
    const captured = c?.captured ?? r.captured;
    return {
      ...r,
      ...(c?.status !== undefined ? { status: c.status } : {}),
      ...(c?.skipReason !== undefined ? { skipReason: c.skipReason } : {}),
      ...(c?.key !== undefined ? { key: c.key } : {}),
      ...(c?.templateId !== undefined ? { templateId: c.templateId } : {}),
      ...(c?.fanValue !== undefined ? { fanValue: c.fanValue } : {}),
      captured: captured ? (JSON.parse(captured) as Record<string, string>) : null,
    };
  });
}

/** Whether any item of the job repeats another's key (follows it). */
export function hasFollowers(db: Db, jobId: string): boolean {
  return (
    prep(db, `SELECT 1 FROM job_items WHERE job_id = ? AND after_item IS NOT NULL LIMIT 1`).get(jobId) !==
    undefined
  );
}

/** The step of one item (for an item the runner did not prepare in this process, e.g. after a restart). */
export function itemStep(db: Db, itemId: number): number | undefined {
  return prep(db, `SELECT step FROM job_items WHERE id = ?`).pluck().get(itemId) as number | undefined;
}

// The writes of an item settled when it is built (recipePlan.prepare): data for the runner's turn.

/** The item's key and template, written when its request is built (a later item's repeat check reads them). */
export function setItemKeyOp(
  itemId: number,
  key: string | null,
  templateId: string,
  fanValue: string | null,
): WriteOp {
  return {
    sql: `UPDATE job_items SET row_key = ?, template_id = ?, fan_value = ? WHERE id = ?`,
    args: [key, templateId, fanValue, itemId],
  };
}

/** An item that cannot be built (an unknown course title…): failed before anything is sent, with why. */
export function failUnbuiltOp(itemId: number, error: string, at: number): WriteOp {
  return {
    sql: `UPDATE job_items SET status = 'failed', error = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ?`,
    args: [error, at, itemId],
  };
}

/** An item whose key succeeded elsewhere (another job, a test send): skipped, with what that send captured. */
export function skipAlreadySentOp(
  itemId: number,
  note: string,
  captured: string | null,
  at: number,
): WriteOp {
  return {
    sql: `UPDATE job_items SET status = 'skipped', skip_reason = 'alreadySent', note = ?, error = NULL,
            captured_json = COALESCE(?, captured_json), updated_at = ? WHERE id = ?`,
    args: [note, captured, at, itemId],
  };
}

/**
 * An item held back as it comes up to be sent, until what an earlier step of its row captured is read from
 * the LMS (../recipes/unknownCaptures.ts): waiting again, only while still in the state it was claimed in.
 */
export function holdOp(itemId: number, from: ItemStatus, at: number): WriteOp {
  return {
    sql: `UPDATE job_items SET status = 'waiting', updated_at = ? WHERE id = ? AND status = ?`,
    args: [at, itemId, from],
  };
}

/** Makes an item follow the first with its key (it waits for it; the gates settle it). */
export function followOp(itemId: number, firstId: number, key: string, at: number): WriteOp {
  return {
    sql: `UPDATE job_items SET status = 'waiting', row_key = ?, after_item = ?, updated_at = ? WHERE id = ?`,
    args: [key, firstId, at, itemId],
  };
}

/** States in which an item is the one a repeat of its key follows: still going, or done. */
const FOLLOWABLE: ReadonlySet<ItemStatus> = new Set([
  'pending',
  'sending',
  'retry_wait',
  'in_doubt',
  'succeeded',
  'waiting',
]);
const followable = (status: ItemStatus, skip: SkipReason | null | undefined) =>
  FOLLOWABLE.has(status) || (status === 'skipped' && skip === 'alreadySent');

/**
 * The first item of this job with the same key and template, still going or done (not failed): a repeat
 * follows it. `turn`: see recomputeRow (an item keyed earlier in the same turn counts; one this turn
 * failed does not).
 */
export function firstWithKey(
  db: Db,
  jobId: string,
  templateId: string,
  key: string,
  exceptId: number,
  turn?: RecipeTurn,
): { id: number; rowNumber: number } | undefined {
  const found = prep(
    db,
    `SELECT id, row_number AS rowNumber, status, skip_reason AS skip FROM job_items
      WHERE job_id = ? AND row_key = ? AND id <> ? AND after_item IS NULL AND COALESCE(template_id, '') = ?
        AND (status IN ('pending', 'sending', 'retry_wait', 'in_doubt', 'succeeded', 'waiting')
             OR (status = 'skipped' AND skip_reason = 'alreadySent'))
      ORDER BY id LIMIT 8`,
  ).all(jobId, key, exceptId, templateId) as {
    id: number;
    rowNumber: number;
    status: ItemStatus;
    skip: SkipReason | null;
  }[];
  for (const f of found) {
    const c = turn?.get(f.id);
    if (!c) return { id: f.id, rowNumber: f.rowNumber };
    if (
      (c.after ?? null) === null &&
      followable(c.status ?? f.status, c.skipReason === undefined ? f.skip : c.skipReason)
    )
      return { id: f.id, rowNumber: f.rowNumber };
  }
  return turn?.firstKeyed(templateId, key, exceptId);
}

/** Recipe items in doubt whose step is one of `steps`: pending again (their call is safe to repeat). */
export function requeueInDoubtSteps(db: Db, jobId: string, steps: readonly number[], at: number): number {
  if (steps.length === 0) return 0;
  return prep(
    db,
    `UPDATE job_items SET status = 'pending', note = 'In doubt after the app stopped; sent again, since this call is safe to repeat.',
         updated_at = ? WHERE job_id = ? AND status = 'in_doubt' AND step IN (SELECT value FROM json_each(?))`,
  ).run(at, jobId, JSON.stringify(steps)).changes;
}

/** The first send of an item, for a lookup that asks "did anything happen since?" (an invitation). */
export function firstSendAt(db: Db, itemId: number): number | null {
  return (
    (prep(db, `SELECT MIN(started_at) FROM attempts WHERE item_id = ? AND kind = 'send'`)
      .pluck()
      .get(itemId) as number | null) ?? null
  );
}

/** Pending or waiting items of a job after `afterId` (a dry run builds each); `after`: the item a repeat follows. */
export function unsentItems(
  db: Db,
  jobId: string,
  afterId: number,
  limit: number,
): { id: number; rowNumber: number; status: ItemStatus; after: number | null }[] {
  return prep(
    db,
    `SELECT id, row_number AS rowNumber, status, after_item AS after FROM job_items
      WHERE job_id = ? AND id > ? AND status IN ('pending', 'waiting') ORDER BY id LIMIT ?`,
  ).all(jobId, afterId, limit) as {
    id: number;
    rowNumber: number;
    status: ItemStatus;
    after: number | null;
  }[];
}

/** A dry run's repeat of an earlier item's key: it would not be sent. */
export function markDryRunRepeat(db: Db, itemId: number, at: number): void {
  prep(
    db,
    `UPDATE job_items SET status = 'skipped', skip_reason = 'duplicate',
       note = 'Dry run: a repeat of an earlier row''s key, so it would not be sent.', updated_at = ? WHERE id = ?`,
  ).run(at, itemId);
}

// ----- counts and History -----

/** Items per step and status. */
export function stepStatusCounts(db: Db, jobId: string): { step: number; status: ItemStatus; n: number }[] {
  return prep(
    db,
    `SELECT step, status, COUNT(*) AS n FROM job_items WHERE job_id = ? GROUP BY step, status`,
  ).all(jobId) as {
    step: number;
    status: ItemStatus;
    n: number;
  }[];
}

/** Items in `statuses` per step that may still be sent (a repeat waiting for its first item never is): the phrase's counts. */
export function unsentPerStep(db: Db, jobId: string, statuses: readonly ItemStatus[]): Map<number, number> {
  const rows = prep(
    db,
    `SELECT step, COUNT(*) AS n FROM job_items WHERE job_id = ? AND after_item IS NULL
        AND status IN (SELECT value FROM json_each(?)) GROUP BY step`,
  ).all(jobId, JSON.stringify(statuses)) as { step: number; n: number }[];
  return new Map(rows.map((r) => [r.step, r.n]));
}

const OUTCOME_ORDER = ['failed', 'in_doubt', 'running', 'waiting', 'done'] as const;

/** A page of a recipe job's rows, each with its items step by step (History's timeline). */
export function recipeRows(
  db: Db,
  jobId: string,
  offset: number,
  limit: number,
  problems: boolean,
): Page<RecipeRowDto> {
  const where = problems
    ? `job_id = ? AND row_number IN (SELECT row_number FROM job_items WHERE job_id = ? AND status IN ('failed', 'blocked', 'in_doubt'))`
    : 'job_id = ?';
  const args = problems ? [jobId, jobId] : [jobId];
  const total = prep(db, `SELECT COUNT(DISTINCT row_number) FROM job_items WHERE ${where}`)
    .pluck()
    .get(...args) as number;
  const rowNumbers = prep(
    db,
    `SELECT DISTINCT row_number FROM job_items WHERE ${where} ORDER BY row_number LIMIT ? OFFSET ?`,
  )
    .pluck()
    .all(...args, limit, offset) as number[];
  if (rowNumbers.length === 0) return { total, items: [] };
  const items = prep(
    db,
    `SELECT id, row_number AS rowNumber, step, fan_value AS fanValue, status, skip_reason AS skipReason,
            response_status AS responseStatus, error, note, captured_json AS captured, attempts
       FROM job_items WHERE job_id = ? AND row_number BETWEEN ? AND ? ORDER BY row_number, step, fan_index`,
  ).all(jobId, rowNumbers[0], rowNumbers.at(-1)) as (RecipeRowDto['steps'][number]['items'][number] & {
    rowNumber: number;
    step: number;
    captured: string | null;
  })[];
  const wanted = new Set(rowNumbers);
  const byRow = new Map<number, RecipeRowDto>();
  for (const it of items) {
    if (!wanted.has(it.rowNumber)) continue;
    let row = byRow.get(it.rowNumber);
    if (!row) byRow.set(it.rowNumber, (row = { rowNumber: it.rowNumber, outcome: 'done', steps: [] }));
    let step = row.steps.at(-1);
    if (!step || step.step !== it.step) row.steps.push((step = { step: it.step, items: [] }));
    const { rowNumber: _r, step: _s, captured, ...rest } = it;
    step.items.push({
      ...rest,
      captured: captured ? (JSON.parse(captured) as Record<string, string>) : null,
      skipReason: it.status === 'skipped' ? it.skipReason : null,
    });
    const o: RecipeRowDto['outcome'] =
      it.status === 'failed' || it.status === 'blocked'
        ? 'failed'
        : it.status === 'in_doubt'
          ? 'in_doubt'
          : it.status === 'sending' || it.status === 'retry_wait' || it.status === 'pending'
            ? 'running'
            : it.status === 'waiting'
              ? 'waiting'
              : 'done';
    if (OUTCOME_ORDER.indexOf(o) < OUTCOME_ORDER.indexOf(row.outcome)) row.outcome = o;
  }
  return { total, items: rowNumbers.map((r) => byRow.get(r)!).filter(Boolean) };
}

/** One job item as a DTO field set for a recipe (step and value), merged into JobItemDto by items.ts. */
export type RecipeItemFields = Pick<JobItemDto, 'step' | 'fanValue'>;

/**
 * An earlier send of a key that counts as sent (another job's success, a test send), with what it
 * captured or answered (./sentKeys.ts, FoundSend); `reached` and `answerLost` as PriorSend says.
 */
export type PriorStepSend = FoundSend;

/**
 * Whether anything can have been sent with this template to this connection's LMS (./sentKeys.ts,
 * lmsScope) outside `jobId`: another job that started there, or a test send that may count as sent (a
 * success, an answer cut off or lost: testSends in ./sentKeys.ts). When not, no item can be "already sent" (one cheap read
 * at the job's start saves two per item).
 */
export function mayHaveSentElsewhere(
  db: Db,
  connectionId: string,
  templateId: string,
  jobId: string,
): boolean {
  const lms = lmsScope(db, connectionId);
  const job = db
    .prepare(
      `SELECT 1 FROM jobs j WHERE ${lms.where('j')} AND j.id <> ? AND j.started_at IS NOT NULL LIMIT 1`,
    )
    .get(...lms.args, jobId);
  if (job) return true;
  return (
    db
      .prepare(
        `SELECT 1 FROM test_calls t WHERE ${lms.where('t')} AND t.template_id = ?
           AND (t.response_status BETWEEN 200 AND 299 OR t.response_status IN (502, 504) OR t.response_status IS NULL)
           LIMIT 1`,
      )
      .get(...lms.args, templateId) !== undefined
  );
}

/**
 * "Was this step's key already sent?" to this connection's LMS (./sentKeys.ts, foundSends), by a job (any
 * step of any recipe) or a test send, and not undone since (NOT_UNDONE) nor taken back by its opposite
 * call since (lastReversal).
 */
export function priorStepSends(
  db: Db,
  connectionId: string,
  templateId: string,
  excludeJobId: string,
  now: () => number = Date.now,
): (key: string) => PriorStepSend | null {
  return foundSends(db, connectionId, templateId, excludeJobId, now);
}
