// The `bulk-desk` bin and `npm run cli` (scripts/cli.mjs): the built CLI (out/main/cli.js, what an
// installed package carries) when it is there and current, the TypeScript source through tsx in a checkout
// without a build or after an edit. Run for real on a small stand-in project whose two entries say which
// one ran, beside this checkout's node_modules (for tsx).
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_CLI, CLI_SOURCES, cliEntry, SOURCE_CLI } from '../../../scripts/cliEntry.mjs';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('scripts/cli.mjs', () => {
  let project: string;
  const write = (rel: string, text: string, mtime: number) => {
    const path = join(project, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    utimesSync(path, mtime, mtime);
  };
  const launch = (...args: string[]) =>
    spawnSync(process.execPath, [join(project, 'scripts', 'cli.mjs'), ...args], {
      encoding: 'utf8',
      cwd: tmpdir(),
    });

  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'bulk-desk-launcher-'));
    mkdirSync(join(project, 'scripts'));
    for (const f of ['cli.mjs', 'cliEntry.mjs', 'checkNode.mjs'])
      copyFileSync(join(ROOT, 'scripts', f), join(project, 'scripts', f));
    copyFileSync(join(ROOT, 'package.json'), join(project, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it('a checkout without a build runs the source through tsx, with the arguments and exit code', () => {
    write(
      SOURCE_CLI,
      'const n: number = 3;\nconsole.log("source", process.argv.slice(2).join(" "));\nprocess.exitCode = n;\n',
      1000,
    );
    const r = launch('jobs', 'list');
    expect(r.stdout).toBe('source jobs list\n');
    expect(r.status).toBe(3);
    expect(cliEntry(project)).toEqual({ kind: 'source', path: join(project, SOURCE_CLI) });
  });

  it('a current build runs the built file; an edit after it, the source again', () => {
    write(SOURCE_CLI, 'console.log("source");\n', 1000);
    write('src-shared/util/x.ts', 'export {};\n', 1000);
    write(BUILT_CLI, 'console.log("built", process.argv.slice(2).join(" "));\n', 2000);
    expect(launch('--help').stdout).toBe('built --help\n');
    write('src-main/runner/README.md', 'notes\n', 3000); // not compiled: the build is still current
    expect(launch('--help').stdout).toBe('built --help\n');
    write('src-shared/util/x.ts', 'export const edited = 1;\n', 3000); // edited after the build
    expect(launch('--help').stdout).toBe('source\n');
  });

  it("with the build's list of its sources: an edit to one, or a file added, removed or renamed beside one, runs the source", () => {
    // The build lists what it compiled the CLI from (electron.vite.config.ts): the launcher stats those,
    // not every file of every folder. Whatever made the build stale before still does, for its sources.
    write(SOURCE_CLI, 'console.log("source");\n', 1000);
    write('src-shared/util/x.ts', 'export {};\n', 1000);
    write('src-main/electron/window.ts', 'export {};\n', 1000); // the app's, not the CLI's
    write(BUILT_CLI, 'console.log("built");\n', 2000);
    const folders = ['src-main/cli', 'src-shared/util'];
    write(CLI_SOURCES, JSON.stringify({ files: [SOURCE_CLI, 'src-shared/util/x.ts'], folders }), 2000);
    for (const f of ['src-main/cli', 'src-shared/util']) utimesSync(join(project, f), 1000, 1000);
    expect(launch().stdout).toBe('built\n');
    // Not part of the CLI: its build is still current.
    write('src-main/electron/window.ts', 'export const edited = 1;\n', 3000);
    expect(launch().stdout).toBe('built\n');
    // A listed file edited after the build.
    write('src-shared/util/x.ts', 'export const edited = 1;\n', 3000);
    expect(launch().stdout).toBe('source\n');
    write('src-shared/util/x.ts', 'export {};\n', 1000);
    expect(launch().stdout).toBe('built\n');
    // A file added beside a listed one (an import may now resolve to it), with an old time of its own.
    write('src-shared/util/x/index.ts', 'export {};\n', 1000);
    expect(launch().stdout).toBe('source\n');
    rmSync(join(project, 'src-shared/util/x'), { recursive: true });
    utimesSync(join(project, 'src-shared/util'), 1000, 1000);
    expect(launch().stdout).toBe('built\n');
    // A listed file gone (removed, renamed), its folder's time put back: still the source, which says so.
    rmSync(join(project, 'src-shared/util/x.ts'));
    utimesSync(join(project, 'src-shared/util'), 1000, 1000);
    expect(cliEntry(project).kind).toBe('source');
    // A list that cannot be read: every folder is walked, as without one.
    write(CLI_SOURCES, 'not json', 2000);
    write('src-shared/util/x.ts', 'export {};\n', 1000);
    write('src-main/electron/window.ts', 'export {};\n', 1000);
    utimesSync(join(project, 'src-shared/util'), 1000, 1000);
    expect(launch().stdout).toBe('built\n');
    write('src-main/electron/window.ts', 'export const edited = 2;\n', 3000);
    expect(launch().stdout).toBe('source\n');
  });

  it("runs the built file in the launcher's own process (no second Node), with the arguments and exit code", () => {
    write(BUILT_CLI, 'console.log(process.pid, process.argv.slice(2).join(" "));\nprocess.exitCode = 4;\n', 2000);
    const r = launch('jobs', 'list');
    expect(r.stdout).toBe(`${r.pid} jobs list\n`);
    expect(r.status).toBe(4);
  });

  it('runs the built file without loading node:child_process (only a source run needs a child)', () => {
    write(
      BUILT_CLI,
      "console.log(process.moduleLoadList.filter((m) => /^NativeModule (child_process|dgram)$/.test(m)).join(','));\n",
      2000,
    );
    expect(launch().stdout).toBe('\n');
  });

  it('`npm run cli` reads paths from the folder it was typed in, not the checkout npm moves to', () => {
    // npm runs a script in the package's root; `npm run cli -- import users.csv` typed in a subfolder (or
    // with --prefix from elsewhere) would read the checkout's users.csv, or say it does not exist.
    write(BUILT_CLI, 'console.log(process.cwd());\n', 2000);
    const here = mkdtempSync(join(tmpdir(), 'bulk-desk-typed-in-'));
    try {
      const r = spawnSync('npm', ['run', '-s', '--prefix', project, 'cli'], { encoding: 'utf8', cwd: here });
      expect(r.stdout.trim(), r.stderr).toBe(here);
      // The bin (no npm script around it) keeps the working directory it was given.
      expect(launch().stdout.trim()).toBe(realpathSync(tmpdir()));
    } finally {
      rmSync(here, { recursive: true, force: true });
    }
  });

  it('an installed package (no sources) runs the built file', () => {
    write(BUILT_CLI, 'console.log("built");\n', 2000);
    expect(launch().stdout).toBe('built\n');
    expect(cliEntry(project).kind).toBe('built');
  });

  it('a source CLI killed by a signal it does not handle: the launcher dies of it too (143), never exit 0', async () => {
    // A command with no SIGTERM handler of its own (reports, import…) is killed by it; the launcher, which
    // listens for SIGTERM to pass it on, re-raised it at itself into its own listener and exited 0.
    write(SOURCE_CLI, 'console.log("ready");\nsetInterval(() => {}, 1000);\n', 1000);
    const child = spawn(process.execPath, [join(project, 'scripts', 'cli.mjs')], { cwd: tmpdir() });
    await new Promise<void>((ready) => child.stdout.on('data', () => ready()));
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.on('exit', (code, signal) => done({ code, signal })),
    );
    child.kill('SIGTERM');
    const { code, signal } = await ended;
    expect(code === 143 || signal === 'SIGTERM', `code ${code}, signal ${signal}`).toBe(true);
  });
});

describe('the built CLI (out/main/cli.js)', () => {
  /**
   * Runs the built CLI with `args` and lists which heavy packages it loaded before exiting: those it
   * required (the CommonJS cache), those it imported (a resolve hook sees ES modules too), and those the
   * build bundled into a file it imported (zod, yaml: the build marks each bundled file "// node_modules/…"),
   * and the heavier of Node's own modules it loaded (node:http, node:worker_threads: Node lists every
   * built-in module loaded in process.moduleLoadList); and the built files it imported (out/main/…).
   */
  const probed = (...args: string[]) => {
    const probe = `
      import { readFileSync } from 'node:fs';
      import { createRequire, registerHooks } from 'node:module';
      import { fileURLToPath, pathToFileURL } from 'node:url';
      const require = createRequire(import.meta.url);
      const pkg = (k) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(k)?.[1];
      const imported = new Set();
      const files = new Set();
      registerHooks({
        resolve(specifier, context, next) {
          const r = next(specifier, context);
          imported.add(pkg(r.url));
          if (r.url.startsWith('file:') && r.url.includes('/out/main/')) files.add(fileURLToPath(r.url));
          if (r.url.startsWith('file:') && r.url.includes('/out/main/'))
            for (const m of readFileSync(fileURLToPath(r.url), 'utf8').matchAll(/^\\/\\/ (node_modules\\/\\S+)/gm))
              imported.add(pkg(m[1]));
          return r;
        },
      });
      process.on('exit', () => {
        const builtIn = process.moduleLoadList.map((m) => 'node:' + m.replace(/^NativeModule /, ''));
        const heavy = [...Object.keys(require('node:module')._cache).map(pkg), ...imported, ...builtIn].filter(
          (p) => p && ['better-sqlite3', '@napi-rs/keyring', 'papaparse', 'zod', 'yaml', 'fflate', 'node:http', 'node:worker_threads'].includes(p),
        );
        process.stderr.write('LOADED ' + JSON.stringify([...new Set(heavy)].sort()) + '\\n');
        process.stderr.write('BUILT ' + JSON.stringify([...files]) + '\\n');
      });
      process.argv.splice(1, 0, 'bulk-desk'); // -e has no script in argv: the CLI reads argv.slice(2)
      await import(pathToFileURL(${JSON.stringify(join(ROOT, BUILT_CLI))}).href);
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe, '--', ...args], {
      encoding: 'utf8',
      cwd: tmpdir(),
    });
    expect(r.status, r.stderr).toBe(0);
    return {
      heavy: JSON.parse(/LOADED (.*)/.exec(r.stderr)?.[1] ?? 'null') as string[] | null,
      built: JSON.parse(/BUILT (.*)/.exec(r.stderr)?.[1] ?? '[]') as string[],
    };
  };
  const loadedBy = (...args: string[]) => probed(...args).heavy;
  /**
   * The command files (src-main/cli/…Commands.ts, runCommand.ts: each its own built file, named after it)
   * that `args` loaded, and how many kilobytes of built code in all.
   */
  const commandFilesLoadedBy = (...args: string[]) => {
    const { built } = probed(...args);
    const names = built.map((f) => basename(f).replace(/-[\w-]{8}\.js$/, ''));
    return {
      names,
      commandFiles: names.filter((n) => /Commands?$/.test(n)).sort(),
      kb: built.reduce((sum, f) => sum + statSync(f).size, 0) / 1024,
    };
  };

  it("the build lists the CLI's sources and its worker's, all there, and not the app's (out/main/cli.sources.json)", () => {
    const { files, folders } = JSON.parse(readFileSync(join(ROOT, CLI_SOURCES), 'utf8')) as Record<string, string[]>;
    expect(files).toEqual(
      expect.arrayContaining([SOURCE_CLI, 'src-main/services.ts', 'src-main/services/workbook/workbookWorker.ts']),
    );
    expect(files).not.toContain('src-main/electron/main.ts');
    expect(folders).toEqual(expect.arrayContaining(['src-main', 'src-main/cli', 'src-shared/contract']));
    for (const f of [...files!, ...folders!]) expect(existsSync(join(ROOT, f)), f).toBe(true);
  });

  it("a command loads its own file and no other command's; --help, none (src-main/cli/commandIndex.ts)", () => {
    // Each command file imports what its commands run: all of them made ~520 KB that --help loaded.
    const help = commandFilesLoadedBy('--help');
    expect(help.commandFiles).toEqual([]);
    expect(help.kb).toBeLessThan(100);
    expect(commandFilesLoadedBy('plan', '--help').commandFiles).toEqual(['planCommands']);
    expect(commandFilesLoadedBy('plans', '--help').commandFiles).toEqual(['planCommands']);
    // The jobs group is in three files: its help lists all their commands, a command loads its own.
    expect(commandFilesLoadedBy('jobs', '--help').commandFiles).toEqual(['inDoubtCommands', 'jobCommands', 'undoCommands']);
    expect(commandFilesLoadedBy('jobs', 'undo', '--help').commandFiles).toEqual(['undoCommands']);
    const dataDir = mkdtempSync(join(tmpdir(), 'bulk-desk-help-'));
    try {
      const jobsList = commandFilesLoadedBy('jobs', 'list', '--data-dir', dataDir);
      expect(jobsList.commandFiles).toEqual(['jobCommands']);
      // The services, without the sandbox LMS (its own file, loaded to start it: --with-sandbox).
      expect(jobsList.names).toContain('services');
      expect(jobsList.names).not.toContain('sandbox');
      expect(commandFilesLoadedBy('jobs', 'list', '--with-sandbox', '--data-dir', dataDir).names).toContain('sandbox');
      expect(commandFilesLoadedBy('connections', 'list', '--data-dir', dataDir).commandFiles).toEqual([
        'connectionCommands',
      ]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('--help loads neither the SQLite driver, the keychain, the schemas, the YAML reader, the zip writer, HTTP nor worker threads; a listing, no YAML reader nor HTTP (they load when a command needs them)', () => {
    expect(existsSync(join(ROOT, BUILT_CLI)), 'npm run build first (npm test does)').toBe(true);
    expect(loadedBy('--help')).toEqual([]);
    expect(loadedBy('run', '--help')).toEqual([]);
    const dataDir = mkdtempSync(join(tmpdir(), 'bulk-desk-help-'));
    try {
      // The probe sees them: the driver, and zod inside the bundle that holds the schemas.
      const jobsList = loadedBy('jobs', 'list', '--data-dir', dataDir);
      expect(jobsList).toEqual(expect.arrayContaining(['better-sqlite3', 'zod']));
      // The keychain loads at the first secret read or written (services/lazyRequire.ts): listing jobs reads none.
      expect(jobsList).not.toContain('@napi-rs/keyring');
      // Nor does it send anything, nor serve: no HTTP; nor start a thread (a large file's check, the writer).
      expect(jobsList).not.toContain('node:http');
      expect(jobsList).not.toContain('node:worker_threads');
      // The YAML reader loads with a recipe file read or written (recipes import/export, run --recipe), not
      // with the services every command opens.
      expect(jobsList).not.toContain('yaml');
      expect(loadedBy('connections', 'list', '--data-dir', dataDir)).not.toContain('yaml');
      expect(loadedBy('recipes', 'export', 'coursepath.onboard', '--data-dir', dataDir)).toContain('yaml');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
