// The installers' configuration (electron-builder.ts), tested as far as a machine without Electron's
// binary allows (issue 21): loaded the way electron-builder loads it and validated against its own
// schema; the file associations, fuses and targets declared; `electron-builder --help` runs from the
// lockfile; and the app packed for real with a stand-in for the Electron binary (whose download these
// machines cannot make), with every network request refused, to check what app.asar carries and to run
// the CLI from the packed files. Flipping the fuses needs the real binary, so the stand-in pack leaves
// them out; the AppImage, deb, dmg and NSIS builds and the Electron launch test run in
// .github/workflows/build.yml, where Electron is available.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID } from '../../../src-main/electron/appIdentity';
import { SPREADSHEET_EXTENSIONS } from '../../../src-main/electron/openFiles';

const ROOT = resolve(import.meta.dirname, '../../..');
const require = createRequire(join(ROOT, 'package.json'));

type Config = Record<string, unknown> & {
  electronFuses?: Record<string, boolean>;
  fileAssociations?: { ext: string; role?: string; rank?: string; mimeType?: string }[];
};
// app-builder-lib (electron-builder's own library) loads and validates configurations; its internals
// are CommonJS without exports for these paths, hence require.
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: unknown): Promise<Config>;
  validateConfiguration(config: Config, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const asar = require('@electron/asar') as {
  listPackage(file: string, options?: unknown): string[];
  extractAll(file: string, dest: string): void;
};

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 120_000) {
  return new Promise<{ code: number | null; output: string }>((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

describe('electron-builder.ts', () => {
  let config: Config;
  beforeAll(async () => {
    config = await getConfig(ROOT, null, null);
  });

  it('loads the way electron-builder loads it and passes its schema (which does reject a wrong one)', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    const wrong = { ...config, nsis: { ...(config.nsis as object), oneClik: false } };
    await expect(validateConfiguration(wrong, new DebugLogger(false))).rejects.toThrow(/configuration\.nsis/);
  });

  it('names the app, its icon, and one installer per OS: AppImage and deb, a universal dmg, NSIS', () => {
    expect(config).toMatchObject({
      appId: APP_ID,
      productName: 'Bulk Desk',
      directories: { buildResources: 'resources' },
      linux: { target: ['AppImage', 'deb'], executableName: 'bulk-desk' },
      mac: { target: [{ target: 'dmg', arch: ['universal'] }] },
      win: { target: [{ target: 'nsis', arch: ['x64'] }] },
      npmRebuild: false,
      asar: true,
    });
    // A PNG of at least 1024×1024, from which electron-builder makes .icns, .ico and the Linux sizes.
    const png = readFileSync(join(ROOT, config.icon as string));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
  });

  it('associates .csv, .tsv and .xlsx (the files openFiles.ts imports) without taking them from Excel', () => {
    expect(config.fileAssociations!.map((a) => a.ext)).toEqual([...SPREADSHEET_EXTENSIONS]);
    for (const a of config.fileAssociations!) expect(a).toMatchObject({ role: 'Viewer', rank: 'Alternate' });
    expect(config.fileAssociations!.every((a) => a.mimeType)).toBe(true);
  });

  it('sets the fuses for a hardened build: only our ASAR, checked; no RunAsNode, NODE_OPTIONS or --inspect', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
  });

  it('builds in no update feed unless BULKDESK_UPDATE_URL is set when it runs', async () => {
    expect(config.publish ?? null).toBeNull();
    const withFeed = await run(
      process.execPath,
      [
        '-e',
        "require('app-builder-lib/out/util/config/config').getConfig(process.cwd(), null, null).then((c) => console.log(JSON.stringify(c.publish)))",
      ],
      { ...process.env, BULKDESK_UPDATE_URL: 'https://updates.example.org/bulk-desk/' },
    );
    expect(withFeed.code).toBe(0);
    expect(withFeed.output).toContain(
      '[{"provider":"generic","url":"https://updates.example.org/bulk-desk/"}]',
    );
  });

  it('npx electron-builder --help runs from the lockfile', async () => {
    const r = await run('npx', ['--no-install', 'electron-builder', '--help']);
    expect(r.code).toBe(0);
    expect(r.output).toMatch(/--linux/);
    expect(r.output).toMatch(/--universal/);
  });
});

describe('the packed app (stand-in Electron binary, no network)', () => {
  let work: string;
  let appAsar: string;
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'out/main/cli.js'))) {
      const built = await run('npx', ['--no-install', 'electron-vite', 'build']);
      expect(built.code, built.output).toBe(0);
    }
    work = mkdtempSync(join(tmpdir(), 'bulk-desk-pack-'));
    const electronDist = join(work, 'electron');
    mkdirSync(electronDist);
    writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in for Electron"\n', {
      mode: 0o755,
    });
    const config = await getConfig(ROOT, null, null);
    delete config.electronFuses; // flipped in the real binary only: the workflow's builds
    const packConfig = join(work, 'pack.json');
    writeFileSync(
      packConfig,
      JSON.stringify({
        ...config,
        electronDist,
        directories: { ...(config.directories as object), output: join(work, 'dist') },
      }),
    );
    // Any download would go to a proxy that does not answer, and fail the pack.
    const offline = {
      ...process.env,
      HTTPS_PROXY: 'http://127.0.0.1:9',
      HTTP_PROXY: 'http://127.0.0.1:9',
      NO_PROXY: '',
    };
    const packed = await run(
      'npx',
      ['--no-install', 'electron-builder', '--linux', 'dir', '--publish', 'never', '--config', packConfig],
      offline,
    );
    expect(packed.code, packed.output).toBe(0);
    appAsar = join(work, 'dist', 'linux-unpacked', 'resources', 'app.asar');
  }, 180_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('app.asar holds the build, package.json and the runtime dependencies, nothing of the checkout', () => {
    const files = asar.listPackage(appAsar, { isPack: false });
    for (const f of [
      '/package.json',
      '/out/main/index.js',
      '/out/main/cli.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
    ])
      expect(files).toContain(f);
    const top = new Set(files.map((f) => f.split('/')[1]));
    expect([...top].sort()).toEqual(['node_modules', 'out', 'package.json']);
    const modules = new Set(files.filter((f) => f.startsWith('/node_modules/')).map((f) => f.split('/')[2]));
    for (const m of ['better-sqlite3', '@napi-rs', 'electron-updater', 'papaparse', 'zod'])
      expect(modules).toContain(m);
    for (const m of ['electron', 'electron-builder', 'vite', 'vitest', 'tsx', 'typescript'])
      expect(modules).not.toContain(m);
    // better-sqlite3: this platform's prebuilt binaries only, none of its C sources.
    const sqlite = files.filter((f) => f.startsWith('/node_modules/better-sqlite3/'));
    expect(sqlite.filter((f) => f.endsWith('.node')).sort()).toEqual([
      '/node_modules/better-sqlite3/prebuilds/linux-arm64.node',
      '/node_modules/better-sqlite3/prebuilds/linux-x64.node',
    ]);
    expect(sqlite.some((f) => f.includes('/deps/') || f.includes('/src/'))).toBe(false);
  });

  it('the CLI inside the package runs from the packed files alone', async () => {
    const extracted = join(work, 'extracted');
    asar.extractAll(appAsar, extracted); // native binaries come from app.asar.unpacked, as at run time
    const pkg = JSON.parse(readFileSync(join(extracted, 'package.json'), 'utf8')) as { main: string };
    expect(existsSync(join(extracted, pkg.main))).toBe(true);
    const dataDir = join(work, 'data');
    const help = await run(process.execPath, [join(extracted, 'out/main/cli.js'), '--help']);
    expect(help.code, help.output).toBe(0);
    expect(help.output).toContain('Usage: bulk-desk <command>');
    // A command that opens the data folder and its SQLite file (better-sqlite3 from the package).
    const list = await run(process.execPath, [
      join(extracted, 'out/main/cli.js'),
      'datasets',
      'list',
      '--data-dir',
      dataDir,
    ]);
    expect(list.code, list.output).toBe(0);
    expect(existsSync(join(dataDir, 'bulk-desk.sqlite'))).toBe(true);
  });
});
