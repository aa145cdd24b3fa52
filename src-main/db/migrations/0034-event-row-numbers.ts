// Migration 34. A plain job's failures and rows in doubt fold into one event counting rows, each once
// (src-shared/runner/jobEvents.ts), naming the first five; the rows it had counted beyond those were kept
// only in memory, so an event read back from SQLite (a new process) counted such a row said again a
// second time. job_events.row_numbers_json keeps them (the latest few hundred, as in memory), as
// item_ids_json (migration 32) keeps a recipe job's items: a JSON array of row numbers, NULL for an event
// that counts none one by one (and those written before this version, which know their named rows).
export const up = `
ALTER TABLE job_events ADD COLUMN row_numbers_json TEXT;
`;
