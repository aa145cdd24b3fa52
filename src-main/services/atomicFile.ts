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
  sweepStalePartials(dirname(dest));
  const temp = join(
    dirname(dest),
    `.${basename(dest)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  const fd = openSync(temp, 'wx');
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return {
    fd,
    commit() {
      fsyncSync(fd); // the rows are on disk before the name says they are there
      close();
      renameSync(temp, dest);
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

/** The same as a stream (the CLI's `jobs export --out`, written a page at a time). */
export function openAtomicStream(dest: string): AtomicStream {
  const file = openAtomic(dest);
  const stream = createWriteStream('', { fd: file.fd, autoClose: false });
  return {
    stream,
    async commit() {
      stream.end();
      await finished(stream);
      file.commit();
    },
    async abort() {
      stream.destroy();
      await finished(stream).catch(() => {});
      file.abort();
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
    throw e;
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
