// "Undo this job": a new, ordinary job of the compensating calls (src-shared/undo/inverses.ts), made from
// what each row of the original sent and the state its target had before (kept by the runner's prior
// reads). It runs on a derived dataset whose rows keep the original row numbers — row 14 of the undo job
// undoes row 14 of the job — so History, exports and the audit record trace every reversal.
//
// The undo job is an ordinary job: a destructive compensating template needs its phrase at start, it
// reads its own rows' state before writing (so it can itself be undone), it is kept in History and
// exported like any job. Two rules of issue 13 are settled here:
//  - "already sent" would skip an undo row whose key succeeded before on the compensating template (the
//    member's earlier enrolment, say), which would make the reversal silently do nothing: an undo job is
//    a deliberate reversal of named rows, so it is made with `resend` (and says so in its options);
//  - duplicates stay off: when the original touched one target in several rows, the first row's state
//    before is the one from before the job, so only that row's undo is sent (the others are listed).
// A recipe job is undone by an undo recipe job, its steps the last first (recipeUndo.ts); what each row
// undoes is judged the same way for both (undoRows.ts).
import { randomUUID } from 'node:crypto';
import type { UndoPlanDto, UndoRowNote } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import { jobTemplate } from '../runner/jobTemplates';
import { confirmationPhrase } from '../../src-shared/runner/confirmGuard';
import { getConnection, type ConnectionRecord } from '../db/connections';
import { getDataset } from '../db/datasets';
import { createJob, getJob, type JobRecord, type NewJob } from '../db/jobs';
import type { Db } from '../db/openDb';
import { undoJobsOf, undoSourcePage, type UndoJobRow, type UndoSourceRow } from '../db/undo';
import { checkTarget } from '../runner/jobTarget';
import { resumePhrase } from '../runner/startConfirmation';
import { classifyDataset, itemsFrom } from '../safety/preflight';
import { phraseName } from '../safety/phraseName';
import { makeRecipeUndoJob, recipeUndoPlan } from './recipeUndo';
import {
  FirstWithKey,
  inverseOf,
  judgeRow,
  noUndoCounts,
  targetTally,
  UNDO_LIST_LIMIT,
  undoConnection,
  undoDataset,
  undoOptions,
  undoTargets,
  type InverseOf,
} from './undoRows';

const PAGE = 1000;

interface Subject extends InverseOf {
  job: JobRecord;
  connection: ConnectionRecord;
}

/**
 * The original job, refused when it cannot be undone as a whole (running, a dry run, an undo still open);
 * and its connection. Shared with the undo of a recipe job (recipeUndo.ts).
 */
export function undoableJob(
  db: Db,
  jobId: string,
  isActive: (id: string) => boolean,
): { job: JobRecord; connection: ConnectionRecord } {
  const job = getJob(db, jobId);
  if (!job) throw new AppError('NOT_FOUND', `No job with id ${jobId}.`);
  if (isActive(jobId) || job.state === 'running')
    throw new AppError('CONFLICT', 'This job is still running: pause or cancel it, or let it finish, before undoing it.');
  if (job.options.dryRun) throw new AppError('CONFLICT', 'This was a dry run: it sent nothing, so there is nothing to undo.');
  const open = undoJobsOf(db, jobId).find((u) => u.open > 0 || u.state === 'running');
  if (open) {
    const undo = getJob(db, open.id);
    throw new AppError('CONFLICT', undoStillOpen(open, undo ? resumePhrase(db, undo) : null));
  }
  const connection = getConnection(db, job.connectionId);
  if (!connection) throw new AppError('NOT_FOUND', `The connection "${job.connectionName}" no longer exists.`);
  checkTarget(job, connection, 'undo');
  return { job, connection };
}

/**
 * Why a job is not undone while an earlier undo of it is open, and the way on: that undo's rows are sent
 * (resumed) or settled (in doubt). Cancelling it is no way on — a cancelled job keeps the rows it never
 * sent, to send later — and a second undo beside it would take the same rows back twice. `phrase`: what
 * resuming that undo asks for (one never started, or cancelled, is a new decision to send), in its hint.
 */
function undoStillOpen(open: UndoJobRow, phrase: string | null): string {
  const id = open.id.slice(0, 8);
  const rows = (n: number) => `${n} row${n === 1 ? '' : 's'}`;
  if (open.state === 'running')
    return `Job ${id} is undoing this job right now: let it finish (or pause it and send the rest later) before undoing this job again.`;
  const unsent = open.open - open.inDoubt;
  const has = [
    unsent > 0 ? `${rows(unsent)} it has not sent yet` : '',
    open.inDoubt > 0 ? `${rows(open.inDoubt)} in doubt` : '',
  ].filter(Boolean);
  const ways = [
    unsent > 0 ? `send ${unsent === 1 ? 'it' : 'them'} with its Resume (bulk-desk jobs resume ${id}${phrase ? ` --confirm "${phrase}"` : ''})` : '',
    open.inDoubt > 0 ? `settle the rows in doubt (bulk-desk jobs in-doubt ${id})` : '',
  ].filter(Boolean);
  return (
    `Job ${id} is already undoing this job (${open.state}) and has ${has.join(' and ')}: ${ways.join(', and ')} ` +
    'before undoing this job again — a second undo beside it would take the same rows back twice.'
  );
}

function subjectOf(db: Db, jobId: string, isActive: (id: string) => boolean): Subject {
  const { job, connection } = undoableJob(db, jobId, isActive);
  const columns = getDataset(db, job.datasetId)?.columns ?? [];
  // What the job really sent (frozen with it), not what the catalog says of its template now.
  const template = jobTemplate(job, columns);
  if (!template) throw new AppError('NOT_FOUND', `Template ${job.templateId} is not known to this version of Bulk Desk.`);
  return { job, connection, ...inverseOf(template, job.mapping.bodyEncoding) };
}

/**
 * Walks the job's rows once, in row order: counts and lists what undoing would do; `onUndo` receives each
 * row to send (its number and cells in the undo dataset's column order).
 */
function walk(db: Db, s: Subject, onUndo?: (rowNumber: number, cells: string[]) => void): UndoPlanDto {
  const plan: UndoPlanDto = {
    jobId: s.job.id,
    template: s.inverse
      ? { id: s.inverse.id, name: s.inverse.name, destructive: s.inverse.danger === 'destructive' }
      : null,
    connection: undoConnection(s.connection),
    counts: noUndoCounts(),
    targets: null,
    cannot: [],
    unchanged: [],
    warnings: [],
    note: s.spec?.note ?? s.irreversible,
    confirmation: null,
    steps: null,
    earlierUndos: undoJobsOf(db, s.job.id).map((u) => ({ jobId: u.id, state: u.state, undone: u.succeeded })),
  };
  const list = (to: UndoRowNote[], row: UndoSourceRow, reason: string) => {
    if (to.length < UNDO_LIST_LIMIT) to.push({ rowNumber: row.rowNumber, key: row.key, reason });
  };
  const cannot = (row: UndoSourceRow, reason: string) => {
    plan.counts.cannot++;
    list(plan.cannot, row, reason);
  };
  const unchanged = (row: UndoSourceRow, reason: string) => {
    plan.counts.unchanged++;
    list(plan.unchanged, row, reason);
  };
  const firstWithKey = new FirstWithKey();
  const targets = targetTally(s);
  for (let after = 0; ; ) {
    const page = undoSourcePage(db, s.job.id, after, PAGE);
    for (const row of page) {
      plan.counts.rows++;
      const v = judgeRow(row, s, s.connection.baseUrl);
      if (v.kind === 'notSent') plan.counts.notSent++;
      else if (v.kind === 'unchanged') {
        if (v.covers) firstWithKey.undone(v.covers.key, `row ${row.rowNumber}`, row, v.covers.until);
        unchanged(row, v.why);
      } else if (v.kind === 'cannot') cannot(row, v.why);
      else {
        const covered = firstWithKey.covered(v.key, row);
        if (covered !== null) {
          unchanged(row, covered);
          continue;
        }
        firstWithKey.undoes(v.key, `row ${row.rowNumber}`);
        plan.counts.undo++;
        for (const w of v.warnings) {
          plan.counts.warnings++;
          list(plan.warnings, row, w);
        }
        targets.add(v.cells);
        onUndo?.(row.rowNumber, v.cells);
      }
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.rowNumber;
  }
  plan.targets = undoTargets(db, s.connection.id, targets);
  if (s.inverse) plan.confirmation = confirmationPhrase(s.inverse, plan.counts.undo, phraseName(db, s.connection));
  return plan;
}

/** What undoing the job would do, row by row, without making anything (`jobs.undoPlan`, `--dry-run`). */
export function undoPlan(db: Db, jobId: string, isActive: (id: string) => boolean): UndoPlanDto {
  if (getJob(db, jobId)?.recipe) return recipeUndoPlan(db, jobId, isActive);
  return walk(db, subjectOf(db, jobId, isActive));
}

/**
 * Makes the undo job (state ready: started like any job, with its phrase when destructive) on a derived
 * dataset of the rows to send. Returns the plan and the new job's id, or null when no row needs undoing.
 */
function createUndoJob(
  db: Db,
  jobId: string,
  opts: { isActive: (id: string) => boolean; now: number; confirm?: string },
): { plan: UndoPlanDto; jobId: string | null } {
  const s = subjectOf(db, jobId, opts.isActive);
  if (!s.inverse) return { plan: walk(db, s), jobId: null };
  const inverse = s.inverse;
  const id = randomUUID();
  const datasetId = randomUUID();
  const fileName = `undo of ${s.job.id.slice(0, 8)} (${s.job.fileName})`;
  return db.transaction(() => {
    const ds = undoDataset(db, { id: datasetId, job: s.job, fileName, columns: s.columns, now: opts.now });
    const plan = walk(db, s, (rowNumber, cells) => ds.add(rowNumber, cells));
    if (plan.counts.undo === 0) throw new NothingToUndo(plan);
    ds.finish();
    const options = undoOptions(s.job, opts.confirm);
    const subject = {
      template: inverse,
      connection: s.connection,
      dataset: { id: datasetId, columns: s.columns, rowCount: plan.counts.undo },
      mapping: s.mapping,
    };
    const record: NewJob = {
      id,
      templateId: inverse.id,
      templateName: inverse.name,
      connectionId: s.connection.id,
      connectionName: s.connection.name,
      datasetId,
      fileName,
      mapping: s.mapping,
      options,
      createdAt: opts.now,
      undoOf: s.job.id,
      templates: [inverse],
    };
    createJob(db, record, itemsFrom(classifyDataset(db, subject, options, id)));
    return { plan, jobId: id };
  })();
}

/** Rolls the derived dataset back when no row needs undoing; carries the plan out. */
export class NothingToUndo extends Error {
  constructor(readonly plan: UndoPlanDto) {
    super('nothing to undo');
  }
}

/** createUndoJob, answering `{plan, jobId: null}` when no row needs undoing (nothing is stored then). */
export function makeUndoJob(
  db: Db,
  jobId: string,
  opts: { isActive: (id: string) => boolean; now: number; confirm?: string },
): { plan: UndoPlanDto; jobId: string | null } {
  try {
    if (getJob(db, jobId)?.recipe) return makeRecipeUndoJob(db, jobId, opts);
    return createUndoJob(db, jobId, opts);
  } catch (e) {
    if (e instanceof NothingToUndo) return { plan: e.plan, jobId: null };
    throw e;
  }
}

