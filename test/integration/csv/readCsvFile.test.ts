// readCsvFile's contract beyond the hostile files: the sample spreadsheet, batching, backpressure,
// cancellation, progress, options and file-system errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/contract/errors';
import { columnLabel, readCsvFile } from '../../../src-main/services/csv/readCsvFile';
import { collect } from './collect';

const SAMPLE = fileURLToPath(new URL('../../../resources/sample-users.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bulkdesk-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, contents: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, contents);
  return path;
}

/** A CSV of `n` users, about 60 bytes a row. */
function users(n: number): string {
  let s = 'email,first_name,last_name,employee_id\n';
  for (let i = 1; i <= n; i++) s += `user${i}@example.com,First${i},Last${i},${String(i).padStart(8, '0')}\n`;
  return s;
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('resources/sample-users.csv', () => {
  it('reads 60 users as Excel wrote them: BOM stripped, CRLF, quoted commas, accents, leading zeros', async () => {
    const c = await collect(SAMPLE);
    expect(c.header).toEqual(['email', 'first_name', 'last_name', 'department', 'employee_id', 'language']);
    expect(c.summary).toMatchObject({ rowCount: 60, delimiter: ',', encoding: 'utf-8', warnings: [] });
    const emails = c.rows.map(([, r]) => r[0]!);
    expect(new Set(emails).size).toBe(60);
    for (const e of emails) expect(e).toMatch(/^[a-z0-9]+([.-][a-z0-9]+)*@example\.(com|org)$/);
    expect(c.rows.some(([, r]) => /^0{2,}\d+$/.test(r[4]!))).toBe(true);
    expect(c.rows.some(([, r]) => r[2] === 'Smith, Jr.')).toBe(true);
    expect(c.rows.some(([, r]) => /[éëèøó]/.test(r[1]! + r[2]!))).toBe(true);
    expect(c.rows.flatMap(([, r]) => r).some((cell) => /[\r\n\uFEFF]/.test(cell))).toBe(false);
    expect(c.rows[0]![0]).toBe(2);
  });
});

describe('batches', () => {
  it('delivers consecutive batches of batchSize rows numbered as a spreadsheet shows them', async () => {
    const c = await collect(file('batches.csv', users(2500)), { batchSize: 1000 });
    expect(c.batches).toEqual([
      { first: 2, size: 1000 },
      { first: 1002, size: 1000 },
      { first: 2002, size: 500 },
    ]);
    expect(c.rows[2499]).toEqual([2501, ['user2500@example.com', 'First2500', 'Last2500', '00002500']]);
  });

  it('streams a file larger than one read chunk with rows split across chunk boundaries', async () => {
    const c = await collect(file('multi-chunk.csv', users(60_000)), { batchSize: 7 });
    expect(c.summary.rowCount).toBe(60_000);
    expect(c.rows.every(([n, r], i) => n === i + 2 && r[0] === `user${i + 1}@example.com`)).toBe(true);
  });
});

describe('spaces after a closing quote', () => {
  const WARNING =
    'Quoted cells have spaces or tabs after their closing quote, before the delimiter or the end of the row ' +
    '(cells A2, B2, C3): they were kept at the end of the cell, as Excel reads them (a CSV file should have ' +
    'nothing there). Remove them from the file if they should not be sent.';

  it('keeps them at the end of the cell, as Excel does, and names the cells', async () => {
    const text = 'email,name,note\n"a@example.com" ,"Ann"  ,x\n"b@example.com",Bob,"y"\t\n';
    const c = await collect(file('spaced.csv', text));
    expect(c.rows).toEqual([
      [2, ['a@example.com ', 'Ann  ', 'x']],
      [3, ['b@example.com', 'Bob', 'y\t']],
    ]);
    expect(c.summary.warnings).toEqual([WARNING]);
  });

  it('a tab delimiter after a closing quote is the delimiter, and a quoted cell with spaces inside is as written', async () => {
    const c = await collect(file('tabbed.csv', 'email\tname\n"a@example.com"\t"Ann "\n'));
    expect(c.rows).toEqual([[2, ['a@example.com', 'Ann ']]]);
    expect(c.summary.warnings).toEqual([]);
  });

  it('spaces split across two read chunks are kept too', async () => {
    const chunk = 1 << 20;
    let text = 'email,name,note\n';
    for (let i = 0; text.length < chunk - 100; i++) text += `user${i}@example.com,U${i},x\n`;
    const before = text.split('\n').length - 1; // rows so far, header included
    // The closing quote two bytes before the first chunk's end: one space in each chunk.
    const filler = 'z'.repeat(chunk - 2 - 3 - text.length);
    text += `${filler},"q"  ,n\n`;
    expect(text.indexOf('"  ,n')).toBe(chunk - 2);
    const c = await collect(file('split.csv', text));
    const row = before + 1;
    expect(c.rows.at(-1)).toEqual([row, [filler, 'q  ', 'n']]);
    expect(c.summary.warnings).toEqual([expect.stringContaining(`(cells B${row}):`)]);
  });
});

// A table that starts in column B, every line starting with the delimiter (,email,name), came in with an empty
// first column named "Column 1", as a workbook's did. Columns empty in every row, the header's cell included,
// are left out as a workbook's are, and said so; messages still name the columns by the letters a spreadsheet
// shows for the file.
describe('empty columns before the data', () => {
  it('are left out, and said so, as a workbook\'s are; a generated name keeps the column\'s letter', async () => {
    const c = await collect(file('from-c.csv', ',,email,name,\n,,ann@example.com,Ann,x\n,,bob@example.com,Bob,y\n'));
    expect(c.header).toEqual(['email', 'name', 'Column 5']);
    expect(c.rows).toEqual([
      [2, ['ann@example.com', 'Ann', 'x']],
      [3, ['bob@example.com', 'Bob', 'y']],
    ]);
    expect(c.summary.columns).toEqual(['email', 'name', 'Column 5']);
    expect(c.summary.warnings).toEqual([
      'Column 5 (E) has no header, so it is called "Column 5".',
      'Columns A and B are empty, so they were left out: the table starts at column C.',
    ]);
    const one = await collect(file('from-b.csv', ';email;name\r\n;ann@example.com;Ann\r\n\r\n;bob@example.com;Bob\r\n'));
    expect(one.header).toEqual(['email', 'name']);
    expect(one.rows).toEqual([
      [2, ['ann@example.com', 'Ann']],
      [4, ['bob@example.com', 'Bob']],
    ]);
    expect(one.summary.warnings).toEqual([
      'Column A is empty, so it was left out: the table starts at column B.',
      'Skipped 1 blank row between the data rows (the first is row 3).',
    ]);
  });

  it('a column with anything in one row is kept, and its letters stay those of the file in messages', async () => {
    const kept = await collect(file('kept.csv', ',email\n,ann@example.com\n \t,bob@example.com\n'));
    expect(kept.header).toEqual(['Column 1', 'email']);
    expect(kept.rows).toEqual([
      [2, ['', 'ann@example.com']],
      [3, [' \t', 'bob@example.com']],
    ]);
    const e = await failure(collect(file('quote.csv', ',,email,name\n,,ann@example.com,Ann\n,,bob@example.com,"Bo"b"\n')));
    expect(e.message).toMatch(/^Row 3, column 4 \(D, "name"\): a quoted cell has a quote \("\) inside it that is not doubled\./);
    expect(e.details).toMatchObject({ row: 3, column: 'name' });
    const ragged = await failure(collect(file('ragged.csv', ',email,name\n,ann@example.com\n')));
    expect(ragged.message).toMatch(/^Row 2 has 2 cells but the header \(row 1\) has 3 columns\. The last cell present is column 2 \(B\) \("email"\)/);
  });
});

describe('backpressure', () => {
  it('does not read on, or call onRows again, while onRows is pending', async () => {
    const path = file('backpressure.csv', users(100_000)); // ~6 MB: several 1 MiB chunks
    let inFlight = 0;
    let maxInFlight = 0;
    let progressCalls = 0;
    let progressDuringWait = 0;
    let calls = 0;
    await readCsvFile(
      path,
      {
        onHeader: () => {},
        onRows: async () => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          calls++;
          if (calls === 3) {
            const before = progressCalls;
            await new Promise((r) => setTimeout(r, 150));
            progressDuringWait = progressCalls - before;
          } else {
            await Promise.resolve();
          }
          inFlight--;
        },
      },
      { batchSize: 1000, onProgress: () => progressCalls++ },
    );
    expect(maxInFlight).toBe(1);
    expect(progressDuringWait).toBe(0);
    expect(calls).toBe(100);
    expect(progressCalls).toBeGreaterThan(3);
  });
});

describe('progress and cancellation', () => {
  it('reports progress up to the file size', async () => {
    const contents = users(40_000);
    const seen: [number, number][] = [];
    await collect(file('progress.csv', contents), { onProgress: (a, b) => seen.push([a, b]) });
    const size = Buffer.byteLength(contents);
    expect(seen.at(-1)).toEqual([size, size]);
    expect(seen.every(([, total]) => total === size)).toBe(true);
    expect(seen.map(([a]) => a)).toEqual([...seen.map(([a]) => a)].sort((x, y) => x - y));
  });

  it('stops when the signal aborts, with the signal reason', async () => {
    const controller = new AbortController();
    let batches = 0;
    const reason = new Error('user cancelled');
    const e = await readCsvFile(
      file('abort.csv', users(100_000)),
      {
        onHeader: () => {},
        onRows: () => {
          if (++batches === 2) controller.abort(reason);
        },
      },
      { signal: controller.signal },
    ).catch((x: unknown) => x);
    expect(e).toBe(reason);
    expect(batches).toBeLessThan(100);
  });

  it('rejects at once with an already aborted signal', async () => {
    const e = await readCsvFile(SAMPLE, { onHeader: () => {}, onRows: () => {} }, { signal: AbortSignal.abort() }).catch(
      (x: unknown) => x,
    );
    expect((e as Error).name).toBe('AbortError');
  });

  it('passes an error thrown by the sink through unchanged', async () => {
    const boom = new Error('database full');
    const e = await readCsvFile(SAMPLE, {
      onHeader: () => {},
      onRows: () => {
        throw boom;
      },
    }).catch((x: unknown) => x);
    expect(e).toBe(boom);
  });
});

describe('options', () => {
  it('uses an explicit delimiter instead of detecting one', async () => {
    const path = file('override.csv', 'a;b,c\n1;2,3\n');
    expect((await collect(path)).header).toEqual(['a;b', 'c']);
    const c = await collect(path, { delimiter: ';' });
    expect(c.header).toEqual(['a', 'b,c']);
    expect(c.rows).toEqual([[2, ['1', '2,3']]]);
    expect(c.summary.delimiter).toBe(';');
  });

  it('uses an explicit encoding instead of detecting one', async () => {
    // "Ã©" in Latin-1 is the UTF-8 bytes of "é": forcing latin1 shows the difference.
    const path = file('forced.csv', Buffer.from('name,x\nJosé,1\n', 'utf8'));
    expect((await collect(path)).rows[0]![1][0]).toBe('José');
    const c = await collect(path, { encoding: 'latin1' });
    expect(c.rows[0]![1][0]).toBe('JosÃ©');
    expect(c.summary.encoding).toBe('latin1');
  });

  it('reports a Latin-1 file forced to UTF-8 with the row and column of the first bad byte', async () => {
    const path = file('forced-utf8.csv', Buffer.from('name,x\nAnn,1\nJos\xe9,2\n', 'latin1'));
    const e = await failure(collect(path, { encoding: 'utf-8' }));
    expect(e.code).toBe('BAD_CSV');
    expect(e.message).toMatch(/^Row 3, column 1 \(A, "name"\) is not valid UTF-8 text/);
    expect(e.details).toEqual({ row: 3, column: 'name' });
    // The column counts the delimiters outside quotes, across a line break in a quoted cell.
    const quoted = file('forced-utf8-quoted.csv', Buffer.from('name,city,x\n"Lee, Ann\nJr",M\xfcnchen,2\n', 'latin1'));
    const q = await failure(collect(quoted, { encoding: 'utf-8' }));
    expect(q.message).toMatch(/^Row 2, column 2 \(B, "city"\) is not valid UTF-8 text/);
    expect(q.details).toEqual({ row: 2, column: 'city' });
  });

  it('rejects bad options with INVALID_INPUT', async () => {
    for (const opts of [{ batchSize: 0 }, { batchSize: 1.5 }, { delimiter: '' }, { delimiter: '"' }, { delimiter: '\n' }]) {
      const e = await failure(collect(SAMPLE, opts));
      expect(e.code).toBe('INVALID_INPUT');
    }
  });
});

describe('file system', () => {
  it('says NOT_FOUND for a missing file, naming where it looked', async () => {
    const e = await failure(collect(join(dir, 'nope.csv')));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain(`There is no file at ${join(dir, 'nope.csv')}`);
  });

  it('says BAD_CSV for a folder', async () => {
    const e = await failure(collect(dir));
    expect(e.code).toBe('BAD_CSV');
    expect(e.message).toMatch(/folder/);
  });
});

describe('a stray quote after an unquoted delimiter', () => {
  // The intended cell is `Smith,"Jr" III`: the unquoted comma splits it, so the quote opens the piece
  // after it, a column further right. Papaparse reads the rest of the file as that one cell, so only the
  // line split as a spreadsheet splits it shows the row has too many cells.
  it('names the cell the quote is in as the row is split, the cell count, and the earlier cells the comma may be in', async () => {
    const e = await failure(collect(file('stray-after-comma.csv', 'id,name,email\n1,Smith,"Jr" III,smith@example.com\n2,Ann,a@example.com\n')));
    expect(e.code).toBe('BAD_CSV');
    expect(e.message).toMatch(
      /^Row 2, column 3 \(C, "email"\) as the row is split reads "Jr" III, where a quote \("\) opens the cell but closes before the cell ends\. Split at every delimiter \(,\) outside quotes, row 2 has 4 cells but the header \(row 1\) has 3 columns, so an earlier cell probably holds the delimiter without quotes around it, which split it in two and moved this text right of where it belongs: one of columns 1 \(A, "id"\) to 2 \(B, "name"\)\. /,
    );
    expect(e.message).not.toMatch(/not doubled/);
    expect(e.details).toMatchObject({ row: 2, column: 'email' });
  });

  it('names the only earlier cell when the quote is in the second', async () => {
    const e = await failure(collect(file('stray-second.csv', 'name;email\nSmith;"Jr" III;smith@example.com')));
    expect(e.message).toMatch(
      /^Row 2, column 2 \(B, "email"\) as the row is split reads "Jr" III, where .*Split at every delimiter \(;\) outside quotes, row 2 has 3 cells but the header \(row 1\) has 2 columns, so column 1 \(A, "name"\), the only cell before this one, probably holds the delimiter without quotes around it, which split it in two\./,
    );
  });

  it('finds it in a later chunk, after quoted cells with doubled quotes and delimiters', async () => {
    const rows = 'u@example.com,"Ann ""Boss"" Lee","Sales, ""East"""\n'.repeat(30_000);
    const e = await failure(collect(file('stray-late.csv', `email,name,team\n${rows}b@example.com,Lee,"Ann" Sue,Ops\nc@example.com,Cy,Ops\n`)));
    expect(e.message).toMatch(/^Row 30002, column 3 \(C, "team"\) as the row is split reads "Ann" Sue, .* row 30002 has 4 cells but the header \(row 1\) has 3 columns/);
  });

  it('shows a long cell by its first 80 characters and its size, as other messages quote a long value', async () => {
    const cell = `"Jr" ${'I'.repeat(4995)}`; // 5,000 characters
    const e = await failure(collect(file('stray-long.csv', `id,name,email\n1,Smith,${cell},smith@example.com\n`)));
    expect(e.message).toMatch(/^Row 2, column 3 \(C, "email"\) as the row is split reads /);
    expect(e.message).toContain(`reads ${cell.slice(0, 80)}… (5,000 characters in all), where a quote (") opens the cell`);
  });

  it('still blames an undoubled quote inside a quoted cell when the row has as many cells as the header', async () => {
    const e = await failure(collect(file('stray-inside.csv', 'id,name,email\n1,"Smith, "Jr"",smith@example.com\n')));
    expect(e.message).toMatch(/^Row 2, column 2 \(B, "name"\): a quoted cell has a quote \("\) inside it that is not doubled\./);
  });
});

describe('a row with more cells than the header', () => {
  it('quotes a long extra cell by its first 80 characters and its size', async () => {
    const e = await failure(collect(file('ragged-long-cell.csv', `id,name,email\n1,Smith,s@example.com,${'J'.repeat(5000)}\n`)));
    expect(e.message).toMatch(/^Row 2 has 4 cells but the header \(row 1\) has 3 columns\./);
    expect(e.message).toContain(`The first extra cell holds "${'J'.repeat(80)}"… (5,000 characters in all): does a cell contain`);
  });
});

// Exports often start with a title line ("Users, 3 June") above the header. The first row with text names
// the columns, so the title is read as the header; what follows must say so, not blame a delimiter.
describe('a title line above the header', () => {
  it('without delimiters: refused naming the title as the likely cause, and found under a semicolon too', async () => {
    const comma = await failure(collect(file('title.csv', 'Export of users 2024\nemail,first,last\na@x.org,Ann,Lee\n')));
    expect(comma.message).toBe(
      'Row 2 has 3 cells but the header (row 1) has 1 column. The first extra cell holds "first": does a cell ' +
        'contain the delimiter without quotes around it? Or is row 1 ("Export of users 2024") a title above the ' +
        'header? The first row with text names the columns: delete the title and import again. Rows are not padded ' +
        'or cut. (Rows are numbered as a spreadsheet shows them: the header is row 1.)',
    );
    // The title has no delimiter to count: the rows under it decide (it was read as one column of "a;b;c").
    const semicolon = await failure(collect(file('title-semicolon.csv', 'Users\nemail;first;last\na@x.org;Ann;Lee\n')));
    expect(semicolon.message).toMatch(/^Row 2 has 3 cells but the header \(row 1\) has 1 column\. .* Or is row 1 \("Users"\) a title above the header\?/);
  });

  it('with trailing delimiters (a spreadsheet saved it): imported as it is, with a warning naming the title', async () => {
    const c = await collect(file('title-cells.csv', 'Users;;\nemail;first;last\na@x.org;Ann;Lee\n'));
    expect(c.header).toEqual(['Users', 'Column 2', 'Column 3']);
    expect(c.summary.warnings).toEqual([
      'Columns 2 (B), 3 (C) have no header, so they are called "Column 2", "Column 3".',
      'Row 1 names only column 1 (A) ("Users"), and row 2 fills 3 columns: if row 1 is a title above the header, ' +
        'delete it and import again (the first row with text names the columns).',
    ]);
  });

  it('a one-column file is not taken for one with a title', async () => {
    const c = await collect(file('one-column.csv', 'email\na@x.org\nb@x.org\n'));
    expect(c.summary.warnings).toEqual([]);
    for (const [name, text, row] of [
      ['one-column-comma.csv', 'name\nAnn\nSmith, John\n', 3],
      ['one-column-comma-first.csv', 'name\nSmith, John\nAnn\n', 2], // " John" does not read as a header
    ] as const) {
      const e = await failure(collect(file(name, text)));
      expect(e.message).toMatch(
        new RegExp(`^Row ${row} has 2 cells but the header \\(row 1\\) has 1 column\\. The first extra cell holds " John": does a cell contain the delimiter without quotes around it\\? Rows are not padded`),
      );
    }
  });
});

// A European spreadsheet saves CSV with semicolons, since its decimal separator is the comma; names
// written "Last, First" then hold a comma too. Every row under the header splits into as many cells at
// commas as at semicolons, and the header has no comma: taken for a title line above comma-separated rows,
// the file was refused ("Row 2 has 3 cells but the header (row 1) has 1 column").
describe('semicolons, with commas in names and decimals', () => {
  it('the delimiter that splits the header as it splits the rows wins over one that needs the header dropped', async () => {
    const c = await collect(
      file('semicolon-commas.csv', 'email;name;score\r\na@x.org;Lee, Ann;12,5\r\nb@x.org;Ray, Bob;7,25\r\nc@x.org;Cy, Di;3,0\r\n'),
    );
    expect(c.summary.delimiter).toBe(';');
    expect(c.header).toEqual(['email', 'name', 'score']);
    expect(c.rows.map(([, cells]) => cells)).toEqual([
      ['a@x.org', 'Lee, Ann', '12,5'],
      ['b@x.org', 'Ray, Bob', '7,25'],
      ['c@x.org', 'Cy, Di', '3,0'],
    ]);
    expect(c.summary.warnings).toEqual([]);
  });
});

describe('columnLabel', () => {
  it('shows position and spreadsheet letters', () => {
    expect([0, 25, 26, 27, 701, 702, 16383].map(columnLabel)).toEqual([
      '1 (A)',
      '26 (Z)',
      '27 (AA)',
      '28 (AB)',
      '702 (ZZ)',
      '703 (AAA)',
      '16384 (XFD)',
    ]);
  });
});
