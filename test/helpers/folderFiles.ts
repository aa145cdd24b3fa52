// A data folder's listing as a test compares it before and after: each file with its size.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The folder's files with their sizes, sorted, `uploads` aside: "bulk-desk.sqlite (393216 bytes)". */
export const folderFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f !== 'uploads')
    .sort()
    .map((f) => `${f} (${statSync(join(dir, f)).size} bytes)`);
