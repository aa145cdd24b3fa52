// A text file named on the command line (a recipe, a mapping), read whole. When it cannot be, the message
// names the path and says why in words, as `import` does (src-shared/util/unreadableFile.ts), not Node's
// "ENOENT: no such file or directory, open '…'": a usage mistake (exit 2), nothing was done.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { unreadableFileWords } from '../../src-shared/util/unreadableFile';
import { UsageError } from './io';

export function readFileArg(given: string, what: string): string {
  const path = resolve(given);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(unreadableFileWords((e as NodeJS.ErrnoException).code, path, what));
  }
}
