// The export writer's whole-or-nothing file (services/atomicFile.ts) on a real folder: an abandoned
// write leaves the destination as it was; a commit replaces it at once; leftovers of dead processes are
// swept, those of live ones (and other files) are not. The kill itself: test/integration/runner/killedExport.
import { existsSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
});
