// One runner owns a data folder at a time. Electron adds its single-instance lock on top; the CLI and
// `npm run serve` rely on this file lock. A lock left by a dead process (crash, SIGKILL) is taken over.
//
// A PID alone is not enough: after a reboot (or in a container) the PID in a stale lock file is often
// alive again as something else — PID 1 always is. So the lock file also records the process's start
// time as the kernel counts it (Linux: /proc/<pid>/stat, field 22), and a random token; a live PID whose
// start time differs is another process that reused the number. Where /proc has no answer (macOS,
// Windows) the PID has to do, and the refusal names the lock file and how to clear it.
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src-shared/contract/errors';

export const LOCK_FILE = 'bulk-desk.lock';

interface LockRecord {
  pid: number;
  /** The owner's start time in clock ticks after boot (/proc/<pid>/stat field 22); null where unknown. */
  startTicks: string | null;
  token: string;
  /** When the lock was taken (epoch ms), for the message. */
  at: number | null;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The process's start time from /proc (Linux); null where /proc has no answer. */
function startTicks(pid: number | 'self'): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command) may hold spaces and parentheses: count fields after its closing ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] ?? null; // field 22 overall = index 19 after the first two fields
  } catch {
    return null;
  }
}

/** What a process runs, from /proc (Linux); null where unknown. */
function commandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return null;
  }
}

/** A lock file as written by this version (JSON) or an older one (the PID alone). */
function readLock(file: string): LockRecord | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
  if (/^\d+$/.test(text)) return { pid: Number(text), startTicks: null, token: '', at: null };
  try {
    const r = JSON.parse(text) as Partial<LockRecord>;
    if (typeof r.pid === 'number' && r.pid > 0)
      return { pid: r.pid, startTicks: r.startTicks ?? null, token: r.token ?? '', at: r.at ?? null };
  } catch {
    // unreadable: treated as stale
  }
  return null;
}

/**
 * How long a lock file may be there without its record: another Bulk Desk starting at this moment has
 * created the file (openSync 'wx') and not yet written into it. Read then, it is empty, and taking it
 * for a crash's leftover would let both processes lock the folder. Past this age, an empty or unreadable
 * lock file is one whose owner died before writing it.
 */
const BEING_WRITTEN_MS = 2000;

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** The lock's record, waiting while the file is too young to have been written yet; null when stale. */
function readSettledLock(file: string): LockRecord | null {
  for (;;) {
    const lock = readLock(file);
    if (lock) return lock;
    const made = statSync(file, { throwIfNoEntry: false });
    if (!made) return null; // gone meanwhile: free to take
    const age = Date.now() - made.mtimeMs;
    if (age >= BEING_WRITTEN_MS || age < -BEING_WRITTEN_MS) return null;
    pause(25);
  }
}

/** Whether the lock's owner is still the process that took it. */
function held(lock: LockRecord): boolean {
  if (lock.pid === process.pid || !alive(lock.pid)) return false;
  const now = startTicks(lock.pid);
  if (lock.startTicks !== null && now !== null) return now === lock.startTicks;
  // An older lock file (PID only): on Linux, a live process that is not Node or Electron is not ours.
  const cmd = commandLine(lock.pid);
  if (cmd !== null) return /node|electron|bulk-desk|bulk desk/i.test(cmd);
  return true; // nothing to tell by: assume it is held, and say how to clear it
}

/**
 * Creates the lock file (failing with EEXIST when there is one) and writes the record. When the write
 * fails after the file was created (a full disk), the empty file is removed again rather than left for
 * the next start to find.
 */
function writeLock(file: string, lock: LockRecord): void {
  const fd = openSync(file, 'wx');
  try {
    try {
      writeSync(fd, JSON.stringify(lock));
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    rmSync(file, { force: true });
    throw e;
  }
}

/**
 * Whether another live process holds the folder's lock — read, never taken: a command that only reads
 * opens the database read-only beside it (../services.ts).
 */
export function dataDirLockedByOther(dataDir: string): boolean {
  const file = join(dataDir, LOCK_FILE);
  if (!statSync(file, { throwIfNoEntry: false })) return false;
  const lock = readSettledLock(file);
  return lock !== null && held(lock);
}

export function acquireDataDirLock(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE);
  const mine: LockRecord = { pid: process.pid, startTicks: startTicks('self'), token: randomUUID(), at: Date.now() };
  for (let tries = 0; tries < 2; tries++) {
    try {
      writeLock(file, mine);
      return () => {
        // Only our own lock is removed (never one another process took over meanwhile).
        if (readLock(file)?.token === mine.token) rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const lock = readSettledLock(file);
      if (lock && held(lock)) {
        const since = lock.at ? `, since ${new Date(lock.at).toISOString().replace('T', ' ').slice(0, 19)} UTC` : '';
        throw new AppError(
          'CONFLICT',
          `Another Bulk Desk (process ${lock.pid}${since}) is using ${dataDir}. Close it first, or use a ` +
            `different data folder. If no Bulk Desk is running, its lock file was left behind: delete ` +
            `${file} and try again.`,
        );
      }
      rmSync(file, { force: true }); // stale: its owner is gone
    }
  }
  throw new AppError(
    'CONFLICT',
    `Could not lock ${dataDir}: another process keeps creating ${file}. Close other Bulk Desk windows and try again.`,
  );
}
