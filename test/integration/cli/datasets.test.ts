// Issue 15 from the command line, as a script would use it: the `bulk-desk` bin in its own process on a
// fresh data folder. import with --sheet / --encoding / --delimiter, datasets show (warnings, encoding and
// its confidence), datasets rows (exactly the stored cells, CSV and JSON), datasets delete.
// Each test's first command runs as the bin (the built CLI, its exit code and streams as a process); the
// ones after it run the same router in this process (cliHere) — 35 processes took ~27 s of CPU and, on a
// loaded machine, over a minute for one test. What each command prints and its exit code are checked alike.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import type { DatasetDto } from '../../../src-shared/contract/api';
import { csvLine } from '../../../src-shared/export/csv';
import { failedRowsHeader } from '../../../src-shared/export/jobColumns';
import { ENCODING_FIXTURES_DIR } from '../../helpers/hostileFiles';
import { tempDir } from '../../helpers/tempDir';
import { staffWorkbook } from '../../helpers/workbooks';
import { preparedFolder } from './preparedFolder';
import { cli, json, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

describe('bulk-desk import and datasets', () => {
  const w = useCliWorld();

  it('import --sheet NAME|N picks a sheet; datasets show prints where the rows came from and the warnings', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    const file = join(dir.path, 'staff.xlsx');
    staffWorkbook(file);
    const people = json<DatasetDto>(await cli([...D, 'import', file, '--json']));
    expect(people).toMatchObject({ sheet: 'People', format: 'xlsx', rowCount: 3 });
    const second = await cliHere(['import', file, '--sheet', '4', ...D]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^read as  xlsx workbook, sheet "Managers" \(of "Empty", "Lookup", "People", "Managers"\)$/m);
    const shown = await cliHere(['datasets', 'show', people.id, ...D]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`dataset  ${people.id}\nfile     staff.xlsx\nread as  xlsx workbook, sheet "People"`);
    expect(shown.stdout).toMatch(/^warning  Sheet "People" has formulas whose results were never saved \(cells H3\)/m);
    // A sheet that does not exist is wrong usage (exit 2), named with the sheets that do.
    const bad = await cliHere(['import', file, '--sheet', 'Payroll', ...D]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^Error: --sheet: staff\.xlsx: This workbook has no sheet "Payroll"\. Its sheets are: "Empty" \(no data\), "Lookup" \(1 row, hidden\)/);
    expect(bad.stderr).toContain('Usage: bulk-desk import');
    const outOfRange = await cliHere(['import', file, '--sheet', '5', ...D]);
    expect(outOfRange.code).toBe(2);
    expect(outOfRange.stderr).toMatch(/no sheet "5": it has 4 sheets, so a position is 1 to 4\. Its sheets are: "Empty"/);
    // A sheet that exists but is empty is the file's content: exit 1.
    const empty = await cliHere(['import', file, '--sheet', 'Empty', ...D]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/Sheet "Empty" is empty/);
  });

  it('import --sheet finds a sheet whose name has spaces around it, says which it read, and lists an ambiguous match', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    const file = join(dir.path, 'spaces.xlsx');
    const book = (names: string[]) => {
      const wb = XLSX.utils.book_new();
      for (const name of names) {
        XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['email'], [`${name.trim()}@example.com`]]), name);
      }
      writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    };
    book(['Other', ' Spaces ']);
    const found = await cli(['import', file, '--sheet', 'Spaces', ...D]);
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/^read as  xlsx workbook, sheet " Spaces " \(of "Other", " Spaces "\)$/m);
    expect(found.stdout).toContain(
      'No sheet is named exactly "Spaces": sheet " Spaces " was read (the names differ only in the spaces around them).',
    );

    // Two sheets match once the spaces are set aside: refused (wrong usage), both names quoted so the spaces show.
    book(['Spaces ', ' Spaces']);
    const ambiguous = await cliHere(['import', file, '--sheet', 'Spaces', ...D]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain(
      'Error: --sheet: spaces.xlsx: No sheet is named exactly "Spaces", and 2 sheets match it when the spaces around ' +
        'names are ignored: "Spaces ", " Spaces". Give the name exactly as the workbook has it, or its position (1 to 2).\n',
    );
    // The exact name still picks its sheet.
    const exact = await cliHere(['import', file, '--sheet', ' Spaces', '--json', ...D]);
    expect(json<DatasetDto>(exact)).toMatchObject({
      sheet: ' Spaces',
      warnings: [expect.stringMatching(/only " Spaces" was read/)],
    });
  });

  it('import --encoding / --delimiter override detection; show gives the encoding and how sure it was', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    const sjis = join(ENCODING_FIXTURES_DIR, 'staff-shift_jis.csv');
    const detected = json<DatasetDto>(await cli(['import', sjis, '--json', ...D]));
    expect(detected).toMatchObject({ encoding: 'shift_jis', columns: ['社員番号', '氏名', '部署', 'メール'] });
    expect(detected.encodingConfidence).toBeGreaterThanOrEqual(50);
    const shown = json<DatasetDto>(await cliHere(['datasets', 'show', detected.id, '--json', ...D]));
    expect(shown.warnings[0]).toMatch(/^The file is not UTF-8: it was read as Shift_JIS \(\d+% sure/);
    expect((await cliHere(['datasets', 'show', detected.id, ...D])).stdout).toMatch(/^read as  csv, shift_jis \(\d+% sure\), separated by ","$/m);

    const forced = json<DatasetDto>(await cliHere(['import', sjis, '--encoding', 'windows-1252', '--delimiter', ';', '--json', ...D]));
    expect(forced).toMatchObject({ encoding: 'windows-1252', encodingConfidence: null, delimiter: ';' });
    expect(forced.columns).toHaveLength(1); // no ";" in the file: one column, as asked
    // An HTML "xls" is text too: show names how it was read.
    const html = join(dir.path, 'export.xls');
    writeFileSync(html, Buffer.from('<table><tr><td>id</td><td>name</td></tr><tr><td>1</td><td>Zo\xeb M\xfcller</td></tr></table>', 'latin1'));
    const fromHtml = await cliHere(['import', html, '--encoding', 'windows-1252', ...D]);
    expect(fromHtml.stdout).toMatch(/^read as  html workbook, windows-1252 \(chosen\), sheet "Sheet1" \(of "Sheet1"\)$/m);
    const unknown = await cliHere(['import', sjis, '--encoding', 'ebcdic-x', ...D]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^Error: --encoding: Unknown encoding "ebcdic-x"\. Use a name such as utf-8, /);
    expect(unknown.stderr).toContain('Usage: bulk-desk import');
  });

  it('import refuses a delimiter it cannot use as wrong usage (exit 2), saying what is allowed', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    const file = join(dir.path, 'people.csv');
    writeFileSync(file, 'email;name\na@example.com;Ann\n');
    for (const [delimiter, why] of [
      ['', /^Error: --delimiter "": a delimiter cannot be empty\./],
      ['"', /^Error: --delimiter "\\"": a quote \(\"\) cannot be a delimiter: it opens and closes quoted cells\./],
      [';;;;;;;;;', /^Error: --delimiter ";;;;;;;;;": a delimiter is at most 8 characters long; this one has 9\./],
    ] as const) {
      // The first refusal from the bin's own process (its exit code), the others from the same router here.
      const r = await (delimiter === '' ? cli : cliHere)(['import', file, `--delimiter=${delimiter}`, ...D]);
      expect(r.code, JSON.stringify(delimiter)).toBe(2);
      expect(r.stderr).toMatch(why);
      expect(r.stderr).toContain('Use , ; | or tab (\\t), or any text of up to 8 characters without quotes or line breaks.');
    }
    // A tab by name, and a delimiter longer than one character, are fine (the line break and the rest:
    // test/unit/dataset/delimiter.test.ts).
    expect((await cliHere(['import', file, '--delimiter', 'tab', ...D])).code).toBe(0);
    writeFileSync(file, 'email::name\na@example.com::Ann\n');
    const multi = json<DatasetDto>(await cliHere(['import', file, '--delimiter', '::', '--json', ...D]));
    expect(multi).toMatchObject({ delimiter: '::', columns: ['email', 'name'] });
  });

  it('datasets rows writes the stored cells exactly (CR/CRLF included), and the CSV reads back the same', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    const file = join(dir.path, 'notes.csv');
    writeFileSync(file, 'email,note\r\na@example.com,"line one\r\nline two"\r\nb@example.com,"old mac\rbreak"\r\n\r\nc@example.com,=1+1\r\n');
    const d = json<DatasetDto>(await cli(['import', file, '--json', ...D]));
    const asJson = json<{ id: string; columns: string[]; rows: { rowNumber: number; cells: string[] }[] }>(
      await cliHere(['datasets', 'rows', d.id, '--format', 'json', ...D]),
    );
    expect(asJson).toEqual({
      id: d.id,
      columns: ['email', 'note'],
      rows: [
        { rowNumber: 2, cells: ['a@example.com', 'line one\r\nline two'] },
        { rowNumber: 3, cells: ['b@example.com', 'old mac\rbreak'] },
        { rowNumber: 5, cells: ['c@example.com', '=1+1'] },
      ],
    });
    const out = join(dir.path, 'rows.csv');
    const written = await cliHere(['datasets', 'rows', d.id, '--format', 'csv', '--out', out, ...D]);
    expect(written.code).toBe(0);
    expect(written.stderr).toBe(`Wrote 3 rows to ${out}\n`);
    expect(readFileSync(out, 'utf8')).toBe(
      'email,note\r\na@example.com,"line one\r\nline two"\r\nb@example.com,"old mac\rbreak"\r\nc@example.com,=1+1\r\n',
    );
    const back = json<DatasetDto>(await cliHere(['import', out, '--json', ...D]));
    const again = json<{ rows: { cells: string[] }[] }>(await cliHere(['datasets', 'rows', back.id, '--format', 'json', ...D]));
    expect(again.rows.map((r) => r.cells)).toEqual(asJson.rows.map((r) => r.cells));
    expect((await cliHere(['datasets', 'rows', d.id, '--format', 'xml', ...D])).code).toBe(2);
    // One row is "1 row".
    const single = join(dir.path, 'single.csv');
    writeFileSync(single, 'email\r\na@example.com\r\n');
    const one = json<DatasetDto>(await cliHere(['import', single, '--json', ...D]));
    const oneOut = join(dir.path, 'one.csv');
    const wroteOne = await cliHere(['datasets', 'rows', one.id, '--format', 'csv', '--out', oneOut, ...D]);
    expect(wroteOne.stderr).toBe(`Wrote 1 row to ${oneOut}\n`);
  });

  it('a failed-rows export without its marker column keeps its escaped cells, and import and show say so', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    // What `jobs export --only failed` writes (src-shared/export/jobColumns.ts), then the admin deletes the
    // "Bulk Desk: why it was not sent" column in a spreadsheet before importing the fixed rows again.
    const cells = [
      ['ann@example.com', '=cmd', 'Sales'],
      ['bob@example.com', 'Bob', '+1'],
      ['cleo@example.com', '-Cleo', '-Ops'],
    ];
    const exported =
      csvLine(failedRowsHeader(['email', 'name', 'department'])) +
      cells.map((c) => csvLine([...c, 'HTTP 422'])).join('');
    const withoutMarker = exported
      .split('\r\n')
      .map((line) => line.replace(/,[^,]*$/, ''))
      .join('\r\n');
    expect(withoutMarker).toContain("ann@example.com,'=cmd,Sales\r\n");
    const file = join(dir.path, 'fixed.csv');
    writeFileSync(file, withoutMarker);

    const imported = await cli(['import', file, ...D]);
    expect(imported.code, imported.stderr).toBe(0);
    // Imported as it is (a file not known to be ours is never changed), and the admin is told.
    const warning =
      /^warning  4 cells start with ' before = \+ - @, a tab or a carriage return, the way Bulk Desk's exports escape formulas: column "name" \(rows 2, 4\), column "department" \(rows 3, 4\)\. They were imported as they are, quote included, and a job would send them so \(e\.g\. "'=cmd"\)\. If this file is a failed-rows export whose last column, "Bulk Desk: why it was not sent", was removed, put that column back at the end \(its cells may be empty\) and import the file again: the quotes are then removed\./m;
    expect(imported.stdout).toMatch(warning);
    const id = /^dataset  (\S+)$/m.exec(imported.stdout)![1]!;
    expect((await cliHere(['datasets', 'show', id, ...D])).stdout).toMatch(warning);
    const rows = json<{ rows: { cells: string[] }[] }>(
      await cliHere(['datasets', 'rows', id, '--format', 'json', ...D]),
    );
    expect(rows.rows.map((r) => r.cells)).toEqual([
      ['ann@example.com', "'=cmd", 'Sales'],
      ['bob@example.com', 'Bob', "'+1"],
      ['cleo@example.com', "'-Cleo", "'-Ops"],
    ]);

    // With the marker column kept, the file is ours: the escapes are reversed and nothing is warned.
    const ours = join(dir.path, 'ours.csv');
    writeFileSync(ours, exported);
    const back = json<DatasetDto>(await cliHere(['import', ours, '--json', ...D]));
    expect(back.columns).toEqual(['email', 'name', 'department']);
    expect(back.warnings).toEqual([]);
  });

  it("a failed-rows export comes back with its own column names, a name that starts with = + - @ too", async () => {
    // Found by a probe: a file whose column was named "=name" (or "+44 phone", "@handle") came back from
    // its failed-rows export as column "'=name": the cells were restored, not the name, so the working mapping
    // and a saved mapping no longer matched the column they named.
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    const columns = ['email', '=name', '+44 phone', '@handle', "'-already quoted"];
    const exported =
      csvLine(failedRowsHeader(columns)) + csvLine(['ann@example.com', '=x', '+1', '@a', "'-b", 'HTTP 422']);
    expect(exported).toContain("email,'=name,'+44 phone,'@handle,''-already quoted,");
    const file = join(dir.path, 'failed.csv');
    writeFileSync(file, exported);
    const back = json<DatasetDto>(await cli(['import', file, '--json', ...D]));
    expect(back.columns).toEqual(columns);
    const rows = json<{ rows: { cells: string[] }[] }>(await cliHere(['datasets', 'rows', back.id, '--format', 'json', ...D]));
    expect(rows.rows.map((r) => r.cells)).toEqual([['ann@example.com', '=x', '+1', '@a', "'-b"]]);
  });

  it('datasets delete removes a dataset and says how much space came back', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    // Imported in this process (the import itself is checked above): the delete is what is under test.
    const big = 'email,name\n' + Array.from({ length: 20_000 }, (_, i) => `user${i}@example.com,${'N'.repeat(100)}`).join('\n') + '\n';
    const d = { id: (await preparedFolder(dir.path, { files: { 'big.csv': big } })).datasetIds[0]! };
    const r = await cli([...D, 'datasets', 'delete', d.id]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Deleted dataset ${d.id} \\(big\\.csv, 20000 rows\\); the database shrank by [1-9]\\d*\\.\\d MB\\.$`, 'm'));
    expect(json<unknown[]>(await cliHere(['datasets', 'list', '--json', ...D]))).toEqual([]);
    const missing = await cliHere(['datasets', 'delete', d.id, ...D]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/No dataset with id/);
  });
});
