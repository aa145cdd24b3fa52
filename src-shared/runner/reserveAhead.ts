// How far ahead of its free slots a running job marks rows `sending`, and when its next turn is written.
// Pure: the runner (src-main/runner/sendSlots.ts) asks with its counters and acts on the answer.
//
// Rows reserved ahead are committed `sending` before a slot is free for them, so a request leaves the
// moment an answer frees its slot instead of after a commit, and a turn's commit carries about half as
// many rows as are reserved (fewer, bigger commits: SQLite's cost is mostly per commit, and each turn
// handed to the writer thread wakes it, which on a busy machine costs the sending thread its core for a
// moment).

/** What decides how many rows a job keeps reserved ahead. */
export interface ReserveState {
  /** The job may reserve at all (src-main/runner/jobPolicy.ts: its in-doubt rows settle themselves). */
  mayReserve: boolean;
  /** The LMS has accepted a request of this run (until then one request at a time, nothing ahead). */
  accepted: boolean;
  /** The canary is still being sent: each of its rows waits for the one before. */
  canaryActive: boolean;
  /** A recipe job: a row's next step is released only by the commit of its answer. */
  recipe: boolean;
  /** Requests that may be in flight now. */
  slots: number;
  /** The throttle holds every request now: the LMS asked to wait (Retry-After), or a window is full. */
  held: boolean;
  /** The rate in force now, requests per second (a lowered pace, or one the admin set while running); Infinity: none. */
  ratePerSecond: number;
  /** Answers the job received per second lately (over the last second; 0 before any). */
  answersPerSecond: number;
}

/** Under a rate, rows are reserved ahead for at most this long of sending. */
export const RESERVE_HORIZON_MS = 500;

/**
 * Rows reserved ahead of a job's slots, whatever their number, while the LMS answers fast enough that so
 * many leave within `RESERVE_HORIZON_MS`: eight times 16 slots, the reservation measured at 16.
 */
export const FAST_AHEAD = 128;

/**
 * How many rows to keep marked `sending` ahead of a free slot. Eight times the slots: measured at 16
 * slots against the sandbox, two → four times took the runner from 59% to 70–73% of the bare loop's
 * rows/s, and four → eight ~5% more (median of 14–16 alternating pairs, 2026-12-03): a turn's commit
 * takes 2–8 ms, sometimes 16+ (the writer waits for a core, or checkpoints the WAL), and with four times
 * the slots the reserved rows ran out during ~1 in 12 commits, leaving the sending thread idle; with
 * eight, ~1 in 90. The price: twice as many rows in doubt after a crash, each settled by itself (below).
 * A recipe keeps twice: there bigger turns hold the chain of steps back (4-step recipe, automatic
 * concurrency: 1.15× the single calls at 2×, 1.19–1.23× at 4×).
 *
 * Fewer slots, the same fast LMS: single calls keep `FAST_AHEAD` while the answers come fast enough that
 * they leave within `RESERVE_HORIZON_MS` (at 8 slots against the sandbox, 64 → 128 ahead: the runner's
 * rows/s 109% and 105% of before, won 5 and 6 of 8 pairs, ~20 µs of CPU a row less — a commit carries
 * ~64 rows instead of ~32; 256 ahead: 101%, not taken; bench/runnerPairs.ts, 2026-12-06). Against an LMS
 * answering in 150 ms, 8 slots answer ~53 a second: 26 rows in half a second, so eight times the slots
 * (64) stands, as before.
 *
 * A crash leaves reserved rows in doubt although they never left, so only where the runner settles
 * in-doubt rows by itself — an idempotent call (sent again) or one with a lookup (looked up) — never
 * where the admin would have to decide; and only once the LMS has accepted a request and the canary is
 * over. And never more than can leave soon: none while the throttle holds every request (a 429 on a
 * 20-per-10 s LMS left 63 rows in doubt after a kill, 25 of them sent), and under a rate at most
 * `RESERVE_HORIZON_MS` of it (reserving saves a commit's few ms per turn, nothing at a few per second);
 * the runner releases what is reserved beyond that with its next turn.
 */
export function reserveAhead(s: ReserveState): number {
  if (!s.mayReserve || !s.accepted || s.canaryActive || s.held) return 0;
  const bySlots = Math.max(8, (s.recipe ? 2 : 8) * s.slots);
  const leavingSoon = Math.floor((s.answersPerSecond * RESERVE_HORIZON_MS) / 1000);
  const ahead = s.recipe ? bySlots : Math.max(bySlots, Math.min(FAST_AHEAD, leavingSoon));
  if (!Number.isFinite(s.ratePerSecond)) return ahead;
  return Math.min(ahead, Math.ceil((s.ratePerSecond * RESERVE_HORIZON_MS) / 1000));
}

/** Where the loop stands when it asks whether to write a turn. */
export interface TurnState {
  /** Rows reserved ahead, not yet sent. */
  reserved: number;
  /** Requests in flight. */
  inFlight: number;
  /** A recipe's items set aside for a free slot (they wait for a turn, not for the reservations). */
  aside: number;
  slots: number;
  /** `reserveAhead` now. */
  ahead: number;
  /** Answers waiting in memory to be written, and when the oldest came back (null: none). */
  answers: number;
  oldestAnswerAt: number | null;
  now: number;
}

/** An answer kept in memory at most this long before a turn writes it, while rows are reserved. */
export const MAX_ANSWER_WAIT_MS = 25;

/**
 * 0 when the loop should write a turn now; else how long it may wait. While rows are reserved ahead, a
 * turn waits until the reservations run low, enough answers have come back, or the oldest answer has
 * waited `MAX_ANSWER_WAIT_MS` (an answer in memory is, after a crash, a row in doubt: settled by the
 * lookup or resent, as for any request in flight). Without reservations every turn is written at once:
 * the requests it marks wait for its commit.
 */
export function turnDueIn(t: TurnState): number {
  if (t.reserved === 0 || t.inFlight === 0) return 0;
  if (t.aside && t.inFlight < t.slots) return 0;
  if (t.reserved <= t.ahead / 2 || t.answers >= t.ahead / 2) return 0;
  if (t.oldestAnswerAt === null) return 1000;
  return Math.max(0, t.oldestAnswerAt + MAX_ANSWER_WAIT_MS - t.now);
}
