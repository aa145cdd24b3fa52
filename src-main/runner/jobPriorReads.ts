// The state before each write, as one running job reads it (activeJob.ts calls this; the reads and their
// writes are priorState.ts): whether the job reads its rows' targets before writing them, a plan's
// targets read again as the job starts, a read started beside the loop, and the reads that came back
// written into the loop's turn. A recipe job reads per step, with each item's step template, so each
// step's writes can be undone.
import type { ItemStatus } from '../../src-shared/contract/api';
import type { JobEventFact } from '../../src-shared/runner/jobEvents';
import type { Template } from '../../src-shared/connectors/types';
import type { BuiltRequest } from '../../src-shared/mapping/types';
import { sentInEarlierRun, type RowOutcome } from '../../src-shared/runner/breakers';
import type { Move } from '../db/recipeGates';
import { datasetReader } from '../db/datasets';
import type { JobRecord } from '../db/jobs';
import type { Db } from '../db/openDb';
import { planReadsOfJob } from '../db/plans';
import { unsentRows } from '../db/priorStates';
import type { WriteOp } from '../db/writeOps';
import { PlanTargets } from '../plan/planTargets';
import type { Prepared } from '../services/requestFactory';
import type { Work } from './batchWork';
import type { LookupResult } from './inDoubt';
import type { ItemPlan } from './itemPlan';
import { planChecksOn, PriorReads, priorReadsOn, stepPriorReadsOn } from './priorState';
import { outcomeFact } from './settleAnswers';
import { laterChangeGuard } from '../undo/laterChangeGuard';

/** An undo job's check of each target against what the job it undoes wrote there. */
const laterChangeOf = (src: JobPriorSource) =>
  src.job.undoOf ? { laterChange: laterChangeGuard(src.db, src.job.undoOf) } : {};

/** The running job as its prior reads see it (activeJob.ts). */
export interface JobPriorSource {
  db: Db;
  job: JobRecord;
  template: Template;
  /** The job sends its rows in batches: no row is read before its write. */
  batch: boolean;
  /** A recipe job: its items are steps of rows, each with its step's template (ItemPlan). */
  recipe: ItemPlan | null;
  concurrency: number;
  /** A signed, throttled read whose retries end when the job stops (lookupClient.ts). */
  lookup(): (pathAndQuery: string) => Promise<LookupResult>;
  clock(): number;
  /** A stop was asked for. */
  stopped(): boolean;
  /** The row's request, from its cells. */
  prepare(rowNumber: number, cells: string[]): Prepared;
  /** The rows in flight: a row being read counts as one. */
  inFlight: Set<number>;
  /** A request beside the loop's turns: it holds a slot until it ends. */
  track(request: Promise<void>): void;
  /** The LMS accepted a read that left at `sentAt`: the job may have more than one request in flight. */
  accepted(sentAt: number): void;
  move(from: ItemStatus, to: ItemStatus): void;
  feedBreakers(outcome: RowOutcome, at: number): void;
  /** Says what happened in the job's events (Run, History), as a send's outcome is said. */
  event(fact: JobEventFact): void;
  /** A recipe: the counters follow its gates' moves. */
  applyMoves(moves: readonly Move[]): void;
  /** Work read well, back to the queue's head to be written now. */
  putFirst(work: readonly Work[]): void;
}

export class JobPriorReads {
  /**
   * The job's prior reads (undo's, and a plan's checks against the plan), or null when neither applies.
   * A plan's job checks its targets against the plan with undo off too.
   */
  static of(src: JobPriorSource): JobPriorReads | null {
    if (src.batch) return null;
    const recipe = src.recipe;
    if (recipe) {
      // Per step, undo's reads only: a recipe job is never a plan's run.
      if (!stepPriorReadsOn(src.job.options, recipe.templates)) return null;
      return new JobPriorReads(
        src,
        new PriorReads<Work>({
          db: src.db,
          template: src.template,
          templateOf: (itemId) => recipe.templateOf(itemId),
          read: src.lookup(),
          clock: () => src.clock(),
          keep: true,
          ...laterChangeOf(src),
        }),
      );
    }
    const keep = priorReadsOn(src.job.options, src.template);
    const planTargets = keep || planChecksOn(src.job.options, src.template) ? planTargetsOf(src) : undefined;
    if (!keep && !planTargets) return null;
    return new JobPriorReads(
      src,
      new PriorReads<Work>({
        db: src.db,
        template: src.template,
        read: src.lookup(),
        clock: () => src.clock(),
        plan: planTargets,
        keep,
        ...laterChangeOf(src),
      }),
    );
  }

  private constructor(
    private readonly src: JobPriorSource,
    readonly reads: PriorReads<Work>,
  ) {}

  /**
   * A plan's job, as it starts or resumes: the targets of the rows not sent yet are read again, together,
   * before the first write (a row sent before keeps the state read before its first send).
   */
  async readPlanTargets(): Promise<void> {
    if (!this.reads.fromAPlan) return;
    const src = this.src;
    const cells = datasetReader(src.db, src.job.datasetId);
    const rows = function* () {
      for (let after = 0; ;) {
        const page = unsentRows(src.db, src.job.id, after, 1000);
        for (const r of page) {
          const built = src.prepare(r.rowNumber, cells?.row(r.rowNumber) ?? []).built;
          if (built) yield built;
        }
        if (page.length < 1000) return;
        after = page.at(-1)!.id;
      }
    };
    await this.reads.readPlanTargets(rows());
  }

  /** Reads the row's target beside the loop; it holds a slot like a request, and the row counts as in flight. */
  start(work: Work, built: BuiltRequest): void {
    const id = work.items[0]!.id;
    this.src.inFlight.add(id);
    this.src.track(this.reads.read(work, built));
  }

  /**
   * Inside the turn's transaction (`ops`), before anything is claimed: the reads that came back are
   * written; a row read well goes back to the queue's head to be written now, a row whose read failed
   * fails unsent (a refusal of the credentials feeds the breaker like a refused write). A read cut short
   * by a pause leaves its row pending, to be read again on resume.
   */
  writeTurn(ops: WriteOp[]): void {
    const src = this.src;
    const at = src.clock();
    const ready: Work[] = [];
    for (const r of this.reads.write(at, src.stopped(), ops)) {
      const item = r.item;
      src.inFlight.delete(item.id);
      if (r.ok) {
        src.accepted(r.result.startedAt);
        ready.push(r.work);
      } else if (r.error) {
        src.move(item.status, 'failed');
        // A recipe: the row's later steps are blocked behind the step not written.
        if (src.recipe)
          src.applyMoves(
            src.recipe.afterChange(item.id, at, ops, { status: 'failed', error: r.error }, item.rowNumber),
          );
        // A target that moved was read fine and left alone on purpose: no sign the LMS is failing.
        const sentAt = r.result.startedAt;
        // A refusal's failure is said by the breakers once they judge it the row's own, as a send's is;
        // any other (the LMS failing through every retry, the network, a target that moved) now.
        const said = outcomeFact(item.rowNumber, 'failed', r.error, r.result.status, at, at, item.id);
        if (!r.refusal || r.moved) src.event(said);
        if (!r.moved)
          src.feedBreakers(
            r.refusal
              ? { kind: 'refused', itemId: item.id, message: r.refusal, said, again: sentInEarlierRun(item), page: r.page, sentAt }
              : { kind: 'failed', message: r.error, sentAt },
            at,
          );
      }
    }
    src.putFirst(ready); // in file order, ahead of rows not read yet
  }
}

/** A job run from a plan: the plan's reads, and its targets read again in this run (../plan/planTargets.ts). */
function planTargetsOf(src: JobPriorSource): PlanTargets | undefined {
  const plan = planReadsOfJob(src.db, src.job.id);
  if (!plan) return undefined;
  return new PlanTargets({
    plan,
    read: src.lookup(),
    clock: () => src.clock(),
    stopped: () => src.stopped(),
    concurrency: src.concurrency,
  });
}
