// electron-vite: main (ESM, package.json says "type": "module"), a sandboxed preload (must be CommonJS,
// since a sandboxed preload is not loaded as an ES module), and the React renderer. Output in out/.
import { relative, resolve, sep } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { withCspMeta } from './src-main/electron/securityPolicy';

const root = import.meta.dirname;

/** The built index.html gets our CSP <meta> (one source: src-main/transport/contentSecurityPolicy.ts). */
function cspMeta(): Plugin {
  return {
    name: 'bulk-desk:csp-meta',
    apply: 'build',
    transformIndexHtml: { order: 'post', handler: (html) => withCspMeta(html) },
  };
}

/**
 * out/main/cli.sources.json: the project's source files the CLI (and the worker thread it starts) was built
 * from, and their folders. The `bulk-desk` launcher stats these to tell whether the build is older than the
 * sources (scripts/cliEntry.mjs), instead of walking every folder at each start.
 */
function cliSources(): Plugin {
  return {
    name: 'bulk-desk:cli-sources',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map(Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c]] : [])));
      const todo = [...chunks.values()].filter((c) => c.isEntry && (c.name === 'cli' || c.name === 'workbookWorker'));
      if (todo.length === 0) return; // another build (the renderer's, the preload's)
      const seen = new Set<string>();
      const files = new Set<string>();
      for (let c = todo.pop(); c; c = todo.pop()) {
        if (seen.has(c.fileName)) continue;
        seen.add(c.fileName);
        for (const id of c.moduleIds) {
          const rel = relative(root, id).split(sep).join('/');
          if (/^src-(main|shared)\//.test(rel)) files.add(rel);
        }
        for (const f of [...c.imports, ...c.dynamicImports]) if (chunks.has(f)) todo.push(chunks.get(f)!);
      }
      const list = [...files].sort();
      const folders = [...new Set(list.map((f) => f.slice(0, f.lastIndexOf('/'))))].sort();
      this.emitFile({ type: 'asset', fileName: 'cli.sources.json', source: JSON.stringify({ files: list, folders }) });
    },
  };
}

export default defineConfig({
  main: {
    plugins: [cliSources()],
    build: {
      outDir: resolve(root, 'out/main'),
      // Native and runtime dependencies stay in node_modules (externalizeDeps is on by default); listed
      // explicitly for the two native modules, which must never be bundled. zod and yaml are bundled: each is
      // dozens of small files that every start of the CLI resolved and loaded one by one (zod alone ~100 ms
      // of CPU); bundled, only what is used, in one file.
      externalizeDeps: { include: ['better-sqlite3', '@napi-rs/keyring'], exclude: ['zod', 'yaml'] },
      rolldownOptions: {
        // The workbook reader's worker thread is a file of its own (workerSource.ts finds it beside index.js).
        // `serve` is `npm run serve`'s program (the services and UI without Electron), started built as the
        // CLI is rather than compiled at each start.
        input: {
          index: resolve(root, 'src-main/electron/main.ts'),
          cli: resolve(root, 'src-main/cli/main.ts'),
          serve: resolve(root, 'src-main/serve/main.ts'),
          workbookWorker: resolve(root, 'src-main/services/workbook/workbookWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // Sandboxed preloads can require only 'electron' (and a few polyfills): bundle everything else.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react(), cspMeta()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
      },
    },
  },
});
