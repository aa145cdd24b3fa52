// Public types of the built-in sandbox LMS. Re-exported by ./index.ts; other teams code against these names.

export interface SandboxCredentials {
  /** apiKey = the HS256 JWT signing secret. */
  coursepath: { baseUrl: string; email: string; apiKey: string };
  /** apiKey = 64 lowercase hex chars, sent as `COASSEMBLE:<workspaceId>:<apiKey>`. */
  coassemble: { baseUrl: string; userId: string; userToken: string; workspaceId: string; apiKey: string };
}

export interface RateLimit {
  requests: number;
  windowMs: number;
}

export interface RealisticCapacity {
  workers: number;
  queue: number;
  retryAfterSeconds: number;
  /** After this many requests admitted (served or queued), the capacity becomes `workers`/`queue`. */
  change: { afterRequests: number; workers: number; queue: number } | null;
}

export interface SandboxOptions {
  /** 0 = random; always binds 127.0.0.1. */
  port?: number;
  /** Same seed → same credentials, demo data and fault sequence; absent → random credentials and faults. */
  seed?: number;
  /** e.g. "500:0.05,reset:0.02,503:0.01,timeout:0.01,lost:0.01,latency:20-80" (rates 0..1). */
  faults?: string;
  /** Default {100, 60000}; null = unlimited. Per client IP, rolling window. */
  coassembleLimit?: RateLimit | null;
  /** Default null (Coursepath documents no limit). */
  coursepathLimit?: RateLimit | null;
  /** Max age of a Coursepath JWT `iat`, seconds. Default 120. */
  jwtWindowSeconds?: number;
  /** How far in the future an `iat` may be (clock skew), seconds. Default 30. */
  jwtFutureSkewSeconds?: number;
  /** Default 'automate' (everything allowed); 'core' → 403 on Automate-gated endpoints. */
  plan?: 'core' | 'automate';
  /**
   * Coursepath `POST /members` with an email that already exists (undocumented, reference §8.3 [GAP]):
   * 'existing' (default) answers 200 with the existing member unchanged; 'conflict' answers 409.
   */
  duplicateMember?: 'existing' | 'conflict';
  /**
   * Accept the retired `COASSEMBLE-V1-SHA256 UserId=…, UserToken=…` header. Default false: Airbyte's
   * Coassemble migration guide says it is retired and keys issued today cannot use it.
   */
  legacyAuth?: boolean;
  /**
   * Where Coursepath's DELETE /members/{id}/groups reads `name` (undocumented): 'body' (default: a server
   * that ignores a query-string name, so a client sending only the query removes from every group),
   * 'query', or 'either'.
   */
  groupNameFrom?: 'body' | 'query' | 'either';
  /**
   * Coassemble DELETE /user/{id} without `action` (undocumented): 'delete' (default: the worst case, the
   * user's courses are deleted) or 'ignore'.
   */
  userDeleteDefault?: 'delete' | 'ignore';
  /**
   * Coassemble DELETE /tracking: 'form' (default, as documented: "FormData properties"; a JSON body is not
   * read) or 'any' (form, JSON or query).
   */
  trackingDeleteBody?: 'form' | 'any';
  /**
   * Writes that answer success but silently do not stick, by template id (e.g.
   * 'coursepath.members.update'): the answer is computed on a throw-away copy of the data. For testing
   * read-back checks.
   */
  dropWrites?: readonly string[];
  /**
   * Doing a write a second time, where no public source says what the real LMS answers (evidence.md,
   * Unknown: Coassemble's delete statuses, Coursepath's double-enrol answers). false (default): the repeat
   * answers as the first did, 200 — the reading kindest to a client. true: the strict reading — a second
   * `DELETE /course/{id}` of a soft-deleted course answers 404, a second publish of a course with no draft
   * changes since answers 400, and a second enrolment, program add or group add answers 409 — so tests see
   * how a client reports a repeat the LMS refuses.
   */
  strictRepeats?: boolean;
  /**
   * Whether a request refused with 429 still uses up the per-IP budget. Coassemble documents the rolling
   * window and Retry-After but not this (evidence.md). false (default): refused requests do not count.
   * true: they do, as many real limiters count every attempt — a client that keeps sending while refused
   * stays refused.
   */
  countRefused?: boolean;
  /** `GET /screen/types`: 'retired' (default, 404 as today, reference §7) or 'legacy' (array). */
  screenTypes?: 'retired' | 'legacy';
  /**
   * A real LMS's load behaviour, which it never announces (./capacity.ts): every API request takes a
   * service time drawn between `latency.minMs` and `maxMs`; `capacity.workers` are served at once, up to
   * `capacity.queue` more wait (their answers slow down), beyond that 503 with Retry-After. `true` = the
   * defaults (80–400 ms, 24 workers + 24 waiting). Absent: answers at once, no capacity (the fast
   * sandbox the tests and the overhead benchmark use).
   */
  realistic?: boolean | { latency?: { minMs: number; maxMs: number }; capacity?: Partial<RealisticCapacity> };
  /** Ledger entries kept in memory (oldest dropped first). Default 200000. */
  ledgerLimit?: number;
}

export interface LedgerEntry {
  seq: number;
  /** Arrival time, epoch ms. */
  at: number;
  api: 'coursepath' | 'coassemble' | 'other';
  method: string;
  path: string;
  query?: string;
  status: number;
  /** 'ok' | 'auth' | 'rate_limited' | 'bad_request' | 'forbidden' | 'not_found' | 'conflict' | 'fault:500' | 'fault:503' | 'busy' (realistic mode: over capacity, 503) | 'reset' | 'timeout' | 'lost' | 'cut' */
  outcome: string;
  jti?: string;
  email?: string;
  identifier?: string;
  body?: unknown;
  /** Injected latency, plus in realistic mode the wait for a worker and the service time. */
  latencyMs?: number;
}

export interface SandboxLedger {
  entries(): LedgerEntry[];
  /** Entries with seq > `seq`. */
  since(seq: number): LedgerEntry[];
  clear(): void;
}

export interface Sandbox {
  url: string;
  credentials: SandboxCredentials;
  ledger: SandboxLedger;
  /**
   * API requests received since the start or the last reset, answered or not: the ledger holds a request
   * once it is answered, so this is how a test knows one is in flight behind a slow answer.
   */
  readonly received: number;
  /** Back to the seeded demo data; clears the ledger, used jtis and rate-limit windows. */
  reset(): void;
  close(): Promise<void>;
}
