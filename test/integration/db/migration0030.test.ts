// Migration 30 (composed row keys): a version-29 database holding keys stored as the cells came, some
// decomposed (e + U+0301, typed on a Mac), gets them composed (NFC) at the next open — in job items, test
// sends and plan rows, past a page of 1000 — so every lookup that compares keys byte for byte finds the
// twin; two items whose keys become one both stay; ASCII keys, empty keys and plan reads are untouched;
// a second run changes nothing.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/db/openDb';
import { up } from '../../../src-main/db/migrations/0030-composed-row-keys';
import { useTempDb } from '../../helpers/tempDb';

const NFC = 'memberId=7 name=équipe café';
const NFD = NFC.normalize('NFD');
const ITEMS = 2500;

describe('migration 0030-composed-row-keys', () => {
  const temp = useTempDb();

  it('composes the stored row keys, keeping both rows of keys that become one', () => {
    const db = temp.open(29);
    expect(NFD).not.toBe(NFC);
    db.exec(`
      INSERT INTO datasets (id, seq, name, file_name, columns_json, delimiter, encoding, state, imported_at)
        VALUES ('d', 1, 'd', 'd.csv', '["member","group"]', ',', 'utf-8', 'ready', 0);
      INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name,
                        mapping_json, options_json, state, created_at)
        VALUES ('j', 'coursepath.groups.add', 'add', 'c', 'Acme', 'd', 'd.csv', '{"fields":{}}', '{}', 'completed', 1);
      INSERT INTO plans (id, dataset_id, file_name, connection_id, connection_name, template_id, template_name,
                         run_template_id, mapping_json, options_json, source, state, created_at)
        VALUES ('p', 'd', 'd.csv', 'c', 'Acme', 'coursepath.groups.add', 'add', 'coursepath.groups.add',
                '{"fields":{}}', '{}', 'live', 'ready', 1);
    `);
    // Decomposed keys past the first page, between ASCII ones and keys without any.
    const item = db.prepare(
      `INSERT INTO job_items (job_id, row_number, status, row_key, updated_at) VALUES ('j', ?, ?, ?, 1)`,
    );
    const stored: (string | null)[] = [];
    for (let r = 2; r < ITEMS + 2; r++) {
      const key = r % 3 === 0 ? `memberId=${r} name=cafe\u0301 ${r}` : r % 3 === 1 ? `memberId=${r}` : null;
      item.run(r, 'succeeded', key);
      stored.push(key);
    }
    item.run(ITEMS + 2, 'succeeded', NFC);
    item.run(ITEMS + 3, 'in_doubt', NFD);
    const test = db.prepare(
      `INSERT INTO test_calls (connection_id, template_id, dataset_id, row_number, method, url, request_headers_json,
         response_status, duration_ms, sent_at, row_key) VALUES ('c', 'coursepath.groups.add', 'd', 2, 'POST', 'u', '{}', 201, 1, 1, ?)`,
    );
    test.run(NFD);
    test.run('email=ann@example.com');
    db.prepare(
      `INSERT INTO plan_rows (plan_id, row_number, class, row_key) VALUES ('p', ?, 'create', ?)`,
    ).run(2, NFD);
    db.prepare(
      `INSERT INTO plan_reads (plan_id, reader, key, record_json) VALUES ('p', 'groups', ?, NULL)`,
    ).run(NFD);

    migrate(db, 30);
    expect(db.pragma('user_version', { simple: true })).toBe(30);
    const keys = (sql: string) => db.prepare(sql).pluck().all() as (string | null)[];
    const items = keys(`SELECT row_key FROM job_items ORDER BY row_number`);
    expect(items).toHaveLength(ITEMS + 2);
    expect(items.filter((k) => k !== null && k !== k.normalize('NFC'))).toEqual([]);
    expect(items.slice(0, ITEMS)).toEqual(stored.map((k) => k?.replace('cafe\u0301', 'caf\u00e9') ?? null));
    // The two that became one key: both rows kept, both composed.
    expect(items.slice(-2)).toEqual([NFC, NFC]);
    expect(keys(`SELECT row_key FROM test_calls ORDER BY id`)).toEqual([NFC, 'email=ann@example.com']);
    expect(keys(`SELECT row_key FROM plan_rows`)).toEqual([NFC]);
    expect(keys(`SELECT key FROM plan_reads`)).toEqual([NFD]);

    // Again (the upgrade run twice, as legacyRowKeys.test.ts reruns it): nothing changes.
    const before = keys(`SELECT row_key FROM job_items ORDER BY id`);
    up(db);
    expect(keys(`SELECT row_key FROM job_items ORDER BY id`)).toEqual(before);
  });
});
