// A data folder the file system will not let Bulk Desk write (a read-only mount, no permission), in the
// words every command uses: the folder, the cause, what to do. The services say it when they open the
// folder; `bulk-desk data restore-backup`, which runs without them, says it when it locks the folder.
import { AppError } from '../../src-shared/contract/errors';

export function folderUnwritable(dataDir: string, code: string | undefined): AppError {
  return new AppError(
    'CONFLICT',
    `The data folder ${dataDir} cannot be written (${code === 'EROFS' ? 'it is on a read-only file system' : 'permission denied'}; ${code}). ` +
      'Bulk Desk keeps its database and lock file there. Make the folder writable, or choose another one ' +
      'with --data-dir or BULKDESK_DATA_DIR.',
  );
}
