// Connection rows ↔ ConnectionDto. No secret ever passes through here.
import type { ConnectionDto, ConnectionIdentity, ConnectionLastTest } from '../../src-shared/contract/api';
import type { Db } from './openDb';

interface ConnectionRow {
  id: string;
  name: string;
  api: 'coursepath' | 'coassemble';
  base_url: string;
  identity_json: string;
  is_sandbox: number;
  created_at: number;
  last_test_ok: number | null;
  last_test_status: number | null;
  last_test_message: string | null;
  last_test_at: number | null;
}

// (A record's baseUrl is the address as stored; the DTO's masks a user name and password in it.)
export type ConnectionRecord = Omit<
  ConnectionDto,
  'hasSecret' | 'secretState' | 'secretProblem' | 'defaults' | 'lastTest' | 'addressProblem'
>;

const toRecord = (r: ConnectionRow): ConnectionRecord => ({
  id: r.id,
  name: r.name,
  api: r.api,
  baseUrl: r.base_url,
  identity: JSON.parse(r.identity_json) as ConnectionIdentity,
  isSandbox: r.is_sandbox === 1,
  createdAt: r.created_at,
});

const toLastTest = (r: ConnectionRow): ConnectionLastTest | null =>
  r.last_test_at === null
    ? null
    : { ok: r.last_test_ok === 1, status: r.last_test_status, message: r.last_test_message ?? '', at: r.last_test_at };

/** Every connection with its last test result (null: never tested). */
export function listConnectionsWithTests(db: Db): (ConnectionRecord & { lastTest: ConnectionLastTest | null })[] {
  const rows = db.prepare('SELECT * FROM connections ORDER BY is_sandbox DESC, name').all() as ConnectionRow[];
  return rows.map((r) => ({ ...toRecord(r), lastTest: toLastTest(r) }));
}

export function lastTestOf(db: Db, id: string): ConnectionLastTest | null {
  const row = db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as ConnectionRow | undefined;
  return row ? toLastTest(row) : null;
}

/** Keeps the result of a connection test (the message is already masked). */
export function recordConnectionTest(db: Db, id: string, t: ConnectionLastTest): void {
  db.prepare(
    `UPDATE connections SET last_test_ok = ?, last_test_status = ?, last_test_message = ?, last_test_at = ? WHERE id = ?`,
  ).run(t.ok ? 1 : 0, t.status, t.message, t.at, id);
}

/** A connection's address or identity changed: its last test no longer says anything about it. */
export function clearConnectionTest(db: Db, id: string): void {
  db.prepare(
    `UPDATE connections SET last_test_ok = NULL, last_test_status = NULL, last_test_message = NULL, last_test_at = NULL WHERE id = ?`,
  ).run(id);
}

export function listConnections(db: Db): ConnectionRecord[] {
  const rows = db.prepare('SELECT * FROM connections ORDER BY is_sandbox DESC, name').all() as ConnectionRow[];
  return rows.map(toRecord);
}

export function getConnection(db: Db, id: string): ConnectionRecord | undefined {
  const row = db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as ConnectionRow | undefined;
  return row && toRecord(row);
}

/**
 * The version of the connection's secret its row names: null for the connection's own keychain entry
 * (src-shared/connections/secretKey.ts); null too for no such connection.
 */
export function secretVersionOf(db: Db, id: string): string | null {
  const row = db.prepare('SELECT secret_version FROM connections WHERE id = ?').get(id) as
    | { secret_version: string | null }
    | undefined;
  return row?.secret_version ?? null;
}

/** Names `version` as the connection's secret (services/secretChange.ts). */
export function setSecretVersion(db: Db, id: string, version: string | null): void {
  db.prepare('UPDATE connections SET secret_version = ? WHERE id = ?').run(version, id);
}

/** The connections whose row names an edit's version, not their own keychain entry. */
export function connectionsWithSecretVersion(db: Db): { id: string; version: string }[] {
  return db
    .prepare('SELECT id, secret_version AS version FROM connections WHERE secret_version IS NOT NULL ORDER BY id')
    .all() as { id: string; version: string }[];
}

export function upsertConnection(db: Db, c: ConnectionRecord): void {
  db.prepare(
    `INSERT INTO connections (id, name, api, base_url, identity_json, is_sandbox, created_at)
     VALUES (@id, @name, @api, @baseUrl, @identity, @isSandbox, @createdAt)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, api = excluded.api, base_url = excluded.base_url,
       identity_json = excluded.identity_json, is_sandbox = excluded.is_sandbox`,
  ).run({ ...c, identity: JSON.stringify(c.identity), isSandbox: c.isSandbox ? 1 : 0 });
}
