// `reports run … --out FILE.csv` writes one table; what the report says about its own figures (nothing
// synced yet, a sync that failed or was stopped so the figures are partial) must still reach the admin —
// on stderr beside "Wrote N rows" — not only when the report is printed. A nightly `sync run; reports run
// --out` otherwise hands on a partial CSV with exit 0 and no word of it. Partial figures (a connection's
// latest sync did not finish) exit 1, printed or written, and the CSV says so on its first line: it went
// out with exit 0 and nothing in the file, so whoever opened it later took the figures as whole.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src-main/sandbox/index';
import { tempDir } from '../../helpers/tempDir';
import { addCoursepath, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

describe('reports run --out: the report notes', () => {
  const w = useCliWorld();

  it('an empty store and a failed sync are said on stderr, with the command to run', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 13 }));
    const D = ['--data-dir', dir.path];
    await addCoursepath({ ...sandbox.credentials.coursepath, apiKey: 'not-the-academy-secret' }, dir.path, 'Academy');
    const sync = await cliHere(['sync', 'run', ...D]);
    expect(sync.code).toBe(1);

    const out = join(dir.path, 'completion.csv');
    const r = await cliHere(['reports', 'run', 'completionRate', '--out', out, ...D]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`Wrote 0 rows to ${out}`);
    expect(r.stderr).toContain(`Note: Nothing synced yet: run \`bulk-desk sync run --data-dir ${dir.path}\` first.`);
    expect(r.stderr).toContain('Note: Academy: its first sync failed');
    expect(r.stdout).toBe('');
    const [first, header] = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    expect(first).toMatch(/^"?Partial figures: Academy: its first sync failed .*Sync again to finish it/);
    expect(header).toMatch(/^Source,Course,/);

    // Printed, the same figures exit 1 too: the notes say why.
    const printed = await cliHere(['reports', 'run', 'completionRate', ...D]);
    expect(printed.code, printed.stderr).toBe(1);
    expect(printed.stdout).toContain('Note: Academy: its first sync failed');
  });
});
