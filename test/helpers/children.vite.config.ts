// The test helpers that run in a child process to be SIGKILLed or to hold a lock (runnerChild.ts,
// planChild.ts, exportChild.ts, dbLocker.ts), built by Vite as the app is built — plain JavaScript that
// starts in a fraction of the CPU time the same code takes through tsx's loader (~0.4 s instead of ~1.2 s
// on this machine; a crash test starts several).
// builtChildren.globalSetup.ts builds them at the start of each vitest run, so they are never older than
// the sources; tsxChild.ts starts them from out/test-children/ when it can.
//   npx vite build --config test/helpers/children.vite.config.ts
// Every file lands directly in out/test-children/, two folders below the repository like test/helpers/,
// so the database driver's path resolves as it does from the source.
import { join } from 'node:path';
import { defineConfig } from 'vite';

const root = join(import.meta.dirname, '..', '..');
/** The scripts tsxChild.ts starts; each is test/helpers/<name>.ts, built to out/test-children/<name>.js. */
export const CHILDREN = ['runnerChild', 'planChild', 'exportChild', 'dbLocker'];

export default defineConfig({
  root,
  logLevel: 'warn',
  build: {
    ssr: true, // for Node: dependencies stay in node_modules, as in the app's main-process build
    outDir: join(root, 'out', 'test-children'),
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    rolldownOptions: {
      input: Object.fromEntries(CHILDREN.map((c) => [c, join(root, 'test', 'helpers', `${c}.ts`)])),
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
