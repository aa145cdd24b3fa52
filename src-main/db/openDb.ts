// The only place a database is opened. WAL so readers (history screen) never block the runner's writes;
// migrations run in one transaction that also sets user_version.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { sameTarget, type ConnectionTarget } from '../../src-shared/connections/connectionTarget';
import { AppError } from '../../src-shared/contract/errors';
import { committedImage } from './dbImage';
import { MIGRATIONS } from './migrations/index';
import { planStableSql } from './planStableSql';
import { keepPreUpgradeCopy, wayBackCopy } from './preUpgradeCopy';
import { walCheckpointPages } from './walCheckpoint';

export type Db = Database.Database;

/**
 * `log`: where the open says what it did to the file (an upgrade from an older schema).
 * `keepPreUpgradeCopy`: before an older file is upgraded, a copy of it is kept beside it (./preUpgradeCopy.ts).
 */
export function openDb(
  file: string,
  upTo: number = Infinity,
  log: (line: string) => void = () => {},
  opts: { keepPreUpgradeCopy?: boolean } = {},
): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = planStable(new Database(file));
  refuseOtherSchema(db); // before any pragma below writes to the file
  // Before any table exists, so a new database can give deleted data's space back (space.ts); an older
  // file switches with one VACUUM below.
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL'); // durable across process crashes in WAL mode; fsync on checkpoint
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma(`wal_autocheckpoint = ${walCheckpointPages(file)}`); // ./walCheckpoint.ts says why
  addFunctions(db);
  if (opts.keepPreUpgradeCopy) {
    const from = db.pragma('user_version', { simple: true }) as number;
    const to = MIGRATIONS.filter((m) => m.version > from && m.version <= upTo).at(-1)?.version;
    if (from > 0 && to !== undefined) keepPreUpgradeCopy(db, from, to, log);
  }
  const upgraded = migrate(db, upTo);
  // A new file (schema 0) is not an upgrade; an older Bulk Desk's is, and the admin's log says so once.
  if (upgraded && upgraded.from > 0)
    log(
      `database ${file} upgraded from schema ${upgraded.from} to ${upgraded.to} ` +
        `(${upgraded.steps.join(', ')}); everything saved in it was kept`,
    );
  switchToIncrementalVacuum(db);
  return db;
}

/**
 * How a command that only reads connects (./openForReading.ts chooses):
 *  - `shared`: read-only, beside whatever else has the file open — the -wal and its index (-shm) are
 *    there already (the app, another reader, or a crash's log, read through its index).
 *  - `own`: nobody has it open (no -wal, no -shm): read-write but `query_only`, so that its close, as
 *    the last connection, removes the -wal and -shm the open made, as every writer's does; a read-only
 *    connection cannot, and left them behind.
 *  - `inMemory`: nobody has it open, on a disk without room for the -shm (32 KB): the file, as
 *    committed (no log), is read whole into memory (./dbImage.ts) and read there — nothing is held, nothing
 *    made beside it; for a file small enough (DB_IMAGE_MAX_BYTES).
 *  - `ownNoIndex`: as `inMemory`, for a file too large to read into memory: `locking_mode = EXCLUSIVE`
 *    keeps the log's index in memory instead, and holds the file for as long as it reads (on a full disk
 *    no writer could start meanwhile anyway: it needs its own -shm).
 */
export type ReadingMode = 'shared' | 'own' | 'inMemory' | 'ownNoIndex';

/**
 * The file opened for a command that only reads, beside a Bulk Desk that may be writing it (WAL: readers
 * never block the writer, nor it them): nothing is written to it — no pragma that writes, no migration.
 * Refused as openDb refuses (another program's file, a newer Bulk Desk's); `behind` when its schema is
 * older than this version's: then only a writer, which upgrades it, may open it; `empty` when it holds
 * no tables (a writer's open says what that means).
 */
export function openDbForReading(
  file: string,
  mode: ReadingMode = 'shared',
): { db: Db; behind: boolean; empty: boolean } {
  const db = planStable(
    mode === 'inMemory'
      ? new Database(committedImage(file), { readonly: true })
      : new Database(file, { readonly: mode === 'shared', fileMustExist: true }),
  );
  try {
    if (mode === 'ownNoIndex') db.pragma('locking_mode = EXCLUSIVE'); // before the first read: no -shm
    if (mode === 'own' || mode === 'ownNoIndex') db.pragma('query_only = ON');
    refuseOtherSchema(db, file);
    db.pragma('busy_timeout = 5000');
    addFunctions(db);
    const version = db.pragma('user_version', { simple: true }) as number;
    const empty = db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() === 0;
    return { db, behind: version < (MIGRATIONS.at(-1)?.version ?? 0), empty };
  } catch (e) {
    if (db.open) db.close();
    throw e;
  }
}

/**
 * `same_target(a, b)`: whether two stored targets (`{baseUrl, identity}` as JSON: jobs.target_json,
 * test_calls.target_json) are the same LMS account, by the rule the app uses everywhere (sameTarget);
 * 0 when either is missing. "Already sent" matches rows by where they went with it (./sentKeys.ts).
 */
function addFunctions(db: Db): void {
  db.function('same_target', { deterministic: true }, (a: unknown, b: unknown) => {
    if (typeof a !== 'string' || typeof b !== 'string') return 0;
    return sameTarget(JSON.parse(a) as ConnectionTarget, JSON.parse(b) as ConnectionTarget) ? 1 : 0;
  });
}

/**
 * Every statement this connection compiles has its parameters written `+?`, so it is planned once and
 * not again on every run (./planStableSql.ts says why). The writer thread does the same to what it runs.
 */
function planStable(db: Db): Db {
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => prepare(planStableSql(source))) as Db['prepare'];
  return db;
}

/**
 * A database created before auto_vacuum was set keeps freed pages forever. Once it has the block layout
 * (migration 9 just rewrote every dataset's rows and left the old table's pages free), one VACUUM
 * rewrites the file compactly with auto_vacuum on. It needs free disk space for a copy of the file; when
 * it cannot run (no space, another process reading) the app works as before and tries again next time.
 */
function switchToIncrementalVacuum(db: Db): void {
  if ((db.pragma('user_version', { simple: true }) as number) < 9) return;
  if (db.pragma('auto_vacuum', { simple: true }) === 2) return;
  try {
    db.pragma('auto_vacuum = INCREMENTAL');
    db.exec('VACUUM');
  } catch (e) {
    console.warn(
      `bulk-desk: could not compact the database yet (${e instanceof Error ? e.message : String(e)})`,
    );
  }
}

/**
 * The same refusal, read from the file by a read-only connection, before anything else touches it (its
 * permissions are tightened only after: a refused file is left as it was, its mode included). A file
 * SQLite cannot read is let through: the check on open (./openChecked.ts) says what is wrong with it.
 */
export function refuseOtherSchemaFile(file: string): void {
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    return;
  }
  try {
    refuseOtherSchema(db);
  } catch (e) {
    if (e instanceof AppError) throw e;
  } finally {
    if (db.open) db.close();
  }
}

/**
 * A file this version must not open, refused before anything is written to it: another program's SQLite
 * database (tables, but none of Bulk Desk's — migration 1 made `jobs` in the same transaction that set
 * user_version, so every Bulk Desk file at any version has it), or one a newer Bulk Desk wrote.
 */
/** `file`: the file the connection reads (a connection to its image in memory has none of its own). */
function refuseOtherSchema(db: Db, file = db.name): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`)
    .pluck()
    .all() as string[];
  if (tables.length > 0 && (version === 0 || !tables.includes('jobs'))) {
    db.close();
    const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? `, ${tables.length - 5} more` : '');
    throw new AppError(
      'CONFLICT',
      `The file ${file} is a SQLite database, but not Bulk Desk's: it holds other tables (${shown}) and ` +
        `${version === 0 ? 'no Bulk Desk schema' : `schema version ${version}, which is another program's`}. ` +
        'Bulk Desk has not changed it. Move it elsewhere, or choose another data folder (--data-dir, BULKDESK_DATA_DIR).',
    );
  }
  refuseNewer(db, version, file);
}

function refuseNewer(db: Db, current: number, file = db.name): void {
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  if (current > latest) {
    db.close();
    // The copy kept before that upgrade (./preUpgradeCopy.ts), when this version can open it, is the way back.
    const copy = wayBackCopy(file, latest);
    throw new AppError(
      'CONFLICT',
      `The database ${file} was written by a newer Bulk Desk (schema ${current}, this version knows ${latest}). ` +
        'Update the app, or choose another data folder (--data-dir, BULKDESK_DATA_DIR).' +
        (copy
          ? ` Or go back to the copy kept from before the upgrade, ${copy.path} (schema ${copy.schema}, which this ` +
            `version opens): with Bulk Desk closed, move ${file} away together with ${file}-wal and ${file}-shm ` +
            `where they are there, then copy ${copy.path} to ${file}. Work saved since the upgrade is not in it.`
          : ''),
    );
  }
}

/** What migrate did: the schema before and after and the migrations run; null when there was none to run. */
export interface Upgrade {
  from: number;
  to: number;
  steps: string[];
}

export function migrate(db: Db, upTo: number = Infinity): Upgrade | null {
  const current = db.pragma('user_version', { simple: true }) as number;
  refuseNewer(db, current);
  const pending = MIGRATIONS.filter((m) => m.version > current && m.version <= upTo);
  if (pending.length === 0) return null;
  // A migration that rebuilds a table others point at runs with foreign keys off (they cannot be switched
  // inside a transaction); every reference is checked before the transaction commits.
  const fkOff = pending.some((m) => m.foreignKeysOff) && db.pragma('foreign_keys', { simple: true }) === 1;
  if (fkOff) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const m of pending) {
        if (typeof m.up === 'string') db.exec(m.up);
        else m.up(db);
      }
      if (fkOff && (db.pragma('foreign_key_check') as unknown[]).length > 0)
        throw new Error('a migration left a reference to a missing row; nothing was changed');
      db.pragma(`user_version = ${pending.at(-1)!.version}`);
    })();
  } finally {
    if (fkOff) db.pragma('foreign_keys = ON');
  }
  for (const m of pending) m.afterCommit?.(db);
  return { from: current, to: pending.at(-1)!.version, steps: pending.map((m) => `${m.version} ${m.name}`) };
}
