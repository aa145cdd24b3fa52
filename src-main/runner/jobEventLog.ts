// The jobs' events (src-shared/runner/jobEvents.ts): a bounded ring per job in memory while it runs,
// pushed to the renderer as `job:event`, and written to SQLite (db/jobEvents.ts) in the runner's own
// turn transactions — no commit of their own on the hot path — so they can be read after the fact.
// A repeat folds into its event: a thousand failures of one kind are one line whose count grows, and
// its updates are pushed at most every FOLDED_PUSH_MS.
import type { JobEventDto } from '../../src-shared/contract/api';
import { addJobEvent, EVENTS_KEPT, type JobEventFact } from '../../src-shared/runner/jobEvents';
import { listJobEvents, saveJobEvents, saveJobEventsOps } from '../db/jobEvents';
import type { Db } from '../db/openDb';
import type { WriteOp } from '../db/writeOps';
import type { EventBus } from '../services/eventHub';

const FOLDED_PUSH_MS = 250;

export class JobEventLog {
  private readonly rings = new Map<string, JobEventDto[]>();
  /** Changed since the last write, by `jobId seq`. */
  private readonly unsaved = new Map<string, JobEventDto>();
  /** Folded repeats not pushed yet, and when each job last pushed one. */
  private readonly unpushed = new Map<string, JobEventDto>();
  private readonly lastPush = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly clock: () => number,
    private readonly log: (line: string) => void,
  ) {}

  /** Never throws: an event explains a job, it must not stop one. */
  record(jobId: string, fact: JobEventFact): void {
    try {
      const ring = this.ring(jobId);
      const newest = ring.at(-1)?.seq ?? 0;
      const e = addJobEvent(ring, jobId, fact);
      const key = `${jobId} ${e.seq}`;
      this.unsaved.set(key, e);
      // A new event goes out at once; a repeat folded into one (its count may stay 1: a row failing
      // again) with the next push.
      if (e.seq > newest) this.push(e);
      else this.unpushed.set(key, e);
    } catch (err) {
      this.log(`job ${jobId}: event not recorded: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * Writes what changed since the last call, and pushes folded repeats that are due. With `ops`, the
   * writes are added to the runner's turn (written by its writer); else inside the caller's transaction
   * when there is one (the runner's turn: a refused write stops the job like any other);
   * outside one, a refusal is logged and the events stay in memory.
   */
  flush(force = false, ops?: WriteOp[]): void {
    const now = this.clock();
    for (const [key, e] of this.unpushed) {
      if (!force && now - (this.lastPush.get(e.jobId) ?? 0) < FOLDED_PUSH_MS) continue;
      this.unpushed.delete(key);
      this.push(e);
    }
    if (this.unsaved.size === 0) return;
    const batch = [...this.unsaved.values()];
    if (ops) {
      // The runner's turn: written with it (a turn that rolls back loses these lines, not the job's state).
      this.unsaved.clear();
      ops.push(...saveJobEventsOps(batch));
      return;
    }
    if (this.db.inTransaction) {
      this.unsaved.clear();
      saveJobEvents(this.db, batch);
      return;
    }
    try {
      saveJobEvents(this.db, batch);
      this.unsaved.clear();
    } catch (e) {
      this.log(`job events not saved: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The job's events, oldest first: from memory while it is known there, else from SQLite. */
  list(jobId: string, limit = EVENTS_KEPT): JobEventDto[] {
    const ring = this.rings.get(jobId);
    return ring
      ? ring.slice(-limit).map((e) => ({ ...e, rows: [...e.rows] }))
      : listJobEvents(this.db, jobId, limit);
  }

  /** The job stopped: everything written and pushed, and its ring let go. */
  release(jobId: string): void {
    this.flush(true);
    if (![...this.unsaved.values()].some((e) => e.jobId === jobId)) this.rings.delete(jobId);
  }

  private ring(jobId: string): JobEventDto[] {
    let ring = this.rings.get(jobId);
    if (!ring) {
      // Carry on from what an earlier run of the job said (its seq continues).
      try {
        ring = listJobEvents(this.db, jobId, EVENTS_KEPT);
      } catch {
        ring = []; // an unreadable database: the job's own fault handling says so
      }
      this.rings.set(jobId, ring);
    }
    return ring;
  }

  private push(e: JobEventDto): void {
    this.lastPush.set(e.jobId, this.clock());
    this.events.emit('job:event', { ...e, rows: [...e.rows] });
  }
}
