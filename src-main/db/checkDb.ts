// The database file is checked before it is opened: SQLite's `PRAGMA quick_check` (every page and
// record is well formed; a few seconds per GB on a cold disk) runs in a worker thread, so the check is
// bounded in time — if it has not answered within the bound, the app opens the file anyway and the
// check's late answer is logged. A damaged file is reported with what to do, never replaced.
//
// The check only reads (a read-only connection): opened read-write, closing it would checkpoint the
// file's write-ahead log into it — and a -wal left beside a file it does not belong to (the backup
// copied in by hand after a crash) would then be written into that file by the check that was to find
// it, and the log itself deleted.
//
// A small file is checked in this thread instead (checkInThread): its check takes milliseconds, well
// inside any bound of a second or more, and starting a worker (a new Node environment loading the driver
// again) cost ~100 ms of CPU at every command that opens a data folder. Same check, same findings.
import Database from 'better-sqlite3';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { workerThreads } from '../services/nodeWorker';

export interface DbCheck {
  /** `late`: the check did not answer within the bound (the file is opened unchecked). */
  state: 'ok' | 'damaged' | 'late';
  /** What quick_check (or opening the file) reported, at most 20 lines. */
  problems: string[];
}

const PROBLEMS_SHOWN = 20;

/**
 * The largest database (with its write-ahead log) checked in this thread. quick_check reads every page:
 * a 9 MB file took 25–50 ms on a loaded 2-core machine ("a few seconds per GB" cold), against a bound of a
 * second or more, so the bound the worker gives is never needed for it; the worker's start alone costs
 * ~100 ms of CPU, what checking ~20 MB costs.
 */
export const IN_THREAD_MAX_BYTES = 8 * 1024 * 1024;
/** A bound shorter than this (a test's 0 ms: the late path) keeps the worker whatever the size. */
const IN_THREAD_MIN_BOUND_MS = 1000;

/** How the check opens the file: read-only, as the worker's code does, unless one of these says. */
interface CheckMode {
  /**
   * A disk with no room for the log's index (-shm), and no log to read (../db/openForReading.ts): the
   * check keeps the index in memory, holding the file meanwhile — read-write but query_only, which a
   * read-only connection cannot, and with no log there is nothing its close could write into the file.
   */
  indexInMemory?: boolean;
  /**
   * The same disk, a file small enough: the check reads a copy of it in memory (as ./dbImage.ts does),
   * holding nothing, as the read it checks for.
   */
  image?: boolean;
  /** The largest file checked in this thread (default IN_THREAD_MAX_BYTES): 0 tests the worker's path. */
  inThreadMaxBytes?: number;
}

// Plain CommonJS, evaluated in the worker: it loads the same driver by absolute path. quick_check
// gives the pages' findings as its first row, then reads every table's rows; a page it cannot read at
// all stops that with SQLITE_CORRUPT, so its rows are read one at a time and those already given kept,
// the error after them (as quickCheckRows does in this thread).
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const described = (e) => String((e && e.code ? e.code + ': ' : '') + (e && e.message ? e.message : e));
let result;
try {
  let image = null;
  if (workerData.image) {
    image = require('node:fs').readFileSync(workerData.file);
    if (image.length >= 20 && image[18] === 2 && image[19] === 2) image[18] = image[19] = 1;
  }
  const db = image
    ? new Database(image, { readonly: true })
    : workerData.indexInMemory
    ? new Database(workerData.file, { fileMustExist: true })
    : new Database(workerData.file, { readonly: true, fileMustExist: true });
  try {
    if (workerData.indexInMemory) {
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('query_only = ON');
    }
    const problems = [];
    try {
      for (const r of db.prepare('PRAGMA quick_check(${PROBLEMS_SHOWN})').iterate()) problems.push(String(r.quick_check));
    } catch (e) {
      if (problems.length === 0) throw e;
      problems.push(described(e));
    }
    result = { problems };
  } finally {
    db.close();
  }
} catch (e) {
  result = { problems: [described(e)] };
}
parentPort.postMessage(result);
`;

/**
 * quick_check's rows, one finding each: a row may hold several lines under a heading ("*** in database
 * main ***\nPage 61: never used\n…"), and a message quoting it whole ran over a screen.
 */
function findings(rows: string[]): string[] {
  const lines = rows.flatMap((r) => r.split('\n')).map((l) => l.trim());
  const found = lines.filter((l) => l !== '' && !/^\*\*\* .* \*\*\*$/.test(l));
  return found.length > 0 ? found : rows;
}

const verdict = (problems: string[]): DbCheck =>
  problems.length === 1 && problems[0] === 'ok' ? { state: 'ok', problems: [] } : { state: 'damaged', problems: findings(problems) };

/**
 * Runs quick_check on `file` in a worker (a small file: in this thread, see IN_THREAD_MAX_BYTES). Resolves
 * with its verdict, or with `late` after `timeoutMs`; a late verdict is handed to `onLate` when it comes
 * (the worker no longer keeps the process alive).
 */
export function checkDbFile(
  file: string,
  timeoutMs: number,
  onLate: (c: DbCheck) => void,
  opts: CheckMode = {},
): Promise<DbCheck> {
  if (checkInThread(file, timeoutMs, opts.inThreadMaxBytes)) return Promise.resolve(verdict(problemsNow(file, opts)));
  return new Promise((resolve) => {
    let answered = false;
    const worker = new (workerThreads().Worker)(WORKER_CODE, {
      eval: true,
      workerData: {
        file,
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        indexInMemory: opts.indexInMemory === true,
        image: opts.image === true,
      },
    });
    const timer = setTimeout(() => {
      answered = true;
      worker.unref();
      resolve({ state: 'late', problems: [] });
    }, timeoutMs);
    worker.once('message', (m: { problems: string[] }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (answered) onLate(verdict(m.problems));
      else resolve(verdict(m.problems));
      answered = true;
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      if (answered) return;
      answered = true;
      // The worker could not run (not the file's fault): open unchecked rather than refuse.
      resolve({ state: 'late', problems: [e.message] });
    });
  });
}

const described = (e: unknown) => {
  const code = (e as { code?: string }).code;
  return `${code ? `${code}: ` : ''}${e instanceof Error ? e.message : String(e)}`;
};

/** quick_check's rows, and the error that stopped it after some (the worker's code does the same). */
function quickCheckRows(db: Database.Database): string[] {
  const rows: string[] = [];
  try {
    for (const r of db.prepare(`PRAGMA quick_check(${PROBLEMS_SHOWN})`).iterate() as Iterable<{ quick_check: string }>)
      rows.push(String(r.quick_check));
  } catch (e) {
    if (rows.length === 0) throw e;
    rows.push(described(e));
  }
  return rows;
}

/** Whether `file` (with its log) is small enough, and the bound long enough, to check it in this thread. */
export function checkInThread(file: string, timeoutMs: number, maxBytes = IN_THREAD_MAX_BYTES): boolean {
  if (timeoutMs < IN_THREAD_MIN_BOUND_MS) return false;
  const size = (f: string) => statSync(f, { throwIfNoEntry: false })?.size ?? 0;
  return size(file) + size(`${file}-wal`) <= maxBytes;
}

/** What the worker's code posts, found in this thread: opened the same way, the same rows or error. */
function problemsNow(file: string, opts: CheckMode): string[] {
  try {
    let image: Buffer | null = null;
    if (opts.image) {
      image = readFileSync(file);
      if (image.length >= 20 && image[18] === 2 && image[19] === 2) image[18] = image[19] = 1;
    }
    const db = image
      ? new Database(image, { readonly: true })
      : opts.indexInMemory
        ? new Database(file, { fileMustExist: true })
        : new Database(file, { readonly: true, fileMustExist: true });
    try {
      if (opts.indexInMemory) {
        db.pragma('locking_mode = EXCLUSIVE');
        db.pragma('query_only = ON');
      }
      return quickCheckRows(db);
    } finally {
      db.close();
    }
  } catch (e) {
    return [described(e)];
  }
}

/** The same check in this thread, for a file nobody else has open (restoring a backup). */
export function checkDbFileNow(file: string): DbCheck {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return verdict(quickCheckRows(db));
    } finally {
      db.close();
    }
  } catch (e) {
    return { state: 'damaged', problems: [described(e)] };
  }
}

/** Whether a (sound) SQLite file holds no tables at all; false when it cannot be read (opened as usual). */
export function hasNoTables(file: string): boolean {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() === 0;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}
