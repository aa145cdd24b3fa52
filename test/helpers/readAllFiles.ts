import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every byte of every file under `dir` (SQLite file, its WAL, logs, exports) as one latin1 string, for secret scans. */
export function readAllFiles(dir: string): string {
  let out = '';
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    out += statSync(p).isDirectory() ? readAllFiles(p) : readFileSync(p).toString('latin1');
  }
  return out;
}
