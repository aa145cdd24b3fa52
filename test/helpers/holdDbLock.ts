import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childArgv } from './tsxChild';

const LOCKER = fileURLToPath(new URL('./dbLocker.ts', import.meta.url));

function locker(file: string, ms: number, onLine: boolean): ChildProcess {
  // Its build when there is one (tsxChild.ts): tsx took ~1 s of CPU to start it.
  const args = [...childArgv(LOCKER), file, String(ms), ...(onLine ? ['--on-line'] : [])];
  return spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
}

/** Resolves when the child says `word` on stdout; rejects if it exits first. */
function said(child: ChildProcess, word: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes(word)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the lock holder exited (${code}) before saying "${word}"`)));
  });
}

export interface HeldLock {
  /** Resolves when the other process has let go and exited. */
  released: Promise<void>;
  /** Lets go now, before `ms` is up; resolves as `released` does. */
  release: () => Promise<void>;
}

/** The lock of `child` (which holds it), and a way to let go of it early. */
function held(child: ChildProcess): HeldLock {
  const released = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    released,
    release: () => {
      if (child.exitCode === null && child.signalCode === null) child.stdin!.write('release\n');
      return released;
    },
  };
}

/**
 * Starts another process that holds `file`'s write lock for `ms` (see dbLocker.ts), or until `release()`.
 * Resolves once the lock is held.
 */
export async function holdDbLock(file: string, ms: number): Promise<HeldLock> {
  const child = locker(file, ms, false);
  const lock = held(child);
  await said(child, 'locked');
  return lock;
}

/**
 * The same, started ahead: resolves once the other process is running with the file open, and `take()`
 * takes the lock then (within milliseconds, not the second or more a Node process can take to start
 * on a loaded machine, by which time what the test meant to interrupt may be over).
 */
export async function armDbLock(
  file: string,
  ms: number,
): Promise<{ take: () => Promise<HeldLock> }> {
  const child = locker(file, ms, true);
  const lock = held(child);
  await said(child, 'ready');
  return {
    take: async () => {
      const locked = said(child, 'locked');
      child.stdin!.write('lock\n');
      await locked;
      return lock;
    },
  };
}
