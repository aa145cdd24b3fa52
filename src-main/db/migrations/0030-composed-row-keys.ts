// Migration 30. Row keys are compared byte for byte wherever the store looks them up — "already sent",
// the rows a running job holds, what took a row back (a removal, an undo), a recipe's repeats — and were
// stored as built from the cells, in whichever Unicode composition the file had: a name typed on a Mac
// (e + U+0301, NFD) and one typed elsewhere (é, NFC) were two keys. Keys are built composed now
// (rowKeys.ts composedKey); this composes those stored before, in SQLite (which has no NFC) through
// JavaScript, a page at a time, inside the upgrade's one transaction. Composing a composed key changes
// nothing, so running it again changes nothing.
//
// No index on row_key is unique: two rows whose keys become one both stay, each with the composed key —
// they were the same row of the LMS all along (two sends of one member), and both are history.
// plan_reads.key is not a row key (what a plan's read asked the LMS, within one plan) and is left as read.
import { composedKey } from '../../../src-shared/connectors/rowKeys';
import type { Db } from '../openDb';

const PAGE = 1000;

/**
 * Each table keeping row keys, with the columns that name a row in it (its order for paging). A key of
 * ASCII only is composed already: only keys holding another character are read (GLOB's class: any
 * character outside space … tilde).
 */
const TABLES: readonly { table: string; id: readonly string[] }[] = [
  { table: 'job_items', id: ['id'] },
  { table: 'test_calls', id: ['id'] },
  { table: 'plan_rows', id: ['plan_id', 'row_number'] },
];

/** Composes the row keys of one table, a page at a time; returns how many changed. */
function composeTable(db: Db, table: string, id: readonly string[]): number {
  const cols = id.join(', ');
  const after = `(${cols}) > (${id.map(() => '?').join(', ')})`;
  const page = db.prepare(
    `SELECT ${cols}, row_key AS key FROM ${table}
      WHERE row_key GLOB '*[^ -~]*' AND ${after} ORDER BY ${cols} LIMIT ${PAGE}`,
  );
  const set = db.prepare(`UPDATE ${table} SET row_key = ? WHERE ${id.map((c) => `${c} = ?`).join(' AND ')}`);
  let changed = 0;
  // Paged from before the first row: ids are numbers (job_items, test_calls) or a text then a number.
  let cursor: unknown[] = id.map((c) => (c === 'plan_id' ? '' : -1));
  for (;;) {
    const rows = page.all(...cursor) as Record<string, unknown>[];
    for (const r of rows) {
      const key = r.key as string;
      const composed = composedKey(key);
      if (composed !== key) changed += set.run(composed, ...id.map((c) => r[c])).changes;
    }
    if (rows.length < PAGE) return changed;
    const last = rows.at(-1)!;
    cursor = id.map((c) => last[c]);
  }
}

export function up(db: Db): void {
  for (const { table, id } of TABLES) composeTable(db, table, id);
}
