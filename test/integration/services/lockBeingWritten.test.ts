// Two Bulk Desks starting at once on one data folder: the first creates bulk-desk.lock and then writes
// its record into it, so for a moment the file is there and empty. The second must not take that for a
// crash's leftover, delete it and lock the folder too — both would then send from the same database. A
// fresh empty lock is waited for until its record is written; one that stays empty is stale (its
// owner died between creating it and writing it) and is taken over.
import { spawn } from 'node:child_process';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../../../src-main/services/processLock';
import { tempDir } from '../../helpers/tempDir';

const startTicks = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
};

describe('a lock file still being written', () => {
  let dir: ReturnType<typeof tempDir> | null = null;
  const cleanups: (() => unknown)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
    dir?.remove();
    dir = null;
  });

  it('is waited for, and the other Bulk Desk that is writing it keeps the folder', async () => {
    dir = tempDir();
    const lock = join(dir.path, 'bulk-desk.lock');
    // The other Bulk Desk (alive), and its record landing in the file 300 ms after the file was created.
    const record = (pid: number) => JSON.stringify({ pid, startTicks: startTicks(pid), token: 'other', at: Date.now() });
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    cleanups.push(() => other.kill());
    await new Promise((r) => setTimeout(r, 100));
    // The writer is started and watching before the file is made: under load a Node process takes over a
    // second to start, which counted against the 2 s an empty lock is waited for (it failed at load 17).
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('node:fs'); const [lock, record] = process.argv.slice(1);
         const watch = setInterval(() => { if (!fs.existsSync(lock)) return; clearInterval(watch);
           setTimeout(() => fs.writeFileSync(lock, record), 300); }, 5);
         process.stdout.write('watching\\n');`,
        lock,
        record(other.pid!),
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    cleanups.push(() => writer.kill());
    await new Promise((r) => writer.stdout!.once('data', r));
    writeFileSync(lock, ''); // created, not yet written
    expect(() => acquireDataDirLock(dir!.path)).toThrow(`Another Bulk Desk (process ${other.pid}`);
    expect(JSON.parse(readFileSync(lock, 'utf8')).token).toBe('other');
  });

  it('is taken over once it has stayed empty (its owner died before writing it)', () => {
    dir = tempDir();
    const lock = join(dir.path, 'bulk-desk.lock');
    writeFileSync(lock, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const release = acquireDataDirLock(dir.path);
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    release();
  });
});
