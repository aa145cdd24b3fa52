// A recipe step's item that went through without its captured fields — the member id its row's later steps
// are built from — because its answer is not known here:
//   - the admin marked it as succeeded by hand (it was in doubt: "I checked, the member is there"): it has
//     no saved answer;
//   - it was skipped as already sent (../db/recipeItems.ts priorStepSends) by a send that kept none: a job's
//     item left in doubt, or a test send, whose 2xx was cut off after its status (it reached the LMS), a
//     test send whose answer was lost, or a send whose answer had none.
// Before those steps are sent, the step's own lookup (the read that settles it when in doubt,
// ../runner/reconcilers.ts) reads the record from the LMS and captures from it. Where the LMS has no such
// record, the read fails, or the step has no lookup, the later steps that need it fail saying so, naming
// the step and why its answer is not known (nothing is sent on a guess, nor sent twice); rerunning the
// failed rows reads it again. A later row with the same key (skipped as a duplicate of it, with nothing
// captured) goes as it goes: it gets the fields read, or its later steps fail naming the first row's step
// and the cause. An item skipped as it is sent (a send elsewhere since the job was made) has
// its later steps held back as they come up (heldForCapture) until the job's next in-doubt pass reads it.
import type { Template } from '../../src-shared/connectors/types';
import { capturedStepsOf } from '../../src-shared/recipes/stepRequest';
import type { Recipe } from '../../src-shared/recipes/types';
import type { BuiltRequest } from '../../src-shared/mapping/types';
import { formatDate } from '../../src-shared/util/dates';
import { shortValue } from '../../src-shared/util/quoteValue';
import { ADMIN_NOTES } from '../db/items';
import type { Db } from '../db/openDb';
import { recordReadAttempt } from '../db/readAttempts';
import { firstSendAt, type PriorStepSend, type RowItem } from '../db/recipeItems';
import type { RecipeTurn } from '../db/recipeTurn';
import { prep } from '../db/writeOps';
import { captureFields } from '../runner/captureFields';
import { lookupFailure, lookupVerdict, type LookupResult } from '../runner/inDoubt';
import { reconcilerFor, type Reconciler } from '../runner/reconcilers';

export interface UnknownCapturesSource {
  db: Db;
  jobId: string;
  recipe: Recipe;
  templates: readonly Template[];
  allowDuplicates: boolean;
  /** The item's request as the job builds it (what the lookup is made from); null when it cannot be built. */
  requestFor(item: { id: number; rowNumber: number }): BuiltRequest | null;
  /** The earlier send a step's key counts as already sent by (null: none now). */
  priorOf(step: number, key: string): PriorStepSend | null;
  lookup(pathAndQuery: string): Promise<LookupResult>;
  clock(): number;
  stopped(): boolean;
  /** How messages name a step: `step 1 "Create member"`. */
  name(step: number): string;
}

/** The item whose captured fields are not known, as far as the words about it need. */
interface Unknown {
  id: number;
  rowNumber: number;
  step: number;
  status: string;
  key: string | null;
  note: string | null;
}

/** Steps whose captured fields a later step reads, with the lookup that can read them again. */
export function readableSteps(
  recipe: Recipe,
  templates: readonly Template[],
  allowDuplicates: boolean,
): Map<number, Reconciler> {
  const out = new Map<number, Reconciler>();
  recipe.steps.forEach((step, i) => {
    const r = reconcilerFor(templates[i]!.id, { allowDuplicates });
    if (readByLater(recipe, i) && templates[i]!.capture && r && !r.holdsSome) out.set(i, r);
  });
  return out;
}

const readByLater = (recipe: Recipe, step: number) =>
  recipe.steps.slice(step + 1).some((later) => capturedStepsOf(later).includes(recipe.steps[step]!.id));

/**
 * An SQL condition on item `a`: it went through with no captured fields and its answer is not known here —
 * marked as succeeded by hand (its note is the admin's decision as `resolveInDoubt` wrote it; a read below
 * appends to it), or skipped as already sent. Arguments: UNKNOWN_ARGS.
 */
const UNKNOWN = (a: string) =>
  `${a}.captured_json IS NULL AND ((${a}.status = 'succeeded' AND substr(${a}.note, 1, ?) = ?)
     OR (${a}.status = 'skipped' AND ${a}.skip_reason = 'alreadySent'))`;
const UNKNOWN_ARGS = [ADMIN_NOTES.markSucceeded.length, ADMIN_NOTES.markSucceeded];

/** Items of `steps` whose captured fields are not known, whose row still has a later step to send. */
function unknownItems(db: Db, jobId: string, steps: readonly number[]): Unknown[] {
  return prep(
    db,
    `SELECT id, row_number AS rowNumber, step, status, row_key AS key, note FROM job_items AS m
      WHERE job_id = ? AND ${UNKNOWN('m')} AND step IN (SELECT value FROM json_each(?))
        AND (EXISTS (SELECT 1 FROM job_items AS l WHERE l.job_id = m.job_id AND l.row_number = m.row_number
                       AND l.step > m.step AND l.status IN ('pending', 'waiting'))
             OR EXISTS (SELECT 1 FROM job_items AS f JOIN job_items AS l
                          ON l.job_id = f.job_id AND l.row_number = f.row_number AND l.step > f.step
                         WHERE f.after_item = m.id AND f.captured_json IS NULL AND l.status IN ('pending', 'waiting')))
      ORDER BY id`,
  ).all(jobId, ...UNKNOWN_ARGS, JSON.stringify(steps)) as Unknown[];
}

/** How many items of the job a read is to settle before their rows' later steps go (readableSteps' steps). */
export function awaitingRead(db: Db, jobId: string, readable: ReadonlyMap<number, Reconciler>): number {
  return readable.size === 0 ? 0 : unknownItems(db, jobId, [...readable.keys()]).length;
}

/** The same, per step of the items to read (for the words of a job that stopped before reading them). */
export function awaitingReadPerStep(
  db: Db,
  jobId: string,
  readable: ReadonlyMap<number, Reconciler>,
): Map<number, number> {
  const out = new Map<number, number>();
  if (readable.size > 0)
    for (const m of unknownItems(db, jobId, [...readable.keys()])) out.set(m.step, (out.get(m.step) ?? 0) + 1);
  return out;
}

const apiName = (t: Template) => (t.api === 'coursepath' ? 'Coursepath' : 'Coassemble');
const fieldsOf = (t: Template) => Object.keys(t.capture ?? {}).join(', ');

/** "step 1 "Create member" was already sent by job 1a2b3c4d (hires.csv), whose answer was cut off after HTTP 201, so its Member ID is not known" */
function whyNotKnown(s: Pick<UnknownCapturesSource, 'templates' | 'priorOf' | 'name'>, m: Unknown): string {
  const fields = fieldsOf(s.templates[m.step]!);
  if (m.status === 'succeeded')
    return `${s.name(m.step)} was marked as succeeded by hand, so its answer (its ${fields}) is not known`;
  const p = m.key === null ? null : s.priorOf(m.step, m.key);
  if (!p) return `${s.name(m.step)} was already sent, and that send's answer (its ${fields}) is not known here`;
  const by =
    p.jobId === null
      ? `a test send on ${formatDate(p.at)}`
      : `job ${p.jobId.slice(0, 8)}${p.fileName ? ` (${p.fileName})` : ''}`;
  const how = p.reached
    ? `, whose answer was cut off after HTTP ${p.reached}`
    : p.answerLost
      ? ', whose answer was lost'
      : `, which kept no ${fields}`;
  return `${s.name(m.step)} was already sent by ${by}${how}, so its ${fields} is not known`;
}

/** The row's later items that read `step`'s captured fields and are still to be sent: they fail with `why`. */
function failReaders(
  s: Pick<UnknownCapturesSource, 'db' | 'jobId' | 'recipe'>,
  m: Pick<Unknown, 'step' | 'rowNumber'>,
  why: string,
  at: number,
): void {
  const stepId = s.recipe.steps[m.step]!.id;
  const readers = s.recipe.steps.flatMap((later, i) =>
    i > m.step && capturedStepsOf(later).includes(stepId) ? [i] : [],
  );
  prep(
    s.db,
    `UPDATE job_items SET status = 'failed', error = ?, updated_at = ?
      WHERE job_id = ? AND row_number = ? AND status IN ('pending', 'waiting') AND step IN (SELECT value FROM json_each(?))`,
  ).run(why, at, s.jobId, m.rowNumber, JSON.stringify(readers));
}

/**
 * The repeats of item `m` that took its outcome with no captured fields (a later row with the same key,
 * skipped as a duplicate of it, ../db/recipeGates.ts): they read what a read of `m` captures.
 */
function followersOf(db: Db, m: Pick<Unknown, 'id'>): { id: number; rowNumber: number }[] {
  return prep(
    db,
    `SELECT id, row_number AS rowNumber FROM job_items
      WHERE after_item = ? AND captured_json IS NULL AND status = 'skipped' AND skip_reason = 'duplicate'
      ORDER BY id`,
  ).all(m.id) as { id: number; rowNumber: number }[];
}

/** How a repeat's later steps name the item it follows: "row 3 has the same a@b.c as row 2, whose". */
const repeatOf = (followerRow: number, m: Pick<Unknown, 'rowNumber' | 'key'>) =>
  `row ${followerRow} has the same ${m.key === null ? 'key' : shortValue(m.key)} as row ${m.rowNumber}, whose `;

/**
 * Reads the captured fields not known of the job's items, before their rows' later steps are built.
 * Returns how many items it settled one way or the other (their rows' gates are recomputed by the caller).
 */
export async function readUnknownCaptures(s: UnknownCapturesSource): Promise<number> {
  const steps = readableSteps(s.recipe, s.templates, s.allowDuplicates);
  if (steps.size === 0) return 0;
  let settled = 0;
  // One read per step and key a pass: rows repeating a key (each found already sent, as the job was made)
  // take the first one's answer — found or failed — rather than read the LMS again for the same thing.
  const reads = new Map<string, LookupResult>();
  for (const m of unknownItems(s.db, s.jobId, [...steps.keys()])) {
    if (s.stopped()) break;
    const template = s.templates[m.step]!;
    const reconciler = steps.get(m.step)!;
    const api = apiName(template);
    const fields = fieldsOf(template);
    const built = s.requestFor(m);
    const path = built && reconciler.lookup(built);
    const key = path && `${m.step} ${path}`;
    let r = key ? (reads.get(key) ?? null) : null;
    if (!r && built && path && key) {
      r = await s.lookup(path);
      reads.set(key, r);
      recordReadAttempt(s.db, 'lookup', m.id, r); // the item that made it; its repeats made none
    }
    const verdict = r && built ? lookupVerdict(reconciler, r, built, () => firstSendAt(s.db, m.id)) : null;
    const captured =
      verdict?.kind === 'found' && verdict.record ? captureFields(template, verdict.record) : null;
    const at = s.clock();
    const cause = captured
      ? null
      : !r || !verdict
        ? `its row has nothing to look it up by in ${api} now`
        : verdict.kind === 'unknown'
          ? `reading it from ${api} failed (${lookupFailure(r).replace(/\.$/, '')}): rerun the failed rows to read it again`
          : verdict.kind === 'found'
            ? `the record ${api} holds for it has no ${fields}`
            : `${api} has no such record (a lookup found none): if it was never created, send the row again in a new job with "Send again" (--resend)`;
    const why = cause && `${whyNotKnown(s, m)}, and ${cause}.`;
    s.db.transaction(() => {
      // Its repeats on later rows (skipped as duplicates of it) go as it goes: its fields, or its cause.
      const followers = followersOf(s.db, m);
      if (why) {
        failReaders(s, m, `Not sent: ${why}`, at);
        for (const f of followers)
          failReaders(
            s,
            { step: m.step, rowNumber: f.rowNumber },
            `Not sent: ${repeatOf(f.rowNumber, m)}${why}`,
            at,
          );
        return;
      }
      const json = JSON.stringify(captured);
      for (const f of followers)
        prep(
          s.db,
          `UPDATE job_items SET captured_json = ?, updated_at = ? WHERE id = ? AND captured_json IS NULL`,
        ).run(json, at, f.id);
      const read = `Its ${fields} was read from ${api} for the later steps.`;
      prep(
        s.db,
        `UPDATE job_items SET captured_json = ?, note = ?, updated_at = ? WHERE id = ? AND captured_json IS NULL`,
      ).run(
        json,
        m.status === 'succeeded' ? `${ADMIN_NOTES.markSucceeded} ${read}` : `${m.note ? `${m.note} ` : ''}${read}`,
        at,
        m.id,
      );
    })();
    settled++;
  }
  return settled;
}

/**
 * Whether item `me` is to wait, as it comes up to be sent, for what an earlier step of its row captured
 * that is not known (an item skipped as already sent in this run: a send elsewhere since the job was made):
 * `hold` where the step's lookup can read it (the job's next in-doubt pass does, then releases it), or the
 * error it fails with where it cannot — naming the step and why its answer is not known; null when every
 * step it reads has its captured fields (or failed them for a reason of its own).
 */
export function heldForCapture(
  s: Pick<UnknownCapturesSource, 'db' | 'recipe' | 'templates' | 'priorOf' | 'name'> & {
    /** readableSteps of the job's recipe. */
    readable: ReadonlyMap<number, Reconciler>;
    /** The runner's turn: its changes not yet written. */
    turn?: RecipeTurn;
  },
  me: RowItem,
  row: readonly RowItem[],
  rowNumber: number,
): 'hold' | { error: string } | null {
  const reads = capturedStepsOf(s.recipe.steps[me.step]!);
  if (reads.length === 0) return null;
  const unknownOf = unknownItemOf(s.db, s.turn);
  for (const stepId of reads) {
    const step = s.recipe.steps.findIndex((st) => st.id === stepId);
    const items = row.filter((it) => it.step === step);
    if (items.length === 0 || items.some((it) => it.captured !== null)) continue;
    let m: Unknown | undefined;
    for (const it of items) if ((m = unknownOf(it, rowNumber))) break;
    if (!m) continue;
    if (s.readable.has(step)) return 'hold';
    const api = apiName(s.templates[step]!);
    return {
      error:
        `Not sent: ${m.rowNumber === rowNumber ? '' : repeatOf(rowNumber, m)}${whyNotKnown(s, m)}, and ` +
        `${api} has no read to find it: look it up in ${api}; ` +
        `to make it again, send the row in a new job with "Send again" (--resend).`,
    };
  }
  return null;
}

/**
 * The item whose captured fields are not known that a row's item `it` stands on: itself (skipped as already
 * sent, or marked as succeeded by hand), or — a repeat skipped as a duplicate with nothing captured — the
 * item of an earlier row it follows, when that one is such. The turn's changes are laid over the database.
 */
function unknownItemOf(db: Db, turn: RecipeTurn | undefined) {
  const marked = prep(db, `SELECT 1 FROM job_items AS m WHERE m.id = ? AND ${UNKNOWN('m')}`).pluck();
  const read = prep(
    db,
    `SELECT id, row_number AS rowNumber, step, status, skip_reason AS skip, row_key AS key, note,
            captured_json AS captured, after_item AS after
       FROM job_items WHERE id = ?`,
  );
  const isUnknown = (it: { id: number; status: string; skip: string | null; captured: string | null }) =>
    it.captured === null &&
    ((it.status === 'skipped' && it.skip === 'alreadySent') ||
      (it.status === 'succeeded' && marked.get(it.id, ...UNKNOWN_ARGS) !== undefined));
  return (it: RowItem, rowNumber: number): Unknown | undefined => {
    const self = { id: it.id, status: it.status, skip: it.skipReason, captured: it.captured && '{}' };
    if (isUnknown(self))
      return { id: it.id, rowNumber, step: it.step, status: it.status, key: it.key, note: null };
    if (!(it.status === 'skipped' && it.skipReason === 'duplicate')) return undefined;
    const after = turn?.get(it.id)?.after ?? (read.get(it.id) as { after: number | null } | undefined)?.after;
    if (after == null) return undefined;
    const first = read.get(after) as
      (Unknown & { skip: string | null; captured: string | null; after: number | null }) | undefined;
    if (!first) return undefined;
    const c = turn?.get(after);
    if (c?.status !== undefined) first.status = c.status;
    if (c?.skipReason !== undefined) first.skip = c.skipReason;
    if (c?.captured != null) first.captured = c.captured;
    return isUnknown(first)
      ? {
          id: first.id,
          rowNumber: first.rowNumber,
          step: first.step,
          status: first.status,
          key: first.key,
          note: null,
        }
      : undefined;
  };
}
