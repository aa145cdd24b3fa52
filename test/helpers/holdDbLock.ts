import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const LOCKER = fileURLToPath(new URL('./dbLocker.ts', import.meta.url));

/**
 * Starts another process that holds `file`'s write lock for `ms` (see dbLocker.ts). Resolves once the
 * lock is held; `released` resolves when the other process has let go and exited.
 */
export async function holdDbLock(file: string, ms: number): Promise<{ released: Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', LOCKER, file, String(ms)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const released = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('locked')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the lock holder exited (${code}) before taking the lock`)));
  });
  return { released };
}
