// Imported files (CSV or a workbook sheet) as the renderer sees them: the dataset, its columns and their
// statistics, its rows a page at a time, and the progress of an import.
// Part of the contract between renderer and main (../api.ts).
import type { CellKind } from '../../dataset/cellKind';
import type { AppErrorShape } from '../errors';

export interface DatasetDto {
  id: string;
  name: string;
  fileName: string;
  columns: string[];
  rowCount: number;
  /** The CSV's separator; '' for a workbook. */
  delimiter: string;
  /**
   * How a CSV's bytes were read, as the WHATWG Encoding Standard names it (utf-8, utf-16le, shift_jis,
   * gb18030, big5, euc-kr, windows-1252, iso-8859-2…); the same for an HTML or XML "Excel" file (text too);
   * '' for another workbook (its cells are Unicode already).
   */
  encoding: string;
  /**
   * How sure the detector was of `encoding`, 0–100 (100: a byte-order mark, or valid UTF-8 with non-ASCII
   * text, or a charset the file declares); null when the admin chose the encoding, or for a workbook that
   * is not text.
   */
  encodingConfidence: number | null;
  /** `csv` for a text file, else the workbook's format: `xlsx`, `xls`, `ods`… */
  format: string;
  /** A workbook's sheet these rows come from; null for a CSV. */
  sheet: string | null;
  /** Every sheet of a workbook, in tab order (for choosing another); empty for a CSV. */
  sheets: SheetSummary[];
  /** What the admin should know that did not stop the import: skipped blank rows, guessed encoding… */
  warnings: string[];
  /** The imported file's size in bytes (0 for datasets imported before this was kept). */
  fileBytes: number;
  importedAt: number;
  /** `importing` while the rest of a big file is still being stored (see `dataset:progress`). */
  state: 'importing' | 'ready';
  /** The imported file's SHA-256 (hex) and size in bytes, for the audit record; null when not known. */
  sha256?: string | null;
  sizeBytes?: number | null;
}

/** One sheet of an imported workbook. */
export interface SheetSummary {
  name: string;
  /** Data rows: rows with a non-empty cell, after the first one (the header). 0: no data. */
  rows: number;
  /** Hidden in the workbook (never chosen by default). */
  hidden: boolean;
}

/** Statistics of one column over every row of a dataset (`datasets.columnStats`). */
export interface ColumnStat {
  column: string;
  /** Cells that are empty or only spaces. */
  empty: number;
  /** Distinct values, exact up to `DISTINCT_CAP`; `distinctCapped` says there are more. */
  distinct: number;
  distinctCapped: boolean;
  /** The one kind of its non-empty cells, or `mixed` (see `kinds`), or `empty`. */
  kind: CellKind | 'mixed';
  /** Non-empty cells per kind. */
  kinds: Partial<Record<CellKind, number>>;
  /** Cells like "00123": kept as text, so the zeros survive. */
  leadingZeros: number;
}

export interface ColumnStatsDto {
  datasetId: string;
  rowCount: number;
  columns: ColumnStat[];
  durationMs: number;
}

/**
 * An encoding the admin picks for a CSV: any label Node's ICU decodes (WHATWG names and aliases such as
 * `utf-8`, `utf-16le`, `shift_jis`, `euc-jp`, `gb18030`, `big5`, `euc-kr`, `windows-1251`, `iso-8859-2`,
 * `latin1`). An unknown label is refused with a message.
 */
export type CsvEncodingName = string;

/** Progress of a dataset import that returned early, until it is `ready` or `failed` (then removed). */
export interface DatasetProgress {
  datasetId: string;
  state: 'importing' | 'ready' | 'failed';
  /** Data rows stored so far. */
  rowCount: number;
  bytesRead: number;
  totalBytes: number;
  /** Set when state is `failed`: the same message a whole-file import would have thrown. */
  error: AppErrorShape | null;
}

export interface DatasetRow {
  /**
   * The row as a spreadsheet numbers it: the header is row 1, the first data row is row 2. Error
   * messages, previews and history all use it, so "row 14" is row 14 when the admin opens the file.
   * Blank lines are skipped, so numbers can have gaps.
   */
  rowNumber: number;
  cells: string[];
}

export interface Page<T> {
  items: T[];
  total: number;
}
