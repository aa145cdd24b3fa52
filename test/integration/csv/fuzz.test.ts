// Property-based fuzzing of the CSV reader (fast-check): any bytes give a table or a BAD_CSV within a
// time bound, never a crash or a hang; and any well-formed table written as CSV reads back exactly.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/contract/errors';
import { readCsvFile, type CsvReadOptions, type CsvReadSummary } from '../../../src-main/services/csv/readCsvFile';

const dir = mkdtempSync(join(tmpdir(), 'bulkdesk-csv-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const TIME_LIMIT_MS = 2_000;

/** Reads bytes as a file; resolves with the table or the AppError, rejects on anything else. */
type Read =
  | { error?: undefined; summary: CsvReadSummary; columns: string[]; rows: string[][] }
  | { error: AppError };

async function readBytes(bytes: Uint8Array, opts?: CsvReadOptions): Promise<Read> {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, bytes);
  let columns: string[] = [];
  const rows: string[][] = [];
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`no answer within ${TIME_LIMIT_MS} ms`)), TIME_LIMIT_MS).unref(),
  );
  try {
    const summary = await Promise.race([
      readCsvFile(
        path,
        {
          onHeader: (c) => {
            columns = c;
          },
          onRows: (batch, first) => {
            // The numbering promise: batches are consecutive and follow the header.
            expect(first).toBeGreaterThan(1);
            rows.push(...batch);
          },
        },
        { batchSize: 3, ...opts },
      ),
      timeout,
    ]);
    return { summary, columns, rows };
  } catch (e) {
    if (e instanceof AppError && e.code === 'BAD_CSV') return { error: e };
    throw e;
  }
}

// CSV-ish alphabet: delimiters, quotes, every line ending, BOM pieces, accents, NUL and other controls.
const csvishByte = fc.constantFrom(
  ...[...',;\t|"\r\n aZ09=@.-'].map((c) => c.charCodeAt(0)),
  0x00, 0x01, 0x1a, 0x7f, 0xef, 0xbb, 0xbf, 0xff, 0xfe, 0xc3, 0xa9, 0xe9, 0x80,
);

describe('fuzzing readCsvFile', () => {
  it('answers any random bytes with a table or BAD_CSV, quickly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (bytes) => {
        const r = await readBytes(bytes);
        if (r.error) expect(r.error.message.length).toBeGreaterThan(10);
        else for (const row of r.rows) expect(row).toHaveLength(r.columns.length);
      }),
      { numRuns: 300 },
    );
  });

  it('answers CSV-like noise (quotes, delimiters, line endings, BOMs, NULs) with a table or BAD_CSV', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(csvishByte, { maxLength: 400 }), async (bytes) => {
        const r = await readBytes(Uint8Array.from(bytes));
        if (r.error) {
          expect(r.error.message).not.toMatch(/undefined|NaN|\[object/);
        } else {
          expect(r.summary.rowCount).toBe(r.rows.length);
          for (const row of r.rows) {
            expect(row).toHaveLength(r.columns.length);
            for (const cell of row) expect(typeof cell).toBe('string');
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads back any well-formed table exactly, whatever the delimiter, quoting and line endings', async () => {
    const cell = fc.string({ unit: fc.constantFrom(...'ab ,;|\t"\n=0é李'.split(''), '😀'), maxLength: 8 });
    const table = fc.integer({ min: 1, max: 6 }).chain((cols) =>
      fc.record({
        header: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), {
          minLength: cols,
          maxLength: cols,
          selector: (h) => h.toLowerCase(),
        }),
        // A row whose cells are all blank is skipped by design, so each row has one visible character.
        rows: fc.array(
          fc.tuple(fc.array(cell, { minLength: cols, maxLength: cols }), fc.constantFrom(...'xyz')).map(([cells, mark]) => {
            cells[0] = mark + cells[0];
            return cells;
          }),
          { minLength: 1, maxLength: 12 },
        ),
        delimiter: fc.constantFrom(',', ';', '\t', '|'),
        newline: fc.constantFrom('\n', '\r\n'),
        quoteAll: fc.boolean(),
        bom: fc.boolean(),
        encoding: fc.constantFrom('utf-8' as const, 'utf-16le' as const),
      }),
    );
    await fc.assert(
      fc.asyncProperty(table, async (t) => {
        const q = (c: string) =>
          t.quoteAll || /[",;|\t\r\n]/.test(c) || c.startsWith(' ') ? `"${c.replace(/"/g, '""')}"` : c;
        const text = [t.header, ...t.rows].map((r) => r.map(q).join(t.delimiter)).join(t.newline) + t.newline;
        const body =
          t.encoding === 'utf-8'
            ? Buffer.from(text, 'utf8')
            : Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
        const bytes = t.bom && t.encoding === 'utf-8' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
        const r = await readBytes(bytes, { delimiter: t.delimiter });
        if (r.error) throw r.error;
        expect(r.columns).toEqual(t.header);
        expect(r.rows).toEqual(t.rows);
        expect(r.summary.encoding).toBe(t.encoding);
      }),
      { numRuns: 300 },
    );
  });

  it('detects the delimiter of a consistent table without being told', async () => {
    const word = fc.stringMatching(/^[A-Za-z0-9@. ]{1,8}$/).filter((s) => s.trim() !== '');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 6 }).chain((cols) =>
          fc.record({
            header: fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: cols, maxLength: cols }),
            rows: fc.array(fc.array(word, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 8 }),
            delimiter: fc.constantFrom(',', ';', '\t', '|'),
          }),
        ),
        async (t) => {
          const text = [t.header, ...t.rows].map((r) => r.join(t.delimiter)).join('\n');
          const r = await readBytes(Buffer.from(text));
          if (r.error) {
            // A header cell that is a number or an email address is refused as "looks like data".
            expect(r.error.message).toMatch(/looks like data/);
            return;
          }
          expect(r.summary.delimiter).toBe(t.delimiter);
          expect(r.rows).toEqual(t.rows);
        },
      ),
      { numRuns: 200 },
    );
  });
});
