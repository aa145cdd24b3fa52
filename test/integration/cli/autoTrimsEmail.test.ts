// Found by a walk-through: a workbook's " hal@example.com" (a space before it, as copied from another
// sheet) made its row invalid after `--auto`, which said "add the Trim transform". An address with spaces
// around it is never valid, so the auto-matched email trims them, and says so where it says what it matched.
// Real parts: a SQLite data folder, the built-in sandbox over HTTP.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { json, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

describe('--auto and an email with spaces around it', () => {
  const w = useCliWorld();

  it('builds the row with the address trimmed, and says the trim', async () => {
    const dir = (w.dir = tempDir()).path;
    const D = ['--data-dir', dir, '--with-sandbox'];
    writeFileSync(join(dir, 'm.csv'), 'email,name\n hal@example.com ,Hal\nivy@example.com,Ivy\n');
    const id = json<{ id: string }>(await cliHere(['import', join(dir, 'm.csv'), '--json', ...D])).id;
    const check = await cliHere([
      'mappings',
      'check',
      '--dataset',
      id,
      '--connection',
      'sandbox-coursepath',
      '--template',
      'coursepath.members.create',
      '--auto',
      ...D,
    ]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toContain('Auto-matched: email ← email (trim spaces)');
    expect(check.stdout).toContain('email: hal@example.com\n');
    expect(check.stdout).not.toContain('not an email address');
  });
});
