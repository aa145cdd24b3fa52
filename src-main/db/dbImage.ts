// The database file read whole into memory, for a command that only reads it on a disk with no room for
// the index of its write-ahead log (-shm) and no log beside it (./openForReading.ts, mode `inMemory`):
// SQLite reads a WAL-mode file only through that index, or holding the file alone (locking_mode =
// EXCLUSIVE, which kept the app and every other reader waiting for as long as the command read); this
// build opens no URI, so `immutable=1` is not to be had. With no log the file is the last committed state
// whole, and nothing can write it meanwhile (a writer needs room for its own -shm): a copy read twice
// the same (size and time of change) is that state. The copy is marked as a rollback-journal database
// (header bytes 18 and 19), which an in-memory database reads without an index; the file is not touched.
import { readFileSync, statSync } from 'node:fs';
import { AppError } from '../../src-shared/contract/errors';

/** Files up to this size are read into memory on a full disk; larger ones are held while read. */
export const DB_IMAGE_MAX_BYTES = 256 * 1024 * 1024;

const stamp = (file: string) => {
  const st = statSync(file);
  return `${st.ino}:${st.size}:${st.mtimeMs}`;
};

/** The file's committed content, as a rollback-journal database, for `new Database(image)`. */
export function committedImage(file: string): Buffer {
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = stamp(file);
    const image = readFileSync(file);
    if (stamp(file) !== before) continue; // written while read (a writer found room): read again
    if (image.length >= 20 && image[18] === 2 && image[19] === 2) {
      image[18] = 1;
      image[19] = 1;
    }
    return image;
  }
  throw new AppError(
    'CONFLICT',
    `${file} kept changing while it was read (another Bulk Desk writing it); nothing was changed. Try again.`,
  );
}
