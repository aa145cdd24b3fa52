// The export writer's whole-or-nothing file (services/atomicFile.ts) on a real folder: an abandoned
// write leaves the destination as it was; a commit replaces it at once; leftovers of dead processes are
// swept, those of live ones (and other files) are not; a destination that cannot be written is named in
// the error, not the temporary file or the database. The kill itself: test/integration/runner/killedExport.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statfsSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { writeRowsOut } from '../../../src-main/cli/commandKit';
import { write } from '../../../src-main/cli/io';
import { openAtomic, sweepStalePartials, writeFileAtomic } from '../../../src-main/services/atomicFile';
import { tempDir } from '../../helpers/tempDir';

describe('atomic export files', () => {
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(() => dir?.remove());

  it('keeps the old file until the new one is complete, and leaves nothing behind either way', () => {
    dir = tempDir();
    const dest = join(dir.path, 'report.csv');
    writeFileSync(dest, 'old,report\r\n');

    const abandoned = openAtomic(dest);
    writeSync(abandoned.fd, 'half,a,row');
    expect(readFileSync(dest, 'utf8')).toBe('old,report\r\n'); // not touched while writing
    abandoned.abort();
    expect(readdirSync(dir.path)).toEqual(['report.csv']);
    expect(readFileSync(dest, 'utf8')).toBe('old,report\r\n');

    writeFileAtomic(dest, 'new,report\r\n1,2\r\n');
    expect(readFileSync(dest, 'utf8')).toBe('new,report\r\n1,2\r\n');
    expect(readdirSync(dir.path)).toEqual(['report.csv']);
  });

  it("sweeps a dead export's leftover, never a live one's or another file", () => {
    dir = tempDir();
    const dead = '.results.csv.partial-999999999-0123abcd'; // no such process
    const live = `.results.csv.partial-${process.pid}-0123abcd`;
    for (const n of [dead, live, '.hidden-notes', 'results.csv']) writeFileSync(join(dir.path, n), 'x');
    sweepStalePartials(dir.path);
    expect(existsSync(join(dir.path, dead))).toBe(false);
    expect(readdirSync(dir.path).sort()).toEqual([live, '.hidden-notes', 'results.csv'].sort());
  });

  it('names the destination when its folder is missing, and writes nothing', async () => {
    dir = tempDir();
    const dest = join(dir.path, 'no-such-folder', 'results.csv');
    expect(() => writeFileAtomic(dest, 'a\r\n')).toThrow(
      `Could not write ${dest}: the folder ${join(dir.path, 'no-such-folder')} does not exist.`,
    );
    await expect(writeRowsOut(io(), dest, async () => 0, null)).rejects.toThrow(
      /the folder .*no-such-folder does not exist\.$/,
    );
  });

  it('a folder that exists but takes no new file is said to be unwritable, not missing', (ctx) => {
    // Linux's /proc answers ENOENT to a new file: the folder is there, the file cannot be made.
    if (process.platform !== 'linux') return ctx.skip();
    expect(() => writeFileAtomic('/proc/nope.csv', 'a\r\n')).toThrow(
      'Could not write /proc/nope.csv: the folder /proc exists but cannot be written (ENOENT). Choose another place.',
    );
  });

  it("a full disk at the destination: the export's own error, naming the file, the old file kept", async (ctx) => {
    dir = tempDir();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir.path], { stdio: 'pipe' });
    } catch (e) {
      console.log(
        `skipped: a small tmpfs is needed for a real full disk and mount is not permitted here (${(e as Error).message.split('\n')[0]})`,
      );
      return ctx.skip();
    }
    try {
      const dest = join(dir.path, 'results.csv');
      writeFileSync(dest, 'old,results\r\n');
      const fs = statfsSync(dir.path);
      writeFileSync(join(dir.path, 'filler'), Buffer.alloc(fs.bavail * fs.bsize - 8192));
      const rows = async (out: Writable) => {
        for (let i = 0; i < 64; i++) await write(out, 'x'.repeat(1024) + '\r\n');
        return 64;
      };
      const stream = writeRowsOut(io(), dest, rows, null);
      await expect(stream).rejects.toThrow(`Could not write ${dest}: its disk is full.`);
      expect(() => writeFileAtomic(dest, 'y'.repeat(64 * 1024))).toThrow(
        `Could not write ${dest}: its disk is full.`,
      );
      expect(readFileSync(dest, 'utf8')).toBe('old,results\r\n');
      expect(readdirSync(dir.path).sort()).toEqual(['filler', 'results.csv']);
    } finally {
      execFileSync('umount', [dir.path]);
    }
  });
});

function io() {
  return {
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdin: new PassThrough(),
  } as unknown as Parameters<typeof writeRowsOut>[0];
}
