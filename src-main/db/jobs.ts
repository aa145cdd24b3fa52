// Job rows ↔ JobSummary. A job snapshots its template, connection, dataset and mapping at creation.
import type {
  ItemCounts,
  ItemStatus,
  JobOptions,
  JobState,
  JobSummary,
  SkipCounts,
  SkipReason,
  RecipeJobInfo,
  StopReason,
} from '../../src-shared/contract/api';
import type { ConnectionTarget } from '../../src-shared/connections/connectionTarget';
import { ITEM_STATUSES } from '../../src-shared/contract/dto/jobs';
import { getTemplate } from '../../src-shared/connectors/catalog';
import type { Template } from '../../src-shared/connectors/types';
import { captureLabels, stepsCaptureLabels } from '../../src-shared/export/jobColumns';
import type { Mapping } from '../../src-shared/mapping/types';
import type { Recipe } from '../../src-shared/recipes/types';
import { stepHeading } from '../../src-shared/recipes/validateRecipe';
import type { Db } from './openDb';
import { stepStatusCounts } from './recipeItems';

interface JobRow {
  id: string;
  template_id: string;
  template_name: string;
  connection_id: string;
  connection_name: string;
  dataset_id: string;
  file_name: string;
  mapping_json: string;
  options_json: string;
  state: JobState;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  stop_reason_json: string | null;
  undo_of: string | null;
  run_ms: number;
  running_since: number | null;
  recipe_json: string | null;
  target_json: string | null;
  reads_per_step: number;
  templates_json: string | null;
}

export interface JobRecord extends Omit<JobSummary, 'counts' | 'pausedReason' | 'skipReasons' | 'recipe' | 'captureLabels'> {
  mapping: Mapping;
  /** A recipe job's recipe as it runs (snapshot, lookups bound); null for a one-template job. */
  recipe: Recipe | null;
  /**
   * The address and account its connection had when the job was made (what the admin confirmed); null
   * only for a job whose connection was already gone when migration 18 gave older jobs theirs.
   */
  target: ConnectionTarget | null;
  /**
   * A recipe job made by a version whose runner reads each step's target before its write (migration
   * 20), so its steps can be undone; false for older recipe jobs and for one-template jobs.
   */
  readsPerStep: boolean;
  /**
   * What the job sends, as resolved when it was made (migration 24): its template, or for a recipe job one
   * per step. A later catalog does not change it (../runner/jobTemplates.ts); null for an older job.
   */
  templates: Template[] | null;
}

/** Whether a job in this state has ended, and so has a finished time. */
const endedAt = (state: JobState): boolean => state === 'completed' || state === 'cancelled';

const toRecord = (r: JobRow): JobRecord => ({
  id: r.id,
  templateId: r.template_id,
  templateName: r.template_name,
  connectionId: r.connection_id,
  connectionName: r.connection_name,
  datasetId: r.dataset_id,
  fileName: r.file_name,
  mapping: JSON.parse(r.mapping_json) as Mapping,
  options: JSON.parse(r.options_json) as JobOptions,
  state: r.state,
  createdAt: r.created_at,
  startedAt: r.started_at,
  // A job an older build moved back from completed kept its finished time (setJobState): not shown.
  finishedAt: endedAt(r.state) ? r.finished_at : null,
  stopReason: r.stop_reason_json ? (JSON.parse(r.stop_reason_json) as StopReason) : null,
  undoOf: r.undo_of,
  runMs: r.run_ms,
  runningSince: r.running_since,
  recipe: r.recipe_json ? (JSON.parse(r.recipe_json) as Recipe) : null,
  target: r.target_json ? (JSON.parse(r.target_json) as ConnectionTarget) : null,
  readsPerStep: r.reads_per_step === 1,
  templates: r.templates_json ? (JSON.parse(r.templates_json) as Template[]) : null,
});

/** One job item as created: pending, or skipped with why (a duplicate, already sent, invalid). */
export interface NewItem {
  rowNumber: number;
  key: string | null;
  status: 'pending' | 'skipped';
  skipReason: SkipReason | null;
  note: string | null;
  error: string | null;
}

/**
 * What a new job is made of: what it sends, with which rows and options. The rest of a JobRecord
 * (started, finished, run time, stop reason) starts empty; the state starts `ready`.
 */
export type NewJob = Pick<
  JobRecord,
  | 'id'
  | 'templateId'
  | 'templateName'
  | 'connectionId'
  | 'connectionName'
  | 'datasetId'
  | 'fileName'
  | 'mapping'
  | 'options'
  | 'createdAt'
> & {
  state?: JobState;
  recipe?: Recipe | null;
  undoOf?: string | null;
  /**
   * What it sends, frozen: its template, or a recipe's step templates in step order. null: none, as a job
   * made before migration 24 (its template resolved from the catalog each time).
   */
  templates: readonly Template[] | null;
};

/**
 * Creates the job and its items in one transaction. `items` is consumed as it is produced (the caller
 * classifies the dataset's rows a page at a time), so memory does not grow with the file.
 */
export function createJob(db: Db, job: NewJob, items: Iterable<NewItem>): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name,
         mapping_json, options_json, state, created_at, undo_of, recipe_json, reads_per_step, templates_json,
         target_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
         -- Where the job goes, as its connection says now: what the admin is confirming (never the secret).
         (SELECT json_object('baseUrl', base_url, 'identity', json(identity_json)) FROM connections WHERE id = ?))`,
    ).run(
      job.id,
      job.templateId,
      job.templateName,
      job.connectionId,
      job.connectionName,
      job.datasetId,
      job.fileName,
      JSON.stringify(job.mapping),
      JSON.stringify(job.options),
      job.state ?? 'ready',
      job.createdAt,
      job.undoOf ?? null,
      job.recipe ? JSON.stringify(job.recipe) : null,
      // This version's runner reads each step before its write (migration 20).
      job.recipe ? 1 : 0,
      job.templates ? JSON.stringify(job.templates) : null,
      job.connectionId,
    );
    const insert = db.prepare(
      `INSERT INTO job_items (job_id, row_number, status, row_key, skip_reason, note, error, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const i of items)
      insert.run(job.id, i.rowNumber, i.status, i.key, i.skipReason, i.note, i.error, job.createdAt);
  })();
}

export function getJob(db: Db, id: string): JobRecord | undefined {
  const row = db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  return row && toRecord(row);
}

export function listJobs(db: Db): JobRecord[] {
  return (db.prepare('SELECT * FROM jobs ORDER BY created_at DESC').all() as JobRow[]).map(toRecord);
}

/**
 * The job's new state. `reason`: why the app (not the admin) paused or interrupted it; any other change
 * of state clears the previous reason, so a resumed job no longer shows why it had stopped. Leaving
 * `running` adds the period to the job's running time (`ranUntil`: when it really stopped, if earlier
 * than `at`, e.g. the last answer before a crash), so an idle job's duration stands still.
 */
export function setJobState(
  db: Db,
  id: string,
  state: JobState,
  at: number,
  reason: Omit<StopReason, 'at'> | null = null,
  ranUntil: number = at,
): void {
  const timing =
    state === 'running'
      ? ', running_since = COALESCE(running_since, @at)'
      : ', run_ms = run_ms + MAX(0, COALESCE(@ranUntil - running_since, 0)), running_since = NULL';
  // Only an ended job (completed, cancelled) has a finished time: one moved back to paused, interrupted or
  // ready (held by its items in doubt, recovered, requeued) has none until it ends again (endedAt).
  const stamp =
    (state === 'running'
      ? ', started_at = COALESCE(started_at, @at), finished_at = NULL'
      : endedAt(state)
        ? ', finished_at = @at'
        : ', finished_at = NULL') + timing;
  const reasonJson = reason ? JSON.stringify({ kind: reason.kind, message: reason.message, at }) : null;
  db.prepare(`UPDATE jobs SET state = @state, stop_reason_json = @reasonJson${stamp} WHERE id = @id`).run({
    id,
    state,
    at,
    reasonJson,
    ranUntil,
  });
}

/** When the job's rows last changed (the end of a run the process did not live to record). */
export function lastActivityAt(db: Db, id: string): number | null {
  return (db.prepare('SELECT MAX(updated_at) FROM job_items WHERE job_id = ?').pluck().get(id) as number | null) ?? null;
}

export function setJobOptions(db: Db, id: string, options: JobOptions): void {
  db.prepare('UPDATE jobs SET options_json = ? WHERE id = ?').run(JSON.stringify(options), id);
}

export const emptyCounts = (): ItemCounts => {
  const counts = Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as ItemCounts;
  counts.total = 0;
  return counts;
};

export function itemCounts(db: Db, jobId: string): ItemCounts {
  const counts = emptyCounts();
  const rows = db
    .prepare('SELECT status, COUNT(*) AS n FROM job_items WHERE job_id = ? GROUP BY status')
    .all(jobId) as { status: ItemStatus; n: number }[];
  for (const r of rows) {
    counts[r.status] = r.n;
    counts.total += r.n;
  }
  return counts;
}

/**
 * A recipe job's items still to send — pending, waiting to retry, in doubt, or waiting for an earlier step
 * of their row — and how many rows they are of: what it says as it starts.
 */
export function recipeItemsToSend(db: Db, jobId: string): { items: number; rows: number } {
  return db
    .prepare(
      `SELECT COUNT(*) AS items, COUNT(DISTINCT row_number) AS rows FROM job_items
        WHERE job_id = ? AND status IN ('pending', 'retry_wait', 'in_doubt', 'waiting')`,
    )
    .get(jobId) as { items: number; rows: number };
}

/** Skipped rows of a job by why they were skipped. */
export function skipCounts(db: Db, jobId: string): SkipCounts {
  const counts: SkipCounts = { duplicate: 0, alreadySent: 0, invalid: 0, dryRun: 0, plan: 0, condition: 0 };
  const rows = db
    .prepare(
      `SELECT skip_reason AS reason, COUNT(*) AS n FROM job_items
        WHERE job_id = ? AND status = 'skipped' AND skip_reason IS NOT NULL GROUP BY skip_reason`,
    )
    .all(jobId) as { reason: SkipReason; n: number }[];
  for (const r of rows) if (r.reason in counts) counts[r.reason] = r.n;
  return counts;
}

export const toSummary = (db: Db, job: JobRecord): JobSummary => {
  const { mapping: _mapping, recipe, target: _target, readsPerStep: _readsPerStep, templates: _templates, ...rest } =
    job;
  return {
    ...rest,
    counts: itemCounts(db, job.id),
    skipReasons: skipCounts(db, job.id),
    pausedReason: job.stopReason?.message ?? null,
    recipe: recipe ? recipeInfo(db, job.id, recipe) : null,
    captureLabels: jobCaptureLabels(job),
  };
};

/**
 * What the job's answers captured, by label: from the templates it froze (../runner/jobTemplates.ts; a
 * recipe's one per step), else — a job made before they were kept — from the catalog, as History did.
 */
function jobCaptureLabels(job: JobRecord): string[] {
  const stepIds = job.recipe?.steps.map((st) => st.template) ?? null;
  const frozen = job.templates?.length && job.templates.length === (stepIds?.length ?? 1) ? job.templates : null;
  const templates = frozen ?? (stepIds ?? [job.templateId]).map((id) => getTemplate(id));
  return stepIds ? stepsCaptureLabels(templates) : captureLabels(templates[0]);
}

/** A recipe job's steps with their items' counts. */
function recipeInfo(db: Db, jobId: string, recipe: Recipe): RecipeJobInfo {
  const steps = recipe.steps.map((s) => ({
    ...stepHeading(s),
    forEach: s.forEach?.column ?? null,
    counts: emptyCounts(),
  }));
  for (const { step, status, n } of stepStatusCounts(db, jobId)) {
    const c = steps[step]?.counts;
    if (!c) continue;
    c[status] += n;
    c.total += n;
  }
  return { id: recipe.id, name: recipe.name, steps };
}

/**
 * At startup no job is running, so whatever a job left behind needs settling: a job still `running`
 * (the process died), and any job, whatever its state, with rows still `sending` (their answers were
 * never saved: a crash, or a database that refused the write). One indexed probe per job.
 */
export function jobsToRecover(db: Db): { id: string; state: JobState }[] {
  // Also a recipe job ended `completed` by a build before the `inDoubt` stop reason with items still waiting
  // on items in doubt (../recipes/recipeRuns.ts heldByDoubt): it is paused for the admin's decision.
  return db
    .prepare(
      `SELECT id, state FROM jobs j WHERE state = 'running'
         OR EXISTS (SELECT 1 FROM job_items i WHERE i.job_id = j.id AND i.status = 'sending')
         OR (state = 'completed' AND recipe_json IS NOT NULL
             AND EXISTS (SELECT 1 FROM job_items i WHERE i.job_id = j.id AND i.status = 'waiting')
             AND EXISTS (SELECT 1 FROM job_items i WHERE i.job_id = j.id AND i.status = 'in_doubt'))`,
    )
    .all() as { id: string; state: JobState }[];
}

/** Jobs interrupted because Bulk Desk stopped while they sent (stop reason `closed`), oldest first. */
export function jobsStoppedByClosing(db: Db): string[] {
  return db
    .prepare(
      `SELECT id FROM jobs WHERE state = 'interrupted' AND json_extract(stop_reason_json, '$.kind') = 'closed'
        ORDER BY created_at`,
    )
    .pluck()
    .all() as string[];
}

/** A recipe job's recipe, as it runs from now on (its lookups bound to the catalog again for a rerun). */
export function setJobRecipe(db: Db, id: string, recipe: Recipe): void {
  db.prepare('UPDATE jobs SET recipe_json = ? WHERE id = ?').run(JSON.stringify(recipe), id);
}
