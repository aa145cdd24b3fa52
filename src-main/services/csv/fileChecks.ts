// The file under the reader: what it is (a file, not a folder or a pipe), whether it changed or was cut
// short while it was read, and how many zero bytes it ends with (a file not written completely).
import { open, stat } from 'node:fs/promises';
import { AppError } from '../../../src-shared/contract/errors';
import { unreadableFileError } from '../unreadableFileError';
import { plural } from './labels';

/** How many zero bytes (or zero UTF-16 units) the file ends with. */
export async function trailingZeros(path: string, size: number, unit: 1 | 2): Promise<number> {
  const len = Math.min(size, 1 << 20);
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(len);
    await handle.read(buf, 0, len, size - len);
    let n = 0;
    for (let i = len - 1; i >= 0 && buf[i] === 0; i--) n++;
    return unit === 2 ? n - (n % 2) : n;
  } finally {
    await handle.close();
  }
}

/**
 * Throws when the file is not what it was when reading started (size, time, identity) or, given the bytes
 * read (null: the read stopped early on purpose), was cut short.
 */
export async function assertUnchanged(
  path: string,
  before: { size: number; mtimeMs: number; ino: number },
  bytesRead: number | null,
): Promise<void> {
  let now: { size: number; mtimeMs: number; ino: number } | null;
  try {
    now = await stat(path);
  } catch {
    now = null;
  }
  const changed =
    !now || now.ino !== before.ino || now.size !== before.size || now.mtimeMs !== before.mtimeMs;
  if (!changed && (bytesRead === null || bytesRead === before.size)) return;
  const what = !now
    ? 'it was removed'
    : now.size !== before.size || (bytesRead !== null && bytesRead !== before.size)
      ? `it was ${plural(before.size, 'byte')} when reading began and ${plural(now.size === before.size ? bytesRead! : now.size, 'byte')} by the end`
      : 'it was saved again';
  throw new AppError(
    'BAD_CSV',
    `The file changed while it was being read (${what}): it is probably still being copied or written. ` +
      'Nothing was imported; import it again once it is complete.',
  );
}

export async function fileStat(path: string): Promise<{ size: number; mtimeMs: number; ino: number }> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw unreadableFileError('EISDIR', path);
    if (!s.isFile()) throw new AppError('BAD_CSV', `${path}: this is a device or a pipe, not a file.`);
    return s;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw unreadableFileError(errorCode(e), path);
  }
}

/** A file system error's code (ENOENT, EACCES…), else its message. */
export function errorCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : e instanceof Error ? e.message : String(e);
}
