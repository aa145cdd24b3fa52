// Migration 9 (spreadsheets): from a version-5 database, every row of every dataset moves from one JSON
// array per row to the block layout, byte for byte, with its row number (gaps, CR/CRLF, long cells, text
// ids); datasets gain their new columns; jobs still find their rows. A database made before auto_vacuum
// was set is switched to incremental vacuum by one VACUUM when it is opened.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetRows, getDataset } from '../../../src-main/db/datasets';
import { exportPage } from '../../../src-main/db/itemReads';
import { migrate, openDb } from '../../../src-main/db/openDb';
import { useTempDb } from '../../helpers/tempDb';
import { tempDir } from '../../helpers/tempDir';

const ROWS: [number, string[]][] = [
  [2, ['000123', 'Ann "Quote" Lee', 'line one\r\nline two']],
  [3, ['12345678901234567890', '李小龍', 'old mac\rbreak']],
  [7, ['', '', '']], // after blank rows 4–6
  [8, ['x'.repeat(5000), 'é'.repeat(3000), 'end']],
];

function seedV5(db: Database.Database): void {
  db.exec(`
    INSERT INTO datasets (id, name, file_name, columns_json, row_count, delimiter, encoding, state, imported_at)
      VALUES ('d1', 'staff', 'staff.csv', '["id","name","note"]', 4, ',', 'latin1', 'ready', 10),
             ('d2', 'other', 'other.csv', '["email"]', 1, ';', 'utf-8', 'ready', 20);
    INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name,
                      mapping_json, options_json, state, created_at)
      VALUES ('j', 't', 'T', 'c', 'Acme', 'd1', 'staff.csv', '{"fields":{}}', '{}', 'completed', 1);
    INSERT INTO job_items (job_id, row_number, status, updated_at) VALUES ('j', 3, 'failed', 1), ('j', 8, 'succeeded', 1);
  `);
  const insert = db.prepare('INSERT INTO dataset_rows (dataset_id, row_number, cells_json) VALUES (?, ?, ?)');
  for (const [n, cells] of ROWS) insert.run('d1', n, JSON.stringify(cells));
  insert.run('d2', 2, JSON.stringify(['a@example.com']));
}

describe('migration 0009-spreadsheets', () => {
  const temp = useTempDb();

  it('converts every row to blocks exactly and keeps datasets and jobs working', () => {
    const db = temp.open(5);
    seedV5(db);
    migrate(db, 9);
    expect(db.pragma('user_version', { simple: true })).toBe(9);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'dataset_rows'`).get()).toBeUndefined();
    expect(db.prepare('SELECT id, seq FROM datasets ORDER BY seq').all()).toEqual([
      { id: 'd1', seq: 1 },
      { id: 'd2', seq: 2 },
    ]);
    expect(datasetRows(db, 'd1', 0, 10)).toEqual({ total: 4, items: ROWS.map(([rowNumber, cells]) => ({ rowNumber, cells })) });
    expect(datasetRows(db, 'd2', 0, 10).items).toEqual([{ rowNumber: 2, cells: ['a@example.com'] }]);
    expect(getDataset(db, 'd1')).toMatchObject({ encoding: 'latin1', format: 'csv', warnings: [], sheets: [], sheet: null, encodingConfidence: null });
    // The job still finds its rows (read by today's code, so through today's schema).
    migrate(db);
    expect(exportPage(db, 'j', undefined, 0, 10).map((r) => [r.rowNumber, r.cells])).toEqual([
      [3, ROWS[1]![1]],
      [8, ROWS[3]![1]],
    ]);
  });

  it('a database created without auto_vacuum is switched to incremental vacuum when opened', () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'old.sqlite');
      const old = new Database(file); // as an older Bulk Desk made it: no auto_vacuum
      old.pragma('journal_mode = WAL');
      migrate(old, 5);
      seedV5(old);
      expect(old.pragma('auto_vacuum', { simple: true })).toBe(0);
      old.close();
      const db = openDb(file);
      expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
      expect(datasetRows(db, 'd1', 0, 10).items.map((r) => r.rowNumber)).toEqual([2, 3, 7, 8]);
      db.close();
    } finally {
      dir.remove();
    }
  });
});
