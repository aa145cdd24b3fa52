// A database's write-ahead log (-wal) and its index (-shm) when the log holds nothing. SQLite makes both
// beside a WAL-mode file a read-only connection opens (the checks of a database and of its backup), and a
// read-only close cannot remove them: left, they sit beside a file nobody writes as if they held some of
// its data. An empty log holds none, and its index is rebuilt from the log: both can go. A log with
// something in it holds the file's last transactions and is never removed here.
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';

const logBytes = (file: string): number | null =>
  existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : null;

/**
 * Removes `file`'s -wal when it is empty (0 bytes), and its -shm when there is then no log. Only for a
 * file nobody is writing: the backup, or the database with its data folder locked and not opened.
 */
export function removeEmptyLog(file: string): void {
  const bytes = logBytes(file);
  if (bytes !== null && bytes > 0) return;
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
}

/**
 * `from`'s log and index, renamed to go with `to` (the file moved there) when the log holds something;
 * removed when it is empty. Returns where the log went (null: there was none with anything in it).
 */
export function moveLogWith(from: string, to: string): string | null {
  const bytes = logBytes(from);
  if (bytes === null || bytes === 0) {
    removeEmptyLog(from);
    return null;
  }
  renameSync(`${from}-wal`, `${to}-wal`);
  if (existsSync(`${from}-shm`)) renameSync(`${from}-shm`, `${to}-shm`);
  return `${to}-wal`;
}
