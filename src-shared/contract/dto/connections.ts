// Connections to an LMS as the renderer sees them: never a secret (secrets live in the OS keychain),
// the state of the keychain entry, the last test and the identity a request is signed with.
// Part of the contract between renderer and main (../api.ts).
import type { ApiKind } from '../../connectors/types';

/** A saved LMS connection. Never carries a secret: secrets live in the OS keychain only. */
export interface ConnectionDto {
  id: string;
  name: string;
  api: ApiKind;
  /** The address, a user name and password in it masked (`https://••••@host`): see `addressProblem`. */
  baseUrl: string;
  /**
   * Why nothing can be sent with this connection until its address is edited (saved by an earlier version
   * that did not check it: a password in it, plain http:// to another machine, a ?/# part); null when fine.
   */
  addressProblem: string | null;
  /** Non-secret identity: Coursepath acting user's email; Coassemble workspace id or legacy user id. */
  identity: ConnectionIdentity;
  isSandbox: boolean;
  /** Whether the keychain holds this connection's secret (checked, never read into the DTO). */
  hasSecret: boolean;
  /**
   * `hasSecret` with its reason: `unavailable` when the keychain is locked or cannot be reached, so the
   * secret may well be there (`secretProblem` says what to do), which is not the same as `missing`;
   * `elsewhere` when the one there was given for another address or account (`secretProblem` names it).
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

/**
 * `elsewhere`: the keychain holds a secret for this connection, given for another address or account than
 * it has now (its database restored from a backup, or copied from another data folder): never sent here.
 */
export type SecretState = 'stored' | 'missing' | 'unavailable' | 'elsewhere';

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

/** The answer of `connections.test`: one signed read ("who am I" / one course). Never carries the secret. */
export interface ConnectionTestResult {
  ok: boolean;
  /** The HTTP status, or null when nothing answered (refused, timed out). */
  status: number | null;
  /** What the admin reads: who the key signs in as, or why it was refused. */
  message: string;
  /**
   * With `ok`: the key works for reading, but something will refuse the writes, e.g. a Coursepath acting
   * user who is not an administrator. Absent when there is nothing to warn about.
   */
  warning?: string;
  /** The URL that was read (our URLs carry no secrets). */
  url: string;
  durationMs: number;
}

/**
 * What deleting a connection removes (`connections.deletePlan`), for the question the app and the CLI ask
 * before `connections.delete`: the row, its keychain secret, everything synced from that LMS and what its
 * plans read from it. Jobs made on it keep their own record in History, and so does the summary of a
 * plan a job was made from.
 */
export interface ConnectionDeletePlan {
  id: string;
  name: string;
  /** To type (app) or pass as --confirm (CLI): "DELETE connection Acme Production". */
  phrase: string;
  removes: ConnectionDataCounts;
  /** Plans a job was made from: their summary stays (the job's audit names it); their rows and reads go. */
  plansKept: number;
  jobsKept: number;
  /**
   * Jobs kept that are not finished (paused, interrupted, stopped or never started) and their rows not
   * sent: with the connection gone they cannot be sent from Bulk Desk, so the question says so.
   */
  unfinished: { jobs: number; rows: number };
  /**
   * Rows of its jobs in doubt (any job state): settling them may need a lookup in the LMS or a resend, and
   * with the connection gone they can only be marked succeeded or failed, so the question says so.
   */
  inDoubt: { jobs: number; rows: number };
  /** The keychain entry the delete leaves, another database having written it; null when it removes it. */
  secretKept: SecretKept | null;
}

/**
 * A keychain entry a connection's delete leaves (src-main/services/connectionSecretDelete.ts): another
 * database file wrote it (this data folder is a copy of that one, or was moved), which may still use it.
 * Names the entry and the database, never the secret.
 */
export interface SecretKept {
  /** The entry's account under Bulk Desk's keychain service: "connection:<id>". */
  account: string;
  /** The database file that wrote it; null when written before that was kept. */
  writtenBy: string | null;
}

/** What goes with a connection, counted. */
export interface ConnectionDataCounts {
  courses: number;
  learners: number;
  enrolments: number;
  snapshots: number;
  syncRuns: number;
  /** Plans no job was made from: they go whole. */
  plans: number;
  /** Records its plans read from the LMS (members with their emails and names…), kept plans' included. */
  planReads: number;
}

/** What `connections.delete` removed, counted as it went, and what stays. */
export interface ConnectionDeleted {
  deleted: true;
  removed: ConnectionDataCounts;
  plansKept: number;
  jobsKept: number;
  /** The keychain entry left, another database having written it; null when the secret went. */
  secretKept: SecretKept | null;
}
