// Addresses saved before addresses were checked (src-shared/connections/baseUrl.ts) may hold a user name
// and password (https://admin:pw@host) or a key pasted after the host (…/COASSEMBLE:4242:<key>). Sending
// with such a connection has been refused since, and they are masked wherever shown, but the raw text
// stayed in SQLite — in the connection, each job's, test send's and plan's target, the audit record, every
// request URL kept with rows, attempts and test sends, and messages that quoted it — and in the rolling
// backup. Secrets never belong there: this masks them in place, as lists show them (shownBaseUrl:
// `https://••••@host`, `…/••••`). Nothing needs what is masked: nothing is sent to such an address until
// it is fixed, and which LMS an address names is read without it (connectionTarget.ts), so jobs keep their
// LMS. secure_delete overwrites the old bytes instead of leaving them in the file's free space; afterwards
// the WAL is checkpointed and emptied, and a backup still holding such an address is removed (a fresh one
// is written at once by openChecked.ts, which makes one when there is none).
import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { maskUrlUserinfo, shownBaseUrl } from '../../../src-shared/util/redact';
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

/**
 * Every address a connection, job, test send or plan kept, as stored (a few: one per LMS account). Each
 * place is read where the file has it: a file older than this migration's schema (a backup, the copy kept
 * before an upgrade: ../preUpgradeCopy.ts) lacks the later ones.
 */
const ADDRESSES: readonly { table: string; column: string; select: string }[] = [
  { table: 'connections', column: 'base_url', select: `SELECT base_url FROM connections` },
  {
    table: 'jobs',
    column: 'target_json',
    select: `SELECT json_extract(target_json, '$.baseUrl') FROM jobs WHERE json_valid(target_json)`,
  },
  {
    table: 'test_calls',
    column: 'target_json',
    select: `SELECT json_extract(target_json, '$.baseUrl') FROM test_calls WHERE json_valid(target_json)`,
  },
  {
    table: 'plans',
    column: 'options_json',
    select: `SELECT json_extract(options_json, '$.target.baseUrl') FROM plans WHERE json_valid(options_json)`,
  },
];

const hasColumn = (db: Db, table: string, column: string) =>
  db.prepare(`SELECT 1 FROM pragma_table_info('${table}') WHERE name = '${column}'`).get() !== undefined;

/** The addresses kept raw that lists show masked, each with what they show. */
export function addressesToMask(db: Db): { raw: string; shown: string }[] {
  const sql = ADDRESSES.filter((a) => hasColumn(db, a.table, a.column))
    .map((a) => a.select)
    .join(' UNION ');
  if (!sql) return [];
  return (db.prepare(sql).pluck().all() as unknown[])
    .filter((a): a is string => typeof a === 'string' && a !== '')
    .map((raw) => ({ raw, shown: shownBaseUrl(raw) }))
    .filter((a) => a.shown !== a.raw);
}

export function up(db: Db): void {
  const addresses = addressesToMask(db);
  if (!addresses.length) return;
  db.function('mask_url_userinfo', { deterministic: true }, (v: unknown) =>
    typeof v === 'string' ? maskUrlUserinfo(v) : v,
  );
  db.pragma('secure_delete = ON');
  try {
    for (const [table, columns] of Object.entries(COLUMNS))
      for (const c of columns) {
        // Each address as stored, wherever it was copied (a URL, a JSON target, a message quoting it)…
        const replace = db.prepare(`UPDATE ${table} SET ${c} = replace(${c}, ?, ?) WHERE instr(${c}, ?) > 0`);
        for (const a of addresses) replace.run(a.raw, a.shown, a.raw);
        // …and any user name and password left in another spelling of it (a port or a slash added).
        db.exec(
          `UPDATE ${table} SET ${c} = mask_url_userinfo(${c})
            WHERE ${c} LIKE '%://%@%' AND ${c} IS NOT mask_url_userinfo(${c})`,
        );
      }
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
      holds = addressesToMask(b).length > 0;
    } finally {
      b.close();
    }
  } catch {
    // unreadable: removed, as `holds` says
  }
  if (holds) rmSync(backup, { force: true });
}
