import { configDefaults, defineConfig } from 'vitest/config';

// Two projects: `unit` (pure logic, fast) and `integration` (real SQLite files, the real keychain,
// the real sandbox HTTP server). Both run under Node; browser tests live in test/e2e (Playwright).
const ISOLATED_UNIT = ['test/unit/renderer/**/*.test.ts', 'test/unit/electron/**/*.test.ts'];

export default defineConfig({
  test: {
    projects: [
      // Unit files share their workers' module cache (isolate: false): each used to import its modules
      // afresh, and imports were most of the unit project's time (5 min → 1 min under load). Files that
      // keep state in a module (the renderer's stores) or mock one (electron) still run isolated.
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...ISOLATED_UNIT],
          environment: 'node',
          isolate: false,
          // As integration's: projects that run side by side must agree on it (vitest refuses otherwise).
          maxWorkers: 3,
        },
      },
      { test: { name: 'unit-isolated', include: ISOLATED_UNIT, environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Three files at a time on this machine's 2 cores: most files wait on timers, sockets and child
          // processes (a lock held 8 s, a rate of 10 a second), so a third keeps the cores busy. Each
          // worker keeps the secrets it saves under a keychain service of its own (workerKeychain.ts).
          setupFiles: ['test/helpers/workerKeychain.ts'],
          // The helpers crash tests SIGKILL in child processes, built once per run (children.vite.config.ts).
          globalSetup: ['test/helpers/builtChildren.globalSetup.ts'],
          maxWorkers: 3,
        },
      },
    ],
  },
});
