// What a recipe run sends, counted before it starts (the Recipes screen's run button, `run --recipe`): each
// step's writes, and the reads undo makes just before them. The preflight counts, per step, the writes whose
// row names a target to read (`readsBefore`, by priorReadPath as the runner sends them:
// src-main/recipes/recipeJobs.ts); whether a run makes those reads is its options' (undoReadsOn, as the
// runner's). After a write answered 2xx, the runner may read it back (readBackRequests: the canary's items
// by default, every one with `readBack: 'all'`). A retried request counts once: these are the requests
// planned, not the attempts (the CLI's words say retries come on top). A step that needs an earlier step's
// answer (a member id) builds its key only as it is sent: whether each of its items is sent, or skipped as a
// repeat or as already sent, is decided then — its writes are counted as the most there can be, and said
// apart (`decided`) from those known now.
import type { JobOptions } from '../contract/api';
import { readBackFor } from '../connectors/readBacks';
import { undoReadsOn } from './priorReads';

/** A step of a recipe's preflight, as much as counting needs (RecipePreflightDto's steps). */
export interface StepToSend {
  /** `decidedWhenSent`: of `wouldSend`, the items decided as they are sent (absent: none). */
  counts: { wouldSend: number; readsBefore: number; decidedWhenSent?: number };
}

export interface RequestCount {
  writes: number;
  /** Reads of a write's target just before it, kept so the run can be undone. */
  reads: number;
  /** Of `writes`, those decided as they are sent: each may yet be skipped (a repeat, already sent). */
  decided: number;
}

/** A real run's options (a dry run sends nothing): `undo: false` (--no-undo) leaves the reads out. */
type RunOptions = Pick<JobOptions, 'undo'>;

/** One step's requests in a run with these options. */
export function stepRequests(step: StepToSend, options: RunOptions): RequestCount {
  return {
    writes: step.counts.wouldSend,
    reads: undoReadsOn(options) ? step.counts.readsBefore : 0,
    decided: step.counts.decidedWhenSent ?? 0,
  };
}

/** A step's writes known now to be sent: those not decided as they go. */
export function knownToSend(step: StepToSend): number {
  return step.counts.wouldSend - (step.counts.decidedWhenSent ?? 0);
}

/** The run's requests, over every step. */
export function recipeRequests(steps: readonly StepToSend[], options: RunOptions): RequestCount {
  const out = { writes: 0, reads: 0, decided: 0 };
  for (const st of steps) {
    const n = stepRequests(st, options);
    out.writes += n.writes;
    out.reads += n.reads;
    out.decided += n.decided;
  }
  return out;
}

/** Read-backs a run may send: one GET after each write answered 2xx, of a step that can be read back. */
export interface ReadBackCount {
  count: number;
  /**
   * Only the canary's first items are read back, and which items those are (which steps') is known only as
   * they leave: `count` is the most there can be.
   */
  upTo: boolean;
}

/**
 * The read-backs of a run (src-main/runner/settleAnswers.ts): none with `readBack: 'off'`; with 'all',
 * one per write of a step whose template has a read-back (src-shared/connectors/readBacks.ts); with
 * 'canary', the default, those of the canary's items only. `canaryItems`: the job's canary size
 * (src-main/runner/canary.ts, canarySize: it depends on the connection).
 */
export function readBackRequests(
  steps: readonly (StepToSend & { templateId: string })[],
  options: Pick<JobOptions, 'readBack'>,
  canaryItems: number,
): ReadBackCount {
  const mode = options.readBack ?? 'canary';
  const readable = steps.reduce((n, st) => n + (readBackFor(st.templateId) ? st.counts.wouldSend : 0), 0);
  if (mode === 'off' || readable === 0) return { count: 0, upTo: false };
  if (mode === 'all') return { count: readable, upTo: false };
  const writes = steps.reduce((n, st) => n + st.counts.wouldSend, 0);
  // A canary as large as the run reads back every readable write.
  if (canaryItems >= writes) return { count: readable, upTo: false };
  return { count: Math.min(readable, canaryItems), upTo: canaryItems > 0 };
}
