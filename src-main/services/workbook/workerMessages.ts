// What the workbook reader's worker (workbookWorker.ts) and the thread that started it
// (readWorkbookFile.ts) say to each other.
import type { SheetSummary } from '../../../src-shared/contract/api.ts';

/** What the worker is asked to read. */
export interface WorkbookJob {
  path: string;
  /** A sheet name, or a position counting from 1; absent: the first visible sheet with data. */
  sheet?: string;
  batchSize: number;
  /** HTML and XML files only: the encoding to read their text in (textEncoding.ts), after `skip` bytes (a BOM). */
  encoding?: string;
  skip?: number;
}

/** Cells (or merged ranges) of one kind the worker found: the first few by address, and how many in all. */
export interface Found {
  cells: string[];
  count: number;
}

/** A batch of rows is acknowledged with any message before the next is sent. */
export type WorkerMessage =
  /** `firstColumn`: the sheet's empty columns before the table, left out of each row (0 for none). */
  | { type: 'rows'; rows: string[][]; done: number; total: number; firstColumn: number }
  | {
      type: 'done';
      sheet: string;
      sheets: SheetSummary[];
      bookType: string | null;
      firstColumn: number;
      noResult: Found;
      /** Cells as `B3 (#DIV/0!)`: the address and the error shown. */
      errors: Found;
      /** `formats`: the formats they have, by name ("General", "Text"), in the order first met. */
      fullDigits: Found & { example?: { shown: string; kept: string }; formats: string[] };
      /** Numbers of 16 digits or more written out in digits: those after the 15th were lost; the first cell's text. */
      lostDigits: Found & { example?: { cell: string; kept: string } };
      /** Cells as `B3 (-1)`: numbers in a date or time format that no date shows, kept as numbers. */
      unshowable: Found;
      /** Numbers in a format the formatter cannot read, kept as the numbers they are; up to 5 `formats`. */
      unformatted: Found & { formats: string[]; example?: { cell: string; kept: string } };
      merged: Found;
      /** The header row's merged ranges across columns, as `A1:B1 "Person"`, when it names more than one column. */
      headerMerged: { row: number; ranges: string[] } | null;
      /** Rows (by number) and columns (by letter) with data that the sheet hides. */
      hidden: { rows: Found; columns: Found };
    }
  | { type: 'error'; kind: string; message: string; sheets?: SheetSummary[]; matches?: string[] };
