// Undo of recipe jobs: the runner now reads each recipe step's target just before that step's write
// (src-main/runner/priorState.ts), as it reads a one-template job's rows, so the step can be undone.
// Recipe jobs made before never read their steps: `reads_per_step` tells them apart — 1 for a recipe job
// made from now on, 0 for every older one — so their undo is refused, naming the job, rather than
// guessed from reads that were never made (src-main/undo/recipeUndo.ts).
export const up = `
ALTER TABLE jobs ADD COLUMN reads_per_step INTEGER NOT NULL DEFAULT 0;
`;
