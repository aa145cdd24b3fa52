// The only place a database is opened. WAL so readers (history screen) never block the runner's writes;
// migrations run in one transaction that also sets user_version.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../src-shared/contract/errors';
import { MIGRATIONS } from './migrations/index';

export type Db = Database.Database;

export function openDb(file: string, upTo: number = Infinity): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL'); // durable across process crashes in WAL mode; fsync on checkpoint
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, upTo);
  return db;
}

export function migrate(db: Db, upTo: number = Infinity): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  if (current > latest) {
    db.close();
    throw new AppError(
      'CONFLICT',
      `This data folder was written by a newer Bulk Desk (schema ${current}, this version knows ${latest}). Update the app.`,
    );
  }
  const pending = MIGRATIONS.filter((m) => m.version > current && m.version <= upTo);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const m of pending) db.exec(m.up);
    db.pragma(`user_version = ${pending.at(-1)!.version}`);
  })();
}
