// Exports are written whole or not at all (issue 20, item 8): a killed export used to leave 5,001 of
// 400,001 lines at the destination, ending on a row boundary, with nothing to say it was incomplete.
// Now the rows go to a hidden temporary file in the destination's own folder (so the final rename stays
// on one file system and is atomic), which is flushed to disk and renamed over the destination only
// when complete. A killed export leaves at most `.<name>.partial-<pid>-<random>`: hidden, not named like
// a result, and swept by the next export into that folder once its process is gone.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  createWriteStream,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
  type WriteStream,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { AppError } from '../../src-shared/contract/errors';
import { refuseDataFile } from './dataFileGuard';

const PARTIAL = /^\..+\.partial-(\d+)-[0-9a-f]{8}$/;

export interface AtomicFile {
  /** The temporary file's descriptor: write here. */
  fd: number;
  /** Flushes, closes and renames the file into place. */
  commit(): void;
  /** Closes and removes the temporary file; the destination is untouched. */
  abort(): void;
}

export interface AtomicStream {
  /** Write here; do not end it — commit() does. */
  stream: WriteStream;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** Opens a temporary file beside `dest` that becomes `dest` on commit(). */
export function openAtomic(dest: string): AtomicFile {
  const { temp, fd } = openTempBeside(dest);
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return {
    fd,
    commit() {
      try {
        fsyncSync(fd); // the rows are on disk before the name says they are there
        close();
        renameSync(temp, dest);
      } catch (e) {
        throw destinationError(dest, e);
      }
      syncFolder(dirname(dest));
    },
    abort() {
      try {
        close();
      } finally {
        rmSync(temp, { force: true });
      }
    },
  };
}

/**
 * The same as a stream (the CLI's `jobs export --out`, written a page at a time). The stream owns its
 * file descriptor: it syncs it to disk (`flush`) and closes it when it ends, and closes it when destroyed
 * — so nothing else closes it a second time (that turned a full disk's ENOSPC into "EBADF: close").
 */
export function openAtomicStream(dest: string): AtomicStream {
  const { temp, fd } = openTempBeside(dest);
  const stream = createWriteStream('', { fd, flush: true });
  // A failed write is the export's error (said by commit or the writer), never an unhandled event.
  let failed: unknown = null;
  stream.on('error', (e) => (failed ??= e));
  return {
    stream,
    async commit() {
      try {
        stream.end();
        await finished(stream);
        if (failed) throw failed;
        renameSync(temp, dest);
      } catch (e) {
        throw destinationError(dest, e);
      }
      syncFolder(dirname(dest));
    },
    async abort() {
      stream.destroy();
      await finished(stream).catch(() => {});
      rmSync(temp, { force: true });
    },
  };
}

/** Writes `text` to `dest` whole, or leaves `dest` as it was. */
export function writeFileAtomic(dest: string, text: string): void {
  const file = openAtomic(dest);
  try {
    const buf = Buffer.from(text, 'utf8');
    for (let at = 0; at < buf.length;) at += writeSync(file.fd, buf, at);
    file.commit();
  } catch (e) {
    file.abort();
    throw destinationError(dest, e);
  }
}

/**
 * A file-system refusal while writing the export `dest`, in words that name it — not the hidden
 * temporary file, and not the database (whose own full disk reads much the same to Node). Anything
 * else is returned as it is.
 */
export function destinationError(dest: string, e: unknown): unknown {
  if (e instanceof AppError) return e;
  const code = (e as NodeJS.ErrnoException | null)?.code;
  const folder = dirname(dest);
  const why =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'its disk is full. Free some space there or choose another place'
      : code === 'ENOENT'
        ? // A folder that is there but makes no new file (Linux's /proc) answers ENOENT too.
          existsSync(folder)
          ? `the folder ${folder} exists but cannot be written (ENOENT). Choose another place`
          : `the folder ${folder} does not exist`
        : code === 'ENOTDIR'
          ? `${folder} is not a folder`
          : code === 'EISDIR'
            ? 'that is a folder; give a file name'
            : code === 'EROFS' || code === 'EACCES' || code === 'EPERM'
              ? `the folder ${folder} cannot be written (${code}). Choose another place`
              : code === 'EIO'
                ? 'its disk reported an input/output error (EIO)'
                : null;
  if (!why) return e;
  return new AppError('INVALID_INPUT', `Could not write ${dest}: ${why}.`, { field: 'out' });
}

/** A new hidden temporary file in `dest`'s folder (leftovers of dead exports swept first). */
function openTempBeside(dest: string): { temp: string; fd: number } {
  refuseDataFile(dest);
  sweepStalePartials(dirname(dest));
  const temp = join(
    dirname(dest),
    `.${basename(dest)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  try {
    return { temp, fd: openSync(temp, 'wx') };
  } catch (e) {
    throw destinationError(dest, e);
  }
}

/** Removes temporary files left in `dir` by exports whose process has died (a kill, a crash). */
export function sweepStalePartials(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = PARTIAL.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    rmSync(join(dir, name), { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Makes the rename itself durable (POSIX); best effort: some file systems refuse to sync a folder. */
function syncFolder(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not supported here; the file's own data is already synced
  }
}
