// A plan's job reads again, as it starts (and as it resumes), what its plan read of the targets it is
// about to write — with the plan's own readers (src-shared/plan/readSpecs.ts), so a file of members costs
// the few pages of the members list the plan cost, not a read per row. Through the job's throttle and its
// lookup client's retries. The answers are kept in memory for this run of the job only: each row's state
// before its write is taken from them (../runner/priorState.ts), and a row whose target is no longer as
// the plan read it is not written (src-shared/plan/planDrift.ts).
import type { Known, ReaderId } from '../../src-shared/plan/planner';
import { isCredentialRefusal } from '../../src-shared/runner/breakers';
import { apiErrorMessage, classifyResponse } from '../../src-shared/runner/classifyResponse';
import type { ListCursor, PlanReadsOfJob, ReadEntry } from '../db/plans';
import type { LookupResult } from '../runner/inDoubt';
import { SyncAborted, type GetOutcome } from '../sync/syncFetcher';
import { readLive, type ReadStore } from './liveReads';
import { PlanKnowledge } from './planKnowledge';

export interface PlanTargetsDeps {
  plan: PlanReadsOfJob;
  /** One signed, throttled GET with the job's retries (../runner/lookupClient.ts). */
  read(pathAndQuery: string): Promise<LookupResult>;
  clock(): number;
  /** The job is stopping: reads end, and what is not read stays unknown. */
  stopped(): boolean;
  /** One-by-one reads in flight at once. */
  concurrency: number;
}

/** Why reading again failed, for the rows it leaves unread. */
export interface RereadFailure {
  why: string;
  /** Refused for the credentials (401, or a 403 that is not a rate limit): feeds the job's breaker. */
  refused: boolean;
  /** Cut short by a pause: the rows stay pending, read on resume. */
  stopped: boolean;
}

export class PlanTargets {
  private readonly knowledge = new PlanKnowledge();
  private readonly cursors = new Map<string, ListCursor>();

  constructor(private readonly d: PlanTargetsDeps) {}

  get plan(): PlanReadsOfJob {
    return this.d.plan;
  }

  /** The record as read again in this run (unknown: not read, or the read failed). */
  now(reader: ReaderId, key: string): Known {
    return this.knowledge.get(reader, key);
  }

  /** Reads the keys again (reader → keys); null when every one came back, found or absent. */
  async read(wanted: ReadonlyMap<ReaderId, ReadonlySet<string>>): Promise<RereadFailure | null> {
    let refused = false;
    const fetcher = {
      getJson: async (path: string): Promise<GetOutcome> => {
        if (this.d.stopped()) throw new SyncAborted();
        const r = await this.d.read(path);
        const kind = classifyResponse(r.status, r.body, null, this.d.clock()).kind;
        if (r.status !== null && kind === 'success') {
          try {
            return { kind: 'ok', body: JSON.parse(r.body) as unknown };
          } catch {
            throw new Error(`GET ${path}: HTTP ${r.status} with an answer that is not JSON`);
          }
        }
        if (r.status !== null && kind === 'fatal') {
          refused ||= isCredentialRefusal(r.status, kind);
          return { kind: 'fatal', status: r.status, message: apiErrorMessage(r.status, r.body) };
        }
        if (this.d.stopped()) throw new SyncAborted();
        throw new Error(`GET ${path}: ${r.error ?? apiErrorMessage(r.status ?? 0, r.body)}`);
      },
    };
    const store: ReadStore = {
      cursor: (source, scope) =>
        this.cursors.get(`${source}\u0000${scope}`) ?? {
          nextPage: 0,
          pages: 0,
          honoured: false,
          done: false,
        },
      savePage: (source, scope, cursor: ListCursor) => this.cursors.set(`${source}\u0000${scope}`, cursor),
      saveReads: (_entries: readonly ReadEntry[]) => {},
    };
    const d = this.d;
    try {
      await readLive(
        {
          store,
          fetcher,
          knowledge: this.knowledge,
          concurrency: this.d.concurrency,
          signal: {
            get aborted() {
              return d.stopped();
            },
          },
          progress: () => {},
        },
        wanted,
      );
      return null;
    } catch (e) {
      const stopped = e instanceof SyncAborted;
      return { why: e instanceof Error ? e.message : String(e), refused, stopped };
    }
  }
}
