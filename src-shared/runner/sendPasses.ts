// How many times a job's run goes round (src-main/runner/activeJob.ts run): each pass first reads what is in
// doubt (settling what a broken connection left), then sends what became sendable. One pass, and one more
// per attempt a row may have — and, past that, more while a recipe's items wait on a read of what an
// earlier step of their row captured (a step skipped as already sent in the last pass, by a send whose
// answer is not known here: src-main/recipes/unknownCaptures.ts), which only the next pass does; else the
// job would end with those items `waiting`. Each such pass settles them (read, or their later steps failed),
// so fewer wait after it; one that leaves as many ends the run rather than go round for ever — the job then
// paused, naming what waits, for a resume to read it (src-main/recipes/recipeRuns.ts heldAtEnd).

export interface PassState {
  /** The pass about to start, from 0. */
  pass: number;
  maxAttempts: number;
  /** Items whose captured fields a pass is to read before their rows' later steps go, now. */
  awaitingRead: number;
  /** The same at the start of the pass before (0: none then, or the first pass). */
  awaitingBefore: number;
}

/** Whether the run starts pass `pass`. */
export function mayStartPass(p: PassState): boolean {
  if (p.pass < 1 + p.maxAttempts) return true;
  return p.awaitingRead > 0 && (p.awaitingBefore === 0 || p.awaitingRead < p.awaitingBefore);
}
