// What a running job (./activeJob.ts) is given: its runner's services (RunnerPort) and its setup, and
// the shape of the reason it keeps when it pauses by itself.
import type { ConcurrencyDto, ItemCounts, JobState, StopReason } from '../../src-shared/contract/api';
import type { Template } from '../../src-shared/connectors/types';
import type { JobEventFact } from '../../src-shared/runner/jobEvents';
import type { ConnectionRecord } from '../db/connections';
import type { DbWriter } from '../db/dbWriter';
import type { JobRecord } from '../db/jobs';
import type { WriteOp } from '../db/writeOps';
import type { ConnectionSecret } from '../services/credentials';
import type { HttpRequest, HttpResponse } from '../services/http';
import type { ThrottleSettings } from './connectionDefaults';
import type { ItemPlan } from './itemPlan';
import type { Throttle } from './throttle';

/** What an ActiveJob needs from its runner. */
export interface RunnerPort {
  clock(): number;
  rand(): number;
  http(req: HttpRequest): Promise<HttpResponse>;
  log(line: string): void;
  emitProgress(
    jobId: string,
    inFlight: number,
    ratePerSecond: number,
    counts: ItemCounts,
    state: JobState,
    concurrency: ConcurrencyDto | null,
  ): void;
  /** Something the job says about itself (src-shared/runner/jobEvents.ts): shown on Run, kept for History. */
  event(jobId: string, fact: JobEventFact): void;
  /**
   * The events recorded since the last call: their writes added to `ops` (the turn's, written with it), or
   * without `ops` written at once.
   */
  flushEvents(ops?: WriteOp[]): void;
}

/** Why the app pauses a job by itself (a breaker, the canary, a read-back mismatch): kept with the job. */
export type PauseReason = Omit<StopReason, 'at'>;

export interface ActiveJobSetup {
  job: JobRecord;
  template: Template;
  connection: ConnectionRecord;
  secret: ConnectionSecret;
  columns: string[];
  throttle: Throttle;
  settings: ThrottleSettings;
  /** The database file (named in a storage fault's message) and how long a locked database is waited for. */
  storage?: { file: string; retryMs: number };
  /**
   * Where the loop's turns are written (../db/dbWriter.ts, chosen by ./writerChoice.ts): this connection
   * without blocking on another program's lock, or a writer thread for a big job.
   */
  writer: Promise<DbWriter>;
  /** A recipe job's steps (see ItemPlan); `template` is then its first step's. */
  plan?: ItemPlan;
  /**
   * The job last stopped because the LMS refused its credentials: one request checks them before any row
   * leaves (./credentialsCheck.ts), and a key still refused pauses the job again with nothing sent.
   */
  checkCredentialsFirst?: boolean;
}

/** How long a write waits, in all, for a database another program has locked (SQLITE_BUSY) before the job stops. */
export const DEFAULT_STORAGE_RETRY_MS = 30_000;
