// The bench's children that measure the runner, run as the app runs: built by Vite (Rolldown, with Oxc
// for TypeScript — the toolchain of `npm run build`) into out/bench/ as plain JavaScript
// (./children.vite.config.ts), and started from there by runChild (./child.ts) instead of from the
// TypeScript source under tsx. Why: the app ships built code, and tsx runs esbuild with `keepNames`,
// which wraps every function and closure in a `__name(…)` call as it is created; the runner creates a
// few per row, so under tsx its sending thread did ~10% more work than the same code built (V8 profiles,
// 2026-12-03) where the bare loop barely changed — a cost of the bench's loader, not of Bulk Desk. Both
// sides of each comparison are built the same way. The build runs in a process of its own: a child
// inherits its parent's peak RSS on Linux, and Vite in this process would inflate every child's figure.
// `npm run bench:profile` runs them built too, and reads their frames back as sources through the
// build's source maps (./profileSources.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, useBuiltChildren } from './child';

/** Where ./children.vite.config.ts puts them (the config says it again: it cannot import this file). */
export const BUILT_DIR = join(ROOT, 'out', 'bench');

/**
 * Builds the children the config names (a second or two) and makes runChild start each from its built
 * file; false, and every child through tsx, if the build fails.
 */
export function buildChildren(): boolean {
  const config = join(ROOT, 'bench', 'compare', 'children.vite.config.ts');
  const build = spawnSync('npx', ['vite', 'build', '--config', config], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0 || !existsSync(BUILT_DIR)) return false;
  // An entry is named after its script (runnerChild.js from runnerChild.ts); shared chunks carry a hash.
  const here = join(ROOT, 'bench', 'compare');
  const entries = readdirSync(BUILT_DIR)
    .filter((f) => f.endsWith('.js') && existsSync(join(here, f.replace(/\.js$/, '.ts'))))
    .map((f) => [f.replace(/\.js$/, '.ts'), join(BUILT_DIR, f)] as const);
  useBuiltChildren(new Map(entries));
  return entries.length > 0;
}
