// A real damaged SQLite file for the tests of what the app does with one.
import { closeSync, openSync, statSync, writeSync } from 'node:fs';

/** Garbage over a few pages in the middle of the file, as a failing disk or a bad copy leaves it. */
export function damage(file: string): void {
  const fd = openSync(file, 'r+');
  const pages = statSync(file).size / 4096;
  for (const p of [Math.floor(pages / 2), Math.floor(pages / 2) + 1, pages - 3])
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, p * 4096);
  closeSync(fd);
}
