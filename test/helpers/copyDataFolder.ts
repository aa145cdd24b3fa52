// A data folder copied on disk (a backup, a second profile): its database files, byte for byte, in another
// folder. The keychain is not copied with it, so both databases name the same entries. Imports nothing of
// the app but the file names, so an end-to-end spec can copy a folder without loading SQLite.
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE } from '../../src-main/db/dataFiles';

/** Copies the database files of data folder `from` (closed) into folder `to`. */
export function copyDataFolder(from: string, to: string): void {
  for (const f of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`])
    if (existsSync(join(from, f))) copyFileSync(join(from, f), join(to, f));
}
