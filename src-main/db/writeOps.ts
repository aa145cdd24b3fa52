// A write as data: one SQL statement and its arguments. The runner's hot path builds its turn's writes
// as a list of these (db/items.ts says which), and a DbWriter (./dbWriter.ts) runs the list as one
// transaction — in a writer thread with its own connection, or on the caller's connection. The SQL text
// still lives here in src-main/db/, beside the function that uses it.
import type { Statement } from 'better-sqlite3';
import type { Db } from './openDb';

export interface WriteOp {
  sql: string;
  args: unknown[];
  /** Hand back the row id this statement inserted (an attempt's id). */
  returnsId?: boolean;
}

// Statements are compiled once per database and reused: the runner runs these thousands of times a second.
const statements = new WeakMap<Db, Map<string, Statement<unknown[]>>>();

/** A prepared statement for `sql` on `db`, compiled once. */
export function prep(db: Db, sql: string): Statement<unknown[]> {
  let m = statements.get(db);
  if (!m) statements.set(db, (m = new Map()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = db.prepare(sql)));
  return st;
}

/** Runs `ops` in order on `db` (inside the caller's transaction); the ids of the ops that return one. */
export function applyOps(db: Db, ops: readonly WriteOp[]): number[] {
  const ids: number[] = [];
  for (const op of ops) {
    const r = prep(db, op.sql).run(...op.args);
    if (op.returnsId) ids.push(Number(r.lastInsertRowid));
  }
  return ids;
}
