// Migration 32. A recipe job's failures and items in doubt fold into one event counting items, each once
// (src-shared/runner/jobEvents.ts); the items an event had counted were kept only in memory, so an event
// read back from SQLite (a new process, or a job's events read again after its loop ended) counted an item
// said again a second time — "2 items of row 2 failed" for one item. job_events.item_ids_json keeps them
// (the latest few hundred, as in memory): a JSON array of job_items ids, NULL for an event that counts
// none (every event of a plain job, and those written before this version, which count as they did).
export const up = `
ALTER TABLE job_events ADD COLUMN item_ids_json TEXT;
`;
