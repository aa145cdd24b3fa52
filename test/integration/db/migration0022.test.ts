// Migration 22 (address passwords): a connection saved before addresses were checked may carry a user
// name and password in its address (https://admin:pw@host). Sending with it has been refused since and it
// is masked wherever shown, but the raw password stayed in SQLite — the connection, each job's target and
// audit record, every request URL kept with rows, attempts and test sends — and in the rolling backup.
// Secrets never belong in SQLite: the migration masks them in place, overwriting the old bytes in the file.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/db/openDb';
import { BACKUP_FILE } from '../../../src-main/db/openChecked';
import { sameTarget, type ConnectionTarget } from '../../../src-shared/connections/connectionTarget';
import { useTempDb } from '../../helpers/tempDb';

const PW = 'Hunter2-p@ss';
const RAW = `https://admin:${PW}@academy.example.com`;

describe('migration 0022-address-passwords', () => {
  const temp = useTempDb();

  it('masks the user name and password of legacy addresses everywhere they were kept, and nothing else', () => {
    const db = temp.open(21);
    const file = db.name;
    const target = JSON.stringify({ baseUrl: RAW, identity: { api: 'coursepath', email: 'admin@acme.com' } });
    db.prepare(
      `INSERT INTO connections (id, name, api, base_url, identity_json, created_at, last_test_message)
         VALUES ('c', 'Acme', 'coursepath', ?, '{"api":"coursepath","email":"admin@acme.com"}', 1, ?)`,
    ).run(RAW, `Could not reach ${RAW}/api/v1/members`);
    db.exec(`
      INSERT INTO datasets (id, name, file_name, columns_json, delimiter, encoding, state, imported_at, seq)
        VALUES ('d', 'd', 'd.csv', '["email"]', ',', 'utf-8', 'ready', 0, 1);`);
    db.prepare(
      `INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name,
                        mapping_json, options_json, state, created_at, target_json, audit_json)
         VALUES ('j', 'coursepath.members.update', 'update', 'c', 'Acme', 'd', 'd.csv', '{"fields":{}}', '{}',
                 'completed', 1, ?, ?)`,
    ).run(target, JSON.stringify({ connection: { baseUrl: RAW }, note: 'mail ana@x.test' }));
    db.prepare(
      `INSERT INTO job_items (id, job_id, row_number, status, updated_at, url, error, note)
         VALUES (7, 'j', 2, 'failed', 1, ?, ?, 'a@b.test at https://academy.example.com/x')`,
    ).run(`${RAW}/api/v1/members/17`, `HTTP 404 from ${RAW}/api/v1/members/17`);
    db.prepare(
      `INSERT INTO attempts (item_id, attempt, started_at, request_headers_json, url, error, response_body)
         VALUES (7, 1, 1, '{}', ?, NULL, ?)`,
    ).run(`${RAW}/api/v1/members/17`, '{"email":"ana@x.test"}');
    db.prepare(
      `INSERT INTO test_calls (connection_id, template_id, dataset_id, row_number, method, url, request_headers_json,
                               duration_ms, sent_at, target_json)
         VALUES ('c', 'coursepath.members.update', 'd', 2, 'POST', ?, '{}', 1, 1, ?)`,
    ).run(`${RAW}/api/v1/members/17`, target);
    db.pragma('wal_checkpoint(TRUNCATE)');
    // The rolling backup of before holds the password too.
    const backup = join(dirname(file), BACKUP_FILE);
    copyFileSync(file, backup);
    expect(readFileSync(file).includes(PW)).toBe(true);

    migrate(db, 22);
    expect(db.pragma('user_version', { simple: true })).toBe(22);
    const one = (sql: string) => db.prepare(sql).pluck().get() as string;
    expect(one(`SELECT base_url FROM connections`)).toBe('https://••••@academy.example.com');
    expect(one(`SELECT last_test_message FROM connections`)).toBe(
      'Could not reach https://••••@academy.example.com/api/v1/members',
    );
    expect(one(`SELECT url FROM job_items`)).toBe('https://••••@academy.example.com/api/v1/members/17');
    expect(one(`SELECT error FROM job_items`)).toBe('HTTP 404 from https://••••@academy.example.com/api/v1/members/17');
    expect(one(`SELECT url FROM attempts`)).toBe('https://••••@academy.example.com/api/v1/members/17');
    expect(one(`SELECT url FROM test_calls`)).toBe('https://••••@academy.example.com/api/v1/members/17');
    expect(JSON.parse(one(`SELECT audit_json FROM jobs`))).toEqual({
      connection: { baseUrl: 'https://••••@academy.example.com' },
      note: 'mail ana@x.test',
    });
    // Nothing else touched: emails, an LMS's answer, a plain address.
    expect(one(`SELECT note FROM job_items`)).toBe('a@b.test at https://academy.example.com/x');
    expect(one(`SELECT response_body FROM attempts`)).toBe('{"email":"ana@x.test"}');
    // The job still reads as made for the same LMS as the connection (the password never told them apart).
    const jobTarget = JSON.parse(one(`SELECT target_json FROM jobs`)) as ConnectionTarget;
    const testTarget = JSON.parse(one(`SELECT target_json FROM test_calls`)) as ConnectionTarget;
    const fixed = { baseUrl: 'https://academy.example.com', identity: jobTarget.identity };
    expect(sameTarget(jobTarget, fixed) && sameTarget(testTarget, fixed)).toBe(true);
    // Gone from the file itself, not left in its free space, and the backup that held it is gone.
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(file).includes(PW)).toBe(false);
    expect(existsSync(`${file}-wal`) && readFileSync(`${file}-wal`).includes(PW)).toBe(false);
    expect(existsSync(backup)).toBe(false);
  });

  it("masks a key pasted into an address as lists show it, also for a deleted connection's jobs, and not a request's own ids", () => {
    const db = temp.open(21);
    const KEY = 'c0ffee'.repeat(8); // 48 hex characters: shaped like a key
    const raw = `https://api.coassemble.com/${KEY}`;
    const target = JSON.stringify({ baseUrl: raw, identity: { api: 'coassemble', scheme: 'workspace', workspaceId: '4242' } });
    db.exec(`
      INSERT INTO datasets (id, name, file_name, columns_json, delimiter, encoding, state, imported_at, seq)
        VALUES ('d', 'd', 'd.csv', '["email"]', ',', 'utf-8', 'ready', 0, 1);`);
    // The connection is gone: only its job remembers the address.
    db.prepare(
      `INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name,
                        mapping_json, options_json, state, created_at, target_json)
         VALUES ('j', 'coassemble.users.upsert', 'upsert', 'gone', 'Old', 'd', 'd.csv', '{"fields":{}}', '{}', 'completed', 1, ?)`,
    ).run(target);
    const otherId = 'ab12'.repeat(10); // a request's own 40-hex id, after a clean address
    db.prepare(
      `INSERT INTO job_items (id, job_id, row_number, status, updated_at, url) VALUES (7, 'j', 2, 'succeeded', 1, ?), (8, 'j', 3, 'succeeded', 1, ?)`,
    ).run(`${raw}/api/v1/headless/user/u1`, `https://api.coassemble.com/api/v1/headless/user/${otherId}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    migrate(db, 22);
    const urls = db.prepare('SELECT url FROM job_items ORDER BY id').pluck().all();
    expect(urls).toEqual([
      'https://api.coassemble.com/••••/api/v1/headless/user/u1',
      `https://api.coassemble.com/api/v1/headless/user/${otherId}`,
    ]);
    expect(JSON.parse(db.prepare('SELECT target_json FROM jobs').pluck().get() as string).baseUrl).toBe(
      'https://api.coassemble.com/••••',
    );
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(db.name).includes(KEY)).toBe(false);
  });

  it('leaves a backup alone when it holds no such address', () => {
    const db = temp.open(21);
    const backup = join(dirname(db.name), BACKUP_FILE);
    db.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(db.name, backup);
    migrate(db, 22);
    expect(existsSync(backup)).toBe(true);
  });
});
