// Issue 18 (recipes): a job can run a recipe — several steps per row, each a template call, and a step
// that fans out makes one item per listed value — so a row has many items.
//  - job_items: `UNIQUE (job_id, row_number)` becomes UNIQUE (job_id, row_number, step, fan_index), with:
//      step        the item's step in the job's recipe (0 for a one-template job);
//      fan_index   the value's position in the step's cell (0 when the step does not fan out);
//      fan_value   the value the item acts on (NULL when the step does not fan out);
//      template_id the step's template (NULL: the job's own template), so "already sent" and undo see
//                  which call an item made;
//      after_item  for an item whose key repeats an earlier item's (the same client for two rows): that
//                  item; it waits for it and is then skipped as a duplicate with its captured fields.
//    SQLite cannot drop a table constraint, so the table is rebuilt with the same rows and ids (attempts
//    keep pointing at them), copying whatever columns it has at the time — a later migration's too — from
//    its own CREATE statement. This runs with foreign keys off (see `foreignKeysOff` in index.ts): with
//    them on, dropping the old table would cascade to every attempt.
//  - jobs.recipe_json: the recipe a job runs (its snapshot, lookups bound), NULL for a one-template job.
//  - recipes: the admin's saved recipes, as the canonical JSON the file format also writes.
import type { Db } from '../openDb';

export function up(db: Db): void {
  const createSql = db
    .prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'job_items'`)
    .pluck()
    .get() as string;
  const unique = /,\s*UNIQUE\s*\(\s*job_id\s*,\s*row_number\s*\)/i;
  if (!unique.test(createSql))
    throw new Error('migration 15: job_items has no UNIQUE (job_id, row_number) to widen');
  const indexes = db
    .prepare(
      `SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'job_items' AND sql IS NOT NULL`,
    )
    .pluck()
    .all() as string[];
  const columns = (db.prepare(`PRAGMA table_info(job_items)`).all() as { name: string }[]).map(
    (c) => `"${c.name}"`,
  );
  db.exec(`
    ${createSql.replace(unique, '').replace(/^CREATE TABLE\s+("?)job_items\1/i, 'CREATE TABLE job_items_rebuilt')};
    INSERT INTO job_items_rebuilt (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM job_items;
    DROP TABLE job_items;
    ALTER TABLE job_items_rebuilt RENAME TO job_items;
    ${indexes.map((sql) => `${sql};`).join('\n')}
    ALTER TABLE job_items ADD COLUMN step INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE job_items ADD COLUMN fan_index INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE job_items ADD COLUMN fan_value TEXT;
    ALTER TABLE job_items ADD COLUMN template_id TEXT;
    ALTER TABLE job_items ADD COLUMN after_item INTEGER;
    CREATE UNIQUE INDEX job_items_by_row ON job_items (job_id, row_number, step, fan_index);
    CREATE INDEX job_items_followers ON job_items (after_item) WHERE after_item IS NOT NULL;
    CREATE INDEX job_items_by_job_key ON job_items (job_id, row_key) WHERE row_key IS NOT NULL;

    ALTER TABLE jobs ADD COLUMN recipe_json TEXT;

    CREATE TABLE recipes (
      id          TEXT PRIMARY KEY,
      name        TEXT NOT NULL,
      api         TEXT NOT NULL,
      recipe_json TEXT NOT NULL,
      saved_at    INTEGER NOT NULL
    );
  `);
}
