// Issue 15 (spreadsheets): datasets keep what the reader found out, and rows move to compact blocks.
//  - datasets gain: seq (names the dataset's block range), encoding_confidence, format ('csv' or the
//    workbook's: xlsx, xls, ods…), sheet and sheets_json (workbooks), warnings_json (what the reader warned
//    about, shown with the dataset), file_bytes.
//  - dataset_rows (one JSON array per row in a WITHOUT ROWID table: rows over ~1 KB took 4× their size)
//    becomes dataset_blocks: each dataset's rows as one byte stream in ~1 KB blocks (rowCodec.ts). Every
//    existing row is converted, cells byte for byte, with its row number; then the old table goes.
// This migration is code, not SQL: the encoding is done by the same writer imports use.
import { blockWriter } from '../datasetBlocks';
import type { Db } from '../openDb';

export function up(db: Db): void {
  db.exec(`
    ALTER TABLE datasets ADD COLUMN seq INTEGER;
    ALTER TABLE datasets ADD COLUMN encoding_confidence INTEGER;
    ALTER TABLE datasets ADD COLUMN format TEXT NOT NULL DEFAULT 'csv';
    ALTER TABLE datasets ADD COLUMN sheet TEXT;
    ALTER TABLE datasets ADD COLUMN sheets_json TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE datasets ADD COLUMN warnings_json TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE datasets ADD COLUMN file_bytes INTEGER NOT NULL DEFAULT 0;
    UPDATE datasets SET seq = (SELECT n FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY imported_at, id) AS n FROM datasets) o
                                WHERE o.id = datasets.id);
    CREATE UNIQUE INDEX datasets_by_seq ON datasets (seq);

    -- id = datasets.seq × 2^32 + block number. first_row / first_index / start: the first row that starts in
    -- the block (start = its byte offset), or start = -1 and the row that covers a block inside a long row.
    CREATE TABLE dataset_blocks (
      id          INTEGER PRIMARY KEY,
      first_row   INTEGER NOT NULL,
      first_index INTEGER NOT NULL,
      start       INTEGER NOT NULL,
      width       INTEGER NOT NULL,
      data        BLOB NOT NULL
    );
  `);
  const datasets = db.prepare('SELECT id, seq FROM datasets ORDER BY seq').all() as { id: string; seq: number }[];
  // Read a page at a time: better-sqlite3 runs no other statement while one is being iterated.
  const page = db.prepare(
    'SELECT row_number, cells_json FROM dataset_rows WHERE dataset_id = ? AND row_number > ? ORDER BY row_number LIMIT 1000',
  );
  for (const d of datasets) {
    const append = blockWriter(db, d.seq);
    for (let after = 0; ; ) {
      const rows = page.all(d.id, after) as { row_number: number; cells_json: string }[];
      if (!rows.length) break;
      // A batch holds consecutive rows only; a gap (a skipped blank row) starts a new one.
      let start = 0;
      for (let i = 1; i <= rows.length; i++) {
        if (i === rows.length || rows[i]!.row_number !== rows[i - 1]!.row_number + 1) {
          append(
            rows.slice(start, i).map((r) => JSON.parse(r.cells_json) as string[]),
            rows[start]!.row_number,
          );
          start = i;
        }
      }
      after = rows.at(-1)!.row_number;
    }
  }
  db.exec('DROP TABLE dataset_rows;');
}
