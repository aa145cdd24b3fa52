// reports.export to a path that cannot be written: the message names the file and the real cause, as the
// other exports do (services/atomicFile.ts), not Node's bare "mkdir" error.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempServices } from '../../helpers/tempServices';

describe('reports.export, a destination that cannot be written', () => {
  const temp = useTempServices();

  it('a file where its folder should be: names that file', async () => {
    const s = await temp.open({ sandbox: false });
    const file = join(temp.dir, 'notes.txt');
    writeFileSync(file, 'x');
    const dest = join(file, 'sub', 'report.csv');
    const r = await s.dispatch('reports.export', { report: { name: 'completionRate' }, path: dest });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe(`Could not write ${dest}: ${file} is a file, not a folder.`);
  });
});
