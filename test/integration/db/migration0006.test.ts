// Migration 6 (connection tests): from a version-5 database with a connection — one saved with the retired
// Coassemble User id + token scheme, as an older version could — the row survives unchanged, starts with no
// test result, keeps the result of a test, and the legacy identity still loads.
import { describe, expect, it } from 'vitest';
import {
  clearConnectionTest,
  getConnection,
  lastTestOf,
  listConnectionsWithTests,
  recordConnectionTest,
} from '../../../src-main/db/connections';
import { migrate } from '../../../src-main/db/openDb';
import { useTempDb } from '../../helpers/tempDb';

describe('migration 0006-connection-tests', () => {
  const temp = useTempDb();

  it('adds the last test result to connections without touching them; a legacy-auth connection still loads', () => {
    const db = temp.open(5);
    db.exec(`
      INSERT INTO connections (id, name, api, base_url, identity_json, is_sandbox, created_at)
        VALUES ('old', 'Old Coassemble', 'coassemble', 'https://api.coassemble.com',
                '{"api":"coassemble","scheme":"legacy","userId":"77"}', 0, 1);
    `);
    migrate(db, 6);
    expect(db.pragma('user_version', { simple: true })).toBe(6);
    expect(getConnection(db, 'old')).toEqual({
      id: 'old',
      name: 'Old Coassemble',
      api: 'coassemble',
      baseUrl: 'https://api.coassemble.com',
      identity: { api: 'coassemble', scheme: 'legacy', userId: '77' },
      isSandbox: false,
      createdAt: 1,
    });
    expect(lastTestOf(db, 'old')).toBeNull();
    recordConnectionTest(db, 'old', { ok: false, status: 401, message: '401: retired', at: 9 });
    expect(listConnectionsWithTests(db)[0]!.lastTest).toEqual({ ok: false, status: 401, message: '401: retired', at: 9 });
    clearConnectionTest(db, 'old');
    expect(lastTestOf(db, 'old')).toBeNull();
  });
});
