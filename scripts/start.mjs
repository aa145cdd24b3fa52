#!/usr/bin/env node
// `npm start`: build and launch the Electron app; where Electron's binary is missing (installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1, or without internet), open the same UI in a browser via `npm run serve`.
//
// The binary is looked up the way node_modules/electron/index.js does (path.txt + dist/), but without
// requiring that module: requiring it tries to download the binary when it is missing.
//
// The Node version is checked first (scripts/checkNode.mjs). This file keeps to syntax an old Node can
// parse (no `??`, no top-level await), so that Node prints the message rather than a syntax error.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitIfNodeTooOld } from './checkNode.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/** Absolute path of the Electron executable, or null when it is not installed. */
export function electronBinary() {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkgDir, 'dist');
  const exe = join(distDir, relative);
  return existsSync(exe) ? exe : null;
}

/** Runs a command with inherited stdio; resolves with its exit code. */
function run(command, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...opts });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (e) => {
      console.error(`Could not run ${command}: ${e.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code !== null ? code : signal ? 1 : 0);
    });
  });
}

/** `npm run <script>` with the npm that started us when there is one. */
function npmRun(script) {
  const npmCli = process.env.npm_execpath;
  if (npmCli && existsSync(npmCli)) return run(process.execPath, [npmCli, 'run', script]);
  return run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', script], {
    shell: process.platform === 'win32',
  });
}

async function main() {
  const electron = electronBinary();
  if (!electron) {
    console.log(
      "Electron's binary isn't installed (ELECTRON_SKIP_BINARY_DOWNLOAD was set or there was no internet); " +
        'opening the same UI in your browser instead via npm run serve.\n' +
        'To get the desktop app, run `npx install-electron` (or reinstall without ELECTRON_SKIP_BINARY_DOWNLOAD) ' +
        'on a machine with internet access.\n',
    );
    return npmRun('serve');
  }
  const electronVite = join(
    dirname(require.resolve('electron-vite/package.json')),
    'bin',
    'electron-vite.js',
  );
  const built = await run(process.execPath, [electronVite, 'build']);
  if (built !== 0) return built;
  // ELECTRON_RUN_AS_NODE would make the binary a plain Node and the app would not open.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  return run(electron, ['.'], { env });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  exitIfNodeTooOld();
  main().then((code) => {
    process.exitCode = code;
  });
}
