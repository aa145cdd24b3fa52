// `--out` never writes over a spreadsheet the admin imported: `jobs export J --only failed --out users.csv`
// in the folder of users.csv replaced the source with its failed rows, exit 0 (found by review). Told by
// content (the size and SHA-256 the import recorded), so a file merely named alike, an earlier export, or
// an empty one made by `mktemp` is written as before. The real CLI, its own process.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatasetDto } from '../../../src-shared/contract/api';
import { tempDir } from '../../helpers/tempDir';
import { cli, json, useCliWorld } from './runCli';

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('--out over an imported spreadsheet', () => {
  const w = useCliWorld();

  it('is refused, naming the import, and the file is left as it was; other existing files are written', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', join(dir.path, 'data')];
    const source = join(dir.path, 'users.csv');
    writeFileSync(source, 'email,first_name\r\nann@example.com,Ann\r\nbo@example.com,Bo\r\n');
    const before = hash(source);
    const ds = json<DatasetDto>(await cli([...D, 'import', source, '--json']));

    const rows = await cli([...D, 'datasets', 'rows', ds.id, '--format', 'json', '--out', source]);
    expect(rows.code, rows.stderr).toBe(2);
    expect(rows.stderr).toContain(
      `Not written: ${source} is the spreadsheet imported as users.csv (dataset ${ds.id.slice(0, 8)}`,
    );
    expect(rows.stderr).toContain('would replace your source file');
    expect(hash(source)).toBe(before);

    const mapping = await cli([
      ...D,
      'mappings',
      'auto',
      '--dataset',
      ds.id,
      '--template',
      'coursepath.members.create',
      '--out',
      source,
    ]);
    expect(mapping.code, mapping.stderr).toBe(2);
    expect(hash(source)).toBe(before);

    // An earlier export, and an empty file made for the output, are written over as before.
    const earlier = join(dir.path, 'rows.json');
    writeFileSync(earlier, '{"old":true}\n');
    const empty = join(dir.path, 'tmp.XXXX');
    writeFileSync(empty, '');
    for (const out of [earlier, empty]) {
      const r = await cli([...D, 'datasets', 'rows', ds.id, '--format', 'json', '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(readFileSync(out, 'utf8')).rows).toHaveLength(2);
    }
  }, 60_000);
});
