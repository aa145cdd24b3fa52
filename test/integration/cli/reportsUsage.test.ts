// `bulk-desk reports run`: a flag the report cannot use, or a file name that promises another format, is
// a usage error (exit 2) that names it — never silently ignored, never CSV inside a .json file.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

describe('bulk-desk reports run: usage', () => {
  const w = useCliWorld();

  it('--out writes CSV: another extension is refused, naming the formats there are', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    for (const name of ['s.json', 'S.XLSX', 'report']) {
      const out = join(dir.path, name);
      const r = await cliHere(['reports', 'run', 'completionRate', '--out', out, ...D]);
      expect(r.code, name).toBe(2);
      expect(r.stderr).toContain(`--out writes CSV, so its name ends in .csv, not "${name}"`);
      expect(r.stderr).toContain('--json > ');
      expect(existsSync(out)).toBe(false);
    }
    const csv = await cliHere(['reports', 'run', 'completionRate', '--out', join(dir.path, 'S.CSV'), ...D]);
    expect(csv.code, csv.stderr).toBe(0);
  });
});
