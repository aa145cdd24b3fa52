// Giving deleted data's space back to the disk. SQLite keeps freed pages inside the file for reuse; with
// auto_vacuum = INCREMENTAL (set when a database is created, or by the one VACUUM in openDb.ts for older
// files) `PRAGMA incremental_vacuum` moves them to the end and cuts the file, in proportion to what was
// freed rather than to the whole file (a full VACUUM rewrites everything and needs as much free disk again).
// In WAL mode the cut reaches the main file at a checkpoint, so one follows.
import type { Db } from './openDb';

/** Size of the database in bytes, as SQLite sees it (the WAL's pages included). */
export function databaseBytes(db: Db): number {
  return (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
}

/** Returns freed pages to the file system; returns how many bytes the database shrank by. */
export function reclaimSpace(db: Db): number {
  const before = databaseBytes(db);
  if (db.pragma('auto_vacuum', { simple: true }) === 2) db.pragma('incremental_vacuum');
  try {
    // TRUNCATE also empties the WAL file, which the moved pages just went through.
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Another process is reading: its next checkpoint finishes the job.
  }
  return Math.max(0, before - databaseBytes(db));
}
