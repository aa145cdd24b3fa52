// The database as the app opens it: checked first, never silently replaced, and backed up while good.
//
//  - A damaged file (quick_check finds bad pages, or SQLite says it is not a database) is refused with
//    what to do: put back the backup (`bulk-desk data restore-backup`, with the --data-dir of a folder
//    other than the default), naming its path and date — unless the backup is damaged too.
//  - An empty file (0 bytes) where this folder has clearly been used before (the backup exists, or a
//    write-ahead log does) is refused the same way: SQLite would quietly start an empty store on it, and
//    the admin's history would vanish without a word. A missing file, or an empty one in a new folder,
//    is a fresh start.
//  - After a clean check, a rolling backup of the last good file is made with SQLite's online backup
//    (better-sqlite3 `db.backup()`, a consistent copy while the app runs) when the last one is older
//    than a day or the database has more than doubled since (so a new folder's first day is covered),
//    written under a temporary name first, so a failed backup never replaces a good one. On a nearly
//    full disk it is not written at all (the old one is kept, and the log says so): the backup must never
//    take the room the job that follows needs.
import { closeSync, existsSync, openSync, renameSync, rmSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src-shared/contract/errors';
import { cliCommand } from '../services/dataDir';
import { PRIVATE_FILE_MODE } from '../services/filePermissions';
import { checkDbFile, hasNoTables, type DbCheck } from './checkDb';
import { openDb, type Db } from './openDb';
import { removeEmptyLog } from './emptyLog';
import { databaseBytes } from './space';
import { storageFaultKind } from './storageErrors';

import { BACKUP_FILE, DB_FILE } from './dataFiles';

export { BACKUP_FILE, DB_FILE };
export const DEFAULT_CHECK_TIMEOUT_MS = 3000;
export const DEFAULT_BACKUP_EVERY_MS = 24 * 60 * 60 * 1000;

export const backupPath = (dataDir: string) => join(dataDir, BACKUP_FILE);

/**
 * Room a new backup must leave free on the disk, beyond its own size. The backup is a safety net; the
 * job that runs after the open is the work: its answers, events and write-ahead log grow the database
 * while it sends, and a backup that took that room would stop it for a full disk. 64 MB covers a long
 * job's growth on a small database; a large one can need as much again as its own size (its WAL between
 * checkpoints, the copy a migration's VACUUM makes), hence the larger of the two.
 */
export const backupSpareBytes = (dbBytes: number) => Math.max(64 * 1024 * 1024, dbBytes);

export interface OpenCheckedOptions {
  /** How long the open waits for quick_check (default 3 s); then it opens unchecked and logs the late answer. */
  checkTimeoutMs?: number;
  /** How old the backup may get before a new one is made (default one day; 0: at every open). */
  backupEveryMs?: number;
  /** The file was not there before (createPrivateDbFile created it empty, to make it 0600). */
  wasMissing?: boolean;
  /**
   * Run once the file has passed the check, just before SQLite opens it (the files' modes are tightened
   * there: a refused file is left as it was); what it returns undoes it should the open refuse the file.
   */
  beforeOpen?: () => () => void;
  log: (line: string) => void;
}

export interface CheckedDb {
  db: Db;
  /** The backup being written in the background (resolves when done or failed); await it before closing. */
  backup: Promise<void>;
}

const stamp = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
const mb = (n: number) => `${(n / 1024 ** 2).toFixed(1)} MB`;

/** Free bytes for this user on the disk holding `dir`; null where the system does not say. */
export function freeBytes(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

/** What is left to do when there is no sound backup: start again, keeping the old file. */
export const startAgainAdvice = (file: string) =>
  `To start again with an empty database, move ${file} elsewhere (its history stays in the moved file).`;

/**
 * The backup's path and age in words, and how to put it back (the command with this folder's
 * --data-dir); or that there is none. A backup that is damaged too is not offered: restore-backup would
 * refuse it. Its check is bounded like the database's; a late one offers it (restore checks again).
 */
async function restoreAdvice(dataDir: string, file: string, timeoutMs: number): Promise<string> {
  const backup = backupPath(dataDir);
  if (!existsSync(backup)) return `There is no backup to put back. ${startAgainAdvice(file)}`;
  const check = await checkDbFile(backup, timeoutMs, () => {});
  removeEmptyLog(backup); // the read-only check's leftovers: nothing writes the backup through SQLite
  if (check.state === 'damaged') {
    return (
      `The backup ${backup} is damaged too (${check.problems.slice(0, 3).join('; ')}), so there is no good ` +
      `copy to put back. ${startAgainAdvice(file)}`
    );
  }
  return (
    `The last good copy, from ${stamp(statSync(backup).mtimeMs)}, is kept at ${backup}. To put it back, run ` +
    `"${cliCommand('data restore-backup', dataDir)}" (the current file is kept beside it as ${DB_FILE}.damaged-<time>), or ` +
    // The -wal holds the file's last transactions: left behind, SQLite would write them into the copy.
    `by hand with Bulk Desk closed: move ${file} away together with ${file}-wal and ${file}-shm where they are ` +
    `there, then copy ${backup} to ${file}. ` +
    'Work saved after that time is not in the backup.'
  );
}

export async function damaged(
  dataDir: string,
  file: string,
  problems: string[],
  timeoutMs: number,
): Promise<AppError> {
  const shown = problems.slice(0, 3).join('; ');
  return new AppError(
    'CONFLICT',
    `The database ${file} is damaged (${shown}${problems.length > 3 ? `; ${problems.length - 3} more` : ''}). ` +
      `Bulk Desk has not opened or changed it. ${await restoreAdvice(dataDir, file, timeoutMs)}`,
  );
}

/** Whether the folder shows Bulk Desk has kept a database here before. */
function usedBefore(dataDir: string, file: string): boolean {
  const wal = `${file}-wal`;
  return existsSync(backupPath(dataDir)) || (existsSync(wal) && statSync(wal).size > 0);
}

export async function openCheckedDb(dataDir: string, opts: OpenCheckedOptions): Promise<CheckedDb> {
  const file = join(dataDir, DB_FILE);
  const timeoutMs = opts.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const size = existsSync(file) ? statSync(file).size : null;
  let check: DbCheck = { state: 'ok', problems: [] };
  if (size) {
    check = await checkDbFile(file, timeoutMs, (late) => {
      if (late.state === 'ok') opts.log(`database check finished late: ${file} is sound`);
      else
        void damaged(dataDir, file, late.problems, timeoutMs).then((e) =>
          opts.log(`DATABASE DAMAGED: ${e.message}`),
        );
    });
    if (check.state === 'damaged') {
      removeEmptyLog(file); // the check's leftovers: the folder is locked and nothing opens this file
      throw await damaged(dataDir, file, check.problems, timeoutMs);
    }
    if (check.state === 'late')
      opts.log(`database check of ${file} did not finish in time; opened unchecked (the check goes on)`);
  }
  // A missing or empty file where a backup or a write-ahead log says there was one is history lost, not a
  // first start: opened, it would be an empty store, and a day later its backup would replace the good one.
  // So is a SQLite file with no tables in it (a tool that opened the path while the file was gone).
  const empty = size === 0 ? 'empty (0 bytes)' : size && hasNoTables(file) ? 'an empty SQLite database (no tables)' : null;
  if (empty && usedBefore(dataDir, file)) {
    const missing = opts.wasMissing === true;
    if (missing) rmSync(file, { force: true }); // the empty file made to be 0600 goes: the folder stays as it was
    // What says the folder was used must go too, or the next start refuses again.
    const wal = `${file}-wal`;
    const traces = [backupPath(dataDir), ...(existsSync(wal) && statSync(wal).size > 0 ? [wal] : [])].join(' and ');
    throw new AppError(
      'CONFLICT',
      `The database ${file} is ${missing ? 'missing' : empty}, but this data folder has been used before, so its history ` +
        `is missing rather than new. Bulk Desk has not replaced it with an empty store. ${await restoreAdvice(dataDir, file, timeoutMs)} ` +
        `To start afresh with no history instead, ${missing ? '' : `delete ${file} and `}move ${traces} elsewhere.`,
    );
  }
  const undo = opts.beforeOpen?.() ?? (() => {});
  let db: Db;
  try {
    db = openDb(file, Infinity, opts.log, { keepPreUpgradeCopy: true });
  } catch (e) {
    if (storageFaultKind(e) === 'damaged') {
      undo(); // refused after all: left as it was
      removeEmptyLog(file);
      throw await damaged(dataDir, file, [(e as Error).message], timeoutMs);
    }
    throw e;
  }
  const due = () => {
    const b = backupPath(dataDir);
    if (!existsSync(b)) return true;
    const last = statSync(b);
    if (Date.now() - last.mtimeMs >= (opts.backupEveryMs ?? DEFAULT_BACKUP_EVERY_MS)) return true;
    return (size ?? 0) > 2 * last.size;
  };
  const backup = check.state === 'ok' && due() ? writeBackup(db, dataDir, opts.log) : Promise.resolve();
  return { db, backup };
}

/**
 * A consistent copy of the open database, written under a temporary name and then renamed into place;
 * not written (the previous one kept) when it would leave the disk with less than its spare room.
 */
async function writeBackup(db: Db, dataDir: string, log: (line: string) => void): Promise<void> {
  const dest = backupPath(dataDir);
  const tmp = `${dest}.partial`;
  try {
    rmSync(tmp, { force: true }); // a crash's leftover: not counted against the free space
    const needs = databaseBytes(db);
    const spare = backupSpareBytes(needs);
    const free = freeBytes(dataDir);
    // Where the system cannot say, the backup is tried as before: a failed one never replaces a good one.
    if (free !== null && free < needs + spare) {
      log(
        `backup of the database not refreshed: the disk holding ${dataDir} is nearly full (${mb(free)} free; ` +
          `a new backup needs ${mb(needs)}, and ${mb(spare)} is kept free for the database to grow). ` +
          (existsSync(dest)
            ? `The previous backup, from ${stamp(statSync(dest).mtimeMs)}, is kept.`
            : 'There is no backup yet: one is made when the disk has room.'),
      );
      return;
    }
    // Created owner-only before SQLite writes into it: the backup is a full copy of the data, private
    // like the database (SQLite would create it 0644, and its journal takes the file's mode).
    closeSync(openSync(tmp, 'wx', PRIVATE_FILE_MODE));
    await db.backup(tmp);
    renameSync(tmp, dest);
    log(`backup of the database written to ${dest}`);
  } catch (e) {
    rmSync(tmp, { force: true });
    log(`backup of the database not written (${e instanceof Error ? e.message : String(e)}); the previous one is kept`);
  }
}
