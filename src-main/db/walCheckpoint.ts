// How many pages the WAL may hold before a commit copies them back into the database file (SQLite's
// default is 1,000, ~4 MB). A page the runner rewrites many times between two checkpoints (a block of
// job items, an index page) is copied back once per checkpoint, and each checkpoint syncs the file, so
// fewer, larger checkpoints cost less per row: measured with the runner's own statements for 100k rows
// (bench/compare/durableFloorChild.ts), 31 µs of CPU per row at 1,000 pages, 28 at 4,000, 25–26 at 8,000,
// no less at 20,000; the runner against the sandbox, 100k rows, 9% more rows/s at 8,000.
//
// The WAL file keeps its largest size, so 8,000 pages asks ~32 MB of the disk while a large job runs.
// Only where the disk has room to spare: on a nearly full one the WAL keeps SQLite's default, so a
// bigger WAL is never what stops a job that would have fit (test/integration/cli/storageFaults.test.ts
// runs a job on a 12 MB disk).
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';

export const DEFAULT_CHECKPOINT_PAGES = 1000;
export const LARGE_CHECKPOINT_PAGES = 8000;
/** Free space on the database's disk from which the larger WAL is used. */
export const ROOM_FOR_LARGE_WAL_BYTES = 1024 ** 3;

/** The checkpoint size for a disk with `freeBytes` available (null: unknown, so the default). */
export function checkpointPagesFor(freeBytes: number | null): number {
  return freeBytes !== null && freeBytes >= ROOM_FOR_LARGE_WAL_BYTES
    ? LARGE_CHECKPOINT_PAGES
    : DEFAULT_CHECKPOINT_PAGES;
}

/** The checkpoint size for the database file `dbFile`, from its disk's free space now. */
export function walCheckpointPages(dbFile: string): number {
  let free: number | null = null;
  try {
    const fs = statfsSync(dirname(dbFile));
    free = fs.bavail * fs.bsize;
  } catch {
    // Unknown: the default.
  }
  return checkpointPagesFor(free);
}
