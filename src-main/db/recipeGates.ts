// The gates between a recipe row's steps (src-main/recipes/).
//
// A row's step waits for its earlier steps: its items are `waiting` until every item of every earlier step
// of the row has succeeded or been skipped on purpose (not applicable, already sent, a duplicate), then
// `pending`. When one fails (or is blocked), the row's later items are `blocked`, with the cause. An item
// whose key repeats an earlier item's in the same job (`after_item`, e.g. the same client on two rows)
// waits for that item and is then skipped as a duplicate, with its captured fields — or blocked if it
// failed. These states follow from the items' own, so one function recomputes them for a row
// (`recomputeRow`), inside the transaction that wrote the change: a crash never leaves a gate half open.
// In the runner's loop that transaction is the turn's, written by the writer thread: the gates then read
// the database with the turn's own changes laid over it (`turn`, ./recipeTurn.ts) and add their writes to
// the turn's; elsewhere (a job's creation, rerun failed, the admin's decisions) they write at once.
import type { ItemStatus, SkipReason } from '../../src-shared/contract/api';
import type { Db } from './openDb';
import type { ItemChange, RecipeTurn } from './recipeTurn';
import { applyOps, prep, type WriteOp } from './writeOps';
import { shortValue } from '../../src-shared/util/quoteValue';

/** A counter move of the runner's in-memory counts: one item went from → to. */
export type Move = readonly [from: ItemStatus, to: ItemStatus];

/** How the rows' causes name a step: `step 2 "Enrol in courses"`. */
export type StepNamer = (step: number) => string;

interface GateRow {
  id: number;
  step: number;
  status: ItemStatus;
  skip: SkipReason | null;
  after: number | null;
  value: string | null;
  error: string | null;
  key: string | null;
  hStatus: ItemStatus | null;
  hSkip: SkipReason | null;
  hRow: number | null;
  hCaptured: string | null;
  hError: string | null;
}

type Gate = { kind: 'open' } | { kind: 'wait' } | { kind: 'blocked'; cause: string };
type Target =
  | { status: 'pending' | 'waiting' }
  | { status: 'blocked'; error: string }
  | { status: 'skipped'; note: string; captured: string | null };

/** Steps done with: their item succeeded, or was skipped on purpose. */
const DONE: ReadonlySet<ItemStatus> = new Set(['succeeded', 'skipped']);
/** States the gates own; every other state belongs to the runner (sending, answered, in doubt). */
const GATED: ReadonlySet<ItemStatus> = new Set(['pending', 'waiting', 'blocked']);

function derive(it: GateRow, gate: Gate): Target | null {
  if (!GATED.has(it.status)) return null;
  if (gate.kind === 'blocked') return { status: 'blocked', error: gate.cause };
  if (gate.kind === 'wait') return { status: 'waiting' };
  if (it.after === null) return { status: 'pending' };
  // A repeat of an earlier item's key: it follows that item.
  const same = `row ${it.hRow} has the same ${it.key === null ? 'key' : shortValue(it.key)}`;
  if (
    it.hStatus === 'succeeded' ||
    (it.hStatus === 'skipped' && (it.hSkip === 'alreadySent' || it.hSkip === 'duplicate'))
  )
    return {
      status: 'skipped',
      note: `Not sent: ${same}, and only the first is sent.`,
      captured: it.hCaptured,
    };
  if (it.hStatus === 'failed' || it.hStatus === 'blocked' || it.hStatus === 'skipped')
    return {
      status: 'blocked',
      error: `Not sent: ${same}, and it ${it.hStatus === 'failed' ? 'failed' : 'was not sent'}${it.hError ? `: ${it.hError.replace(/\.$/, '')}` : ''}.`,
    };
  return { status: 'waiting' };
}

const causeOf = (
  it: { status: ItemStatus; value: string | null; error: string | null },
  step: string,
): string =>
  it.status === 'blocked'
    ? (it.error ?? `Not sent: ${step} did not go through for this row.`)
    : `Not sent: ${step} failed for this row${it.value ? ` (${it.value})` : ''}${it.error ? `: ${it.error.replace(/\.$/, '')}` : ''}.`;

/** An item's gate fields with the turn's change laid over them. */
function overGate(it: GateRow, c: ItemChange | undefined): GateRow {
  if (!c) return it;
  if (c.status !== undefined) it.status = c.status;
  if (c.skipReason !== undefined) it.skip = c.skipReason;
  if (c.after !== undefined) it.after = c.after;
  if (c.fanValue !== undefined) it.value = c.fanValue;
  if (c.error !== undefined) it.error = c.error;
  if (c.key !== undefined) it.key = c.key;
  return it;
}

/**
 * Recomputes the gates of one row of a job: releases the items whose earlier steps are done, blocks those
 * behind a failure (with its cause), settles repeats whose first item has finished. Returns the moves.
 * `turn`: inside the runner's turn (its changes read, its writes joined); else written at once.
 */
export function recomputeRow(
  db: Db,
  jobId: string,
  rowNumber: number,
  at: number,
  name: StepNamer,
  turn?: RecipeTurn,
): Move[] {
  const rows = (
    prep(
      db,
      `SELECT id, step, status, skip_reason AS skip, after_item AS after, fan_value AS value, error, row_key AS key
         FROM job_items WHERE job_id = ? AND row_number = ? ORDER BY step, fan_index`,
    ).all(jobId, rowNumber) as GateRow[]
  ).map((it) => overGate(it, turn?.get(it.id)));
  // Repeats (rare) read the item they follow.
  for (const it of rows) {
    if (it.after === null) continue;
    const h = prep(
      db,
      `SELECT status AS hStatus, skip_reason AS hSkip, row_number AS hRow, captured_json AS hCaptured, error AS hError
         FROM job_items WHERE id = ?`,
    ).get(it.after) as Pick<GateRow, 'hStatus' | 'hSkip' | 'hRow' | 'hCaptured' | 'hError'> | undefined;
    Object.assign(it, h ?? { hStatus: null, hSkip: null, hRow: null, hCaptured: null, hError: null });
    const c = turn?.get(it.after);
    if (c) {
      if (c.status !== undefined) it.hStatus = c.status;
      if (c.skipReason !== undefined) it.hSkip = c.skipReason;
      if (c.captured != null) it.hCaptured = c.captured;
      if (c.error !== undefined) it.hError = c.error;
    }
  }
  const moves: Move[] = [];
  let gate: Gate = { kind: 'open' };
  for (let i = 0; i < rows.length;) {
    const step = rows[i]!.step;
    let j = i;
    for (; j < rows.length && rows[j]!.step === step; j++) {
      const it = rows[j]!;
      const t = derive(it, gate);
      if (
        !t ||
        (t.status === it.status && t.status !== 'blocked') ||
        (t.status === 'blocked' && it.status === 'blocked' && t.error === it.error)
      )
        continue;
      const op = gateOp(it.id, it.status, t, at);
      if (turn) turn.write(op, it.id, targetChange(t), rowNumber);
      else applyOps(db, [op]);
      moves.push([it.status, t.status]);
      it.status = t.status;
      if (t.status === 'blocked') it.error = t.error;
    }
    if (gate.kind !== 'blocked') {
      for (let k = i; k < j; k++) {
        const it = rows[k]!;
        if (it.status === 'failed' || it.status === 'blocked') {
          gate = { kind: 'blocked', cause: causeOf(it, name(step)) };
          break;
        }
        if (!DONE.has(it.status)) gate = { kind: 'wait' };
      }
    }
    i = j;
  }
  return moves;
}

/**
 * A gate's write. Only while the item is still in the state the gate read (`from`): a gate never
 * overwrites a state the runner gave the item meanwhile (sending, answered).
 */
function gateOp(id: number, from: ItemStatus, t: Target, at: number): WriteOp {
  if (t.status === 'blocked')
    return {
      sql: `UPDATE job_items SET status = 'blocked', error = ?, updated_at = ? WHERE id = ? AND status = ?`,
      args: [t.error, at, id, from],
    };
  if (t.status !== 'skipped')
    return {
      sql: `UPDATE job_items SET status = ?, error = NULL, updated_at = ? WHERE id = ? AND status = ?`,
      args: [t.status, at, id, from],
    };
  return {
    sql: `UPDATE job_items SET status = 'skipped', skip_reason = 'duplicate', note = ?, error = NULL,
            captured_json = COALESCE(?, captured_json), updated_at = ? WHERE id = ? AND status = ?`,
    args: [t.note, t.captured, at, id, from],
  };
}

const targetChange = (t: Target): ItemChange =>
  t.status === 'blocked'
    ? { status: 'blocked', error: t.error }
    : t.status === 'skipped'
      ? { status: 'skipped', skipReason: 'duplicate', error: null, captured: t.captured }
      : { status: t.status, error: null };

/**
 * After an item's state changed: its row's gates, and those of the rows whose items repeat its key.
 * `rowNumber`: the item's row when the caller knows it (saves a read). `turn`: see recomputeRow.
 */
export function settleGates(
  db: Db,
  jobId: string,
  itemId: number,
  at: number,
  name: StepNamer,
  rowNumber?: number,
  mayHaveFollowers = true,
  turn?: RecipeTurn,
): Move[] {
  const row =
    rowNumber ??
    (prep(db, `SELECT row_number FROM job_items WHERE id = ?`).pluck().get(itemId) as number | undefined);
  if (row === undefined) return [];
  const moves = recomputeRow(db, jobId, row, at, name, turn);
  if (!mayHaveFollowers) return moves;
  const followers = new Set([
    ...(prep(db, `SELECT row_number FROM job_items WHERE after_item = ?`).pluck().all(itemId) as number[]),
    ...(turn?.followersOf(itemId) ?? []),
  ]);
  for (const r of followers) moves.push(...recomputeRow(db, jobId, r, at, name, turn));
  return moves;
}

/**
 * Every row's gates (after "rerun failed", the admin's in-doubt decisions, a reconcile, a job's creation).
 * A repeat can follow an item of a later row, so passes run until one changes nothing.
 */
export function recomputeJobGates(db: Db, jobId: string, at: number, name: StepNamer): Move[] {
  const rowsOf = prep(
    db,
    `SELECT DISTINCT row_number FROM job_items WHERE job_id = ? AND status IN ('pending', 'waiting', 'blocked') ORDER BY row_number`,
  ).pluck();
  const all: Move[] = [];
  for (let pass = 0; pass < 5; pass++) {
    let changed = 0;
    for (const r of rowsOf.all(jobId) as number[]) {
      const moves = recomputeRow(db, jobId, r, at, name);
      changed += moves.length;
      all.push(...moves);
    }
    if (changed === 0) break;
  }
  return all;
}

// ----- creating a recipe job's items -----
