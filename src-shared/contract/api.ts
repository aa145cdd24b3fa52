// The one contract between renderer and main. Both transports (Electron IPC and loopback HTTP) carry
// exactly these calls and events; handlers in src-main implement `Handlers`; inputs are checked at
// runtime by `validate.ts` before any handler sees them.
import type { ApiKind } from '../connectors/types';
import type { CellKind } from '../dataset/cellKind';
import type { AppErrorShape } from './errors';
import type { FieldTrace } from '../mapping/explainRow';
import type { Mapping } from '../mapping/types';
import type { PlanCounts, PlanDiff, PlanRowClass, PlanSource, PlanState } from '../plan/types';
import type { Recipe } from '../recipes/types';
import type { CourseOption, ReportRequest, ReportView } from '../reports/types';
import type { SyncProgress, SyncRunSummary, SyncStatusDto } from '../sync/types';

// ---------- DTOs ----------

/** A saved LMS connection. Never carries a secret: secrets live in the OS keychain only. */
export interface ConnectionDto {
  id: string;
  name: string;
  api: ApiKind;
  baseUrl: string;
  /** Non-secret identity: Coursepath acting user's email; Coassemble workspace id or legacy user id. */
  identity: ConnectionIdentity;
  isSandbox: boolean;
  /** Whether the keychain holds this connection's secret (checked, never read into the DTO). */
  hasSecret: boolean;
  /**
   * `hasSecret` with its reason: `unavailable` when the keychain is locked or cannot be reached, so the
   * secret may well be there (`secretProblem` says what to do), which is not the same as `missing`.
   */
  secretState: SecretState;
  secretProblem: string | null;
  createdAt: number;
  /** What a job on this connection uses unless the admin sets otherwise (shown on Run as values). */
  defaults: ThrottleDefaultsDto;
  /** The last `connections.test` result, kept in SQLite; null when never tested (or changed since). */
  lastTest: ConnectionLastTest | null;
}

/** A connection's default pace, from its API's documented limits (src-shared/runner/throttleDefaults.ts). */
export interface ThrottleDefaultsDto {
  /** The API's documented rolling window, e.g. Coassemble's 100 requests per 60 s; null when none is documented. */
  rateLimit: { requests: number; windowMs: number } | null;
  /** Requests per second the window allows on average (requests are spaced evenly); null = no limit. */
  ratePerSecond: number | null;
  /**
   * Requests in flight to start with. A job raises it by itself while the LMS answers as fast, and lowers
   * it when answers slow down or come back 429/503 (automatic concurrency), up to `concurrencyMax`,
   * unless the admin pins a number (JobOptions.concurrency).
   */
  concurrency: number;
  /** The most requests in flight automatic concurrency goes to. */
  concurrencyMax: number;
  /** Where these numbers come from, in words. */
  source: string;
}

export type SecretState = 'stored' | 'missing' | 'unavailable';

export interface ConnectionLastTest {
  ok: boolean;
  /** HTTP status, or null when nothing answered. */
  status: number | null;
  message: string;
  at: number;
}

/**
 * Coassemble's `legacy` scheme (COASSEMBLE-V1-SHA256 UserId/UserToken) is retired (Airbyte's Coassemble
 * migration guide): a connection saved with it still loads and says so, but no new one can choose it.
 */
export type ConnectionIdentity =
  | { api: 'coursepath'; email: string }
  | { api: 'coassemble'; scheme: 'workspace'; workspaceId: string }
  | { api: 'coassemble'; scheme: 'legacy'; userId: string };

export interface DatasetDto {
  id: string;
  name: string;
  fileName: string;
  columns: string[];
  rowCount: number;
  /** The CSV's separator; '' for a workbook. */
  delimiter: string;
  /**
   * How a CSV's bytes were read, as the WHATWG Encoding Standard names it (utf-8, utf-16le, shift_jis,
   * gb18030, big5, euc-kr, windows-1252, iso-8859-2…); '' for a workbook (its cells are Unicode already).
   */
  encoding: string;
  /**
   * How sure the detector was of `encoding`, 0–100 (100: a byte-order mark, or valid UTF-8 with non-ASCII
   * text); null when the admin chose the encoding, or for a workbook.
   */
  encodingConfidence: number | null;
  /** `csv` for a text file, else the workbook's format: `xlsx`, `xls`, `ods`… */
  format: string;
  /** A workbook's sheet these rows come from; null for a CSV. */
  sheet: string | null;
  /** Every sheet of a workbook, in tab order (for choosing another); empty for a CSV. */
  sheets: SheetSummary[];
  /** What the admin should know that did not stop the import: skipped blank rows, guessed encoding… */
  warnings: string[];
  /** The imported file's size in bytes (0 for datasets imported before this was kept). */
  fileBytes: number;
  importedAt: number;
  /** `importing` while the rest of a big file is still being stored (see `dataset:progress`). */
  state: 'importing' | 'ready';
  /** The imported file's SHA-256 (hex) and size in bytes, for the audit record; null when not known. */
  sha256?: string | null;
  sizeBytes?: number | null;
}

/** One sheet of an imported workbook. */
export interface SheetSummary {
  name: string;
  /** Data rows: rows with a non-empty cell, after the first one (the header). 0: no data. */
  rows: number;
  /** Hidden in the workbook (never chosen by default). */
  hidden: boolean;
}

/** Statistics of one column over every row of a dataset (`datasets.columnStats`). */
export interface ColumnStat {
  column: string;
  /** Cells that are empty or only spaces. */
  empty: number;
  /** Distinct values, exact up to `DISTINCT_CAP`; `distinctCapped` says there are more. */
  distinct: number;
  distinctCapped: boolean;
  /** The one kind of its non-empty cells, or `mixed` (see `kinds`), or `empty`. */
  kind: CellKind | 'mixed';
  /** Non-empty cells per kind. */
  kinds: Partial<Record<CellKind, number>>;
  /** Cells like "00123": kept as text, so the zeros survive. */
  leadingZeros: number;
}

export interface ColumnStatsDto {
  datasetId: string;
  rowCount: number;
  columns: ColumnStat[];
  durationMs: number;
}

/** A named mapping for one template, kept in the database (`mappings.*`). */
export interface SavedMappingDto {
  id: number;
  name: string;
  templateId: string;
  mapping: Mapping;
  savedAt: number;
}

/**
 * An encoding the admin picks for a CSV: any label Node's ICU decodes (WHATWG names and aliases such as
 * `utf-8`, `utf-16le`, `shift_jis`, `euc-jp`, `gb18030`, `big5`, `euc-kr`, `windows-1251`, `iso-8859-2`,
 * `latin1`). An unknown label is refused with a message.
 */
export type CsvEncodingName = string;

/** Progress of a dataset import that returned early, until it is `ready` or `failed` (then removed). */
export interface DatasetProgress {
  datasetId: string;
  state: 'importing' | 'ready' | 'failed';
  /** Data rows stored so far. */
  rowCount: number;
  bytesRead: number;
  totalBytes: number;
  /** Set when state is `failed`: the same message a whole-file import would have thrown. */
  error: AppErrorShape | null;
}

export interface DatasetRow {
  /**
   * The row as a spreadsheet numbers it: the header is row 1, the first data row is row 2. Error
   * messages, previews and history all use it, so "row 14" is row 14 when the admin opens the file.
   * Blank lines are skipped, so numbers can have gaps.
   */
  rowNumber: number;
  cells: string[];
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** A request exactly as it will be sent, with the Authorization value redacted. */
export interface RequestPreview {
  rowNumber: number;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  /** Problems that stop this row from being sent (empty when the request is valid). */
  issues: { field: string; message: string; level: 'error' | 'warning' }[];
}

/**
 * One row's request for the Map screen's request panel: the request as preview shows it, and for each
 * field the cell it was read from, each transform with the value after it, and the lookup's answer.
 */
export interface RequestExplainDto {
  request: RequestPreview;
  fields: FieldTrace[];
  /** The rows before and after, for stepping through the file (null at either end). */
  previousRow: number | null;
  nextRow: number | null;
  /**
   * A manual configuration with record batching: the batched call this row goes out in, built as a run
   * builds it (the runner batches the rows it claims, twice the batch size at a time, in file order).
   */
  batch: { rowNumbers: number[]; request: RequestPreview } | null;
}

/** The mapping being worked on for one dataset and template, kept in SQLite as it is edited. */
export interface WorkingMappingDto {
  datasetId: string;
  templateId: string;
  /** The connection chosen with it; null before one is, or once that connection is deleted. */
  connectionId: string | null;
  mapping: Mapping;
  updatedAt: number;
}

/** Where the admin was: the import being worked on and the screen, so a restart opens them again. */
export interface DeskStateDto {
  datasetId: string | null;
  screen: DeskScreen | null;
  updatedAt: number | null;
}
export type DeskScreen =
  | 'connections'
  | 'import'
  | 'map'
  | 'preview'
  | 'plan'
  | 'run'
  | 'recipes'
  | 'history'
  | 'reports';

export interface TestSendResult {
  request: RequestPreview;
  status: number | null;
  responseHeaders: Record<string, string>;
  responseBody: string;
  durationMs: number;
  error: string | null;
}

/** The answer of `connections.test`: one signed read ("who am I" / one course). Never carries the secret. */
export interface ConnectionTestResult {
  ok: boolean;
  /** The HTTP status, or null when nothing answered (refused, timed out). */
  status: number | null;
  /** What the admin reads: who the key signs in as, or why it was refused. */
  message: string;
  /** The URL that was read (our URLs carry no secrets). */
  url: string;
  durationMs: number;
}

/** A test-send kept in history, as sent (Authorization redacted) with the full answer. */
export interface TestCallDto {
  id: number;
  connectionId: string;
  templateId: string;
  datasetId: string;
  rowNumber: number;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
  sentAt: number;
}

export type JobState = 'ready' | 'running' | 'paused' | 'completed' | 'cancelled' | 'interrupted';
export type ItemStatus =
  | 'pending'
  | 'sending'
  | 'retry_wait'
  | 'succeeded'
  | 'failed'
  | 'in_doubt'
  | 'skipped'
  /** A recipe item whose earlier steps of the same row have not finished yet (or the same key's first item). */
  | 'waiting'
  /** A recipe item not sent because an earlier step of its row failed; `error` says which and why. */
  | 'blocked';

export type ItemCounts = Record<ItemStatus, number> & { total: number };

export interface JobOptions {
  /** Requests per second ceiling; null means the connection's default. */
  ratePerSecond?: number | null;
  /**
   * The API's rolling-window limit, e.g. Coassemble's 100 per 60 s. Absent: the API's documented default;
   * null: none (an account with a higher limit, or a test server).
   */
  rateLimit?: { requests: number; windowMs: number } | null;
  /**
   * Requests in flight, pinned to this number. Absent: automatic — the runner raises it while the LMS
   * answers as fast and lowers it when answers slow down or are refused (src-shared/runner/
   * concurrencyLimiter.ts), starting from the connection's default; JobProgress.concurrency says where it
   * is and why.
   */
  concurrency?: number;
  maxAttempts?: number;
  /** How long to wait for each answer before treating it as a network failure (default 30 s). */
  timeoutMs?: number;
  /** Validate and build every request, send nothing. Rows end `skipped`, with a "Dry run" note when valid. */
  dryRun?: boolean;
  /** The typed confirmation a destructive template needs, e.g. "DELETE 3 courses on Acme Production". */
  confirm?: string;
  /** Send rows that repeat an earlier row's key too (default: only the first is sent, the others skipped). */
  allowDuplicates?: boolean;
  /** Send rows whose key already succeeded on this connection and template (default: skipped). */
  resend?: boolean;
  /**
   * The failure-rate circuit breaker: pause the job when more than `failures` of the last `window`
   * finished rows failed. Absent: 20 of 50. null: off. (The credentials breaker, 3 refusals in a row, is
   * always on.)
   */
  breaker?: { failures: number; window: number } | null;
  /**
   * The canary: send only the first N rows, then pause (stop reason `canary`) for the admin to look at
   * their answers; resuming sends the rest. Absent: 5 on a real connection, 0 (off) on the sandbox.
   * 0 turns it off.
   */
  canary?: number;
  /**
   * Read each write back from the LMS to check it took (templates with a read-back, see
   * src-shared/connectors/readBacks.ts): the canary rows (default), every row, or none. A mismatch pauses
   * the job (stop reason `readBack`).
   */
  readBack?: 'canary' | 'all' | 'off';
  /**
   * Read each row's target just before its write and keep it with the row, so the job can be undone
   * (src-shared/undo/priorReads.ts: templates with a public read). Absent or true: on where such a read
   * exists; false: off. A row whose read fails is not written (it fails, saying why) while this is on.
   */
  undo?: boolean;
}

/** Why a row was skipped rather than sent. `condition`: a recipe step that does not apply to the row. */
export type SkipReason = 'duplicate' | 'alreadySent' | 'invalid' | 'dryRun' | 'plan' | 'condition';
export type SkipCounts = Record<SkipReason, number>;

/**
 * Why the app itself stopped a job, rather than the admin: a circuit breaker (`auth`: answers in a row
 * refused the credentials; `failureRate`: too many of the recent rows failed), the `canary` (the first rows
 * went out; look at them before the rest go), a `readBack` mismatch (the LMS does not hold what was sent),
 * a fault of this machine (`storage`: the database could not be written; `internal`), or Bulk Desk itself
 * ending while the job sent (`closed`: the window closed, `serve` stopped, the process killed) — nothing to
 * decide there: resume to carry on.
 */
export type StopKind = 'auth' | 'failureRate' | 'canary' | 'readBack' | 'storage' | 'internal' | 'closed';
export interface StopReason {
  kind: StopKind;
  /** What the admin reads: what happened, and what to do. */
  message: string;
  at: number;
}

export interface JobSummary {
  id: string;
  templateId: string;
  templateName: string;
  connectionId: string;
  connectionName: string;
  datasetId: string;
  fileName: string;
  state: JobState;
  counts: ItemCounts;
  options: JobOptions;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** Skipped rows by why: duplicates, already sent, invalid, and a dry run's "would send". */
  skipReasons: SkipCounts;
  /** Set while the job is paused or interrupted by the app (not by the admin): why, in words. */
  pausedReason: string | null;
  /** The same, with its kind; null when the admin paused it or it is not stopped. */
  stopReason: StopReason | null;
  /** The job this one undoes (its compensating calls, `jobs.undo`), or null. */
  undoOf?: string | null;
  /**
   * Time spent running, in ms, up to `runningSince` (paused, interrupted and finished jobs do not tick).
   * A running job's duration is `runMs + (now − runningSince)`.
   */
  runMs: number;
  /** When the current running period began; null unless the job is running. */
  runningSince: number | null;
  /** Set for a recipe job (`templateId` is then `recipe:<id>`): its steps, each with its items' counts. */
  recipe?: RecipeJobInfo | null;
}

/** A recipe step as the app lists it: its name, the template it runs, and whether that deletes. */
export interface RecipeStepHeading {
  id: string;
  name: string;
  templateId: string;
  templateName: string;
  destructive: boolean;
}

/** A recipe job's steps as it runs them (optional steps switched off are left out). */
export interface RecipeJobInfo {
  id: string;
  name: string;
  steps: (RecipeStepHeading & {
    /** The cell this step fans out over, if it does. */
    forEach: string | null;
    counts: ItemCounts;
  })[];
}

export interface JobItemDto {
  id: number;
  rowNumber: number;
  status: ItemStatus;
  attempts: number;
  method: string;
  url: string;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  /** What happened besides the outcome: dry run, found by a lookup after a crash, decided by the admin. */
  note: string | null;
  /** Why a skipped row was not sent; null for other rows. */
  skipReason: SkipReason | null;
  /** What the row acts on, e.g. `email=ann@example.com` (null for a row that could not be built). */
  key: string | null;
  /**
   * The row's own cells in the columns that say what it acts on (mapped to the call's path and key
   * fields, see src-main/runner/keyCells.ts), e.g. { "email": "Ann@Example.com" }.
   */
  keyCells: Record<string, string>;
  /** Response fields the template keeps (label → value), e.g. { "Member ID": "1042" }. */
  captured: Record<string, string> | null;
  durationMs: number | null;
  updatedAt: number;
  /** A recipe item's step (its index in the job's recipe; 0 for a one-template job) and fan-out value. */
  step?: number;
  fanValue?: string | null;
}

export interface AttemptDto {
  attempt: number;
  /**
   * `send`: the request itself; `lookup`: a read that settled an in-doubt row; `dry_run`: built, not sent;
   * `readback`: the write read back from the LMS to check it took; `prior`: the target read before a write.
   */
  kind: 'send' | 'lookup' | 'dry_run' | 'readback' | 'prior';
  /** The URL of this exchange (a lookup's differs from the row's). */
  url: string | null;
  startedAt: number;
  durationMs: number | null;
  requestHeaders: Record<string, string>; // redacted
  requestBody: string | null;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
}

/**
 * A row in doubt (its request may or may not have reached the LMS), with what is known of it, so the
 * admin can check the LMS and decide (jobs.resolveInDoubt).
 */
export interface InDoubtRowDto {
  itemId: number;
  /** As the spreadsheet shows it (header = row 1). */
  rowNumber: number;
  /** The cells that say what the row acts on (the columns mapped to the call's path and unique fields). */
  keyCells: Record<string, string>;
  /** What the row acts on as the LMS compares it (e.g. an email lower-cased), when the job recorded it. */
  rowKey: string | null;
  method: string;
  /** The last send's URL, its HTTP status (null: no answer was saved) and error, and when it left. */
  url: string | null;
  status: number | null;
  error: string | null;
  sentAt: number | null;
  attempts: number;
  note: string | null;
}

/** What a job said about itself (src-shared/runner/jobEvents.ts): kept per job, the last EVENTS_KEPT. */
export type JobEventKind =
  | 'started'
  | 'throttled'
  | 'slowed'
  | 'retrying'
  | 'failed'
  | 'inDoubt'
  | 'paused'
  | 'cancelled'
  | 'rateChanged'
  | 'ended';

export interface JobEventDto {
  jobId: string;
  /** 1, 2, 3… per job; an event folded with its repeats keeps its seq (and `count` grows). */
  seq: number;
  kind: JobEventKind;
  /** The first and the latest occurrence. */
  at: number;
  lastAt: number;
  count: number;
  /** The rows it is about (the first few). */
  rows: number[];
  status: number | null;
  retryAfterMs: number | null;
  ratePerSecond: number | null;
  detail: string | null;
  retryInMs: number | null;
  /** The sentence the admin reads. */
  message: string;
}

export interface AppInfo {
  version: string;
  dataDir: string;
  sandboxUrl: string | null;
}

/** What to build a request from: the same shape for preview, test-send and job creation. */
export interface RequestSpec {
  datasetId: string;
  connectionId: string;
  templateId: string;
  mapping: Mapping;
}

/** What a run of a file would do, row by row, before anything is sent (`jobs.preflight`, the dry run). */
export interface PreflightDto {
  rows: number;
  counts: {
    /** Rows that would be sent. */
    wouldSend: number;
    /** Rows skipped because an earlier row of the file has the same key (only the first is sent). */
    duplicate: number;
    /** Rows skipped because their key already succeeded on this connection and template. */
    alreadySent: number;
    /** Rows that cannot be built (a required field is empty, a value has the wrong type…). */
    invalid: number;
    /** Rows sent with warnings. */
    warnings: number;
  };
  /** Rows repeating a key, with the row that is sent instead (the first `LIST_LIMIT`). */
  duplicates: { rowNumber: number; firstRow: number; key: string }[];
  /** Earlier sends of keys in this file, grouped by job (jobId null = test sends), newest first. */
  alreadySent: { jobId: string | null; fileName: string | null; at: number; rows: number }[];
  /** Rows already sent (the first `LIST_LIMIT`). */
  alreadySentRows: { rowNumber: number; key: string; jobId: string | null; at: number }[];
  /** Invalid rows with why (the first `LIST_LIMIT`). */
  invalid: { rowNumber: number; message: string }[];
  /** The phrase a destructive template needs for this run ("DELETE 3 courses on Acme"), else null. */
  confirmation: string | null;
  connection: { id: string; name: string; isSandbox: boolean };
  template: { id: string; name: string; destructive: boolean };
}

/**
 * A plan (src-shared/plan/): what a file would do to the academy, each row compared with the LMS's current
 * state and classified create, update, unchanged, conflict or missing (or invalid, or a duplicate of an
 * earlier row). Stored with the dataset; running it sends only the creates and updates.
 */
export interface PlanDto {
  id: string;
  datasetId: string;
  fileName: string;
  connectionId: string;
  connectionName: string;
  templateId: string;
  templateName: string;
  /** What running it sends: the same template, or for "create member" the create-or-update. */
  runTemplateId: string;
  runTemplateName: string;
  /** Read live, or from the synced catalog of that date (its age is shown). */
  source: PlanSource;
  /** `reading` while it reads the LMS (see `plan:progress`); `interrupted` when stopped: resume it. */
  state: PlanState;
  error: string | null;
  counts: PlanCounts;
  rows: number;
  /** API calls its reads made (a list page is one call). */
  calls: number;
  /** Records read so far. */
  reads: number;
  /** What the plan reads, in words. */
  readsWhat: string;
  createdAt: number;
  finishedAt: number | null;
  /** Rows its run sends (creates and updates), and the phrase a destructive run needs for them. */
  toSend: number;
  confirmation: string | null;
  /** The job its run made; a plan runs once (plan again to see what is left). */
  jobId: string | null;
}

export interface PlanRowDto {
  rowNumber: number;
  class: PlanRowClass;
  /** What the row acts on (rowKeys.ts), e.g. `email=ann@example.com`. */
  key: string | null;
  /** The fields that differ, old → new (a create: every field it sets, from nothing). */
  diff: PlanDiff[];
  note: string | null;
  /** The request running the plan sends for this row, e.g. `POST /api/v1/members/1042`; null when not sent. */
  call: string | null;
}

export interface PlanProgress {
  planId: string;
  state: PlanState;
  calls: number;
  reads: number;
  /** What it is reading now, in words. */
  label: string;
}

/** One row of an undo plan, and why it is listed. */
export interface UndoRowNote {
  /** The original job's row (the undo job's row of the same number undoes it). */
  rowNumber: number;
  key: string | null;
  reason: string;
}

/** What undoing a job would do (`jobs.undoPlan`), and what `jobs.undo` makes into a job. */
export interface UndoPlanDto {
  jobId: string;
  /** The compensating template the undo job sends; null when the job's template has none. */
  template: { id: string; name: string; destructive: boolean } | null;
  connection: { id: string; name: string; isSandbox: boolean };
  counts: {
    /** Rows of the original job. */
    rows: number;
    /** Rows the undo job sends. */
    undo: number;
    /** Rows sent that left their target as it was (already enrolled…), already undone, or covered by another row. */
    unchanged: number;
    /** Rows never sent, or that failed: nothing to undo. */
    notSent: number;
    /** Rows sent that cannot be undone (the list says why). */
    cannot: number;
    /** Undo rows with a caveat. */
    warnings: number;
  };
  /** Rows that cannot be undone, with why (the first 200). */
  cannot: UndoRowNote[];
  /** Rows with nothing to undo, with why (the first 200). */
  unchanged: UndoRowNote[];
  /** Caveats of rows that are undone (the first 200). */
  warnings: UndoRowNote[];
  /** Said once for the whole job: what no single row shows, or why the template cannot be undone. */
  note: string | null;
  /** The phrase the undo job needs to start (its template is destructive), else null. */
  confirmation: string | null;
  /** Undo jobs already made of this job. */
  earlierUndos: { jobId: string; state: JobState; undone: number }[];
}

/** Who did something, on which machine, with which version of Bulk Desk. */
export interface AuditActor {
  /** The OS account (os.userInfo().username). */
  osUser: string;
  /** The machine (os.hostname()). */
  host: string;
  appVersion: string;
  at: number;
}

/** The job's record for an auditor (`jobs.audit`): the first record of an audit export. Never a secret. */
export interface JobAuditDto {
  record: 'job';
  /** The export format's name and version. */
  format: 'bulk-desk.audit/1';
  job: {
    id: string;
    state: JobState;
    createdAt: number;
    startedAt: number | null;
    finishedAt: number | null;
    counts: ItemCounts;
    skipReasons: SkipCounts;
    stopReason: StopReason | null;
    /** The job it undoes, and the jobs that undo it. */
    undoOf: string | null;
    undoneBy: string[];
  };
  /** The file the rows came from: name, size and SHA-256 as imported (null when imported before they were kept). */
  source: {
    fileName: string;
    datasetId: string;
    sizeBytes: number | null;
    sha256: string | null;
    rows: number;
    importedAt: number | null;
    /** Rows made by the app rather than read from a file: an undo job's, from the job it undoes. */
    derivedFrom: { kind: 'undo'; jobId: string } | null;
  };
  /** The connection as it was when the job was made: address and who the calls act as, never the secret. */
  connection: { id: string; name: string; api: ApiKind; baseUrl: string; identity: ConnectionIdentity; isSandbox: boolean } | null;
  template: { id: string; name: string; method: string; path: string; danger: 'safe' | 'destructive'; idempotent: boolean } | null;
  mapping: Mapping;
  options: JobOptions;
  /** The plan the job was made from, when it was made from one; null otherwise. */
  plan: unknown;
  /** Who made the job (null for a job made before this was recorded). */
  createdBy: AuditActor | null;
  /** Every start, resume and rerun, and who did it. */
  runs: (AuditActor & { action: 'start' | 'resume' | 'retryFailed' | 'resolveInDoubt' })[];
}

/** One exchange of a row, as stored (Authorization redacted as it was stored). */
export interface AuditRequestDto {
  attempt: number;
  kind: AttemptDto['kind'];
  method: string;
  url: string | null;
  startedAt: number;
  durationMs: number | null;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
}

/** One row of a job for an auditor: its cells, every request it made and its outcome. */
export interface AuditRowDto {
  record: 'row';
  row: number;
  key: string | null;
  status: ItemStatus;
  skipReason: SkipReason | null;
  error: string | null;
  note: string | null;
  captured: Record<string, string> | null;
  /** Send attempts used (the current round). */
  attempts: number;
  /** The row's cells by column, as stored. */
  input: Record<string, string>;
  requests: AuditRequestDto[];
}

/** A recipe as the app holds it: built in (read-only), or saved by the admin. */
export interface RecipeDto {
  recipe: Recipe;
  builtIn: boolean;
  savedAt: number | null;
  /** What is wrong with it without a file (a step's unknown template, an unmapped required field…). */
  issues: RecipeIssueDto[];
}

export interface RecipeIssueDto {
  /** The step's index (0-based), or null for the recipe as a whole. */
  step: number | null;
  field: string | null;
  level: 'error' | 'warning';
  message: string;
}

/** What a recipe run of a file would do, step by step, before anything is sent (`recipes.preflight`). */
export interface RecipePreflightDto {
  rows: number;
  /** Items over all steps (a step that fans out makes one per listed value). */
  items: number;
  /** Problems of the recipe with this file (errors stop the run). */
  issues: RecipeIssueDto[];
  steps: (RecipeStepHeading & {
    counts: {
      items: number;
      wouldSend: number;
      duplicate: number;
      alreadySent: number;
      /** Cannot be built (an unknown course title…): fails at once, and blocks the row's later steps. */
      invalid: number;
      /** Behind an earlier step of its row that cannot be built: not sent until that is fixed. */
      blocked: number;
      /** Condition not met, or no values listed. */
      notApplicable: number;
      /**
       * Items whose request needs an earlier step's answer (a member id): counted in `wouldSend`; whether
       * they repeat a key or were already sent is decided when they are sent.
       */
      decidedWhenSent: number;
    };
  })[];
  /** Items that cannot be built, with why (the first 200). */
  invalid: { rowNumber: number; step: number; value: string | null; message: string }[];
  /** Items skipped because an earlier row has the same key (the first 200). */
  duplicates: { rowNumber: number; step: number; firstRow: number; key: string }[];
  /** The phrase the run needs when it has destructive steps, else null. */
  confirmation: string | null;
  connection: { id: string; name: string; isSandbox: boolean };
}

/** One row through every step of a recipe: each item's request, as the runner would build it. */
export interface RecipePreviewDto {
  rowNumber: number;
  steps: {
    id: string;
    name: string;
    templateName: string;
    items: {
      fanValue: string | null;
      /** Why the item is not sent at all (its condition, no values); null when it is. */
      notApplicable: string | null;
      /** Fields an earlier step captures appear as `{member.Member ID}` until that step has run. */
      request: RequestPreview | null;
    }[];
  }[];
  issues: RecipeIssueDto[];
}

/** A row of a recipe job with its steps, for History's timeline (`recipes.rows`). */
export interface RecipeRowDto {
  rowNumber: number;
  /** The row as a whole: done, failed (a step failed: later ones blocked), in doubt, or still going. */
  outcome: 'done' | 'failed' | 'in_doubt' | 'running' | 'waiting';
  steps: {
    step: number;
    items: {
      id: number;
      status: ItemStatus;
      fanValue: string | null;
      skipReason: SkipReason | null;
      responseStatus: number | null;
      error: string | null;
      note: string | null;
      captured: Record<string, string> | null;
      attempts: number;
    }[];
  }[];
}

// ---------- Calls ----------

export interface Api {
  'app.info': { input: Record<string, never>; output: AppInfo };

  'connections.list': { input: Record<string, never>; output: ConnectionDto[] };
  /**
   * A secret is bound to its address: changing the base URL or identity of a saved connection without a
   * new `secret` removes the stored one (`secretRemoved`), so a key is never sent where it was not given.
   */
  'connections.save': {
    input: { id?: string; name: string; baseUrl: string; identity: ConnectionIdentity; secret?: string };
    output: ConnectionDto & { secretRemoved: boolean };
  };
  'connections.delete': { input: { id: string }; output: { deleted: true } };
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
  'datasets.delete': { input: { datasetId: string }; output: { deleted: true; rows: number; freedBytes: number } };
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
  'mappings.working': { input: { datasetId?: string; templateId?: string }; output: WorkingMappingDto | null };
  'mappings.saveWorking': {
    input: { datasetId: string; templateId: string; connectionId: string | null; mapping: Mapping };
    output: WorkingMappingDto;
  };

  /** Where the admin was working (the import and the screen), for the next start. */
  'desk.get': { input: Record<string, never>; output: DeskStateDto };
  'desk.save': { input: { datasetId?: string | null; screen?: DeskScreen }; output: DeskStateDto };

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
   * or record them as succeeded or failed. No `itemIds`: every in-doubt row of the job.
   */
  'jobs.resolveInDoubt': {
    input: { jobId: string; action: 'resend' | 'markSucceeded' | 'markFailed'; itemIds?: number[] };
    output: JobSummary;
  };
  /**
   * Writes the job's rows as CSV: the original columns, then status, HTTP status, error, note and one
   * column per captured field. No `path`: a new file in the data folder's exports/ (returned).
   */
  'jobs.export': { input: { jobId: string; status?: ItemStatus; path?: string }; output: { path: string; rows: number } };
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
    input: { recipe: Recipe; datasetId: string; connectionId: string; rowNumber: number; skipSteps?: string[] };
    output: RecipePreviewDto;
  };
  /** Every row, step by step: would send, duplicate, already sent, invalid, not applicable; and the phrase. */
  'recipes.preflight': {
    input: { recipe: Recipe; datasetId: string; connectionId: string; skipSteps?: string[]; allowDuplicates?: boolean; resend?: boolean };
    output: RecipePreflightDto;
  };
  /** A recipe job: one item per row, step and listed value; started with `jobs.start` like any job. */
  'recipes.createJob': {
    input: { recipe: Recipe; datasetId: string; connectionId: string; skipSteps?: string[]; options?: JobOptions };
    output: JobSummary;
  };
  /** A recipe job's rows, each with its steps' items (History's timeline); `problems`: rows with a failed, blocked or in-doubt item. */
  'recipes.rows': {
    input: { jobId: string; offset: number; limit: number; filter?: 'all' | 'problems' };
    output: Page<RecipeRowDto>;
  };

  /** Start (or resume) a sync of the LMS's own data into SQLite; no ids: every connection with a secret. Returns at once. */
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
    output: { path: string; rows: number };
  };
}

export type Method = keyof Api;

/** Every method name, for transports to refuse anything else before parsing. Kept here, free of zod,
 *  so the preload bundle stays small; `Record<Method, true>` makes a missing name a compile error. */
export const METHODS: Readonly<Record<Method, true>> = {
  'app.info': true,
  'connections.list': true,
  'connections.save': true,
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
