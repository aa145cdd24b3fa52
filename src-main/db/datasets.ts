// Datasets and their rows. Rows are written in batches inside transactions as the CSV streams in,
// and read back a page at a time; nothing here holds a whole file in memory.
import type { DatasetDto, DatasetRow, Page } from '../../src-shared/contract/api';
import type { Db } from './openDb';

interface DatasetDbRow {
  id: string;
  name: string;
  file_name: string;
  columns_json: string;
  row_count: number;
  delimiter: string;
  encoding: string;
  state: string;
  imported_at: number;
  sha256: string | null;
  size_bytes: number | null;
}

const toDto = (r: DatasetDbRow): DatasetDto => ({
  id: r.id,
  name: r.name,
  fileName: r.file_name,
  columns: JSON.parse(r.columns_json) as string[],
  rowCount: r.row_count,
  delimiter: r.delimiter,
  encoding: r.encoding,
  importedAt: r.imported_at,
  state: r.state === 'ready' ? 'ready' : 'importing',
  sha256: r.sha256,
  sizeBytes: r.size_bytes,
});

export function createDataset(
  db: Db,
  d: { id: string; name: string; fileName: string; importedAt: number },
): void {
  db.prepare(
    `INSERT INTO datasets (id, name, file_name, columns_json, delimiter, encoding, imported_at)
     VALUES (?, ?, ?, '[]', ',', 'utf-8', ?)`,
  ).run(d.id, d.name, d.fileName, d.importedAt);
}

/** The imported file's SHA-256 and size (services/fileDigest.ts), for the audit record; null leaves them unknown. */
export function recordDatasetDigest(db: Db, id: string, d: { sha256: string; sizeBytes: number } | null): void {
  if (d) db.prepare('UPDATE datasets SET sha256 = ?, size_bytes = ? WHERE id = ?').run(d.sha256, d.sizeBytes, id);
}

/** Returns a function that appends one batch of rows in a single transaction. */
export function rowAppender(db: Db, datasetId: string): (rows: string[][], firstRowNumber: number) => void {
  const insert = db.prepare('INSERT INTO dataset_rows (dataset_id, row_number, cells_json) VALUES (?, ?, ?)');
  return db.transaction((rows: string[][], first: number) => {
    rows.forEach((cells, i) => insert.run(datasetId, first + i, JSON.stringify(cells)));
  });
}

export function finishDataset(
  db: Db,
  id: string,
  s: { columns: string[]; rowCount: number; delimiter: string; encoding: string },
): void {
  db.prepare(
    `UPDATE datasets SET columns_json = ?, row_count = ?, delimiter = ?, encoding = ?, state = 'ready' WHERE id = ?`,
  ).run(JSON.stringify(s.columns), s.rowCount, s.delimiter, s.encoding, id);
}

/** While importing: the header is known, so the rows stored so far can be shown. */
export function setImportingColumns(db: Db, id: string, columns: string[]): void {
  db.prepare(`UPDATE datasets SET columns_json = ? WHERE id = ? AND state = 'importing'`).run(JSON.stringify(columns), id);
}

/** While importing: how many rows are stored so far (the grid shows that many). */
export function setImportingRowCount(db: Db, id: string, rowCount: number): void {
  db.prepare(`UPDATE datasets SET row_count = ? WHERE id = ? AND state = 'importing'`).run(rowCount, id);
}

/** A dataset whether it is ready or still importing (rows can be read from both). */
export function getDatasetAnyState(db: Db, id: string): DatasetDto | undefined {
  const row = db.prepare(`SELECT * FROM datasets WHERE id = ?`).get(id) as DatasetDbRow | undefined;
  return row && toDto(row);
}

/** Removes a half-imported dataset (a bad file); nothing else is touched. */
export function discardDataset(db: Db, id: string): void {
  db.transaction(() => {
    db.prepare('DELETE FROM dataset_rows WHERE dataset_id = ?').run(id);
    db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
  })();
}

export function listDatasets(db: Db): DatasetDto[] {
  const rows = db
    .prepare(`SELECT * FROM datasets WHERE state = 'ready' ORDER BY imported_at DESC`)
    .all() as DatasetDbRow[];
  return rows.map(toDto);
}

export function getDataset(db: Db, id: string): DatasetDto | undefined {
  const row = db.prepare(`SELECT * FROM datasets WHERE id = ? AND state = 'ready'`).get(id) as
    | DatasetDbRow
    | undefined;
  return row && toDto(row);
}

export function datasetRows(db: Db, id: string, offset: number, limit: number): Page<DatasetRow> {
  const total = (db.prepare('SELECT row_count AS n FROM datasets WHERE id = ?').get(id) as { n: number } | undefined)?.n ?? 0;
  const rows = db
    .prepare(
      // Row numbers are spreadsheet rows and may have gaps (blank lines are skipped), so page by position.
      'SELECT row_number, cells_json FROM dataset_rows WHERE dataset_id = ? ORDER BY row_number LIMIT ? OFFSET ?',
    )
    .all(id, limit, offset) as { row_number: number; cells_json: string }[];
  return {
    total,
    items: rows.map((r) => ({ rowNumber: r.row_number, cells: JSON.parse(r.cells_json) as string[] })),
  };
}

export function datasetRow(db: Db, id: string, rowNumber: number): string[] | undefined {
  const r = db
    .prepare('SELECT cells_json FROM dataset_rows WHERE dataset_id = ? AND row_number = ?')
    .get(id, rowNumber) as { cells_json: string } | undefined;
  return r && (JSON.parse(r.cells_json) as string[]);
}

/** Raw rows after a row number (keyset paging over the primary key), for passes over a whole file. */
export function datasetCellsAfter(db: Db, id: string, afterRowNumber: number, limit: number): { rowNumber: number; cellsJson: string }[] {
  return (
    db
      .prepare(
        'SELECT row_number, cells_json FROM dataset_rows WHERE dataset_id = ? AND row_number > ? ORDER BY row_number LIMIT ?',
      )
      .all(id, afterRowNumber, limit) as { row_number: number; cells_json: string }[]
  ).map((r) => ({ rowNumber: r.row_number, cellsJson: r.cells_json }));
}

/** Drops datasets left 'importing' by a crash mid-import. */
export function discardUnfinishedImports(db: Db): number {
  const ids = db.prepare(`SELECT id FROM datasets WHERE state = 'importing'`).pluck().all() as string[];
  ids.forEach((id) => discardDataset(db, id));
  return ids.length;
}

/** Replaces one cell. Jobs keep the request each attempt actually sent, so history stays truthful. */
export function updateCell(db: Db, id: string, rowNumber: number, columnIndex: number, value: string): string[] | undefined {
  return db.transaction(() => {
    const cells = datasetRow(db, id, rowNumber);
    if (!cells) return undefined;
    cells[columnIndex] = value;
    db.prepare('UPDATE dataset_rows SET cells_json = ? WHERE dataset_id = ? AND row_number = ?').run(
      JSON.stringify(cells),
      id,
      rowNumber,
    );
    return cells;
  })();
}
