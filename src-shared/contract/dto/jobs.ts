// Jobs and their rows: states, options, counters, why a job stopped, each row and each attempt, rows in
// doubt, what a job says about itself, and what a run would do before anything is sent (preflight).
// Part of the contract between renderer and main (../api.ts).
import type { ConnectionLastTest } from './connections';

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

/** Every row status, in the order counts and filters list them. */
export const ITEM_STATUSES = [
  'pending',
  'sending',
  'retry_wait',
  'succeeded',
  'failed',
  'in_doubt',
  'skipped',
  'waiting',
  'blocked',
] as const satisfies readonly ItemStatus[];

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
  /** Send rows whose key already succeeded with this template at this LMS (default: skipped). */
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
 * decide there: resume to carry on. One is the admin's: `stoppedInFlight`, a pause that did not wait for
 * the answers to the requests in flight (Ctrl+C twice in the CLI), whose rows are in doubt.
 */
export type StopKind =
  | 'auth'
  | 'failureRate'
  | 'canary'
  | 'readBack'
  | 'storage'
  | 'internal'
  | 'closed'
  /** The LMS asked to wait longer than a job waits by itself (src-shared/runner/longWait.ts). */
  | 'throttled'
  /** The admin paused the job without waiting for the answers in flight (src-main/runner/stopInFlight.ts). */
  | 'stoppedInFlight'
  /**
   * The connection to the LMS was refused before a request went, as every request there would be: a
   * certificate this computer does not trust, or the proxy refusing the tunnel (runner/connectionRefused.ts).
   */
  | 'connection'
  /**
   * A recipe job sent all it could, but items of later steps wait on earlier steps of their rows left in
   * doubt: nothing more is sent for them until the admin decides those (src-shared/runner/waitingOnDoubt.ts).
   */
  | 'inDoubt'
  /**
   * A recipe job stopped going round with later items waiting on a read of what an earlier step captured
   * (its answer not known here): a resume reads it (src-shared/runner/waitingOnRead.ts).
   */
  | 'awaitingRead'
  /**
   * The admin's decision on rows in doubt was saved and meant the job should send (rows to send again, a
   * recipe's later steps opened), but the start failed (a secret gone, a connection deleted, a storage
   * fault): the job waits, paused, for a resume once that is dealt with (src-shared/runner/notStartedWords.ts).
   */
  | 'notStarted';

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
  /**
   * The same, with its kind; null when the admin paused it (waiting for the answers in flight) or it is
   * not stopped.
   */
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
  /**
   * The labels of the fields its rows' answers captured (History's result columns): its own template's,
   * frozen when it was made — a recipe's every step's, once each — not the catalog's of the day.
   */
  captureLabels: string[];
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
  /**
   * When the captured answer stops working, where the call's answer is only good for a while (a Coassemble
   * signed URL: 3 hours after it was made); null otherwise. Kept as made: History says it has expired.
   */
  capturedValidUntil?: number | null;
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
  /**
   * What is known of the answer, in words (src-shared/runner/inDoubtAnswer.ts): its status when it came
   * back but could not be saved, why there was none (a broken connection), or "no answer saved".
   */
  answer: string;
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
  /**
   * Rows in doubt were settled (`detail`): by the admin ('succeeded', 'failed' or 'sent again'), or by a
   * read of the LMS ('found by a read', 'not found by a read': sent again).
   */
  | 'resolved'
  /**
   * Before a job paused for refused credentials sends again, one read checked the key (`detail`: the
   * sentence, accepted or refused; src-shared/runner/credentialsCheck.ts).
   */
  | 'credentialsChecked'
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

/** What a run of a file would do, row by row, before anything is sent (`jobs.preflight`, the dry run). */
export interface PreflightDto {
  rows: number;
  counts: {
    /** Rows that would be sent. */
    wouldSend: number;
    /** Rows skipped because an earlier row of the file has the same key (only the first is sent). */
    duplicate: number;
    /** Rows skipped because their key already succeeded with this template at this LMS (any connection). */
    alreadySent: number;
    /** Rows that cannot be built (a required field is empty, a value has the wrong type…). */
    invalid: number;
    /** Rows sent with warnings. */
    warnings: number;
  };
  /** Rows repeating a key, with the row that is sent instead (the first `LIST_LIMIT`); a long key cut (shortValue). */
  duplicates: { rowNumber: number; firstRow: number; key: string }[];
  /**
   * Earlier sends of keys in this file, grouped by job (jobId null = test sends; those whose answer was
   * lost, `answerLost`, in a group of their own: they may or may not have reached the LMS; a job's rows in
   * doubt that the LMS answered with a 2xx, `reached` with that status, apart from its successes: they
   * reached it), newest first.
   */
  alreadySent: {
    jobId: string | null;
    fileName: string | null;
    at: number;
    rows: number;
    answerLost?: boolean;
    reached?: number;
  }[];
  /** Rows already sent (the first `LIST_LIMIT`); a long key cut (shortValue). */
  alreadySentRows: { rowNumber: number; key: string; jobId: string | null; at: number }[];
  /** Invalid rows with why (the first `LIST_LIMIT`). */
  invalid: { rowNumber: number; message: string }[];
  /** Rows that would be sent with warnings, with what each warns of (the first `LIST_LIMIT`). */
  warnings: { rowNumber: number; message: string }[];
  /**
   * Rows of earlier jobs at this LMS (any connection to it) with this template that succeeded but have no key (sent before keys
   * existed, and neither their dataset row nor their stored request says what they acted on): they
   * cannot be compared, so a row of this file may repeat one of them unnoticed.
   */
  uncheckedEarlier: number;
  /** The phrase a destructive template needs for this run ("DELETE 3 courses on Acme"), else null. */
  confirmation: string | null;
  /**
   * What some of the rows to send also do, beyond what the phrase says — e.g. "2 of these rows also
   * delete their users' own courses…" — to be said beside it (src-shared/safety/widerEffects.ts).
   */
  widerEffects: string[];
  /** `lastTest`: the connection's last test (connections.test), so a failed one is said before sending. */
  connection: { id: string; name: string; isSandbox: boolean; lastTest: ConnectionLastTest | null };
  template: { id: string; name: string; destructive: boolean };
}
