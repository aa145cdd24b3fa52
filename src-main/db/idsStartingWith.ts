// Records named by the first characters of their id: the app and the CLI's messages show 8 ("job
// ab242269"), and `bulk-desk import` prints a dataset's id (and `connections list` a connection's) for
// the next command, so the CLI takes a start back to the full id (cli/idPrefix.ts).
import type { Db } from './openDb';

/** The kinds of record the CLI names by id, with the table and the time that orders them (newest first). */
const TABLES = {
  job: { table: 'jobs', newest: 'created_at' },
  dataset: { table: 'datasets', newest: 'imported_at' },
  plan: { table: 'plans', newest: 'created_at' },
  connection: { table: 'connections', newest: 'created_at' },
} as const;

export type IdKind = keyof typeof TABLES;

/** The ids of `kind` that start with `prefix`, newest first, at most `limit`. */
export function idsStartingWith(db: Db, kind: IdKind, prefix: string, limit: number): string[] {
  const { table, newest } = TABLES[kind];
  return db
    .prepare(`SELECT id FROM ${table} WHERE substr(id, 1, length(?)) = ? ORDER BY ${newest} DESC LIMIT ?`)
    .pluck()
    .all(prefix, prefix, limit) as string[];
}

/** Whether `id` names a record of `kind` exactly. */
export function idExists(db: Db, kind: IdKind, id: string): boolean {
  return db.prepare(`SELECT 1 FROM ${TABLES[kind].table} WHERE id = ?`).pluck().get(id) !== undefined;
}
