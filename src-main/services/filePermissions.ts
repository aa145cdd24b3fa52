// Owner-only permissions for the data folder and the database (issue 20, item 10): the SQLite file holds
// every imported spreadsheet and every response, so on POSIX the folder is 0700 and the database with its
// -wal and -shm files 0600 — created that way, and tightened when an older install left them 0755/0644.
// The backup beside it (bulk-desk.backup.sqlite, a full copy) is 0600 too.
// (SQLite gives -wal and -shm the database file's own mode, so a 0600 database keeps them 0600 too.)
// Windows has no mode bits; its per-user AppData folder is already private.
import { chmodSync, closeSync, openSync, statSync } from 'node:fs';
import { makeFolders } from './folderFor';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const posix = process.platform !== 'win32';

/**
 * Takes group and other access away from `path` when this user owns it. A folder this user does not own
 * (say, `--data-dir /tmp`) is left as it is and logged: we cannot change it, and it is not ours to change.
 */
function tighten(path: string, mode: number, log: (line: string) => void): (() => void) | null {
  let info;
  try {
    info = statSync(path);
  } catch {
    return null; // not there (yet)
  }
  if ((info.mode & 0o077) === 0) return null;
  if (typeof process.getuid === 'function' && info.uid !== process.getuid()) {
    log(`permissions: ${path} belongs to another user; left at ${(info.mode & 0o777).toString(8)}`);
    return null;
  }
  try {
    chmodSync(path, mode);
  } catch (e) {
    log(`permissions: could not restrict ${path}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
  const was = info.mode & 0o7777;
  return () => {
    try {
      chmodSync(path, was);
    } catch {
      // gone, or no longer ours: nothing to give back
    }
  };
}

/** Creates the folder (and missing parents' last level) owner-only, or tightens the existing one. */
export function ensurePrivateDir(dir: string, log: (line: string) => void = () => {}): void {
  makeFolders(dir, PRIVATE_DIR_MODE); // one level at a time: a recursive mkdir never returns on /proc/sys
  if (posix) tighten(dir, PRIVATE_DIR_MODE, log);
}

/**
 * Before SQLite creates `dbFile`: creates it empty with mode 0600 (SQLite would create it 0644 under the
 * usual umask). Only for a file that is not there: one that is is tightened by ensurePrivateDbFiles once
 * the check on open has let it through.
 */
export function createPrivateDbFile(dbFile: string): void {
  if (!posix) return;
  try {
    closeSync(openSync(dbFile, 'wx', PRIVATE_FILE_MODE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

/**
 * Tightens `dbFile` and any -wal/-shm beside it to 0600: before SQLite opens a file the check on open
 * has let through (SQLite gives the -wal and -shm it creates the file's mode), and again after, for the
 * -wal/-shm that open created from an older, looser database. A file Bulk Desk refuses is never passed
 * here: it is left as it was, its mode included. Returns what puts the modes back, for an open that
 * refuses the file after all.
 */
export function ensurePrivateDbFiles(dbFile: string, log: (line: string) => void = () => {}): () => void {
  if (!posix) return () => {};
  const undo = [dbFile, `${dbFile}-wal`, `${dbFile}-shm`].map((f) => tighten(f, PRIVATE_FILE_MODE, log));
  return () => undo.forEach((u) => u?.());
}

/** Tightens another file that holds the data (the backup) when it is there, as one older installs left 0644. */
export function ensurePrivateFile(file: string, log: (line: string) => void = () => {}): () => void {
  return (posix && tighten(file, PRIVATE_FILE_MODE, log)) || (() => {});
}
