// Which program the `bulk-desk` launcher (scripts/cli.mjs) runs: the built CLI (out/main/cli.js, from
// `npm run build`: plain JavaScript, starts fast, and is what an installed package carries) when it is
// there and not older than the sources; otherwise the TypeScript source through tsx, so a checkout
// without a build, or with a build older than an edit, runs the code as it is now.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The built CLI, relative to the project root (electron.vite.config.ts, main build, input `cli`). */
export const BUILT_CLI = join('out', 'main', 'cli.js');
/** The CLI's TypeScript entry, relative to the project root. */
export const SOURCE_CLI = join('src-main', 'cli', 'main.ts');
/** The folders the built CLI is made from: an edit in any of them makes the build stale. */
const SOURCE_DIRS = ['src-main', 'src-shared'];

/** @returns {{ kind: 'built' | 'source', path: string }} */
export function cliEntry(root) {
  const built = join(root, BUILT_CLI);
  const source = join(root, SOURCE_CLI);
  if (!existsSync(built)) return { kind: 'source', path: source };
  if (!existsSync(source)) return { kind: 'built', path: built };
  const builtAt = statSync(built).mtimeMs;
  const stale = SOURCE_DIRS.some((dir) => newerThan(join(root, dir), builtAt));
  return stale ? { kind: 'source', path: source } : { kind: 'built', path: built };
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
