// Which program the `bulk-desk` launcher (scripts/cli.mjs) runs: the built CLI (out/main/cli.js, from
// `npm run build`: plain JavaScript, starts fast, and is what an installed package carries) when it is
// there and not older than the sources; otherwise the TypeScript source through tsx, so a checkout
// without a build, or with a build older than an edit, runs the code as it is now.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The built CLI, relative to the project root (electron.vite.config.ts, main build, input `cli`). */
export const BUILT_CLI = join('out', 'main', 'cli.js');
/** The CLI's TypeScript entry, relative to the project root. */
export const SOURCE_CLI = join('src-main', 'cli', 'main.ts');
/**
 * What the build compiled the CLI from (electron.vite.config.ts writes it beside cli.js): `files`, the
 * project's source files in the CLI's bundle and its worker's, and `folders`, the folders holding them.
 */
export const CLI_SOURCES = join('out', 'main', 'cli.sources.json');
/** The folders the built CLI is made from: an edit in any of them makes the build stale. */
const SOURCE_DIRS = ['src-main', 'src-shared'];

/** @returns {{ kind: 'built' | 'source', path: string }} */
export function cliEntry(root) {
  const built = join(root, BUILT_CLI);
  const source = join(root, SOURCE_CLI);
  if (!existsSync(built)) return { kind: 'source', path: source };
  if (!existsSync(source)) return { kind: 'built', path: built };
  const builtAt = statSync(built).mtimeMs;
  const listed = listedSourcesStale(root, builtAt);
  const stale = listed ?? SOURCE_DIRS.some((dir) => newerThan(join(root, dir), builtAt));
  return stale ? { kind: 'source', path: source } : { kind: 'built', path: built };
}

/**
 * Whether the build's list of its sources says it is stale: a listed file edited after `time`, or gone; a
 * listed folder changed after it (a file added, removed or renamed there: an import may now resolve to
 * another file). null without a readable list (a build from before it): the caller walks the folders.
 * A stat per listed file and folder, without reading every folder or matching every name: about half the
 * walk's time, which every start of the CLI pays.
 */
function listedSourcesStale(root, time) {
  let list;
  try {
    list = JSON.parse(readFileSync(join(root, CLI_SOURCES), 'utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(list?.files) || !Array.isArray(list?.folders) || list.files.length === 0) return null;
  const base = root.endsWith('/') ? root : `${root}/`;
  for (const rel of list.files.concat(list.folders)) {
    const s = statSync(base + rel, { throwIfNoEntry: false });
    if (!s || s.mtimeMs > time) return true;
  }
  return false;
}

/** Whether any source file (TypeScript: what the build compiles) under `dir` was modified after `time` (ms). */
function newerThan(dir, time) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (newerThan(path, time)) return true;
    } else if (e.isFile() && /\.tsx?$/.test(e.name) && statSync(path).mtimeMs > time) return true;
  }
  return false;
}
