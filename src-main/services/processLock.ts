// One runner owns a data folder at a time. Electron adds its single-instance lock on top; the CLI and
// `npm run serve` rely on this file lock. A lock left by a dead process (crash, SIGKILL) is taken over.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src-shared/contract/errors';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export function acquireDataDirLock(dataDir: string): () => void {
  const file = join(dataDir, 'bulk-desk.lock');
  for (let tries = 0; tries < 2; tries++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && alive(pid)) {
        throw new AppError(
          'CONFLICT',
          `Another Bulk Desk (process ${pid}) is using ${dataDir}. Close it first, or use a different data folder.`,
        );
      }
      rmSync(file, { force: true }); // stale: its owner is gone
    }
  }
  throw new AppError('CONFLICT', `Could not lock ${dataDir}.`);
}
