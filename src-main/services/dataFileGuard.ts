// An export, a mapping or a recipe written to a path is never written over one of Bulk Desk's own data
// files: the database (renamed over, it is gone, and everything saved since the last backup with it),
// its write-ahead log and index, its backup, the folder's lock, or a database restore-backup kept aside. Told
// apart by name, in any folder: a copy an admin made under that name is not overwritten either.
import { basename } from 'node:path';
import { AppError } from '../../src-shared/contract/errors';
import { BACKUP_FILE, DB_FILE } from '../db/dataFiles';
import { LOCK_FILE } from './processLock';

const OWN = new Set(
  [
    DB_FILE,
    `${DB_FILE}-wal`,
    `${DB_FILE}-shm`,
    `${DB_FILE}-journal`,
    BACKUP_FILE,
    `${BACKUP_FILE}.partial`,
    LOCK_FILE,
  ].map((n) => n.toLowerCase()),
);

/** A database restore-backup kept aside (db/restoreBackup.ts), and its copy in progress. */
const KEPT_ASIDE = [
  ...['damaged-', 'replaced-', 'empty-', 'restoring'].map((k) => `${DB_FILE}.${k}`),
  // The copy kept before an upgrade (db/preUpgradeCopy.ts): bulk-desk.pre-upgrade-schema-<n>.sqlite.
  `${DB_FILE.replace(/\.sqlite$/, '')}.pre-upgrade-schema-`,
];

/** Throws when `dest` is named as one of the data folder's own files (case-insensitive, as macOS and Windows match). */
export function refuseDataFile(dest: string): void {
  const name = basename(dest).toLowerCase();
  if (!OWN.has(name) && !KEPT_ASIDE.some((p) => name.startsWith(p))) return;
  throw new AppError(
    'INVALID_INPUT',
    `Could not write ${dest}: that is the name of one of Bulk Desk's own data files (its database, backup or lock), ` +
      'and writing there would replace it. Choose another name.',
    { field: 'out' },
  );
}
