// "Was this already sent?": the latest success of a row key on one LMS and template, in any job or test
// send (a recipe job's items count under their own step's template), unless an undo job has since undone
// that row. One LMS: where the row went — the address and account a job or test send was made for
// (jobs.target_json, test_calls.target_json), whichever connection sent it. A second connection saved to
// the same LMS under another name must not send a file again; a connection pointed at another LMS since
// leaves its rows sent where they went. Keys are stored with each job item and test call (migration
// 0005), and successes are found through a partial index of succeeded items by key, so one lookup costs
// the same in a store of ten jobs or ten thousand.
import { notASuccess } from '../../src-shared/runner/classifyResponse';
import { cutOffAnswer } from '../../src-shared/runner/cutOffAnswer';
import { targetJson } from '../../src-shared/connections/connectionTarget';
import type { PriorSend } from '../../src-shared/safety/rowVerdicts';
import { reversalsOf, type ReversalKeys } from '../../src-shared/undo/inverses';
import { getTemplate } from '../../src-shared/connectors/catalog';
import type { Template } from '../../src-shared/connectors/types';
import { answerExpired } from '../../src-shared/connectors/answerValidity';
import { mayHaveArrived } from '../runner/exchange';
import { getConnection } from './connections';
import type { Db } from './openDb';

/** Which jobs or test sends went to the connection's LMS: a condition on a table's alias, and its arguments. */
export interface LmsScope {
  where: (alias: string) => string;
  args: unknown[];
}

/**
 * Those made for the address and account the connection points at now (`same_target`, ./openDb.ts). The
 * built-in sandbox listens on a new port at each launch: its own earlier jobs count as well.
 */
export function lmsScope(db: Db, connectionId: string): LmsScope {
  const c = getConnection(db, connectionId);
  if (!c) return { where: (a) => `${a}.connection_id = ?`, args: [connectionId] };
  const target = targetJson(c);
  if (c.isSandbox)
    return {
      where: (a) => `(${a}.connection_id = ? OR same_target(${a}.target_json, ?))`,
      args: [c.id, target],
    };
  return { where: (a) => `same_target(${a}.target_json, ?)`, args: [target] };
}

/** How deep a chain of undos of undos is followed (an undo, its undo, that one's undo…). */
const UNDO_CHAIN = 4;

/**
 * An undo job of job `job` succeeded on item `item`'s row (for a recipe job's undo, on the very item), and
 * was not itself undone on it: an undo of that undo put the row back, so the row holds again (followed
 * `depth` levels down).
 */
function undoneSince(job: string, item: string, depth: number): string {
  const [u, ui] = [`u${depth}`, `ui${depth}`];
  return `EXISTS (SELECT 1 FROM jobs ${u} JOIN job_items ${ui} ON ${ui}.job_id = ${u}.id
    WHERE ${u}.undo_of = ${job}.id AND ${ui}.row_number = ${item}.row_number AND ${ui}.status = 'succeeded'
      AND (${ui}.undoes_item IS NULL OR ${ui}.undoes_item = ${item}.id)${
        depth > 1 ? `\n      AND NOT ${undoneSince(u, ui, depth - 1)}` : ''
      })`;
}

/**
 * No undo job of job `j` has succeeded on item `i`'s row and still holds (see undoneSince). Undo jobs' own
 * rows are not excluded here: for a reversal (lastReversal), an undo's removal removed as surely as any
 * other — unless an undo of it put the row back.
 */
const NOT_UNDONE_SINCE = `NOT ${undoneSince('j', 'i', UNDO_CHAIN)}`;

/**
 * An SQL condition on a succeeded item `i` of job `j`: a row of a file, not undone since. An undo job of
 * its job succeeded on the same row — for a recipe job's undo, on the very item (`undoes_item`, migration
 * 21), since a row of a recipe has an item per step and listed value. Such a row no longer counts as sent.
 * Nor does an undo job's own row: it put back the state from before a file's row, it sent no file's row —
 * and where the compensating template is the template itself (member update, Coassemble upserts), its key
 * is the file row's key, so counting it would skip the undone file as "already sent" by its own undo.
 */
export const NOT_UNDONE = `j.undo_of IS NULL AND ${NOT_UNDONE_SINCE}`;

/**
 * When the success of `templateId` on a key was last reversed on this LMS: the latest success there of a
 * call that takes it back (reversalsOf: its opposite on the same key — the enrolment's removal, the group
 * add's removal… — or a wider one: removed from all groups, the Coassemble user deleted), in a job (not
 * undone since: a removal that was undone reversed nothing) or a test send; null when never, or nothing
 * takes the template back. A success older than that no longer holds in the LMS, so it is not "already
 * sent": a member offboarded and onboarded again is enrolled again.
 */
export function lastReversal(db: Db, lms: LmsScope, templateId: string): (key: string) => number | null {
  const reversals = reversalsOf(templateId);
  if (!reversals.length) return () => null;
  // A key, or a range of keys sharing a prefix ([prefix, prefix + the last code point)): both use the key indexes.
  const keyIs = (a: string, exact: boolean) =>
    exact ? `${a}.row_key = ?` : `${a}.row_key >= ? AND ${a}.row_key < ?`;
  const keyArgs = (k: ReversalKeys) => ('exact' in k ? [k.exact] : [k.prefix, `${k.prefix}\u{10FFFF}`]);
  const queries = (exact: boolean) => ({
    inJobs: db
      .prepare(
        `SELECT MAX(i.updated_at) FROM job_items i JOIN jobs j ON j.id = i.job_id
          WHERE ${keyIs('i', exact)} AND i.status = 'succeeded' AND ${lms.where('j')}
            AND COALESCE(i.template_id, j.template_id) = ? AND ${NOT_UNDONE_SINCE}`,
      )
      .pluck(),
    // Newest first, each with its answer: a 200 that was no success (a sign-in page) removed nothing.
    inTests: db.prepare(
      `SELECT t.sent_at AS at, t.response_status AS status, t.response_body AS body FROM test_calls t
        WHERE ${keyIs('t', exact)} AND t.template_id = ? AND ${lms.where('t')} AND t.response_status BETWEEN 200 AND 299
        ORDER BY t.sent_at DESC`,
    ),
  });

  const byExact = new Map<boolean, ReturnType<typeof queries>>();
  const prepared = (exact: boolean) => byExact.get(exact) ?? byExact.set(exact, queries(exact)).get(exact)!;
  return (key) => {
    let latest: number | null = null;
    for (const r of reversals) {
      const k = r.keys(key);
      if (!k) continue;
      const q = prepared('exact' in k);
      for (const at of [
        q.inJobs.get(...keyArgs(k), ...lms.args, r.templateId) as number | null,
        newestRealSuccess<{ at: number }>(q.inTests.iterate(...keyArgs(k), r.templateId, ...lms.args))?.at ??
          null,
      ])
        if (at !== null && (latest === null || at > latest)) latest = at;
    }
    return latest;
  };
}

/**
 * The newest test send of `rows` (newest first, each with its 2xx status and answer) that was a success:
 * a 200 that was none (a sign-in page, an error envelope inside) did nothing in the LMS.
 */
export function newestRealSuccess<T>(rows: IterableIterator<unknown>): T | undefined {
  for (const t of rows as IterableIterator<T & { status: number; body: string | null }>)
    if (notASuccess(t.status, t.body ?? '') === null) return t;
  return undefined;
}

/**
 * The success `found` of `key`, unless its answer has expired by now (a signed URL, answerExpired) or a
 * reversal (lastReversal) came at or after it: then null, as if never sent. Read only when something was
 * found. Shared by jobs' and recipe steps' "already sent".
 */
export function stillHeld<T extends { at: number }>(
  found: T | null,
  key: string,
  template: Template | undefined,
  now: () => number,
  reversedAt: () => number | null,
): T | null {
  if (!found) return null;
  // Its answer (a signed URL) dead by now: a new run makes a fresh one.
  if (answerExpired(template, key, found.at, now())) return null;
  const at = reversedAt();
  return at !== null && at >= found.at ? null : found;
}

/** A test send as a PriorSend (its answer is not part of one). */
const withoutBody = ({ body: _body, ...p }: PriorSend & { body: string | null }): PriorSend => p;

/**
 * An earlier send of a key that counts as sent, with what it captured or answered: `captured`, a job
 * item's captured fields (JSON) or null; `testBody`, a test send's answer to capture from (test sends keep
 * the answer, not captured fields) or null. A row in doubt whose answer was cut off has neither.
 */
export interface FoundSend extends PriorSend {
  captured: string | null;
  testBody: string | null;
}

/**
 * "Was this key already sent?" for one connection's LMS (lmsScope) and template: the newest of a job's
 * success (any step of any recipe), a test send that counts as sent (testSends) and a row in doubt the LMS
 * answered with a 2xx (reachedInDoubt) — none undone since (NOT_UNDONE), still held (stillHeld: not
 * expired, not taken back by its opposite call since). `excludeJobId`: the job being created or resumed
 * (its own rows are not "already sent" by an earlier job). Shared by jobs' (priorSends) and recipe steps'
 * (recipeItems.ts, priorStepSends) "already sent".
 */
export function foundSends(
  db: Db,
  connectionId: string,
  templateId: string,
  excludeJobId: string | null,
  now: () => number,
): (key: string) => FoundSend | null {
  const lms = lmsScope(db, connectionId);
  const inJobs = db.prepare(
    `SELECT j.id AS jobId, j.file_name AS fileName, i.updated_at AS at, i.captured_json AS captured
       FROM job_items i JOIN jobs j ON j.id = i.job_id
      WHERE i.row_key = ? AND i.status = 'succeeded'
        AND ${lms.where('j')} AND COALESCE(i.template_id, j.template_id) = ? AND j.id IS NOT ?
        AND ${NOT_UNDONE}
      ORDER BY i.updated_at DESC LIMIT 1`,
  );
  const testSend = testSends(db, lms, templateId);
  // Rows in doubt that the LMS answered with a 2xx (cut off after the status): read once, at the first key
  // asked (they are few).
  let reached: Map<string, PriorSend> | null = null;
  const reachedSend = (key: string) =>
    (reached ??= reachedInDoubt(db, lms, templateId, excludeJobId)).get(key) ?? null;
  const reversed = lastReversal(db, lms, templateId);
  const template = getTemplate(templateId);
  return (key) => {
    const job = inJobs.get(key, ...lms.args, templateId, excludeJobId) as
      Omit<FoundSend, 'testBody'> | undefined;
    const test = testSend(key);
    const inDoubt = reachedSend(key);
    const found = (
      [
        job ? { ...job, testBody: null } : null,
        test ? { ...withoutBody(test), captured: null, testBody: test.body } : null,
        // Its answer was cut off: nothing to capture from.
        inDoubt ? { ...inDoubt, captured: null, testBody: null } : null,
      ] as (FoundSend | null)[]
    )
      .filter((p): p is FoundSend => p !== null)
      .reduce<FoundSend | null>((newest, p) => (newest && newest.at >= p.at ? newest : p), null);
    // Expired (a signed URL), or taken back since (removed from the course after it was enrolled): not sent.
    return stillHeld(found, key, template, now, () => reversed(key));
  };
}

/**
 * A lookup for one connection and template (foundSends, without what was captured or answered).
 * `excludeJobId`: the job being created or resumed (its own rows are not "already sent" by an earlier job).
 */
export function priorSends(
  db: Db,
  connectionId: string,
  templateId: string,
  excludeJobId: string | null = null,
  now: () => number = Date.now,
): (key: string) => PriorSend | null {
  const found = foundSends(db, connectionId, templateId, excludeJobId, now);
  return (key) => {
    const f = found(key);
    if (!f) return null;
    const { captured: _captured, testBody: _testBody, ...prior } = f;
    return prior;
  };
}

/**
 * The newest test send of a key on this LMS and template that counts as sent (`body`: its answer, for a
 * whole 2xx, to capture from; else null). One counts when it succeeded; when its 2xx was cut off after the
 * status (cutOffAnswer.ts: the LMS got it and did it, whatever the template: `reached`); or, for a call
 * not safe to repeat, when its answer was lost (a dropped connection after it left, a gateway's 502/504):
 * it may have done its work, so the row is held as a job's row in doubt would be, until the admin chooses
 * to send it again (--resend, "Send again"). Shared by jobs' and recipe steps' "already sent".
 */
export function testSends(
  db: Db,
  lms: LmsScope,
  templateId: string,
): (key: string) => (PriorSend & { body: string | null }) | null {
  const holdsLost = !getTemplate(templateId)?.idempotent;
  const inTests = db.prepare(
    `SELECT t.sent_at AS at, t.response_status AS status, t.error AS error, t.response_body AS body FROM test_calls t
      WHERE t.row_key = ? AND t.template_id = ? AND ${lms.where('t')}
        AND (t.response_status BETWEEN 200 AND 299 OR t.response_status IN (502, 504) OR t.response_status IS NULL)
      ORDER BY t.sent_at DESC`,
  );
  return (key) => {
    for (const t of inTests.iterate(key, templateId, ...lms.args) as IterableIterator<{
      at: number;
      status: number | null;
      error: string | null;
      body: string | null;
    }>) {
      const sent = { jobId: null, fileName: null, at: t.at, body: null };
      if (t.status !== null && t.status >= 200 && t.status < 300) {
        // A 200 that was no success (a sign-in page, an error inside) sent nothing the LMS kept.
        if (notASuccess(t.status, t.body ?? '') !== null) continue;
        return { ...sent, body: t.body };
      }
      const cut = t.status === null ? cutOffAnswer(t.error) : null;
      if (cut && cut.status >= 200 && cut.status < 300) return { ...sent, reached: cut.status };
      if (holdsLost && (t.status !== null || mayHaveArrived(t.error))) return { ...sent, answerLost: true };
    }
    return null;
  };
}

/**
 * Rows of jobs on this LMS, by key, left in doubt although the LMS answered their last send with a 2xx — an
 * answer cut off after its status (cutOffAnswer.ts), or one the database refused to save after it came:
 * the LMS got the request and did it, so the row counts as sent (never sent again without the admin
 * choosing it) and says why (PriorSend.reached). Found through each job's rows by status (an index), so
 * the cost is one probe per job, not per key.
 */
export function reachedInDoubt(
  db: Db,
  lms: LmsScope,
  templateId: string,
  excludeJobId: string | null,
): Map<string, PriorSend> {
  const rows = db
    .prepare(
      `SELECT i.row_key AS key, j.id AS jobId, j.file_name AS fileName, a.started_at AS at, a.response_status AS status
         FROM jobs j JOIN job_items i ON i.job_id = j.id AND i.status = 'in_doubt'
         JOIN attempts a ON a.id = (SELECT id FROM attempts WHERE item_id = i.id AND kind = 'send' ORDER BY attempt DESC LIMIT 1)
        WHERE ${lms.where('j')} AND i.row_key IS NOT NULL AND COALESCE(i.template_id, j.template_id) = ? AND j.id IS NOT ?
          AND a.response_status BETWEEN 200 AND 299 AND ${NOT_UNDONE}`,
    )
    .all(...lms.args, templateId, excludeJobId) as {
    key: string;
    jobId: string;
    fileName: string | null;
    at: number;
    status: number;
  }[];
  const byKey = new Map<string, PriorSend>();
  for (const r of rows)
    if (!byKey.has(r.key) || byKey.get(r.key)!.at < r.at)
      byKey.set(r.key, { jobId: r.jobId, fileName: r.fileName, at: r.at, reached: r.status });
  return byKey;
}

/**
 * Whether anything may have succeeded on this LMS (lmsScope) and template since `since` outside `jobId`: a
 * job that ran (or is running) since then, or a successful test send. Cheap (jobs and test calls are
 * few), so a job's start can skip the per-row check when nothing happened in between.
 */
export function sentSince(
  db: Db,
  connectionId: string,
  templateId: string,
  jobId: string,
  since: number,
): boolean {
  const lms = lmsScope(db, connectionId);
  const job = db
    .prepare(
      `SELECT 1 FROM jobs j WHERE ${lms.where('j')} AND (j.template_id = ? OR j.recipe_json IS NOT NULL) AND j.id != ?
         AND j.started_at IS NOT NULL AND (j.finished_at IS NULL OR j.finished_at >= ?) LIMIT 1`,
    )
    .get(...lms.args, templateId, jobId, since);
  if (job) return true;
  return (
    db
      .prepare(
        `SELECT 1 FROM test_calls t WHERE ${lms.where('t')} AND t.template_id = ? AND t.sent_at >= ?
           AND (t.response_status BETWEEN 200 AND 299 OR t.response_status IN (502, 504) OR t.response_status IS NULL)
           LIMIT 1`,
      )
      .get(...lms.args, templateId, since) !== undefined
  );
}
