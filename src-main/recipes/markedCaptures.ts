// A recipe step the admin marked as succeeded by hand (it was in doubt: "I checked, the member is there")
// has no saved answer, so what it would have captured — the member id its row's later steps are built
// from — is not known. Before those steps are sent, the step's own lookup (the read that settles it when
// in doubt, ../runner/reconcilers.ts) reads the record from the LMS and captures from it. Where the LMS
// has no such record, or the read fails, the later steps that need it fail saying so (nothing is sent on
// a guess); rerunning the failed rows reads it again.
import type { Template } from '../../src-shared/connectors/types';
import { capturedStepsOf } from '../../src-shared/recipes/stepRequest';
import type { Recipe } from '../../src-shared/recipes/types';
import type { BuiltRequest } from '../../src-shared/mapping/types';
import { ADMIN_NOTES } from '../db/items';
import type { Db } from '../db/openDb';
import { recordReadAttempt } from '../db/readAttempts';
import { firstSendAt } from '../db/recipeItems';
import { prep } from '../db/writeOps';
import { captureFields } from '../runner/captureFields';
import { lookupFailure, lookupVerdict, type LookupResult } from '../runner/inDoubt';
import { reconcilerFor, type Reconciler } from '../runner/reconcilers';

export interface MarkedCapturesSource {
  db: Db;
  jobId: string;
  recipe: Recipe;
  templates: readonly Template[];
  allowDuplicates: boolean;
  /** The item's request as the job builds it (what the lookup is made from); null when it cannot be built. */
  requestFor(item: { id: number; rowNumber: number }): BuiltRequest | null;
  lookup(pathAndQuery: string): Promise<LookupResult>;
  clock(): number;
  stopped(): boolean;
  /** How messages name a step: `step 1 "Create member"`. */
  name(step: number): string;
}

interface Marked {
  id: number;
  rowNumber: number;
  step: number;
}

/** Steps whose captured fields a later step reads, with the lookup that can read them again. */
function readableSteps(s: MarkedCapturesSource): Map<number, Reconciler> {
  const out = new Map<number, Reconciler>();
  s.recipe.steps.forEach((step, i) => {
    const read = s.recipe.steps.slice(i + 1).some((later) => capturedStepsOf(later).includes(step.id));
    const r = reconcilerFor(s.templates[i]!.id, { allowDuplicates: s.allowDuplicates });
    if (read && s.templates[i]!.capture && r && !r.holdsSome) out.set(i, r);
  });
  return out;
}

/**
 * Items marked as succeeded by hand, without captured fields, whose row still has a later step to send.
 * The note is the admin's decision as `resolveInDoubt` wrote it (a read below appends to it).
 */
function markedItems(db: Db, jobId: string, steps: readonly number[]): Marked[] {
  return prep(
    db,
    `SELECT id, row_number AS rowNumber, step FROM job_items AS m
      WHERE job_id = ? AND status = 'succeeded' AND captured_json IS NULL
        AND substr(note, 1, ?) = ? AND step IN (SELECT value FROM json_each(?))
        AND EXISTS (SELECT 1 FROM job_items AS l WHERE l.job_id = m.job_id AND l.row_number = m.row_number
                      AND l.step > m.step AND l.status IN ('pending', 'waiting'))
      ORDER BY id`,
  ).all(
    jobId,
    ADMIN_NOTES.markSucceeded.length,
    ADMIN_NOTES.markSucceeded,
    JSON.stringify(steps),
  ) as Marked[];
}

/** The row's later items that read `step`'s captured fields and are still to be sent: they fail with `why`. */
function failReaders(s: MarkedCapturesSource, m: Marked, why: string, at: number): void {
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
 * Reads the captured fields of items marked as succeeded by hand, before their rows' later steps are
 * built. Returns how many items it settled one way or the other (their rows' gates are recomputed by the
 * caller).
 */
export async function readMarkedCaptures(s: MarkedCapturesSource): Promise<number> {
  const steps = readableSteps(s);
  if (steps.size === 0) return 0;
  const marked = markedItems(s.db, s.jobId, [...steps.keys()]);
  let settled = 0;
  for (const m of marked) {
    if (s.stopped()) break;
    const template = s.templates[m.step]!;
    const reconciler = steps.get(m.step)!;
    const api = template.api === 'coursepath' ? 'Coursepath' : 'Coassemble';
    const fields = Object.keys(template.capture ?? {}).join(', ');
    const built = s.requestFor(m);
    const path = built && reconciler.lookup(built);
    if (!built || !path) continue; // nothing to read it by: the later steps say it captured nothing
    const r = await s.lookup(path);
    recordReadAttempt(s.db, 'lookup', m.id, r);
    const verdict = lookupVerdict(reconciler, r, built, () => firstSendAt(s.db, m.id));
    const captured =
      verdict.kind === 'found' && verdict.record ? captureFields(template, verdict.record) : null;
    const at = s.clock();
    const marked = `Not sent: ${s.name(m.step)} was marked as succeeded by hand, so its answer (its ${fields}) is not known`;
    const cause = captured
      ? null
      : verdict.kind === 'unknown'
        ? `reading it from ${api} failed (${lookupFailure(r).replace(/\.$/, '')}): rerun the failed rows to read it again`
        : verdict.kind === 'found'
          ? `the record ${api} holds for it has no ${fields}`
          : `${api} has no such record (a lookup found none): if it was never created, send the row again in a new job with "Send again" (--resend)`;
    s.db.transaction(() => {
      if (cause) return failReaders(s, m, `${marked}, and ${cause}.`, at);
      prep(
        s.db,
        `UPDATE job_items SET captured_json = ?, note = ?, updated_at = ? WHERE id = ? AND captured_json IS NULL`,
      ).run(
        JSON.stringify(captured),
        `${ADMIN_NOTES.markSucceeded} Its ${fields} was read from ${api} for the later steps.`,
        at,
        m.id,
      );
    })();
    settled++;
  }
  return settled;
}
