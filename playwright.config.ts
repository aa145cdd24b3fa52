import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser (design.md, "Machines without a display").
export const CHROMIUM = process.env.BULKDESK_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 180_000,
  expect: { timeout: 15_000 },
  // One file at a time: with two, two fresh-clone runs on a loaded machine each failed a different
  // end-to-end check by timing (stop 27). Each worker still has its own keychain service
  // (helpers/serveProcess.ts), for when a faster machine runs two.
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    // One tab per worker (Playwright's documented reuseContext), reset before each test: other pages
    // closed, the tab sent to about:blank, storage, clock, viewport and the test's handlers dropped. A fresh
    // context per test started a new renderer and loaded the app cold: ~2.3 s of every test on a loaded
    // machine (5 tests: 5.6-6.6 s each, then 3.3-4.3 s). Each test still starts its own serve and folder.
    reuseContext: true,
    viewport: { width: 1360, height: 860 },
  },
});
