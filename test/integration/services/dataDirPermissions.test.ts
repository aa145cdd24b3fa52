// The data folder and the database are private to the user (issue 20, item 10): the folder was created
// 0755 and the SQLite file 0644, readable by every account on the machine, while they hold every imported
// spreadsheet and every response. Real services on a real data folder, real SQLite (WAL) files.
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { tempDir } from '../../helpers/tempDir';

const mode = (p: string) => statSync(p).mode & 0o777;
const posix = process.platform !== 'win32';

describe.skipIf(!posix)('data folder permissions (POSIX)', () => {
  let root: ReturnType<typeof tempDir> | null = null;
  let services: Services | null = null;
  afterEach(async () => {
    await services?.close();
    services = null;
    root?.remove();
    root = null;
  });

  it('creates the data folder 0700 and the database with its -wal and -shm 0600', async () => {
    root = tempDir();
    const dataDir = join(root.path, 'fresh', 'bulk-desk');
    const previous = process.umask(0o022); // the usual umask, under which both used to come out world-readable
    try {
      services = await createServices({ dataDir, sandbox: false });
    } finally {
      process.umask(previous);
    }
    await callOk(services, 'mappings.save', {
      name: 'n',
      templateId: 'coursepath.members.create',
      mapping: { fields: {} },
    }); // a write, so the WAL holds something
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'uploads'))).toBe(0o700);
    const db = join(dataDir, 'bulk-desk.sqlite');
    for (const f of [db, `${db}-wal`, `${db}-shm`]) {
      expect(existsSync(f), f).toBe(true);
      expect(mode(f), f).toBe(0o600);
    }
  });

  it('tightens a folder and database left 0755/0644 by an older version when it opens them', async () => {
    root = tempDir();
    const dataDir = join(root.path, 'old');
    mkdirSync(dataDir, { mode: 0o755 });
    services = await createServices({ dataDir, sandbox: false });
    await services.close();
    services = null;
    const db = join(dataDir, 'bulk-desk.sqlite');
    chmodSync(dataDir, 0o755);
    chmodSync(db, 0o644);
    writeFileSync(`${db}-shm`, Buffer.alloc(0)); // SQLite rebuilds it; only its mode matters here
    chmodSync(`${db}-shm`, 0o644);
    expect(mode(dataDir)).toBe(0o755);

    services = await createServices({ dataDir, sandbox: false });
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(db)).toBe(0o600);
    expect(mode(`${db}-shm`)).toBe(0o600);
    expect(mode(`${db}-wal`)).toBe(0o600);
    expect(await callOk(services, 'jobs.list', {})).toEqual([]); // and the data is still readable
  });
});
