// The one contract between renderer and main. Both transports (Electron IPC and loopback HTTP) carry
// exactly these calls and events; handlers in src-main implement `Handlers`; inputs are checked at
// runtime by `validate.ts` before any handler sees them.
import type { Mapping } from '../mapping/types';
import type { PlanRowClass } from '../plan/types';
import type { Recipe } from '../recipes/types';
import type { CourseOption, ReportRequest, ReportView } from '../reports/types';
import type { SyncProgress, SyncRunSummary, SyncStatusDto } from '../sync/types';
import type {
  ConnectionDeleted,
  ConnectionDeletePlan,
  ConnectionDto,
  ConnectionIdentity,
  ConnectionTestResult,
  SecretKept,
} from './dto/connections';
import type {
  DatasetDto,
  ColumnStatsDto,
  CsvEncodingName,
  DatasetProgress,
  DatasetRow,
  Page,
} from './dto/datasets';
import type { MappingPart } from '../mapping/mappingPatch';
import type { MadeBy } from '../mapping/workingVersion';
import type { DeskStateDto, DeskScreen, AppInfo, RecipeDraft, ReportChoice, RunOptionsForm } from './dto/desk';
import type { ScreenChoicesPatch } from './dto/screenChoices';
import type {
  JobState,
  ItemStatus,
  ItemCounts,
  JobOptions,
  StopReason,
  JobSummary,
  JobItemDto,
  AttemptDto,
  InDoubtRowDto,
  JobEventDto,
  PreflightDto,
} from './dto/jobs';
import type { PlanDto, PlanRowDto, PlanProgress } from './dto/plans';
import type { RecipeDto, RecipePreflightDto, RecipePreviewDto, RecipeRowDto } from './dto/recipes';
import type {
  SavedMappingDto,
  RequestPreview,
  RequestExplainDto,
  WorkingMappingDto,
  TestSendResult,
  TestCallDto,
  RequestSpec,
} from './dto/requests';
import type { UndoPlanDto, JobAuditDto, AuditRowDto } from './dto/undoAudit';

// The DTOs, one file per part of the app (./dto/): every one of them is part of this contract.

/**
 * The most rows one in-doubt decision names (jobs.resolveInDoubt `itemIds`): more than a job has in doubt,
 * so a choice of rows is one decision — one transaction, one phrase counting them all. It was 10,000, and
 * `jobs resolve` sent more in batches, each with a phrase of its own.
 */
export const RESOLVE_MAX_ITEMS = 2_000_000;
export type * from './dto/connections';
export type * from './dto/datasets';
export type * from './dto/requests';
export type * from './dto/desk';
export type * from './dto/screenChoices';
export type * from './dto/jobs';
export type * from './dto/plans';
export type * from './dto/undoAudit';
export type * from './dto/recipes';

// ---------- Calls ----------

export interface Api {
  'app.info': { input: Record<string, never>; output: AppInfo };

  'connections.list': { input: Record<string, never>; output: ConnectionDto[] };
  /**
   * A secret is bound to its address: changing the base URL or identity of a saved connection without a
   * new `secret` removes the stored one (`secretRemoved`), so a key is never sent where it was not given.
   * An entry another database wrote (this data folder is a copy) is no longer used here but stays in the
   * keychain (`secretKept`: which, and who wrote it); null when nothing was left.
   */
  'connections.save': {
    input: { id?: string; name: string; baseUrl: string; identity: ConnectionIdentity; secret?: string };
    output: ConnectionDto & { secretRemoved: boolean; secretKept: SecretKept | null };
  };
  /** What deleting the connection removes, and the phrase `connections.delete` needs. */
  'connections.deletePlan': { input: { id: string }; output: ConnectionDeletePlan };
  /**
   * Removes the connection, its keychain secret and its synced data (learners, enrolments, snapshots,
   * sync runs) in one transaction; jobs made on it stay. Refused without `confirm`, the plan's phrase.
   */
  'connections.delete': { input: { id: string; confirm?: string }; output: ConnectionDeleted };
  /** One signed read with the stored secret: Coursepath `GET /members/me`, Coassemble one course. */
  'connections.test': { input: { id: string }; output: ConnectionTestResult };

  /** Import a CSV from a path on this machine (Electron, CLI) or an upload id (loopback `POST /upload`). */
  'datasets.import': {
    input: {
      source: { kind: 'path'; path: string } | { kind: 'upload'; uploadId: string };
      fileName?: string;
      /** Overrides detection: the admin picked the separator (`,` `;` tab `|`). */
      delimiter?: string;
      /** Overrides detection: the admin picked the encoding. */
      encoding?: CsvEncodingName;
      /**
       * A workbook's sheet: its name, or its position counting from 1 (a name that is all digits wins).
       * Default: the first visible sheet with data.
       */
      sheet?: string;
      /**
       * Answer as soon as the first rows are stored (state `importing`) and keep importing; progress and
       * the outcome arrive as `dataset:progress` events. Without it the call answers when the file is in.
       */
      returnEarly?: boolean;
    };
    output: DatasetDto;
  };
  'datasets.list': { input: Record<string, never>; output: DatasetDto[] };
  'datasets.get': { input: { datasetId: string }; output: DatasetDto };
  /**
   * Removes an imported dataset and gives its space back to the disk. Refused (CONFLICT) while a job uses
   * it: a job's history shows and exports its rows.
   */
  'datasets.delete': {
    input: { datasetId: string };
    output: { deleted: true; rows: number; freedBytes: number };
  };
  'datasets.rows': { input: { datasetId: string; offset: number; limit: number }; output: Page<DatasetRow> };
  /** Empty cells, distinct values and detected kind per column, over every row (computed in main). */
  'datasets.columnStats': { input: { datasetId: string }; output: ColumnStatsDto };
  /** Fix one cell in place (the inline fix on the Map screen); returns the row as stored. */
  'datasets.updateCell': {
    input: { datasetId: string; rowNumber: number; column: string; value: string };
    output: DatasetRow;
  };

  /** Saved mappings, of one template or all, sorted by template then name. */
  'mappings.list': { input: { templateId?: string }; output: SavedMappingDto[] };
  /** Saves a mapping under a name for its template; the same name again replaces it. */
  'mappings.save': { input: { name: string; templateId: string; mapping: Mapping }; output: SavedMappingDto };
  'mappings.delete': { input: { id: number }; output: { deleted: true } };
  /**
   * The working mapping of a dataset and template (kept as the admin edits it); with only a dataset, the
   * one last edited for that dataset; with only a template, the one last edited for it on any dataset.
   */
  'mappings.working': {
    input: { datasetId?: string; templateId?: string };
    output: WorkingMappingDto | null;
  };
  'mappings.saveWorking': {
    /** The working mapping as it is kept, but for the time it is stored at (the handler's). */
    input: Omit<WorkingMappingDto, 'updatedAt'> & {
      /**
       * Only the choice of the template (sent as the page goes, before this file's mapping for it was read):
       * a working mapping the file already has for it is kept as it is, made the last edited with this
       * connection; `mapping` is stored only when there is none.
       */
      keepStored?: boolean;
      /**
       * `mapping` is only the change since the mapping stored for this file and template (the fields that
       * differ, the parts set), with the fields removed and the parts unset: sent as the page goes when the
       * whole mapping is over the browser's keepalive allowance (src-shared/mapping/mappingPatch.ts).
       */
      patch?: { removed: string[]; unset: MappingPart[] };
      /**
       * The version the screen started from: the `updatedAt` of the working mapping it last read or had
       * answered for this file and template (null: none). With `madeBy`, which save of which page this is
       * (a page's own count, on no clock): a save is refused (CONFLICT) when what is stored changed since
       * that version other than by this page's earlier saves — the newer one stays, whichever lands last
       * (a whole save is slower than the page-leave patch sent after it). Versions are main's own.
       * Neither given (the command line): stored as it comes.
       */
      base?: number | null;
      madeBy?: MadeBy;
    };
    output: WorkingMappingDto;
  };

  /** Where the admin was working (the import and the screen), for the next start. */
  'desk.get': { input: Record<string, never>; output: DeskStateDto };
  'desk.save': {
    /** `recipeDraft`: null once the draft is saved or given up. */
    input: {
      datasetId?: string | null;
      screen?: DeskScreen;
      runOptions?: RunOptionsForm;
      recipeDraft?: RecipeDraft | null;
      reportChoice?: ReportChoice;
      /** Replaces the sections named (null forgets one); the others stay. */
      screenChoices?: ScreenChoicesPatch;
    };
    output: DeskStateDto;
  };

  'requests.preview': { input: RequestSpec & { offset: number; limit: number }; output: RequestPreview[] };
  /** `confirm`: a destructive template's phrase for one row ("DELETE 1 course on Acme"); refused without it. */
  'requests.testSend': {
    input: RequestSpec & { rowNumber: number; bodyOverride?: string | null; confirm?: string };
    output: TestSendResult;
  };
  /** One row's request with where each field's value comes from; no row number: the first row. */
  'requests.explain': { input: RequestSpec & { rowNumber?: number }; output: RequestExplainDto };
  /**
   * "Copy as cURL" with a live signature: the row's request with a working Authorization header, valid for
   * a short time. Only on the admin's explicit request (`acknowledge`); never stored or logged. Refused
   * where the header would be a long-lived key (Coassemble sends its API key itself).
   */
  'requests.liveCurl': {
    input: RequestSpec & { rowNumber: number; bodyOverride?: string | null; acknowledge: true };
    output: { command: string; validForSeconds: number };
  };
  /** Test-sends kept in history, newest first; optionally only those of one file or connection. */
  'requests.testCalls': {
    input: { datasetId?: string; connectionId?: string; offset: number; limit: number };
    output: Page<TestCallDto>;
  };

  /**
   * What a run would do, before anything is sent: every row classified as would send, duplicate, already
   * sent or invalid (the same classification `jobs.create` applies), and the confirmation phrase needed.
   */
  'jobs.preflight': {
    input: RequestSpec & { allowDuplicates?: boolean; resend?: boolean };
    output: PreflightDto;
  };
  /** Duplicates and rows already sent are skipped at creation unless the options say otherwise. */
  'jobs.create': { input: RequestSpec & { options?: JobOptions }; output: JobSummary };
  /**
   * `confirm`: the phrase a destructive template needs (see confirmGuard.ts), when the job starts, and
   * when the remaining rows of a cancelled job are sent.
   */
  'jobs.start': { input: { jobId: string; confirm?: string }; output: JobSummary };
  'jobs.pause': { input: { jobId: string }; output: JobSummary };
  /** Carries on a paused or interrupted job, or sends the rows a cancelled job never sent. */
  'jobs.resume': { input: { jobId: string; confirm?: string }; output: JobSummary };
  'jobs.cancel': { input: { jobId: string }; output: JobSummary };
  'jobs.retryFailed': { input: { jobId: string; confirm?: string }; output: JobSummary };
  /**
   * Change the rate (and optionally concurrency) of a job, running or not; kept for its resumes.
   * `concurrency`: a number pins it, null makes it automatic again, absent leaves it as it is.
   */
  'jobs.setRate': {
    input: { jobId: string; ratePerSecond: number | null; concurrency?: number | null };
    output: JobSummary;
  };
  /**
   * The admin's decision on rows left in doubt by a crash (sent or not, nobody knows): send again,
   * or record them as succeeded or failed. No `itemIds`: every in-doubt row of the job. A resend on a
   * destructive template needs its phrase (`confirm`), as a rerun of failed rows does.
   */
  'jobs.resolveInDoubt': {
    /** `itemIds`: at most RESOLVE_MAX_ITEMS. */
    input: { jobId: string; action: 'resend' | 'markSucceeded' | 'markFailed'; itemIds?: number[]; confirm?: string };
    output: JobSummary;
  };
  /**
   * Writes the job's rows as CSV: the original columns, then status, HTTP status, error, note and one
   * column per captured field. No `path`: a new file in the data folder's exports/ (returned).
   */
  'jobs.export': {
    input: { jobId: string; status?: ItemStatus; path?: string };
    output: { path: string; rows: number };
  };
  'jobs.list': { input: Record<string, never>; output: JobSummary[] };
  'jobs.get': { input: { jobId: string }; output: JobSummary };
  /**
   * A page of the job's rows in row order. `query`: only rows whose number is it, or whose key, cells,
   * error or note contain it (case-insensitive); `total` then counts matches up to 10,000
   * (`capped` says there are more).
   */
  'jobs.items': {
    input: { jobId: string; status?: ItemStatus; query?: string; offset: number; limit: number };
    output: Page<JobItemDto> & { capped?: boolean };
  };
  /** What the job said about itself (throttling, failures, pauses…), oldest first; the last `limit`. */
  'jobs.events': { input: { jobId: string; limit?: number }; output: JobEventDto[] };
  'jobs.attempts': { input: { jobId: string; itemId: number }; output: AttemptDto[] };
  /** The job's in-doubt rows in row order, with their key cells and last send (bulk-desk jobs in-doubt). */
  'jobs.inDoubt': { input: { jobId: string; offset: number; limit: number }; output: Page<InDoubtRowDto> };
  /** What undoing a finished job would do: rows undone, unchanged, and those that cannot be undone with why. */
  'jobs.undoPlan': { input: { jobId: string }; output: UndoPlanDto };
  /**
   * Makes the undo job (an ordinary job of the compensating calls) and, with `start`, starts it; a
   * destructive compensating template needs `confirm` to start (the plan's `confirmation`). `job` is null
   * when no row needs undoing.
   */
  'jobs.undo': {
    input: { jobId: string; confirm?: string; start?: boolean };
    output: { plan: UndoPlanDto; job: JobSummary | null };
  };
  /** The job's audit record: file, who, where, connection, template, mapping, options, plan, runs, counts. */
  'jobs.audit': { input: { jobId: string }; output: JobAuditDto };
  /** The job's rows for an auditor, each with every request and its outcome, after `afterRow` in row order. */
  'jobs.auditRows': { input: { jobId: string; afterRow: number; limit: number }; output: AuditRowDto[] };

  /** Built-in recipes, then the admin's saved ones (by name). */
  'recipes.list': { input: Record<string, never>; output: RecipeDto[] };
  'recipes.get': { input: { id: string }; output: RecipeDto };
  /** Saves a recipe under its id (the same id again replaces it; a built-in's id is refused). */
  'recipes.save': { input: { recipe: Recipe }; output: RecipeDto };
  'recipes.delete': { input: { id: string }; output: { deleted: true } };
  /** Reads a recipe file's text (YAML or JSON) and saves it. */
  'recipes.import': { input: { text: string; fileName?: string }; output: RecipeDto };
  /** A recipe (saved, built in, or as given) as a file's text. */
  'recipes.export': {
    input: { id?: string; recipe?: Recipe; format: 'yaml' | 'json' };
    output: { text: string; fileName: string };
  };
  /** One row of the file through every step, as it would be sent. */
  'recipes.preview': {
    input: {
      recipe: Recipe;
      datasetId: string;
      connectionId: string;
      rowNumber: number;
      skipSteps?: string[];
    };
    output: RecipePreviewDto;
  };
  /** Every row, step by step: would send, duplicate, already sent, invalid, not applicable; and the phrase. */
  'recipes.preflight': {
    input: {
      recipe: Recipe;
      datasetId: string;
      connectionId: string;
      skipSteps?: string[];
      allowDuplicates?: boolean;
      resend?: boolean;
    };
    output: RecipePreflightDto;
  };
  /** A recipe job: one item per row, step and listed value; started with `jobs.start` like any job. */
  'recipes.createJob': {
    input: {
      recipe: Recipe;
      datasetId: string;
      connectionId: string;
      skipSteps?: string[];
      options?: JobOptions;
    };
    output: JobSummary;
  };
  /** A recipe job's rows, each with its steps' items (History's timeline); `problems`: rows with a failed, blocked or in-doubt item. */
  'recipes.rows': {
    input: { jobId: string; offset: number; limit: number; filter?: 'all' | 'problems' };
    output: Page<RecipeRowDto>;
  };

  /**
   * Start (or resume) a sync of the LMS's own data into SQLite; no ids: every connection with a secret,
   * and each one left out is in the answer too, with `notSynced` saying why. Returns at once.
   */
  'sync.start': { input: { connectionIds?: string[] }; output: SyncStatusDto[] };
  'sync.status': { input: Record<string, never>; output: SyncStatusDto[] };
  /** Completed syncs, newest first (the dates a progress comparison can use). */
  'sync.runs': { input: Record<string, never>; output: SyncRunSummary[] };
  /** A report over the synced data, computed offline. */
  'reports.run': { input: ReportRequest; output: ReportView };
  'reports.courses': { input: { connectionIds?: string[] }; output: CourseOption[] };

  /**
   * Starts a plan of the file (returns at once; `plan:progress` follows its reads): every row compared with
   * the LMS — read live through the connection's throttle, or from the synced catalog (`source: 'sync'`)
   * when it completed within `maxAgeMs` (default a day). Templates without a plan are refused, saying why.
   */
  'plans.create': {
    input: RequestSpec & { source?: 'live' | 'sync'; maxAgeMs?: number; allowDuplicates?: boolean };
    output: PlanDto;
  };
  /** Carries on an interrupted plan from the reads it had saved. */
  'plans.resume': { input: { planId: string }; output: PlanDto };
  'plans.get': { input: { planId: string }; output: PlanDto };
  /** Plans, newest first; of one dataset when given. */
  'plans.list': { input: { datasetId?: string }; output: PlanDto[] };
  /** A page of the plan's rows in row order, of one class when given. */
  'plans.rows': {
    input: { planId: string; class?: PlanRowClass; offset: number; limit: number };
    output: Page<PlanRowDto>;
  };
  /**
   * Makes the job that sends the plan's creates and updates (an ordinary job: preflight rules, destructive
   * phrase at start, canary); the other rows are skipped with the plan's reason. Start it with jobs.start.
   */
  'plans.run': { input: { planId: string; options?: JobOptions }; output: JobSummary };
  /** Writes one table of a report as CSV (formula-safe). No `path`: a new file in the data folder's exports/. */
  'reports.export': {
    input: { report: ReportRequest; table?: number; path?: string };
    /**
     * `notes`: what the report says about its figures (nothing synced, a sync not finished…), as reports.run
     * gives them; `partial`: the figures are partial (ReportView.partial), said on the file's first line.
     */
    output: { path: string; rows: number; notes: string[]; partial: boolean };
  };
}

export type Method = keyof Api;

/** Every method name, for transports to refuse anything else before parsing. Kept here, free of zod,
 *  so the preload bundle stays small; `Record<Method, true>` makes a missing name a compile error. */
export const METHODS: Readonly<Record<Method, true>> = {
  'app.info': true,
  'connections.list': true,
  'connections.save': true,
  'connections.deletePlan': true,
  'connections.delete': true,
  'connections.test': true,
  'datasets.import': true,
  'datasets.list': true,
  'datasets.get': true,
  'datasets.delete': true,
  'datasets.rows': true,
  'datasets.columnStats': true,
  'datasets.updateCell': true,
  'mappings.list': true,
  'mappings.save': true,
  'mappings.delete': true,
  'mappings.working': true,
  'mappings.saveWorking': true,
  'desk.get': true,
  'desk.save': true,
  'requests.preview': true,
  'requests.testSend': true,
  'requests.testCalls': true,
  'requests.explain': true,
  'requests.liveCurl': true,
  'jobs.preflight': true,
  'jobs.create': true,
  'jobs.start': true,
  'jobs.pause': true,
  'jobs.resume': true,
  'jobs.cancel': true,
  'jobs.retryFailed': true,
  'jobs.setRate': true,
  'jobs.resolveInDoubt': true,
  'jobs.export': true,
  'jobs.list': true,
  'jobs.get': true,
  'jobs.items': true,
  'jobs.events': true,
  'jobs.attempts': true,
  'jobs.inDoubt': true,
  'jobs.undoPlan': true,
  'jobs.undo': true,
  'jobs.audit': true,
  'jobs.auditRows': true,
  'recipes.list': true,
  'recipes.get': true,
  'recipes.save': true,
  'recipes.delete': true,
  'recipes.import': true,
  'recipes.export': true,
  'recipes.preview': true,
  'recipes.preflight': true,
  'recipes.createJob': true,
  'recipes.rows': true,
  'sync.start': true,
  'sync.status': true,
  'sync.runs': true,
  'reports.run': true,
  'reports.courses': true,
  'reports.export': true,
  'plans.create': true,
  'plans.resume': true,
  'plans.get': true,
  'plans.list': true,
  'plans.rows': true,
  'plans.run': true,
};
export type Input<M extends Method> = Api[M]['input'];
export type Output<M extends Method> = Api[M]['output'];

// ---------- Events (main → renderer) ----------

export interface JobProgress {
  jobId: string;
  state: JobState;
  /** The job's running time as of `state` (see JobSummary.runMs), so a change of state shows its duration at once. */
  runMs: number;
  /** When the current running period began; null unless `state` is running. */
  runningSince: number | null;
  counts: ItemCounts;
  inFlight: number;
  /** Achieved requests per second over the last few seconds. */
  ratePerSecond: number;
  etaMs: number | null;
  /** Why the app paused or interrupted the job (see JobSummary.stopReason); null otherwise. */
  stopReason: StopReason | null;
  /** The job holds every request until then: the LMS asked it to wait (Retry-After). Null: not holding. */
  waitingUntil?: number | null;
  /** The pace in force when it is lowered below the job's limit after throttle signals; null otherwise. */
  loweredRate?: number | null;
  /** The job's ceiling in requests per second (its rate, or the connection's default); null = none. */
  limitRate?: number | null;
  /** Requests allowed in flight and why (automatic or pinned); null or absent when the job is not running here. */
  concurrency?: ConcurrencyDto | null;
}

/** A running job's requests in flight: the number, who sets it, and why it is what it is. */
export interface ConcurrencyDto {
  /** `auto`: learned from the LMS's answers; `pinned`: the admin's number. */
  mode: 'auto' | 'pinned';
  limit: number;
  /** The most automatic concurrency may reach. */
  max: number;
  /** Why it is where it is, e.g. "raised: answers stay fast (210 ms; 190 ms at best)". */
  reason: string;
  /** When it last moved (epoch ms); null if it has not. */
  changedAt: number | null;
}

export interface Events {
  'job:progress': JobProgress;
  /** Something the job says about itself, new or folded with its repeats (same seq, larger count). */
  'job:event': JobEventDto;
  'dataset:progress': DatasetProgress;
  'sync:progress': SyncProgress;
  'plan:progress': PlanProgress;
}
export type EventName = keyof Events;
/** One event and its payload; a union over the events, so checking `event` narrows `payload`. */
export type EventMessage<E extends EventName = EventName> = { [K in E]: { event: K; payload: Events[K] } }[E];
