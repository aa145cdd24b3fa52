// A data folder written by a newer Bulk Desk (an admin who tried the next version, then went back; or a
// folder shared from another machine): refused before any migration touches it, naming the file, so an
// admin with more than one data folder (--data-dir, BULKDESK_DATA_DIR) knows which one it is.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../../src-main/db/openDb';
import { tempDir } from '../../helpers/tempDir';

describe('a database from a newer version', () => {
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(() => {
    dir?.remove();
    dir = null;
  });

  it('is refused naming the file and the schema, and not migrated', () => {
    dir = tempDir();
    const file = join(dir.path, 'bulk-desk.sqlite');
    openDb(file).close();
    const raw = new Database(file);
    raw.pragma('user_version = 999');
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    expect(() => openDb(file)).toThrow(
      `The database ${file} was written by a newer Bulk Desk (schema 999, this version knows`,
    );
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(999); // not migrated down, nor touched by a migration
    after.close();
  });
});
