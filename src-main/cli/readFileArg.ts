// A text file named on the command line (a recipe, a mapping), read whole. When it cannot be, the message
// names the path and says why in words, as `import` does (services/tableFile.ts), not Node's
// "ENOENT: no such file or directory, open '…'": a usage mistake (exit 2), nothing was done.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './io';

export function readFileArg(given: string, what: string): string {
  const path = resolve(given);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new UsageError(`${what}: There is no file at ${path} (was it moved or deleted?).`);
    if (code === 'EISDIR') throw new UsageError(`${what} ${path}: this is a folder, not a file.`);
    if (code === 'EACCES' || code === 'EPERM')
      throw new UsageError(`${what} ${path}: this user may not read it (permission denied).`);
    throw new UsageError(`cannot read ${what} ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
