// An export or a `--out` file named like one of Bulk Desk's own data files — the database, its
// write-ahead log, its backup (a slip of tab-completion inside the data folder). The export was renamed
// over the live database: "Wrote 1 row", exit 0, and the next command found the database damaged, with
// everything saved since the last backup gone; over the backup, the safety net went silently. Refused
// instead, naming the file; the database and the backup are left as they were.
// The import is the real CLI's own process; the refused exports and the list after them run the same
// router in this process (cliHere), each opening the database afresh as a command does.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatasetDto } from '../../../src-shared/contract/api';
import { tempDir } from '../../helpers/tempDir';
import { cli, json, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('an export path that is one of the data folder’s own files', () => {
  const w = useCliWorld();

  it.each(['bulk-desk.sqlite', 'bulk-desk.backup.sqlite', 'bulk-desk.sqlite-wal'])(
    '--out …/%s is refused, and the database still opens with everything in it',
    async (name) => {
      const dir = (w.dir = tempDir());
      const D = ['--data-dir', dir.path];
      const csv = join(dir.path, 'users.csv');
      writeFileSync(csv, 'email,name\na@example.com,A\n');
      const ds = json<DatasetDto>(await cli([...D, 'import', csv, '--json']));
      const target = join(dir.path, name);
      // The backup is byte for byte as it was; the database, which each command opens, still holds everything.
      const before = name === 'bulk-desk.backup.sqlite' ? hash(target) : null;

      const r = await cliHere([...D, 'datasets', 'rows', ds.id, '--format', 'csv', '--out', target]);
      expect(r.code, r.stderr).not.toBe(0);
      expect(r.stderr).toContain(target);
      expect(r.stderr).toMatch(/Bulk Desk's own data file/);
      if (before) expect(hash(target)).toBe(before);

      const m = await cliHere([
        ...D,
        'mappings',
        'auto',
        '--dataset',
        ds.id,
        '--template',
        'coursepath.members.create',
        '--out',
        target,
      ]);
      expect(m.code, m.stderr).not.toBe(0);
      if (before) expect(hash(target)).toBe(before);

      const listed = await cliHere([...D, 'datasets', 'list', '--json']);
      expect(listed.code, listed.stderr).toBe(0);
      expect(json<DatasetDto[]>(listed).map((d) => d.id)).toEqual([ds.id]);
    },
  );
});
