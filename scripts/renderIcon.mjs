// Renders resources/icon.svg to resources/icon.png (1024×1024, transparent corners) with Debian's
// Chromium, the way the end-to-end tests run it: `node scripts/renderIcon.mjs`. electron-builder makes
// every other size and format (.icns, .ico, the Linux icon set) from that PNG.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const dir = join(import.meta.dirname, '..', 'resources');
const svg = readFileSync(join(dir, 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.BULKDESK_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 1024 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: join(dir, 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
