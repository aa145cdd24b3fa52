// Vitest global setup of the integration project: builds the child-process helpers once per run
// (children.vite.config.ts says why) and tells tsxChild.ts where they are through
// BULKDESK_TEST_CHILDREN_DIR, which the test workers inherit. A failed build is said, and every child
// then runs through tsx as before.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, 'out', 'test-children');

export default function setup(): void {
  const config = join(root, 'test', 'helpers', 'children.vite.config.ts');
  const build = spawnSync('npx', ['vite', 'build', '--config', config], { cwd: root, encoding: 'utf8' });
  if (build.status === 0 && existsSync(join(outDir, 'runnerChild.js'))) {
    process.env.BULKDESK_TEST_CHILDREN_DIR = outDir;
    return;
  }
  process.stderr.write(
    `note: building the test children failed (exit ${build.status}); they run through tsx:\n${build.stderr}\n`,
  );
}
