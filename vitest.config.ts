import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure logic, fast) and `integration` (real SQLite files, the real keychain,
// the real sandbox HTTP server). Both run under Node; browser tests live in test/e2e (Playwright).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Keychain and SQLite tests share one D-Bus session; files run one at a time to keep it calm.
          fileParallelism: false,
        },
      },
    ],
  },
});
