// A database from an older Bulk Desk is upgraded in place on open. No copy of it from before the upgrade
// was kept, and the rolling backup is renewed by the newer app: an admin who went back to the older app
// found both the file and the backup "written by a newer Bulk Desk", and no way back. Now a copy is kept
// beside it (bulk-desk.pre-upgrade-schema-<n>.sqlite, 0600, only the latest), the log says so, and the
// "newer" refusal names it as the way back. Real SQLite files in a temp data folder.
import Database from 'better-sqlite3';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src-main/db/migrations/index';
import { openDb } from '../../../src-main/db/openDb';
import { createServices } from '../../../src-main/services';
import { tempDir } from '../../helpers/tempDir';

const LATEST = MIGRATIONS.at(-1)!.version;
const schemaOf = (f: string) => {
  const db = new Database(f, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
};
const mode = (f: string) => (statSync(f).mode & 0o777).toString(8);

describe('the copy kept before an upgrade', () => {
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(() => {
    dir?.remove();
    dir = null;
  });

  it('is kept (0600, only the latest), logged, and named by the refusal of a file a newer app wrote', async () => {
    dir = tempDir();
    const file = join(dir.path, 'bulk-desk.sqlite');
    openDb(file, 23).close(); // an older Bulk Desk's folder
    const stale = join(dir.path, 'bulk-desk.pre-upgrade-schema-9.sqlite');
    writeFileSync(stale, 'an earlier upgrade’s copy');

    const lines: string[] = [];
    const s = await createServices({ dataDir: dir.path, sandbox: false, log: (l) => lines.push(l) });
    await s.close();

    const copy = join(dir.path, 'bulk-desk.pre-upgrade-schema-23.sqlite');
    expect(schemaOf(file)).toBe(LATEST);
    expect(schemaOf(copy)).toBe(23);
    expect(mode(copy)).toBe('600');
    expect(readdirSync(dir.path).filter((f) => f.includes('pre-upgrade'))).toEqual([
      'bulk-desk.pre-upgrade-schema-23.sqlite',
    ]);
    expect(lines.join('\n')).toContain(`kept a copy of ${file} from before its upgrade (schema 23 to ${LATEST}) at ${copy}`);

    // A newer Bulk Desk upgraded it since: this version refuses it, and names the copy as the way back.
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST + 1}`);
    raw.close();
    const refused = createServices({ dataDir: dir.path, sandbox: false });
    await expect(refused).rejects.toThrow(/written by a newer Bulk Desk/);
    const message = await refused.catch((e: Error) => e.message);
    expect(message).toContain(`Or go back to the copy kept from before the upgrade, ${copy} (schema 23`);
    expect(message).toContain(`then copy ${copy} to ${file}`);
  });

  it('is not made for a new folder, nor for a file already at this schema', async () => {
    dir = tempDir();
    for (let i = 0; i < 2; i++) {
      const s = await createServices({ dataDir: dir.path, sandbox: false });
      await s.close();
    }
    expect(readdirSync(dir.path).filter((f) => f.includes('pre-upgrade'))).toEqual([]);
  });

  it('is not kept when it would hold a password written in an address, which the upgrade masks', async () => {
    dir = tempDir();
    const file = join(dir.path, 'bulk-desk.sqlite');
    const db = openDb(file, 21);
    db.prepare(
      `INSERT INTO connections (id, name, api, base_url, identity_json, created_at) VALUES ('c1', 'Old', 'coursepath', ?, '{}', 0)`,
    ).run('https://admin:hunter2@academy.example');
    db.close();
    const lines: string[] = [];
    const s = await createServices({ dataDir: dir.path, sandbox: false, log: (l) => lines.push(l) });
    await s.close();
    expect(readdirSync(dir.path).filter((f) => f.includes('pre-upgrade'))).toEqual([]);
    expect(lines.join('\n')).toMatch(/no copy of .* from before its upgrade \(schema 21 to \d+\) is kept: it would hold the passwords/);
  });
});
