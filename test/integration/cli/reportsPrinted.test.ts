// `bulk-desk reports run` prints on a terminal: what it prints from outside (the LMS's names, the keys
// typed) is shown with its control characters escaped, never sent raw.
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { cliHere } from './runCliHere';
import { useCliWorld } from './runCli';

describe('bulk-desk reports run, printed', () => {
  const w = useCliWorld();

  it('shows control characters in a note escaped', async () => {
    const dir = (w.dir = tempDir());
    const r = await cliHere([
      ...['reports', 'run', 'compliance', '--by', 'client', '--courses', 'x:\x1b[31mRED\nline'],
      ...['--data-dir', dir.path],
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(String.raw`x:\x1b[31mRED\nline`);
    expect(r.stdout).not.toMatch(/\x1b/);
  });
});
