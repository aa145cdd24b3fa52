// Undo of recipe jobs: an item of a recipe job's undo names the item of the original job it takes back
// (`undoes_item`), since a row of a recipe job has many items — one per step and listed value — and the
// row number alone no longer says which one an undo undid. History's "already undone" and "already sent"
// (src-main/db/sentKeys.ts) follow it. NULL for an undo of a one-template job, whose item undoes the
// original's row of the same number, as before.
export const up = `
ALTER TABLE job_items ADD COLUMN undoes_item INTEGER;
CREATE INDEX job_items_undoes ON job_items (undoes_item) WHERE undoes_item IS NOT NULL;
`;
