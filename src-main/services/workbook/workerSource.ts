// Where the workbook reader's worker comes from, and how Node is asked to run it (readWorkbookFile.ts
// starts it). From source (vitest, tsx) it is the TypeScript file itself, which Node runs with its types
// stripped (workbookWorker.ts says how); the built app and CLI start the bundle electron.vite.config.ts
// builds of it, plain JavaScript.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The worker's file: the TypeScript source when running from source, the built file in the app and the
 * built CLI. The build's entries (the app, the CLI, serve) share code in out/main/chunks/, while the worker
 * is an entry of its own in out/main/, its imports bundled in: so it is beside this module, or one folder up.
 */
export function workerUrl(): URL {
  if (import.meta.url.endsWith('.ts')) return new URL('./workbookWorker.ts', import.meta.url);
  const beside = new URL('./workbookWorker.js', import.meta.url);
  return existsSync(fileURLToPath(beside)) ? beside : new URL('../workbookWorker.js', import.meta.url);
}

/**
 * The Node options the worker at `url` starts with; undefined: the process's own, as Node gives a worker by
 * default. Node strips a .ts file's types by itself from 22.18 only, and package.json's engines allow 22.12:
 * on 22.12–22.17 (`process.features.typescript` false) the source worker is asked to, with the process's own
 * options kept (a loader's `--import`, a heap flag). A built worker, or a Node that strips, needs nothing.
 */
export function workerExecArgv(
  url: URL,
  typescript: 'strip' | 'transform' | false = process.features.typescript,
  execArgv: readonly string[] = process.execArgv,
): string[] | undefined {
  if (!url.pathname.endsWith('.ts') || typescript) return undefined;
  return [...execArgv, '--experimental-strip-types'];
}
