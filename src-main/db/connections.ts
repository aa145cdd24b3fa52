// Connection rows ↔ ConnectionDto. No secret ever passes through here.
import type { ConnectionDto, ConnectionIdentity } from '../../src-shared/contract/api';
import type { Db } from './openDb';

interface ConnectionRow {
  id: string;
  name: string;
  api: 'coursepath' | 'coassemble';
  base_url: string;
  identity_json: string;
  is_sandbox: number;
  created_at: number;
}

export type ConnectionRecord = Omit<ConnectionDto, 'hasSecret' | 'secretState' | 'secretProblem' | 'defaults'>;

const toRecord = (r: ConnectionRow): ConnectionRecord => ({
  id: r.id,
  name: r.name,
  api: r.api,
  baseUrl: r.base_url,
  identity: JSON.parse(r.identity_json) as ConnectionIdentity,
  isSandbox: r.is_sandbox === 1,
  createdAt: r.created_at,
});

export function listConnections(db: Db): ConnectionRecord[] {
  const rows = db.prepare('SELECT * FROM connections ORDER BY is_sandbox DESC, name').all() as ConnectionRow[];
  return rows.map(toRecord);
}

export function getConnection(db: Db, id: string): ConnectionRecord | undefined {
  const row = db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as ConnectionRow | undefined;
  return row && toRecord(row);
}

export function upsertConnection(db: Db, c: ConnectionRecord): void {
  db.prepare(
    `INSERT INTO connections (id, name, api, base_url, identity_json, is_sandbox, created_at)
     VALUES (@id, @name, @api, @baseUrl, @identity, @isSandbox, @createdAt)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, api = excluded.api, base_url = excluded.base_url,
       identity_json = excluded.identity_json, is_sandbox = excluded.is_sandbox`,
  ).run({ ...c, identity: JSON.stringify(c.identity), isSandbox: c.isSandbox ? 1 : 0 });
}

export function deleteConnection(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM connections WHERE id = ?').run(id).changes > 0;
}
