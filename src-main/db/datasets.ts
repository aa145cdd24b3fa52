// Datasets and their rows. Rows are written in batches inside transactions as a file streams in, and
// read back a page at a time; nothing here holds a whole file in memory. How rows are laid out on disk
// (a byte stream in blocks, a few percent over the CSV's own size) is datasetBlocks.ts / rowCodec.ts.
import type { DatasetDto, DatasetRow, Page, SheetSummary } from '../../src-shared/contract/api';
import { BlockReader, blockWriter, deleteBlocks, rewriteRow } from './datasetBlocks';
import type { Db } from './openDb';
import type { StoredRow } from './rowCodec';
import { reclaimSpace } from './space';

interface DatasetDbRow {
  id: string;
  seq: number;
  name: string;
  file_name: string;
  columns_json: string;
  row_count: number;
  delimiter: string;
  encoding: string;
  encoding_confidence: number | null;
  format: string;
  sheet: string | null;
  sheets_json: string;
  warnings_json: string;
  file_bytes: number;
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
  encodingConfidence: r.encoding_confidence,
  format: r.format,
  sheet: r.sheet,
  sheets: JSON.parse(r.sheets_json) as SheetSummary[],
  warnings: JSON.parse(r.warnings_json) as string[],
  fileBytes: r.file_bytes,
  importedAt: r.imported_at,
  state: r.state === 'ready' ? 'ready' : 'importing',
  sha256: r.sha256,
  sizeBytes: r.size_bytes,
});

/** What the reader found out about a file, stored with its rows when the import completes. */
export interface DatasetSummary {
  columns: string[];
  rowCount: number;
  delimiter: string;
  encoding: string;
  encodingConfidence?: number | null;
  format?: string;
  sheet?: string | null;
  sheets?: SheetSummary[];
  warnings?: string[];
  fileBytes?: number;
}

export function createDataset(
  db: Db,
  d: { id: string; name: string; fileName: string; importedAt: number },
): void {
  // `seq` names the dataset's block range (datasetBlocks.ts): the next free number, taken in the same
  // statement so two processes importing at once cannot take the same one.
  db.prepare(
    `INSERT INTO datasets (id, seq, name, file_name, columns_json, delimiter, encoding, imported_at)
     VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM datasets), ?, ?, '[]', ',', 'utf-8', ?)`,
  ).run(d.id, d.name, d.fileName, d.importedAt);
}

/** The imported file's SHA-256 and size (services/fileDigest.ts), for the audit record; null leaves them unknown. */
export function recordDatasetDigest(db: Db, id: string, d: { sha256: string; sizeBytes: number } | null): void {
  if (d) db.prepare('UPDATE datasets SET sha256 = ?, size_bytes = ? WHERE id = ?').run(d.sha256, d.sizeBytes, id);
}

function seqOf(db: Db, id: string): number | undefined {
  return db.prepare('SELECT seq FROM datasets WHERE id = ?').pluck().get(id) as number | undefined;
}

/** Returns a function that appends one batch of consecutive rows in a single transaction. */
export function rowAppender(db: Db, datasetId: string): (rows: string[][], firstRowNumber: number) => void {
  const seq = seqOf(db, datasetId);
  if (seq === undefined) throw new Error(`no dataset ${datasetId}`);
  return blockWriter(db, seq);
}

export function finishDataset(db: Db, id: string, s: DatasetSummary): void {
  db.prepare(
    `UPDATE datasets SET columns_json = ?, row_count = ?, delimiter = ?, encoding = ?, encoding_confidence = ?,
            format = ?, sheet = ?, sheets_json = ?, warnings_json = ?, file_bytes = ?, state = 'ready'
      WHERE id = ?`,
  ).run(
    JSON.stringify(s.columns),
    s.rowCount,
    s.delimiter,
    s.encoding,
    s.encodingConfidence ?? null,
    s.format ?? 'csv',
    s.sheet ?? null,
    JSON.stringify(s.sheets ?? []),
    JSON.stringify(s.warnings ?? []),
    s.fileBytes ?? 0,
    id,
  );
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

/** Removes a half-imported dataset (a bad file) and gives its space back; nothing else is touched. */
export function discardDataset(db: Db, id: string): void {
  db.transaction(() => {
    const seq = seqOf(db, id);
    if (seq !== undefined) deleteBlocks(db, seq);
    db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
  })();
  reclaimSpace(db);
}

/** How many jobs were made from a dataset (their history reads its rows, so it must stay). */
/** The jobs made from a dataset, newest first: how many, and the first few to name. */
export function jobsUsingDataset(
  db: Db,
  id: string,
): { count: number; first: { id: string; templateName: string; createdAt: number }[] } {
  const count = db.prepare('SELECT COUNT(*) FROM jobs WHERE dataset_id = ?').pluck().get(id) as number;
  const first = db
    .prepare(
      `SELECT id, template_name AS templateName, created_at AS createdAt FROM jobs WHERE dataset_id = ?
        ORDER BY created_at DESC LIMIT 3`,
    )
    .all(id) as { id: string; templateName: string; createdAt: number }[];
  return { count, first };
}

/** Deletes a dataset no job uses, and returns the bytes the database file shrank by. */
export function deleteDataset(db: Db, id: string): { freedBytes: number } {
  db.transaction(() => {
    const seq = seqOf(db, id);
    if (seq !== undefined) deleteBlocks(db, seq);
    db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
  })();
  return { freedBytes: reclaimSpace(db) };
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

/** A reader over one dataset's rows that keeps its place (rows read in order cost little). */
export function datasetReader(db: Db, id: string): BlockReader | undefined {
  const seq = seqOf(db, id);
  return seq === undefined ? undefined : new BlockReader(db, seq);
}

const toRow = (r: StoredRow): DatasetRow => ({ rowNumber: r.rowNumber, cells: r.cells });

export function datasetRows(db: Db, id: string, offset: number, limit: number): Page<DatasetRow> {
  const total = (db.prepare('SELECT row_count AS n FROM datasets WHERE id = ?').get(id) as { n: number } | undefined)?.n ?? 0;
  // Row numbers are spreadsheet rows and may have gaps (blank lines are skipped), so page by position.
  return { total, items: datasetReader(db, id)?.page(offset, limit).map(toRow) ?? [] };
}

export function datasetRow(db: Db, id: string, rowNumber: number): string[] | undefined {
  return datasetReader(db, id)?.row(rowNumber);
}

/** Rows after a row number, in order, for passes over a whole file. */
export function datasetCellsAfter(db: Db, id: string, afterRowNumber: number, limit: number): DatasetRow[] {
  return datasetReader(db, id)?.after(afterRowNumber, limit).map(toRow) ?? [];
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
    const seq = seqOf(db, id);
    const cells = datasetRow(db, id, rowNumber);
    if (seq === undefined || !cells) return undefined;
    cells[columnIndex] = value;
    rewriteRow(db, seq, rowNumber, cells);
    return cells;
  })();
}

/**
 * Where a row sits: its 0-based position among the dataset's rows, and the row numbers before and after
 * it (null at either end). Row numbers have gaps (blank lines are skipped), so neighbours are looked up.
 */
export function rowPosition(
  db: Db,
  id: string,
  rowNumber: number,
): { index: number; previous: number | null; next: number | null } {
  const reader = datasetReader(db, id);
  if (!reader) return { index: 0, previous: null, next: null };
  // The row itself, or (when absent: a skipped blank line) the first row after it, gives the position.
  const here = reader.locate(rowNumber);
  const next = reader.after(rowNumber, 1)[0] ?? null;
  const index = here?.index ?? next?.index ?? (getDatasetAnyState(db, id)?.rowCount ?? 0);
  const previous = index > 0 ? (reader.page(index - 1, 1)[0]?.rowNumber ?? null) : null;
  return { index, previous, next: next?.rowNumber ?? null };
}

export function firstRowNumber(db: Db, id: string): number | null {
  return datasetReader(db, id)?.page(0, 1)[0]?.rowNumber ?? null;
}
