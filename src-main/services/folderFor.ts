// The folder of an export's destination, created when missing — one level at a time. Node's
// `mkdirSync(dir, { recursive: true })` never returns on Linux's /proc/sys (every level answers ENOENT,
// and it keeps trying), so `--out /proc/sys/x/y.csv` hung. Here the nearest existing folder is found
// first, then each missing level is made once: a refusal names that folder and its cause at once.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../src-shared/contract/errors';

const codeOf = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code ?? 'unknown error';

/** Makes the folder `dest` goes into, with its missing parents; refusals as INVALID_INPUT on `out`. */
export function makeFolderFor(dest: string): void {
  const fail = (why: string) =>
    new AppError('INVALID_INPUT', `Could not write ${dest}: ${why}.`, { field: 'out' });
  const missing: string[] = [];
  for (let at = dirname(dest); ; at = dirname(at)) {
    let isFolder: boolean;
    try {
      isFolder = statSync(at).isDirectory();
    } catch (e) {
      const code = codeOf(e);
      // ENOTDIR: a file further up; found and named on the way up.
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(at) !== at) {
        missing.unshift(at);
        continue;
      }
      throw fail(`the folder ${at} cannot be read (${code})`);
    }
    if (!isFolder) throw fail(`${at} is a file, not a folder`);
    break;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (e) {
      const code = codeOf(e);
      if (code === 'EEXIST' && statSync(dir, { throwIfNoEntry: false })?.isDirectory()) continue; // made meanwhile
      const parent = dirname(dir);
      const why =
        code === 'ENOENT'
          ? `${parent} takes no new folders` // it exists (just checked): a virtual file system such as /proc
          : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
            ? `${parent} cannot be written`
            : code === 'ENOSPC' || code === 'EDQUOT'
              ? 'its disk is full'
              : (e as Error).message;
      throw fail(`the folder ${dir} cannot be created (${code}: ${why}). Choose another place`);
    }
  }
}

/**
 * The file that stands where `dir` or one of its parents should be a folder (`/a/report.csv` for
 * `/a/report.csv/sub`), or null: what "ENOTDIR" or "EEXIST" from making `dir` means, in words.
 */
export function fileInTheWay(dir: string): string | null {
  for (let at = dir; ; at = dirname(at)) {
    const info = statSync(at, { throwIfNoEntry: false });
    if (info) return info.isDirectory() ? null : at;
    if (dirname(at) === at) return null;
  }
}
