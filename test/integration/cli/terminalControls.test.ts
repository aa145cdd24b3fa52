// What the CLI prints comes partly from the file: a cell holding an escape sequence must not clear the
// screen or retitle the terminal when a message quotes it. Every control character from data is shown as
// its escape (`\x1b`) on stderr, and on stdout when stdout is a terminal; piped or redirected, stdout
// keeps the cells exactly (an export is data).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/cli';
import { clearLine, terminalSafe } from '../../../src-main/cli/io';
import { tempDir } from '../../helpers/tempDir';
import { cliHere } from './runCliHere';
import { json, useCliWorld } from './runCli';

/** Control characters a terminal acts on, newline (LF or CRLF) and tab aside. */
const RAW_CONTROL = /\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;

const HOSTILE = 'x\x1b[2J\x1b]0;pwned\x07@example.com';

function fileWith(dir: string, cells: string[]): string {
  // Enough ordinary rows that the importer reads it as text, not as a binary file.
  const lines = [
    'email,name',
    ...cells,
    ...Array.from({ length: 40 }, (_, i) => `u${i}@example.com,User ${i}`),
  ];
  const file = join(dir, 'people.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** runCli with stdout (and stderr) that say they are a terminal. */
async function onTerminal(args: string[]) {
  const stdout = Object.assign(new PassThrough(), { isTTY: true });
  const stderr = Object.assign(new PassThrough(), { isTTY: true });
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await runCli(args, { stdout, stderr, stdin: Readable.from(['']) });
  return { code, stdout: out, stderr: err };
}

describe('bulk-desk never sends a control character from data to the terminal', () => {
  const w = useCliWorld();

  it('run --dry-run quotes a cell with escape sequences escaped', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    const file = fileWith(dir.path, [`${HOSTILE},Ann`]);
    const dataset = json<{ id: string }>(await cliHere(['import', file, '--json', ...D])).id;
    const run = [
      ...['run', '--dataset', dataset, '--connection', 'sandbox-coursepath'],
      ...['--template', 'coursepath.members.create', '--auto', '--dry-run', '--with-sandbox', ...D],
    ];
    const r = await cliHere(run);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(String.raw`Row 2: Email: "x\x1b[2J\x1b]0;pwned\x07@example.com"`);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    // On a terminal too.
    const t = await onTerminal(run);
    expect(t.stderr).toContain(String.raw`\x1b[2J`);
    expect(t.stderr).not.toMatch(RAW_CONTROL);
    expect(t.stdout).not.toMatch(RAW_CONTROL);
  });

  it('run --dry-run refuses a row whose cell holds a control character, naming row, field and position', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    const file = fileWith(dir.path, ['bob@example.com,Al\x01ice']);
    const dataset = json<{ id: string }>(await cliHere(['import', file, '--json', ...D])).id;
    const r = await cliHere([
      ...['run', '--dataset', dataset, '--connection', 'sandbox-coursepath', '--json'],
      ...['--template', 'coursepath.members.create', '--auto', '--dry-run', '--with-sandbox', ...D],
    ]);
    expect(r.code, r.stderr).toBe(1);
    const plan = JSON.parse(r.stdout) as { counts: { invalid: number }; invalid: { message: string }[] };
    expect(plan.counts.invalid).toBe(1);
    expect(plan.invalid[0]!.message).toMatch(
      /^Row 2: Name: "Al\x01ice" has a control character U\+0001 at position 3, which text never holds/,
    );
  });

  it('datasets rows: escaped on a terminal, exact when piped', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    const file = fileWith(dir.path, [
      `ann@example.com,Al\x01ice\x1b[2J`,
      `bob@example.com,"two\r\nlines\tand\ra CR"`,
    ]);
    const dataset = json<{ id: string }>(await cliHere(['import', file, '--json', ...D])).id;
    const rows = ['datasets', 'rows', dataset, '--format', 'csv', ...D];
    const piped = await cliHere(rows);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toContain('Al\x01ice\x1b[2J');
    expect(piped.stdout).toContain('"two\r\nlines\tand\ra CR"');
    const shown = await onTerminal(rows);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(String.raw`Al\x01ice\x1b[2J`);
    // Line breaks and tabs stay what they are; a lone CR (it returns to the line's start) is shown.
    expect(shown.stdout).toContain(String.raw`"two` + '\r\nlines\tand' + String.raw`\ra CR"`);
    expect(shown.stdout).not.toMatch(RAW_CONTROL);
  });

  it("the CLI's own terminal controls (the progress line's redraw) still go through", () => {
    const raw = Object.assign(new PassThrough(), { isTTY: true });
    let text = '';
    raw.on('data', (d: Buffer) => (text += d.toString()));
    const out = terminalSafe(raw);
    expect(out.isTTY).toBe(true);
    clearLine(out);
    out.write('Sending 3/10 · Al\x1bice\n');
    expect(text).toBe('\r\x1b[2K' + String.raw`Sending 3/10 · Al\x1bice` + '\n');
  });
});
