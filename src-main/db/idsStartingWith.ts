// Records named by the first characters of their id: the app and the CLI's messages show 8 ("job
// ab242269"), and `bulk-desk import` prints a dataset's id (and `connections list` a connection's) for
// the next command, so the CLI takes a start back to the full id (cli/idPrefix.ts).
import type { Db } from './openDb';

/**
 * The kinds of record the CLI names by id, with the table, the time that orders them (newest first) and
 * which rows count: a dataset still importing (or left so by a crash, until the next writer discards it)
 * is no dataset to the services ("No dataset with id …"), so it names nothing here either — the CLI
 * says so as it says every unknown id (exit 2), and a start of an id is not taken for it.
 */
const TABLES = {
  job: { table: 'jobs', newest: 'created_at', counts: '1' },
  dataset: { table: 'datasets', newest: 'imported_at', counts: `state = 'ready'` },
  plan: { table: 'plans', newest: 'created_at', counts: '1' },
  connection: { table: 'connections', newest: 'created_at', counts: '1' },
} as const;

export type IdKind = keyof typeof TABLES;

/** The ids of `kind` that start with `prefix`, newest first, at most `limit`. */
export function idsStartingWith(db: Db, kind: IdKind, prefix: string, limit: number): string[] {
  const { table, newest, counts } = TABLES[kind];
  return db
    .prepare(`SELECT id FROM ${table} WHERE substr(id, 1, length(?)) = ? AND ${counts} ORDER BY ${newest} DESC LIMIT ?`)
    .pluck()
    .all(prefix, prefix, limit) as string[];
}

/** Whether `id` names a record of `kind` exactly. */
export function idExists(db: Db, kind: IdKind, id: string): boolean {
  const { table, counts } = TABLES[kind];
  return db.prepare(`SELECT 1 FROM ${table} WHERE id = ? AND ${counts}`).pluck().get(id) !== undefined;
}
