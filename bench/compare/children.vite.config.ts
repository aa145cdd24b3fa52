// The bench's children that measure the runner, built as the app is built (./builtChildren.ts says why):
//   npx vite build --config bench/compare/children.vite.config.ts
// Every file lands directly in out/bench/, two folders below the repository like bench/compare/, so the
// children's ROOT and the database driver's path resolve as they do from the source.
import { join } from 'node:path';
import { defineConfig } from 'vite';

const root = join(import.meta.dirname, '..', '..');
/** The runner's child and what it is compared with: the bare loop, the durable floor. */
const CHILDREN = ['runnerChild', 'bareLoop', 'durableFloorChild'];

export default defineConfig({
  root,
  logLevel: 'warn',
  build: {
    ssr: true, // for Node: dependencies stay in node_modules, as in the app's main-process build
    outDir: join(root, 'out', 'bench'),
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    sourcemap: true, // for `npm run bench:profile` (./profileSources.ts); Node ignores it otherwise
    rolldownOptions: {
      input: Object.fromEntries(CHILDREN.map((c) => [c, join(root, 'bench', 'compare', `${c}.ts`)])),
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
