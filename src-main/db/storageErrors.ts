// Faults of the database itself (a full disk, a lock held by another program, a read-only folder, a
// damaged file), told apart from the app's own bugs and put into words an admin can act on. SQLite's
// codes arrive as better-sqlite3 SqliteError `code`s ('SQLITE_FULL', 'SQLITE_IOERR_WRITE', …) or as
// Node errno codes when the file system refuses before SQLite starts (EROFS, EACCES, ENOSPC).
import { cliCommand } from '../services/dataDir';

export type StorageFaultKind = 'busy' | 'full' | 'readonly' | 'damaged' | 'io';

const code = (e: unknown): string =>
  e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string'
    ? (e as { code: string }).code
    : '';

/** Which kind of database fault `e` is, or null when it is not one (then it is a bug of ours). */
export function storageFaultKind(e: unknown): StorageFaultKind | null {
  const c = code(e);
  if (c.startsWith('SQLITE_BUSY') || c.startsWith('SQLITE_LOCKED')) return 'busy';
  if (c === 'SQLITE_FULL' || c === 'ENOSPC' || c === 'EDQUOT') return 'full';
  if (c.startsWith('SQLITE_READONLY') || c === 'EROFS' || c === 'EACCES' || c === 'EPERM') return 'readonly';
  if (c.startsWith('SQLITE_CORRUPT') || c === 'SQLITE_NOTADB') return 'damaged';
  if (c.startsWith('SQLITE_IOERR') || c.startsWith('SQLITE_CANTOPEN') || c === 'EIO') return 'io';
  return null;
}

/** SQLITE_BUSY / SQLITE_LOCKED: another connection holds the write lock; worth waiting for. */
export const isBusy = (e: unknown): boolean => storageFaultKind(e) === 'busy';

/**
 * What happened and what to do about it, in words, naming the file: for a job's stop reason, the CLI
 * and the app. The caller adds what comes after (resume the job, try again).
 * `file`: the database file (or the data folder when the fault is about the folder); `dataDir`, when
 * known, puts its --data-dir into the command to paste.
 */
export function describeStorageFault(e: unknown, file: string, dataDir?: string): string {
  const raw = e instanceof Error ? e.message : String(e);
  switch (storageFaultKind(e)) {
    case 'busy':
      return `The database ${file} is locked by another program (${raw}). Close whatever else has it open (a database browser, a backup or sync tool, another Bulk Desk).`;
    case 'full':
      return `The disk holding ${file} is full (${raw}). Free some space on it.`;
    case 'readonly':
      return `${file} cannot be written: the folder or file is read-only (${raw}). Make it writable, or choose another data folder with --data-dir or BULKDESK_DATA_DIR.`;
    case 'damaged':
      return `The database ${file} is damaged (${raw}). Bulk Desk keeps a backup of the last good copy: run "${dataDir ? cliCommand('data restore-backup', dataDir) : 'bulk-desk data restore-backup'}" to put it back (the damaged file is kept beside it).`;
    case 'io':
      return `The database ${file} could not be read or written (${raw}). Check the disk.`;
    default:
      return raw;
  }
}
