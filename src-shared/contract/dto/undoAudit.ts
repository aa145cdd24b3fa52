// Undo and the audit record: what undoing a job would send, and what a job sent, row by row, for whom.
// Part of the contract between renderer and main (../api.ts).
import type { ApiKind } from '../../connectors/types';
import type { Mapping } from '../../mapping/types';
import type { ConnectionIdentity } from './connections';
import type {
  JobState,
  ItemStatus,
  ItemCounts,
  JobOptions,
  SkipReason,
  SkipCounts,
  StopReason,
  AttemptDto,
} from './jobs';
import type { UndoTargetsDto } from '../../undo/undoTargets';

/** One row of an undo plan, and why it is listed. */
export interface UndoRowNote {
  /** The original job's row (the undo job's row of the same number undoes it). */
  rowNumber: number;
  /** A recipe job's step (0-based, as in the recipe) the row's item belongs to; absent for a one-template job. */
  step?: number;
  key: string | null;
  reason: string;
}

/** What undoing one step of a recipe job does (`UndoPlanDto.steps`). */
export interface UndoStepPlanDto {
  /** The step in the original recipe (0-based). */
  step: number;
  name: string;
  /** The step's template. */
  template: { id: string; name: string };
  /** The compensating template its undo sends; null when the step cannot be undone (`irreversible` says why). */
  inverse: { id: string; name: string; destructive: boolean } | null;
  irreversible: string | null;
  /** Said once for the step (what no single item shows). */
  note: string | null;
  /** As `UndoPlanDto.counts`, over this step's items. */
  counts: UndoPlanDto['counts'];
  /** What this step's undo items act on (the course, the group…); null when none is undone. */
  targets: UndoTargetsDto | null;
}

/** What undoing a job would do (`jobs.undoPlan`), and what `jobs.undo` makes into a job. */
export interface UndoPlanDto {
  jobId: string;
  /** The compensating template the undo job sends; null when the job's template has none, and for a recipe job (see `steps`). */
  template: { id: string; name: string; destructive: boolean } | null;
  /** Where the undo is sent: the confirmation names the connection and its address. */
  connection: { id: string; name: string; baseUrl: string; isSandbox: boolean };
  counts: {
    /** Rows of the original job (a recipe job's: its items, a step of a row each, as in every count here). */
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
  /**
   * What the undo rows act on (the course, the group…), for the confirmation to name; null for a recipe
   * job (see each step's) and when no row is undone.
   */
  targets: UndoTargetsDto | null;
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
  /**
   * A recipe job: each step's undo, in the order the undo runs them — the last step first, so a row's
   * enrolment is taken back before the member it enrolled, and what a step created is undone last. Null
   * for a one-template job.
   */
  steps: UndoStepPlanDto[] | null;
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
  connection: {
    id: string;
    name: string;
    api: ApiKind;
    baseUrl: string;
    identity: ConnectionIdentity;
    isSandbox: boolean;
  } | null;
  template: {
    id: string;
    name: string;
    method: string;
    path: string;
    danger: 'safe' | 'destructive';
    idempotent: boolean;
  } | null;
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
  /** Which send this is (1 = the row's first); null for a read (`prior`, `readback`, `lookup`) or a dry run. */
  attempt: number | null;
  /** `send`; the reads `prior` (the target before the write), `readback`, `lookup`; or `dry_run` (not sent). */
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
