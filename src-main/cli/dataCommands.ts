// `bulk-desk data …`: the data folder's database itself. These run without opening the services: a
// damaged database is exactly when they are needed, and the services refuse to open one.
import { resolve } from 'node:path';
import { defaultDataDir } from '../services/dataDir';
import { storageFaultKind } from '../db/storageErrors';
import { folderUnwritable } from '../services/folderUnwritable';
import { acquireDataDirLock } from '../services/processLock';
import type { Command } from './commandKit';
import { EXIT, write } from './io';
import { ALONE_SUMMARIES } from './commandIndex';

export const DATA_COMMANDS: Command[] = [
  {
    words: ['data', 'restore-backup'],
    summary: ALONE_SUMMARIES.data,
    details:
      'Bulk Desk keeps a copy of the database from its last clean check (bulk-desk.backup.sqlite, at most a\n' +
      'day old). This puts it back as bulk-desk.sqlite and keeps the file it replaces beside it, named by what\n' +
      'its check found: bulk-desk.sqlite.damaged-<time>, .empty-<time>, or .replaced-<time> for a sound one.\n' +
      'A database that passes its check is only replaced with --force.',
    options: { force: { type: 'boolean' } },
    optionHelp: [['--force', 'replace the database even though it passes its check']],
    services: false,
    async run({ io, values }) {
      const dataDir = resolve(typeof values['data-dir'] === 'string' ? values['data-dir'] : defaultDataDir());
      // Loaded when run (it loads the SQLite driver): `--help` never pays for it.
      const { restoreBackup } = await import('../db/restoreBackup');
      const release = lockFolder(dataDir);
      try {
        const r = restoreBackup(dataDir, { force: values.force === true, now: Date.now() });
        await write(
          io.stdout,
          `Restored ${r.file} from the backup made ${new Date(r.backupAt).toISOString().replace('T', ' ').slice(0, 16)} UTC.\n` +
            (r.keptAs ? `${KEPT_WORDS[r.keptAsWhat ?? 'damaged']} ${r.keptAs}.\n` : '') +
            (r.logKeptAs ? `A write-ahead log left without its database is kept as ${r.logKeptAs}.\n` : ''),
        );
        return EXIT.ok;
      } finally {
        release();
      }
    },
  },
];

/** What the file moved aside was, said before where it is. */
const KEPT_WORDS = {
  replaced: 'The file it replaced passed its check; it is kept, unchanged, as',
  damaged: 'The damaged file it replaced is kept as',
  empty: 'The empty file it replaced is kept as',
} as const;

/** The folder locked, or why not in the words the other commands use (a read-only folder is said of the folder). */
function lockFolder(dataDir: string): () => void {
  try {
    return acquireDataDirLock(dataDir);
  } catch (e) {
    if (storageFaultKind(e) === 'readonly') throw folderUnwritable(dataDir, (e as NodeJS.ErrnoException).code);
    throw e;
  }
}
