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
import { createHash, randomUUID } from 'node:crypto';
import type { JobOptions, UndoPlanDto, UndoRowNote } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import { getTemplate, resolveTemplate } from '../../src-shared/connectors/catalog';
import type { Template } from '../../src-shared/connectors/types';
import { csvLine } from '../../src-shared/export/csv';
import type { BuiltRequest, Mapping } from '../../src-shared/mapping/types';
import { isAlreadyThere } from '../../src-shared/runner/answerDecision';
import { confirmationPhrase } from '../../src-shared/runner/confirmGuard';
import { undoOf, type InverseSpec } from '../../src-shared/undo/inverses';
import { judgePrior, type PriorVerdict } from '../../src-shared/undo/priorReads';
import { getConnection, type ConnectionRecord } from '../db/connections';
import { getDataset } from '../db/datasets';
import { MAX_STORED_BODY } from '../db/items';
import { createJob, getJob, type JobRecord, type NewJob } from '../db/jobs';
import type { Db } from '../db/openDb';
import { derivedDataset, undoJobsOf, undoSourcePage, type UndoSourceRow } from '../db/undo';
import { classifyDataset, itemsFrom } from '../safety/preflight';
import { phraseName } from '../safety/phraseName';
import { describeIssues, prepareRow } from '../services/requestFactory';
import { shortValue } from '../../src-shared/util/quoteValue';

/** How many rows each list of the plan names (the counts are always complete). */
export const UNDO_LIST_LIMIT = 200;
const PAGE = 1000;
/** The derived dataset's column naming, per row, the fields whose empty value is sent (mapping.sendEmpty). */
export const SEND_EMPTY_COLUMN = 'Send empty';

/** Pacing and checks the admin chose for the original job carry over to its undo (same LMS). */
const CARRIED: readonly (keyof JobOptions)[] = [
  'ratePerSecond',
  'rateLimit',
  'concurrency',
  'maxAttempts',
  'timeoutMs',
  'breaker',
  'canary',
  'readBack',
];

interface Subject {
  job: JobRecord;
  connection: ConnectionRecord;
  template: Template;
  spec: InverseSpec | null;
  irreversible: string | null;
  inverse: Template | null;
  columns: string[];
  mapping: Mapping;
}

/** The original job, refused when it cannot be undone as a whole (running, a dry run, an undo still open). */
function subjectOf(db: Db, jobId: string, isActive: (id: string) => boolean): Subject {
  const job = getJob(db, jobId);
  if (!job) throw new AppError('NOT_FOUND', `No job with id ${jobId}.`);
  if (isActive(jobId) || job.state === 'running')
    throw new AppError('CONFLICT', 'This job is still running: pause or cancel it, or let it finish, before undoing it.');
  if (job.options.dryRun) throw new AppError('CONFLICT', 'This was a dry run: it sent nothing, so there is nothing to undo.');
  // A recipe job read no state before its writes (priorState.ts runs per template, not yet per step).
  if (job.recipe)
    throw new AppError(
      'CONFLICT',
      `Undo is not available for recipe jobs yet ("${job.recipe.name}"): undo each step's effect with its own job, e.g. a job of "Coursepath: unenrol member" on the rows enrolled.`,
    );
  const open = undoJobsOf(db, jobId).find((u) => u.open > 0 || u.state === 'running');
  if (open)
    throw new AppError(
      'CONFLICT',
      `Job ${open.id.slice(0, 8)} is already undoing this job and has rows still to send or in doubt (${open.state}): resume or cancel it first.`,
    );
  const connection = getConnection(db, job.connectionId);
  if (!connection) throw new AppError('NOT_FOUND', `The connection "${job.connectionName}" no longer exists.`);
  const columns = getDataset(db, job.datasetId)?.columns ?? [];
  const template = resolveTemplate(job.templateId, job.mapping, columns);
  if (!template) throw new AppError('NOT_FOUND', `Template ${job.templateId} is not known to this version of Bulk Desk.`);
  const u = undoOf(template.id);
  const spec = 'inverse' in u ? u : null;
  const inverse = spec ? (getTemplate(spec.inverse) ?? null) : null;
  const sendEmpty = spec?.inverse === 'coursepath.members.update';
  const undoColumns = spec ? [...spec.columns, ...(sendEmpty ? [SEND_EMPTY_COLUMN] : [])] : [];
  const mapping: Mapping = {
    fields: Object.fromEntries((spec?.columns ?? []).map((c) => [c, { kind: 'column' as const, column: c }])),
    ...(job.mapping.bodyEncoding ? { bodyEncoding: job.mapping.bodyEncoding } : {}),
    ...(sendEmpty ? { sendEmpty: { column: SEND_EMPTY_COLUMN } } : {}),
  };
  return {
    job,
    connection,
    template,
    spec,
    irreversible: 'irreversible' in u ? u.irreversible : null,
    inverse,
    columns: undoColumns,
    mapping,
  };
}

/** The request a row's last send carried, as stored (its path read against the template's, from the end). */
function sentRequest(row: UndoSourceRow, template: Template): BuiltRequest | null {
  if (!row.sentUrl) return null;
  if (row.sentBody !== null && row.sentBody.length > MAX_STORED_BODY) return null; // cut for its size
  let url: URL;
  try {
    url = new URL(row.sentUrl);
  } catch {
    return null;
  }
  const segments = template.path.split('/').length - 1;
  const path = '/' + url.pathname.split('/').slice(-segments).join('/');
  return { method: template.method, pathAndQuery: path + url.search, headers: {}, body: row.sentBody };
}

/**
 * The target's state before the row's first send: the last read before it that told the state (a row
 * paused before sending was read again when it resumed); else the last failed read; null when none.
 */
function priorOf(row: UndoSourceRow): PriorVerdict | null {
  let good: PriorVerdict | null = null;
  let failed: PriorVerdict | null = null;
  for (const p of row.priors) {
    if (row.firstSend !== null && p.attempt > row.firstSend) break;
    const v = judgePrior(p.status, p.body, p.error);
    if (v.kind === 'unreadable') failed = v;
    else good = v;
  }
  return good ?? failed;
}

const THERE_BEFORE = 'already there before this job (the LMS answered 409): this job did not add it';

const IN_DOUBT =
  'in doubt: it may or may not have reached the LMS; settle it first (History, or bulk-desk jobs in-doubt), then undo again';

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
    connection: { id: s.connection.id, name: s.connection.name, isSandbox: s.connection.isSandbox },
    counts: { rows: 0, undo: 0, unchanged: 0, notSent: 0, cannot: 0, warnings: 0 },
    cannot: [],
    unchanged: [],
    warnings: [],
    note: s.spec?.note ?? s.irreversible,
    confirmation: null,
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
  const firstWithKey = new Map<string, number>();
  for (let after = 0; ; ) {
    const page = undoSourcePage(db, s.job.id, after, PAGE);
    for (const row of page) {
      plan.counts.rows++;
      // A write the LMS answered with success counts, even when a read-back then failed the row.
      const wrote = row.status === 'succeeded' || (row.status === 'failed' && row.sentStatus !== null && row.sentStatus >= 200 && row.sentStatus < 300);
      if (row.undoneBy) unchanged(row, `already undone by job ${row.undoneBy.slice(0, 8)}`);
      else if (row.status === 'in_doubt' || row.status === 'sending') cannot(row, IN_DOUBT);
      else if (!wrote) plan.counts.notSent++;
      // The LMS said (409) the row's member was there before this job: not its doing, so not its undo's to
      // remove — known from the row's outcome, so also where no state was read (undo off, program adds).
      else if (row.status === 'succeeded' && isAlreadyThere(row.note)) unchanged(row, THERE_BEFORE);
      else if (!s.spec || !s.inverse) cannot(row, s.irreversible ?? 'no call undoes this template');
      else {
        const sent = sentRequest(row, s.template);
        if (!sent) {
          cannot(row, 'the request this row sent is not kept in full, so what to undo is not known');
          continue;
        }
        const r = s.spec.derive({ template: s.template, sent, prior: priorOf(row), captured: row.captured });
        if (r.kind === 'cannot') cannot(row, r.why);
        else if (r.kind === 'nothing') unchanged(row, r.why);
        else {
          const cells = s.columns.map((c) => (c === SEND_EMPTY_COLUMN ? (r.sendEmpty ?? []).join(' ') : (r.values[c] ?? '')));
          const p = prepareRow(s.inverse, s.mapping, s.connection.baseUrl, s.columns, row.rowNumber, cells);
          if (!p.built || p.key === null) {
            cannot(row, `the compensating request cannot be built: ${describeIssues(row.rowNumber, p.issues)}`);
            continue;
          }
          const first = firstWithKey.get(p.key);
          if (first !== undefined) {
            unchanged(row, `row ${first} acts on the same ${shortValue(p.key)} and puts back its state from before this job`);
            continue;
          }
          firstWithKey.set(p.key, row.rowNumber);
          plan.counts.undo++;
          for (const w of r.warnings) {
            plan.counts.warnings++;
            list(plan.warnings, row, w);
          }
          onUndo?.(row.rowNumber, cells);
        }
      }
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.rowNumber;
  }
  if (s.inverse) plan.confirmation = confirmationPhrase(s.inverse, plan.counts.undo, phraseName(db, s.connection));
  return plan;
}

/** What undoing the job would do, row by row, without making anything (`jobs.undoPlan`, `--dry-run`). */
export function undoPlan(db: Db, jobId: string, isActive: (id: string) => boolean): UndoPlanDto {
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
    // The rows as CSV (no formula escapes), hashed as they are stored: the audit record's digest of this "file".
    const hash = createHash('sha256');
    let size = 0;
    const feed = (line: string) => {
      const b = Buffer.from(line, 'utf8');
      hash.update(b);
      size += b.length;
    };
    feed(csvLine(['Row', ...s.columns], { escapeFormulas: false }));
    const ds = derivedDataset(db, {
      id: datasetId,
      name: `Undo of job ${s.job.id.slice(0, 8)}`,
      fileName,
      columns: s.columns,
      importedAt: opts.now,
      source: { kind: 'undo', jobId: s.job.id },
    });
    const plan = walk(db, s, (rowNumber, cells) => {
      ds.add(rowNumber, cells);
      feed(csvLine([rowNumber, ...cells], { escapeFormulas: false }));
    });
    if (plan.counts.undo === 0) throw new NothingToUndo(plan);
    ds.finish({ sha256: hash.digest('hex'), sizeBytes: size });
    const carried = Object.fromEntries(CARRIED.filter((k) => s.job.options[k] !== undefined).map((k) => [k, s.job.options[k]]));
    const options: JobOptions = {
      ...carried,
      resend: true, // a deliberate reversal of named rows: never skipped as "already sent" (see above)
      ...(opts.confirm !== undefined ? { confirm: opts.confirm } : {}),
    };
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
    };
    createJob(db, record, itemsFrom(classifyDataset(db, subject, options, id)));
    return { plan, jobId: id };
  })();
}

/** Rolls the derived dataset back when no row needs undoing; carries the plan out. */
class NothingToUndo extends Error {
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
    return createUndoJob(db, jobId, opts);
  } catch (e) {
    if (e instanceof NothingToUndo) return { plan: e.plan, jobId: null };
    throw e;
  }
}

