// Reads a file with readCsvFile into memory for assertions (tests only: real callers stream).
import { readCsvFile, type CsvReadOptions, type CsvReadSummary } from '../../../src-main/services/csv/readCsvFile';

export interface Collected {
  summary: CsvReadSummary;
  header: string[];
  headerCalls: number;
  /** [spreadsheet row number, cells] for every data row, in order. */
  rows: [number, string[]][];
  batches: { first: number; size: number }[];
}

export async function collect(path: string, opts?: CsvReadOptions): Promise<Collected> {
  let header: string[] = [];
  let headerCalls = 0;
  const rows: [number, string[]][] = [];
  const batches: { first: number; size: number }[] = [];
  const summary = await readCsvFile(
    path,
    {
      onHeader(columns) {
        header = columns;
        headerCalls++;
      },
      onRows(batch, first) {
        batches.push({ first, size: batch.length });
        batch.forEach((cells, i) => rows.push([first + i, cells]));
      },
    },
    opts,
  );
  return { summary, header, headerCalls, rows, batches };
}
