import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const LOCKER = fileURLToPath(new URL('./dbLocker.ts', import.meta.url));

function locker(file: string, ms: number, onLine: boolean): ChildProcess {
  const args = ['--import', 'tsx', LOCKER, file, String(ms), ...(onLine ? ['--on-line'] : [])];
  return spawn(process.execPath, args, { stdio: [onLine ? 'pipe' : 'ignore', 'pipe', 'inherit'] });
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

/**
 * Starts another process that holds `file`'s write lock for `ms` (see dbLocker.ts). Resolves once the
 * lock is held; `released` resolves when the other process has let go and exited.
 */
export async function holdDbLock(file: string, ms: number): Promise<{ released: Promise<void> }> {
  const child = locker(file, ms, false);
  const released = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await said(child, 'locked');
  return { released };
}

/**
 * The same, started ahead: resolves once the other process is running with the file open, and `take()`
 * takes the lock then (within milliseconds, not the second or more a Node process can take to start
 * on a loaded machine, by which time what the test meant to interrupt may be over).
 */
export async function armDbLock(
  file: string,
  ms: number,
): Promise<{ take: () => Promise<{ released: Promise<void> }> }> {
  const child = locker(file, ms, true);
  const released = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await said(child, 'ready');
  return {
    take: async () => {
      const locked = said(child, 'locked');
      child.stdin!.write('lock\n');
      await locked;
      return { released };
    },
  };
}
