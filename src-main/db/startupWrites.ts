// What the first writer to open a database after a crash writes before anything else (../services.ts):
// jobs, syncs and plans left running by a process that died are marked interrupted (their rows in flight
// in doubt), the row keys of an upgrade are filled in, and a half-finished import is discarded. A
// command that only reads opens the file read-only; when a Bulk Desk holds the folder, that one did all
// this when it opened, but when none does, the reader would show a dead job as `running` — so it asks
// here first, and opens as a writer (the folder locked) when any of it is still to do.
import { backfillPending, LEGACY_ROW_KEYS } from './unkeyedItems';
import { jobsToRecover } from './jobs';
import type { Db } from './openDb';

const exists = (db: Db, sql: string) => db.prepare(`SELECT EXISTS (${sql})`).pluck().get() === 1;

/** Whether opening `db` as a writer would change anything before a command ran. */
export function startupWritesPending(db: Db): boolean {
  return (
    jobsToRecover(db).length > 0 ||
    exists(db, `SELECT 1 FROM sync_runs WHERE state = 'running'`) || // SyncService.recover
    exists(db, `SELECT 1 FROM plans WHERE state = 'reading'`) || // PlanService.recover
    backfillPending(db, LEGACY_ROW_KEYS)
    // Not a half-finished import (discardUnfinishedImports): no read shows a dataset still 'importing',
    // so it waits for the next writer — a discard writes, and on a full disk that write failed, taking
    // `datasets list` with it.

  );
}
