// Migration 33 (composed request keys): a version-32 database holding manual-configuration keys taken of a
// decomposed request's bytes (e + U+0301, typed on a Mac) gets them recomputed from the request stored with
// them, as the composed twin is keyed now — in job items past a page of 1000, and test sends — so "already
// sent" finds the twin. Keys of composed requests, keys whose stored request does not give their fingerprint
// back (a body cut for its size) and other keys are untouched; a second run changes nothing.
import { describe, expect, it } from 'vitest';
import { fingerprint, requestKey } from '../../../src-shared/connectors/rowKeys';
import { up } from '../../../src-main/db/migrations/0033-composed-request-keys';
import { migrate } from '../../../src-main/db/openDb';
import { useTempDb } from '../../helpers/tempDb';

const BASE = 'https://lms.example.com/api/v1';
const ITEMS = 1200;

/** The key as it was stored: the fingerprint of the bytes as sent. */
const bytesKey = (method: string, pathAndQuery: string, body: string | null) =>
  `request=${fingerprint(`${method} ${pathAndQuery}\n${body ?? ''}`)}`;

describe('migration 0033-composed-request-keys', () => {
  const temp = useTempDb();

  it('recomputes the request keys of decomposed requests from the requests stored with them', () => {
    const db = temp.open(32);
    db.exec(`
      INSERT INTO datasets (id, seq, name, file_name, columns_json, delimiter, encoding, state, imported_at)
        VALUES ('d', 1, 'd', 'd.csv', '["name"]', ',', 'utf-8', 'ready', 0);
      INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name,
                        mapping_json, options_json, state, created_at)
        VALUES ('j', 'coassemble.manual', 'manual', 'c', 'Acme', 'd', 'd.csv', '{"fields":{}}', '{}', 'completed', 1);
    `);
    const item = db.prepare(
      `INSERT INTO job_items (job_id, row_number, status, method, url, row_key, updated_at) VALUES ('j', ?, 'succeeded', 'POST', ?, ?, 1)`,
    );
    const attempt = db.prepare(
      `INSERT INTO attempts (item_id, attempt, started_at, request_headers_json, request_body, kind, url)
         VALUES (?, ?, 1, '{}', ?, 'send', ?)`,
    );
    const send = (row: number, path: string, body: string | null, key: string, bodyStored = body) => {
      const id = Number(item.run(row, BASE + path, key).lastInsertRowid);
      attempt.run(id, 1, bodyStored, BASE + path);
      return key;
    };
    const expected: string[] = [];
    // Decomposed bodies past the first page, between composed ones (ASCII and not).
    for (let r = 2; r < ITEMS + 2; r++) {
      const body =
        r % 2 ? `{"name":"Cafe\u0301 ${r}"}` : r % 3 ? `{"name":"Café ${r}"}` : `{"name":"Cafe ${r}"}`;
      send(r, '/users', body, bytesKey('POST', '/users', body));
      expected.push(requestKey({ method: 'POST', pathAndQuery: '/users', body: body.normalize('NFC') }));
    }
    // An escaped decomposed path (the base's own /api/v1 before it), and a body stored cut short.
    const path = '/users/Cafe%CC%81?team=x';
    send(ITEMS + 2, path, null, bytesKey('POST', path, null));
    expected.push(requestKey({ method: 'POST', pathAndQuery: '/users/Caf%C3%A9?team=x', body: null }));
    const cut = `{"name":"Cafe\u0301","note":"${'x'.repeat(100)}"}`;
    expected.push(send(ITEMS + 3, '/users', cut, bytesKey('POST', '/users', cut), cut.slice(0, 50)));
    expected.push(send(ITEMS + 4, '/users', '{}', 'email=ann@example.com'));
    db.prepare(
      `INSERT INTO test_calls (connection_id, template_id, dataset_id, row_number, method, url, request_headers_json,
         request_body, response_status, duration_ms, sent_at, row_key)
         VALUES ('c', 'coassemble.manual', 'd', 2, 'PUT', ?, '{}', ?, 201, 1, 1, ?)`,
    ).run(`${BASE}/users/7`, '{"name":"E\u0301mile"}', bytesKey('PUT', '/users/7', '{"name":"E\u0301mile"}'));

    migrate(db, 33);
    expect(db.pragma('user_version', { simple: true })).toBe(33);
    const keys = (sql: string) => db.prepare(sql).pluck().all() as string[];
    const items = keys(`SELECT row_key FROM job_items ORDER BY row_number`);
    expect(items).toEqual(expected);
    // Row 2's request was composed: its key is the one stored (the bytes' fingerprint), as a job keys it now.
    expect(items[0]).toBe(bytesKey('POST', '/users', '{"name":"Café 2"}'));
    expect(keys(`SELECT row_key FROM test_calls`)).toEqual([
      requestKey({ method: 'PUT', pathAndQuery: '/users/7', body: '{"name":"Émile"}' }),
    ]);
    // What was sent is kept as it was sent.
    expect(
      keys(
        `SELECT a.request_body FROM attempts a JOIN job_items i ON i.id = a.item_id WHERE i.row_number = 3`,
      ),
    ).toEqual(['{"name":"Cafe\u0301 3"}']);

    // Again (the upgrade run twice): nothing changes.
    up(db);
    expect(keys(`SELECT row_key FROM job_items ORDER BY row_number`)).toEqual(items);
  });
});
