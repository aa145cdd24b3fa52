// Putting the backup back (`bulk-desk data restore-backup`): the current file is moved aside, never
// deleted, together with its write-ahead log, and the backup — checked first — is copied into place. A
// database that passes its own check is not replaced unless the admin says so (`force`): the backup is
// older, and what was saved since would drop out of sight. The file moved aside is named by what the check
// found it to be — `.replaced-<time>` when sound (a --force), `.damaged-<time>` when not, `.empty-<time>`
// when it held nothing — so an admin never throws away a sound file taken for a broken one.
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src-shared/contract/errors';
import { PRIVATE_FILE_MODE } from '../services/filePermissions';
import { checkDbFileNow, hasNoTables } from './checkDb';
import { moveLogWith, removeEmptyLog } from './emptyLog';
import { backupPath, DB_FILE, startAgainAdvice } from './openChecked';

export interface Restored {
  file: string;
  backup: string;
  backupAt: number;
  /** Where the file that was replaced now is (null: there was none). */
  keptAs: string | null;
  /** What that file was: sound (replaced with --force), damaged, or empty (null: there was none). */
  keptAsWhat: KeptAside | null;
  /** Where a write-ahead log found without its database now is (null: there was none). */
  logKeptAs: string | null;
}

export type KeptAside = 'replaced' | 'damaged' | 'empty';

/** The name a replaced database is kept under, beside it: what it is, and when it was moved. */
export const keptAsidePath = (file: string, what: KeptAside | '<what>', now: number | '<time>') =>
  `${file}.${what}-${typeof now === 'number' ? new Date(now).toISOString().replace(/[:.]/g, '-') : now}`;

/** Call with the data folder locked (no Bulk Desk has the file open). */
export function restoreBackup(dataDir: string, opts: { force: boolean; now: number }): Restored {
  const file = join(dataDir, DB_FILE);
  const backup = backupPath(dataDir);
  if (!existsSync(backup)) throw new AppError('NOT_FOUND', `There is no backup to restore in ${dataDir} (${backup}).`);
  const backupCheck = checkDbFileNow(backup);
  if (backupCheck.state !== 'ok') {
    throw new AppError(
      'CONFLICT',
      `The backup ${backup} is damaged too (${backupCheck.problems.slice(0, 3).join('; ')}). Nothing was changed. ` +
        `There is no good copy to put back. ${startAgainAdvice(file)}`,
    );
  }
  const backupAt = statSync(backup).mtimeMs;
  // A file with nothing in it (0 bytes, or SQLite with no tables) has no work to keep out of sight.
  const present = existsSync(file) && statSync(file).size > 0 && !hasNoTables(file);
  // No file at all, only its log left behind: that log is kept as a damaged file's would be.
  const what: KeptAside = present
    ? checkDbFileNow(file).state === 'ok'
      ? 'replaced'
      : 'damaged'
    : existsSync(file)
      ? 'empty'
      : 'damaged';
  if (what === 'replaced' && !opts.force) {
    throw new AppError(
      'CONFLICT',
      `The database ${file} passes its check, so it was not replaced: the backup is from ` +
        `${new Date(backupAt).toISOString().replace('T', ' ').slice(0, 16)} UTC and work saved since would drop ` +
        `out of sight. To restore it anyway (the current file is kept beside it as ${keptAsidePath(file, 'replaced', '<time>')}), add --force.`,
    );
  }
  // The copy first: on a disk without room for it, the folder is left as it was. Moving the current
  // file aside before a copy that then failed left no database at all, and the next start an empty one.
  const tmp = `${file}.restoring`;
  try {
    copyFileSync(backup, tmp);
    chmodSync(tmp, PRIVATE_FILE_MODE); // the copy takes the backup's mode; the database is private at once
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  const aside = keptAsidePath(file, what, opts.now);
  let keptAs: string | null = null;
  if (existsSync(file)) {
    keptAs = aside;
    renameSync(file, keptAs);
  }
  // The write-ahead log and its index belong to the file moved aside — or to one deleted, whose log stayed
  // behind — never to the backup: left in place, SQLite would write the log's pages into the copy. An
  // empty log (the checks' leftover) holds nothing and goes, and so does the backup's (./emptyLog.ts).
  const log = moveLogWith(file, aside);
  const logKeptAs = log && !keptAs ? log : null;
  removeEmptyLog(backup);
  renameSync(tmp, file);
  return { file, backup, backupAt, keptAs, keptAsWhat: keptAs ? what : null, logKeptAs };
}
