#!/usr/bin/env node
// The `bulk-desk` bin and `npm run cli`: checks the Node version first (scripts/checkNode.mjs; the native
// modules crash an older Node), then runs the CLI: the built out/main/cli.js in this process when it is
// current, else src-main/cli/main.ts through tsx in a child Node (scripts/cliEntry.mjs chooses). Every
// path is resolved from this file, so it works from any working directory and through npm's bin link.
//
// Plain ES2018 and static imports of built-in modules and checkNode.mjs only, so an old Node can parse it
// and print the version message; cliEntry.mjs (newer syntax) is imported after the check. node:child_process
// only when the source runs in a child: it loads node:net, dgram and more (~5 ms of CPU) the built CLI never needs.
import { realpathSync } from 'fs';
import nodeModule, { createRequire } from 'module';
import { dirname, join } from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { exitIfNodeTooOld } from './checkNode.mjs';

exitIfNodeTooOld();
// V8's compiled code for the CLI's modules, kept between runs (Node's own cache folder under the OS's
// temporary folder): a command starts ~20 ms sooner, what TypeScript's and npm's launchers do too.
if (typeof nodeModule.enableCompileCache === 'function') nodeModule.enableCompileCache();

// npm runs a package's scripts in its root folder, so `npm run cli -- import users.csv` typed in another
// folder would look for the checkout's users.csv: paths on the command line mean the folder the admin typed
// in (npm passes it as INIT_CWD). Only for this package's own `cli` script: the bin keeps its cwd.
if (process.env.npm_lifecycle_event === 'cli' && process.env.npm_package_name === 'bulk-desk' && process.env.INIT_CWD)
  process.chdir(process.env.INIT_CWD);

const root = join(dirname(realpathSync(fileURLToPath(import.meta.url))), '..');

import('./cliEntry.mjs').then(({ cliEntry }) => {
  const entry = cliEntry(root);
  // The built CLI is plain JavaScript: it runs in this process (one Node, not two: `--help` answers in a
  // few tens of milliseconds). Its arguments are ours: process.argv.slice(2) is the same here.
  if (entry.kind === 'built') return import(pathToFileURL(entry.path).href);
  return import('child_process').then(({ spawn }) => runSource(spawn, entry.path));
});

/** The TypeScript source through tsx, in a child Node that gets our arguments, signals and exit code. */
function runSource(spawn, path) {
  const loader = ['--import', pathToFileURL(createRequire(join(root, 'package.json')).resolve('tsx')).href];
  const child = spawn(process.execPath, loader.concat([path], process.argv.slice(2)), {
    stdio: 'inherit',
  });
  // Ctrl+C reaches the child through the terminal's process group; the child pauses its job and exits.
  // SIGTERM (`kill`, a service manager) is sent to this process only: passed on, or it was lost.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  // SIGHUP (the terminal or SSH session closed) likewise: the child pauses its job, not the launcher dying.
  process.on('SIGHUP', () => child.kill('SIGHUP'));
  child.on('exit', (code, signal) => {
    // Killed by a signal: die of it too. Our own listeners go first, or re-raising it would only call
    // them and the launcher would exit 0 for a command that never finished.
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code === null ? 1 : code);
  });
}
