// A file named on the command line that is not there, or is a folder: the message names the path and says
// which, in words, as `import` does — `recipes import` and `--mapping` printed Node's
// "ENOENT: no such file or directory, open '…'" and "EISDIR: illegal operation on a directory, read".
// Each test's first command and every one that sends (run, resume, undo, sync) is the bin's own process;
// the imports, reads, exports and refusals around them run the same router in this process (cliHere).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { cli, json, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

describe('a file argument that is missing or a folder', () => {
  const w = useCliWorld();

  it('recipes import and run --mapping name the path and the cause, exit 2', async () => {
    const dir = (w.dir = tempDir());
    const folder = join(dir.path, 'recipes');
    mkdirSync(folder);
    const D = ['--data-dir', dir.path];
    const missing = join(dir.path, 'nope.recipe.yaml');
    const cases: [string[], RegExp][] = [
      [
        ['recipes', 'import', missing, ...D],
        new RegExp(`There is no file at ${missing} \\(was it moved or deleted\\?\\)`),
      ],
      [['recipes', 'import', folder, ...D], new RegExp(`${folder}: this is a folder, not a file`)],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/ENOENT|EISDIR/);
    }
    const csv = join(dir.path, 'people.csv');
    writeFileSync(csv, 'email\na@example.com\n');
    const dataset = json<{ id: string }>(await cliHere(['import', csv, '--json', ...D])).id;
    const mapping = await cliHere([
      'run',
      '--dataset',
      dataset,
      '--connection',
      'sandbox-coursepath',
      '--with-sandbox',
      '--template',
      'coursepath.members.create',
      '--mapping',
      folder,
      ...D,
    ]);
    expect(mapping.code, mapping.stderr).toBe(2);
    expect(mapping.stderr).toMatch(new RegExp(`the mapping file ${folder}: this is a folder, not a file`));
    expect(mapping.stderr).not.toMatch(/ENOENT|EISDIR/);
    // --recipe FILE|ID: a folder there is not taken for a recipe id, nor read raw.
    const recipe = await cliHere([
      'run',
      '--recipe',
      folder,
      '--dataset',
      dataset,
      '--connection',
      'sandbox-coursepath',
      '--with-sandbox',
      ...D,
    ]);
    expect(recipe.code, recipe.stderr).toBe(2);
    expect(recipe.stderr).toMatch(new RegExp(`--recipe ${folder}: this is a folder, not a file`));
  }, 60_000);
});

// `import`, `recipes import` and `--mapping` read a file the admin named: each said a missing file or a
// folder in its own words ("tmp: This is a folder, not a file." without the path, from import); one
// function now words them all (src-shared/util/unreadableFile.ts).
describe('a file to import that is missing or a folder', () => {
  const w = useCliWorld();

  it('is said in the words recipes import uses, naming the path', async () => {
    const dir = (w.dir = tempDir());
    const folder = join(dir.path, 'people.csv');
    mkdirSync(folder);
    const D = ['--data-dir', dir.path];
    const imported = await cli(['import', folder, ...D]);
    const recipe = await cliHere(['recipes', 'import', folder, ...D]);
    const words = `${folder}: this is a folder, not a file.`;
    expect(imported.stderr).toContain(words);
    expect(recipe.stderr).toContain(words);
    expect(imported.stderr).not.toMatch(/EISDIR|This is a folder/);
  }, 60_000);

  // `import nope.csv` exited 1, as a file whose content is bad does, where `recipes import nope.yaml` and
  // `--mapping nope.json` exit 2: a path that names no file is a mistake in how the command was called.
  it('missing or a folder: exit 2, as a recipe or mapping file that is', async () => {
    const dir = (w.dir = tempDir());
    const folder = join(dir.path, 'people.csv');
    mkdirSync(folder);
    const missing = join(dir.path, 'nope.csv');
    const D = ['--data-dir', dir.path];
    const gone = await cli(['import', missing, ...D]);
    expect(gone.code, gone.stderr).toBe(2);
    expect(gone.stderr).toMatch(new RegExp(`^Error: There is no file at ${missing} \\(was it moved or deleted\\?\\)`));
    const isFolder = await cliHere(['import', folder, ...D]);
    expect(isFolder.code, isFolder.stderr).toBe(2);
    // A file that is there but whose content is bad stays a failure (1).
    const empty = join(dir.path, 'empty.csv');
    writeFileSync(empty, '');
    const bad = await cliHere(['import', empty, ...D]);
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stderr).toContain('The file is empty.');
  }, 60_000);
});
