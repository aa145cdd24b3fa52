#!/usr/bin/env node
// The first thing every entry point runs (`npm start`, `npm run serve`, `npm run cli`, the `bulk-desk` bin,
// `npm test`): Bulk Desk's native modules (better-sqlite3 13, @napi-rs/keyring) need Node.js ≥ 22.12 and
// crash an older Node with a bare "Segmentation fault" when loaded, so the version is checked before any
// of them is. The minimum is read from package.json's `engines.node`, which `npm ci` also enforces
// (.npmrc: engine-strict).
//
// Written for old Nodes on purpose: plain ES2018 syntax and built-in modules only, so that the Node 12 or
// 18 a distribution ships can parse this file and print the message instead of a syntax error.
//
// `node scripts/checkNode.mjs` exits 1 with the message when this Node is too old, 0 otherwise.
import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';
import { fileURLToPath } from 'url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where scripts/setup.sh puts Node 22 when the machine's is older (keep the two in step). */
export const NODE22_PREFIX = '/opt/node22';

/** The Node 22 bin folder scripts/setup.sh installs for this machine's CPU. */
export function node22BinDir(arch) {
  const cpu = arch || process.arch;
  return join(NODE22_PREFIX, 'node_modules', 'node-linux-' + (cpu === 'arm64' ? 'arm64' : 'x64'), 'bin');
}

/** [major, minor, patch] of "22.12.0", "v20.20.2" or ">=22.12.0"; null when there is no version in it. */
export function parseVersion(text) {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(String(text));
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] || 0)] : null;
}

/** The lowest Node version package.json's engines.node allows (">=22.12.0" → "22.12.0"). */
export function requiredNodeVersion() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const range = (pkg.engines && pkg.engines.node) || '';
  const v = parseVersion(range);
  if (!v || !/^\s*>=/.test(range))
    throw new Error('package.json engines.node must be ">=X.Y.Z", found "' + range + '"');
  return v.join('.');
}

function atLeast(have, need) {
  for (let i = 0; i < 3; i++) {
    if (have[i] !== need[i]) return have[i] > need[i];
  }
  return true;
}

/**
 * What to tell the admin when `version` (process.versions.node) is older than `required`; null when it
 * is recent enough. `platform` and `node22Installed` choose the advice.
 */
export function nodeVersionProblem(version, required, options) {
  const opts = options || {};
  const have = parseVersion(version);
  const need = parseVersion(required);
  if (have && need && atLeast(have, need)) return null;
  const short = need ? need[0] + '.' + need[1] : required;
  const lines = ['Bulk Desk needs Node.js ' + short + ' or newer; you have ' + version + '.'];
  const bin = node22BinDir(opts.arch);
  if (opts.node22Installed) {
    lines.push(
      'Node 22 is already installed in ' +
        NODE22_PREFIX +
        ' (where scripts/setup.sh puts it). Put it first on PATH, then run this again:',
      '  export PATH=' + bin + ':$PATH',
    );
  } else if ((opts.platform || process.platform) === 'linux') {
    lines.push(
      'On Debian or Ubuntu, `bash scripts/setup.sh` installs Node 22 from the npm registry into ' +
        NODE22_PREFIX,
      '(with everything else the app and its tests need); then put it first on PATH and run this again:',
      '  export PATH=' + bin + ':$PATH',
      'Elsewhere, install Node.js 22 LTS from https://nodejs.org/ (or `nvm install 22`).',
    );
  } else {
    lines.push('Install Node.js 22 LTS from https://nodejs.org/ (or `nvm install 22`), then run this again.');
  }
  return lines.join('\n');
}

/** Prints the problem and ends the process with exit code 1 when this Node is too old. */
export function exitIfNodeTooOld() {
  const problem = nodeVersionProblem(process.versions.node, requiredNodeVersion(), {
    node22Installed: process.platform === 'linux' && existsSync(join(node22BinDir(), 'node')),
  });
  if (problem) {
    process.stderr.write(problem + '\n');
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) exitIfNodeTooOld();
