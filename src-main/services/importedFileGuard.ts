// An export, a mapping or a recipe written to a path is never written over a spreadsheet the admin
// imported: `jobs export J --only failed --out users.csv` in the folder of users.csv replaced the source
// file with its failed rows, exit 0. Told by content, not by name: the file there has the size and SHA-256
// an import recorded (datasets.sha256, migration 0012), so a file merely named alike — or an empty one made
// by `mktemp` for the output — is written as before. A file that can't be read is left to the write to say.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { AppError } from '../../src-shared/contract/errors';
import { formatDateTime } from '../../src-shared/util/dates';
import type { Db } from '../db/openDb';

/** The SHA-256 of a file, read in chunks (a source spreadsheet can be large). */
function sha256Of(path: string): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Throws when the file at `dest` is one the admin imported (same size and SHA-256), naming that import. */
export function refuseImportedFile(db: Db, dest: string): void {
  let size: number;
  try {
    const st = statSync(dest);
    if (!st.isFile() || st.size === 0) return;
    size = st.size;
  } catch {
    return; // not there (the common case), or not readable: the write says why
  }
  const imports = db
    .prepare(
      `SELECT id, file_name, sha256, imported_at FROM datasets WHERE size_bytes = ? AND sha256 IS NOT NULL
        ORDER BY imported_at DESC`,
    )
    .all(size) as { id: string; file_name: string; sha256: string; imported_at: number }[];
  if (imports.length === 0) return;
  let sha: string;
  try {
    sha = sha256Of(dest);
  } catch {
    return;
  }
  const same = imports.find((d) => d.sha256 === sha);
  if (!same) return;
  // CONFLICT, not a write that failed: the command line says it as wrong usage (exit 2), a value to change.
  throw new AppError(
    'CONFLICT',
    `Not written: ${dest} is the spreadsheet imported as ${same.file_name} (dataset ${same.id.slice(0, 8)}, ` +
      `${formatDateTime(same.imported_at)}), and writing there would replace your source file. Choose another name.`,
    { field: 'out' },
  );
}
