// The database as a command that only reads opens it (`jobs list`, `jobs export`, `datasets list`,
// `reports run`…): read-only, without the data folder's lock, so an admin can list and export while the
// app has the folder open — SQLite's WAL lets readers and one writer work at once, each reader seeing the
// last committed state. Nothing is written: no lock file, no backup, no upgrade, no recovery.
//
// Checked as openChecked.ts checks (a damaged file is refused with the same words and the backup to put
// back; another program's file or a newer Bulk Desk's likewise). Where the file first needs a writer —
// missing or empty (a first start, or history lost), an older schema (an upgrade), or, with no Bulk Desk
// holding the folder, what a crash left to recover (./startupWrites.ts) — the answer is null: the caller
// opens it as a writer, the folder locked, as every command did before.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src-shared/contract/errors';
import { checkDbFile, hasNoTables } from './checkDb';
import { DB_FILE } from './dataFiles';
import { damaged, DEFAULT_CHECK_TIMEOUT_MS } from './openChecked';
import { openDbForReading, type Db } from './openDb';
import { startupWritesPending } from './startupWrites';

export interface ReadingOptions {
  /** Another live process holds the folder's lock: it made the writes of an open already. */
  lockedByOther: boolean;
  checkTimeoutMs?: number;
  log: (line: string) => void;
}

/** The database opened read-only, or null when only a writer may open it now. */
export async function openForReading(dataDir: string, opts: ReadingOptions): Promise<Db | null> {
  const file = join(dataDir, DB_FILE);
  if (!existsSync(file) || statSync(file).size === 0 || hasNoTables(file)) return null;
  let opened: { db: Db; behind: boolean };
  try {
    opened = openDbForReading(file); // another program's file, or a newer Bulk Desk's: refused here
  } catch (e) {
    if (e instanceof AppError) throw e;
    // SQLite would not open it read-only (a damaged file; no room for the index of its write-ahead log
    // on a full disk): the writer's open says why, in the words every command uses. Opened first, before
    // the check, so that a disk with no room is never reported as damage by the check's own open.
    opts.log(`database not opened read-only (${e instanceof Error ? e.message : String(e)}); opening it as a writer`);
    return null;
  }
  const timeoutMs = opts.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const check = await checkDbFile(file, timeoutMs, (late) => {
    if (late.state === 'ok') opts.log(`database check finished late: ${file} is sound`);
    else void damaged(dataDir, file, late.problems, timeoutMs).then((e) => opts.log(`DATABASE DAMAGED: ${e.message}`));
  });
  if (check.state === 'damaged') {
    opened.db.close();
    throw await damaged(dataDir, file, check.problems, timeoutMs);
  }
  if (check.state === 'late') opts.log(`database check of ${file} did not finish in time; opened unchecked (the check goes on)`);
  const { db, behind } = opened;
  if (behind || (!opts.lockedByOther && startupWritesPending(db))) {
    db.close();
    return null;
  }
  return db;
}
