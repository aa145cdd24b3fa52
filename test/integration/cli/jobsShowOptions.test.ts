// `jobs show` printed `Options    {}` for a job run with every default (found by a walk-through): braces that
// say nothing to an admin. It now says the defaults were used, and still prints the options that were set.
// Real parts: a SQLite data folder, the CLI's router.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../../src-main/db/openChecked';
import { openDb } from '../../../src-main/db/openDb';
import { seedDataset } from '../../helpers/seedDataset';
import { storeMemberJob } from '../../helpers/storedMemberJob';
import { tempDir } from '../../helpers/tempDir';
import { useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

describe('jobs show: the options line', () => {
  const w = useCliWorld();

  it('says the defaults were used, and prints the options that were set', async () => {
    const dir = (w.dir = tempDir()).path;
    const db = openDb(join(dir, DB_FILE));
    const datasetId = seedDataset(db, ['email'], [['a@example.com']]);
    storeMemberJob(db, datasetId, 'aaaa0000-0000-4000-8000-000000000000');
    storeMemberJob(db, datasetId, 'bbbb0000-0000-4000-8000-000000000000', { options: { concurrency: 2 } });
    db.close();
    const plain = await cliHere(['jobs', 'show', 'aaaa0000', '--data-dir', dir]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain('Options    the defaults\n');
    const set = await cliHere(['jobs', 'show', 'bbbb0000', '--data-dir', dir]);
    expect(set.stdout).toContain('Options    {"concurrency":2}\n');
  });
});
