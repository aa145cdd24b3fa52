// Folders made when missing — an export's destination's, the data folder — one level at a time. Node's
// `mkdirSync(dir, { recursive: true })` never returns on Linux's /proc/sys (every level answers ENOENT,
// and it keeps trying), so `--out /proc/sys/x/y.csv` and `--data-dir /proc/sys/x` hung. Here the nearest
// existing folder is found first, then each missing level is made once: a refusal names that folder and
// its cause at once.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../src-shared/contract/errors';

const codeOf = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code ?? 'unknown error';

/** Why a folder could not be made, in words that name it ("/proc/sys takes no new folders"). */
export class FolderRefused extends Error {
  constructor(
    message: string,
    /** The file system's code (ENOENT, EACCES…), or 'file' when a file stands in the way. */
    readonly code: string,
    /** Where it failed: finding the nearest existing folder, or creating a missing one. */
    readonly stage: 'find' | 'create',
    options?: { cause: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Makes `dir` with its missing parents (each new one with `mode`), one level at a time: the nearest
 * existing folder is found first, then each missing level is made once. Throws FolderRefused.
 */
export function makeFolders(dir: string, mode?: number): void {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
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
      throw new FolderRefused(`the folder ${at} cannot be read (${code})`, code, 'find', { cause: e });
    }
    if (!isFolder) throw new FolderRefused(`${at} is a file, not a folder`, 'file', 'find');
    break;
  }
  for (const level of missing) {
    try {
      mkdirSync(level, mode);
    } catch (e) {
      const code = codeOf(e);
      if (code === 'EEXIST' && statSync(level, { throwIfNoEntry: false })?.isDirectory()) continue; // made meanwhile
      const parent = dirname(level);
      const why =
        code === 'ENOENT'
          ? `${parent} takes no new folders` // it exists (just checked): a virtual file system such as /proc
          : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
            ? `${parent} cannot be written`
            : code === 'ENOSPC' || code === 'EDQUOT'
              ? 'its disk is full'
              : (e as Error).message;
      throw new FolderRefused(`the folder ${level} cannot be created (${code}: ${why})`, code, 'create', {
        cause: e,
      });
    }
  }
}

/** Makes the folder `dest` goes into, with its missing parents; refusals as INVALID_INPUT on `out`. */
export function makeFolderFor(dest: string): void {
  try {
    makeFolders(dirname(dest));
  } catch (e) {
    if (!(e instanceof FolderRefused)) throw e;
    const choose = e.stage === 'create' ? '. Choose another place' : '';
    throw new AppError('INVALID_INPUT', `Could not write ${dest}: ${e.message}${choose}.`, { field: 'out' });
  }
}
