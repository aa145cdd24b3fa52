import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openDb, type Db } from '../../src-main/db/openDb';
import { tempDir } from './tempDir';

/**
 * The migration tests' fixture: each test opens a SQLite file, migrated up to a given version, in its own
 * temp folder; after each test the database is closed and the folder removed. Call it inside a `describe`.
 */
export function useTempDb(): { open(upTo: number): Db } {
  let db: Db | null = null;
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(() => {
    db?.close();
    db = null;
    dir?.remove();
    dir = null;
  });
  return {
    open(upTo) {
      dir = tempDir();
      db = openDb(join(dir.path, 'db.sqlite'), upTo);
      return db;
    },
  };
}
