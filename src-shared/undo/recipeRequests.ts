// What a recipe run sends, counted before it starts (the Recipes screen's run button, `run --recipe`): each
// step's writes, and the reads undo makes just before them. The preflight counts, per step, the writes whose
// row names a target to read (`readsBefore`, by priorReadPath as the runner sends them:
// src-main/recipes/recipeJobs.ts); whether a run makes those reads is its options' (undoReadsOn, as the
// runner's). A retried request counts once: these are the requests planned, not the attempts.
import type { JobOptions } from '../contract/api';
import { undoReadsOn } from './priorReads';

/** A step of a recipe's preflight, as much as counting needs (RecipePreflightDto's steps). */
export interface StepToSend {
  counts: { wouldSend: number; readsBefore: number };
}

export interface RequestCount {
  writes: number;
  /** Reads of a write's target just before it, kept so the run can be undone. */
  reads: number;
}

/** A real run's options (a dry run sends nothing): `undo: false` (--no-undo) leaves the reads out. */
type RunOptions = Pick<JobOptions, 'undo'>;

/** One step's requests in a run with these options. */
export function stepRequests(step: StepToSend, options: RunOptions): RequestCount {
  return { writes: step.counts.wouldSend, reads: undoReadsOn(options) ? step.counts.readsBefore : 0 };
}

/** The run's requests, over every step. */
export function recipeRequests(steps: readonly StepToSend[], options: RunOptions): RequestCount {
  const out = { writes: 0, reads: 0 };
  for (const st of steps) {
    const n = stepRequests(st, options);
    out.writes += n.writes;
    out.reads += n.reads;
  }
  return out;
}
