// Addresses saved before addresses were checked (src-shared/connections/baseUrl.ts) may hold a user name
// and password: https://admin:pw@host. Sending with such a connection has been refused since, and they are
// masked wherever shown, but the raw text stayed in SQLite — in the connection, each job's and test send's
// target, the audit record, every request URL kept with rows, attempts and test sends, and messages that
// quoted it — and in the rolling backup. Secrets never belong there: this masks them in place
// (`https://••••@host`). Nothing needs the password: nothing is sent to such an address until it is fixed,
// and which LMS an address names is read without it (connectionTarget.ts), so jobs keep their LMS.
// secure_delete overwrites the old bytes instead of leaving them in the file's free space; afterwards the
// WAL is checkpointed and emptied, and a backup still holding such an address is removed (a fresh one is
// written at once by openChecked.ts, which makes one when there is none).
import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { maskUrlUserinfo } from '../../../src-shared/util/redact';
import { BACKUP_FILE } from '../dataFiles';
import type { Db } from '../openDb';

/** Where Bulk Desk kept an address or a message quoting one: never the admin's files or an LMS's answers. */
const COLUMNS: Readonly<Record<string, readonly string[]>> = {
  connections: ['base_url', 'last_test_message'],
  jobs: ['target_json', 'audit_json', 'options_json', 'stop_reason_json'],
  job_items: ['url', 'error', 'note'],
  attempts: ['url', 'error'],
  test_calls: ['url', 'error', 'target_json'],
  job_events: ['detail', 'message'],
  plans: ['options_json', 'error'],
  sync_runs: ['error'],
};

/** A user name and password can only be where "://" comes before an "@". */
const MAY_HOLD = `LIKE '%://%@%'`;

export function up(db: Db): void {
  // Small tables first: when no connection or target ever had one, there is nothing to scan for.
  const any = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM connections WHERE base_url ${MAY_HOLD})
           OR EXISTS (SELECT 1 FROM jobs WHERE target_json ${MAY_HOLD} OR audit_json ${MAY_HOLD})
           OR EXISTS (SELECT 1 FROM test_calls WHERE target_json ${MAY_HOLD})`,
    )
    .pluck()
    .get();
  if (!any) return;
  db.function('mask_url_userinfo', { deterministic: true }, (v: unknown) =>
    typeof v === 'string' ? maskUrlUserinfo(v) : v,
  );
  db.pragma('secure_delete = ON');
  try {
    for (const [table, columns] of Object.entries(COLUMNS))
      for (const c of columns)
        db.exec(`UPDATE ${table} SET ${c} = mask_url_userinfo(${c}) WHERE ${c} ${MAY_HOLD} AND ${c} IS NOT mask_url_userinfo(${c})`);
  } finally {
    db.pragma('secure_delete = OFF');
  }
}

/** After the commit: the masked pages into the file and out of the WAL; the old backup, if it held one, gone. */
export function afterCommit(db: Db): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  if (db.memory) return;
  const backup = join(dirname(db.name), BACKUP_FILE);
  if (!existsSync(backup)) return;
  let holds = true; // a backup that cannot be read is not kept on the chance it holds one
  try {
    const b = new Database(backup, { readonly: true, fileMustExist: true });
    try {
      holds = b
        .prepare(
          `SELECT EXISTS (SELECT 1 FROM connections WHERE base_url ${MAY_HOLD})
               OR EXISTS (SELECT 1 FROM jobs WHERE target_json ${MAY_HOLD})`,
        )
        .pluck()
        .get() === 1;
    } finally {
      b.close();
    }
  } catch {
    holds = true;
  }
  if (holds) rmSync(backup, { force: true });
}
