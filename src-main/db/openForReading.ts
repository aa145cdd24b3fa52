// The database as a command that only reads opens it (`jobs list`, `jobs export`, `datasets list`,
// `reports run`…): read-only, without the data folder's lock, so an admin can list and export while the
// app has the folder open — SQLite's WAL lets readers and one writer work at once, each reader seeing the
// last committed state. Nothing is written: no lock file, no backup, no upgrade, no recovery.
//
// Checked as openChecked.ts checks (a damaged file is refused with the same words and the backup to put
// back; another program's file or a newer Bulk Desk's likewise). Where the file first needs a writer —
// missing or empty (a first start, or history lost), an older schema (an upgrade), or, with no Bulk Desk
// holding the folder, what a crash left to recover (./startupWrites.ts) — the answer is null: the caller
// opens it as a writer, the folder locked, as every command did before.
//
// The folder is left as it was found: where no -wal or -shm was there (no Bulk Desk running), the read's
// own connection removes the ones its open made as it closes (SQLite's read-only connection left a 0-byte
// -wal and a 32 KB -shm behind). On a full disk, where the -shm has no room, the file is read from a copy
// in memory (a larger one with the log's index kept in memory, holding the file while it reads), so the
// read still reads and never falls back to a writer's open (which said "disk is full" to a command that
// only reads); only a log with frames to read and no room for its index is refused, saying what it needs.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src-shared/contract/errors';
import { checkDbFile, type DbCheck } from './checkDb';
import { DB_IMAGE_MAX_BYTES } from './dbImage';
import { DB_FILE } from './dataFiles';
import { damaged, DEFAULT_CHECK_TIMEOUT_MS, freeBytes } from './openChecked';
import { openDbForReading, type Db, type ReadingMode } from './openDb';
import { startupWritesPending } from './startupWrites';

export interface ReadingOptions {
  /** Another live process holds the folder's lock: it made the writes of an open already. */
  lockedByOther: boolean;
  checkTimeoutMs?: number;
  /**
   * The largest file read into memory on a full disk (default DB_IMAGE_MAX_BYTES); a larger one is read in
   * place, held while read. A parameter so that the larger file's path is tested without a 256 MB file.
   */
  imageMaxBytes?: number;
  log: (line: string) => void;
}

/** What SQLite's index of the write-ahead log (-shm) takes on the disk when it is made. */
export const SHM_BYTES = 32 * 1024;

/**
 * How this read connects (openDb.ts, ReadingMode), so that it leaves the folder as it found it: beside
 * an index that is there, shared; where there is none, its own, which removes what it made as it closes —
 * with the index in memory where the disk has no room for it. A log with frames to read and no index
 * nor room for one cannot be read without writing one: said, with what it needs.
 */
function readingMode(dataDir: string, file: string, imageMaxBytes: number): ReadingMode {
  const size = (f: string) => statSync(f, { throwIfNoEntry: false })?.size;
  if (size(`${file}-shm`) !== undefined || size(`${file}-journal`) !== undefined) return 'shared';
  const free = freeBytes(dataDir);
  const room = free === null || free >= SHM_BYTES;
  if (size(`${file}-wal`)) {
    if (room) return 'shared';
    throw new AppError(
      'CONFLICT',
      `The disk holding ${dataDir} is full: reading ${file} needs ${SHM_BYTES / 1024} KB free for the index of its ` +
        `write-ahead log (${file}-shm), and ${Math.floor((free ?? 0) / 1024)} KB is free. Free some space on that disk ` +
        'and try again; nothing was changed.',
    );
  }
  if (room) return 'own';
  return statSync(file).size <= imageMaxBytes ? 'inMemory' : 'ownNoIndex';
}

/** The database opened read-only, or null when only a writer may open it now. */
export async function openForReading(dataDir: string, opts: ReadingOptions): Promise<Db | null> {
  const file = join(dataDir, DB_FILE);
  if (!existsSync(file) || statSync(file).size === 0) return null;
  const mode = readingMode(dataDir, file, opts.imageMaxBytes ?? DB_IMAGE_MAX_BYTES);
  const timeoutMs = opts.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  /** The late verdict of a check held alone (ownNoIndex): the read waits for it. */
  let lateVerdict: (c: DbCheck) => void = () => {};
  const check = () =>
    checkDbFile(
      file,
      timeoutMs,
      (late) => {
        lateVerdict(late);
        if (late.state === 'ok') opts.log(`database check finished late: ${file} is sound`);
        else void damaged(dataDir, file, late.problems, timeoutMs).then((e) => opts.log(`DATABASE DAMAGED: ${e.message}`));
      },
      { indexInMemory: mode === 'ownNoIndex', image: mode === 'inMemory' },
    );
  // With its index in memory a connection holds the file while it is open: the check runs first, alone,
  // and the read waits for it to finish however long it takes (the check holds the file meanwhile; an
  // open beside it would wait, then give up). Otherwise the open comes first, so that a disk with no room
  // is never reported as damage by the check's own open.
  let checkedFirst: DbCheck | null = null;
  if (mode === 'ownNoIndex') {
    const verdict = new Promise<DbCheck>((resolve) => (lateVerdict = resolve));
    checkedFirst = await check();
    if (checkedFirst.state === 'late') {
      opts.log(`database check of ${file} takes longer than ${timeoutMs} ms; the read waits for it (a full disk: it holds the file)`);
      checkedFirst = await verdict;
    }
  }
  if (checkedFirst?.state === 'damaged') throw await damaged(dataDir, file, checkedFirst.problems, timeoutMs);
  let opened: ReturnType<typeof openDbForReading>;
  try {
    opened = openDbForReading(file, mode); // another program's file, or a newer Bulk Desk's: refused here
  } catch (e) {
    if (e instanceof AppError) throw e;
    // On a full disk a writer's open can only say the disk is full: the check says what is wrong.
    if (mode === 'inMemory' || mode === 'ownNoIndex') throw await unreadable(dataDir, file, mode, e, timeoutMs);
    // SQLite would not open it for reading (a damaged file): the writer's open says why, in the words
    // every command uses.
    opts.log(`database not opened read-only (${e instanceof Error ? e.message : String(e)}); opening it as a writer`);
    return null;
  }
  const { db, behind, empty } = opened;
  if (empty) {
    db.close(); // no tables (history lost, or a first start): the writer's open says which
    return null;
  }
  const checked = checkedFirst ?? (await check());
  if (checked.state === 'damaged') {
    db.close();
    throw await damaged(dataDir, file, checked.problems, timeoutMs);
  }
  if (checked.state === 'late') opts.log(`database check of ${file} did not finish in time; opened unchecked (the check goes on)`);
  if (behind || (!opts.lockedByOther && startupWritesPending(db))) {
    db.close();
    return null;
  }
  return db;
}

/** Why a file on a full disk could not be read: damage, when the check finds it; else SQLite's own words. */
async function unreadable(dataDir: string, file: string, mode: ReadingMode, e: unknown, timeoutMs: number): Promise<AppError> {
  const c = await checkDbFile(file, timeoutMs, () => {}, mode === 'inMemory' ? { image: true } : { indexInMemory: true });
  if (c.state === 'damaged') return damaged(dataDir, file, c.problems, timeoutMs);
  return new AppError(
    'CONFLICT',
    `${file} could not be read (${e instanceof Error ? e.message : String(e)}); its disk is full, so it was not ` +
      'opened to be written either. Free some space on that disk and try again; nothing was changed.',
  );
}
