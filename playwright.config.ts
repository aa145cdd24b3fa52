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
  // Two files at a time: each starts its own serve on its own data folder and port, and each worker its own
  // keychain service (helpers/serveProcess.ts). Most of a test is waiting on the browser and the services.
  workers: 2,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    viewport: { width: 1360, height: 860 },
  },
});
