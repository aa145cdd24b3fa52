// Doyensec's electronegativity (a devDependency) over the Electron shell: src-main/electron plus the page
// it loads (src-renderer/index.html, for its CSP meta tag), with no HIGH or MEDIUM finding.
//
// It runs offline: the one check that needs the network (AvailableSecurityFixesGlobalCheck, which
// downloads Electron's release list) is excluded, and the Electron version is read from the installed
// electron package. The scan runs in its own Node process through the package's documented programmatic
// entry (`main`: dist/runner.js, the same `run()` its CLI calls, with the CLI's options). Not through its bin: electronegativity does not declare `commander`, so its bin gets
// whichever copy npm hoisted (here newman's v11, which keeps parsed options off `program`) and only
// prints its usage. A scan that cannot run fails this test with the tool's output; it never skips.
//
// Two guards keep the result honest: a file electronegativity cannot parse fails the test (it would
// otherwise be skipped silently), and a deliberately bad window must produce HIGH findings (so a tool
// that checks nothing cannot pass). The only inline suppression allowed is the reviewed preload.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';

const ROOT = resolve(import.meta.dirname, '../../..');
const requireFromRoot = createRequire(join(ROOT, 'package.json'));
const RUNNER = requireFromRoot.resolve('@doyensec/electronegativity'); // dist/runner.js
const ELECTRON_VERSION = (
  JSON.parse(readFileSync(requireFromRoot.resolve('electron/package.json'), 'utf8')) as { version: string }
).version;

interface Finding {
  issue: string;
  severity: string;
  confidence: string;
  filename: string;
  location: string;
  sample: string;
  description: string;
}

interface Scan {
  findings: Finding[];
  /** Files electronegativity could not parse (it skips them). */
  errors: { file: string; message: string; tolerable: boolean }[];
  checks: number;
}

// Runs in the child: the options electronegativity's CLI builds from
// `-i <input> -r -e <version> -x AvailableSecurityFixesGlobalCheck`. The findings come back as the
// columns of its CSV report, read from run()'s result rather than from the file: its CSV writer sends the
// header and the rows as two unordered async writes, so the file can come out scrambled.
const CHILD = `
const [runner, input, electronVersion] = process.argv.slice(1);
const mod = require(runner);
const run = mod.default || mod;
run({
  input, isSarif: false, isRelative: true, isVerbose: true,
  customScan: [], excludeFromScan: ['availablesecurityfixesglobalcheck'],
  electronVersionOverride: electronVersion, parserPlugins: [],
}).then(
  (r) => process.stdout.write('\\n@@RESULT@@' + JSON.stringify({
    errors: r.errors,
    checks: r.globalChecks + r.atomicChecks,
    findings: r.issues.map((i) => ({
      issue: i.id, severity: i.severity.name, confidence: i.confidence.name, filename: i.file,
      location: i.location.line + ':' + i.location.column, sample: i.sample || '', description: i.description,
    })),
  })),
  (e) => { console.error(e && e.stack || e); process.exit(1); },
);`;

function scan(input: string): Promise<Scan> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-e', CHILD, RUNNER, input, ELECTRON_VERSION], {
      cwd: ROOT,
      env: { ...process.env, LANG: 'en-US' }, // its bundled messages; the online refresh fails, harmlessly
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const at = out.lastIndexOf('@@RESULT@@');
      if (code !== 0 || at < 0) {
        fail(new Error(`electronegativity did not run (exit ${code}):\n${out}`));
        return;
      }
      try {
        done(JSON.parse(out.slice(at + '@@RESULT@@'.length)) as Scan);
      } catch (e) {
        fail(new Error(`electronegativity's result is unreadable (${String(e)}):\n${out}`));
      }
    });
  });
}

const show = (f: Finding[]) =>
  f
    .map((x) => `${x.severity} ${x.issue} ${x.filename}:${x.location} ${x.description} | ${x.sample}`)
    .join('\n');

describe('electronegativity', () => {
  const dir = tempDir('bulk-desk-eng-');
  afterAll(() => dir.remove());

  it('finds no HIGH or MEDIUM issue in the Electron shell and the page it loads', async () => {
    // The shell's sources and the renderer's index.html, side by side, as one app to scan.
    const app = join(dir.path, 'app');
    cpSync(join(ROOT, 'src-main', 'electron'), join(app, 'electron'), { recursive: true });
    mkdirSync(join(app, 'renderer'));
    cpSync(join(ROOT, 'src-renderer', 'index.html'), join(app, 'renderer', 'index.html'));

    const r = await scan(app);
    expect(r.checks).toBeGreaterThan(30);
    expect(r.errors, 'files electronegativity could not parse were not scanned').toEqual([]);
    const serious = r.findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
    expect(serious, show(serious)).toEqual([]);

    // The CSP was found and parsed where it is set (the file:// header and the meta tag), not missed.
    const csp = r.findings.filter((f) => f.issue === 'CSP_GLOBAL_CHECK');
    expect(csp.map((f) => f.filename).sort()).toEqual(['electron/securityPolicy.ts', 'renderer/index.html']);
    expect(
      csp.filter((f) => /Failed to parse|No CSP/i.test(f.description)),
      show(csp),
    ).toEqual([]);
  });

  it('allows one inline suppression: the reviewed preload', () => {
    const dirs = join(ROOT, 'src-main', 'electron');
    const suppressions = readdirSync(dirs).flatMap((name) =>
      readFileSync(join(dirs, name), 'utf8')
        .split('\n')
        .filter((line) => /eng-disable/.test(line))
        .map((line) => `${name}: ${line.trim()}`),
    );
    expect(suppressions).toEqual(['window.ts: preload: opts.preloadPath, // eng-disable PRELOAD_JS_CHECK']);
  });

  it('does flag a window that is not isolated or sandboxed (the scan checks something)', async () => {
    const bad = join(dir.path, 'bad');
    mkdirSync(bad);
    writeFileSync(
      join(bad, 'window.ts'),
      [
        "import { BrowserWindow, shell } from 'electron';",
        'export function open(url: string): BrowserWindow {',
        '  const win = new BrowserWindow({ webPreferences: { contextIsolation: false, nodeIntegration: true } });',
        '  win.webContents.on("will-navigate", (_e, u: string) => void shell.openExternal(u));',
        '  void win.loadURL(url);',
        '  return win;',
        '}',
      ].join('\n'),
    );
    const r = await scan(bad);
    const found = new Set(r.findings.map((f) => `${f.severity} ${f.issue}`));
    expect(found).toContain('HIGH CONTEXT_ISOLATION_JS_CHECK');
    expect(found).toContain('MEDIUM SANDBOX_JS_CHECK');
    expect(found).toContain('MEDIUM AUXCLICK_JS_CHECK');
    expect(found).toContain('MEDIUM OPEN_EXTERNAL_JS_CHECK');
  });
});
