// Scores per course with a course titled at length, as an LMS may name one. At the desk's usual 1360 px its
// 17 columns fit, the long title wrapping in its cell. In a narrower window (1024 px) they cannot all fit
// legibly: the table says it scrolls sideways, naming its last column, and can be scrolled from the
// keyboard — not a silent sideways scroll. In real Chromium over `npm run serve`'s loopback transport.
import { expect, test, type Locator } from '@playwright/test';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { look } from './helpers/desk';
import { syncSandbox } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

const LONG = 'Workplace Safety Essentials for Warehouse, Logistics and Field Operations Staff — 2026 Annual Refresher';
const UNBROKEN = 'Onboarding_Module_for_Warehouse_Logistics_and_Field_Operations_Staff_v2';

/** The table's width against its box's, with each column's, for the failure message. */
const widths = (wrap: Locator) =>
  wrap.evaluate((el) => ({
    scroll: el.scrollWidth,
    client: el.clientWidth,
    cols: [...el.querySelectorAll('thead th')].map((th) => `${th.textContent}:${Math.round(th.getBoundingClientRect().width)}`),
  }));

test('Scores per course with long course titles: fits at 1360 px, says it scrolls at 1024 px', async ({ page }) => {
  await withDesk(page, async ({ dataDir }) => {
    await syncSandbox(page);
    // Synced titles as the LMS could have them (the sandbox's are short): one long, one with no space.
    const db = new Database(join(dataDir, 'bulk-desk.sqlite'));
    try {
      db.prepare(`UPDATE synced_courses SET title = ? WHERE title = 'Workplace Safety Essentials'`).run(LONG);
      db.prepare(`UPDATE synced_courses SET title = ? WHERE title = 'Manual Handling'`).run(UNBROKEN);
    } finally {
      db.close();
    }
    await page.reload();
    await page.getByTestId('report-scores').click();
    const wrap = page.getByTestId('report-table-0');
    await expect(wrap.locator('thead th').last()).toHaveText('90–100');
    // Whole, wrapped in their cells: to the eye and to a screen reader.
    await expect(wrap.getByRole('cell', { name: LONG })).toBeVisible();
    await expect(wrap.getByRole('cell', { name: UNBROKEN })).toBeVisible();
    let w = await widths(wrap);
    expect(w.scroll, `at 1360 px the table is ${w.scroll} px wide in ${w.client} px (${w.cols.join(', ')})`).toBeLessThanOrEqual(w.client);
    await expect(page.getByTestId('report-table-0-scrolls')).toHaveCount(0);
    await wrap.getByRole('cell', { name: UNBROKEN }).scrollIntoViewIfNeeded();
    await look(page, 'reports-scores-1360');

    await page.setViewportSize({ width: 1024, height: 768 });
    const note = page.getByTestId('report-table-0-scrolls');
    await expect(note).toHaveText(
      'Wider than the window: scroll the table sideways (or widen the window) for all 17 columns, the last “90–100”.',
    );
    w = await widths(wrap);
    expect(w.scroll).toBeGreaterThan(w.client);
    // Scrolled from the keyboard: the table takes focus and its note describes it.
    await expect(wrap).toHaveAttribute('tabindex', '0');
    await expect(wrap).toHaveAccessibleDescription(/^Wider than the window/);
    await note.scrollIntoViewIfNeeded();
    await look(page, 'reports-scores-1024');
    // Wide again: the note goes.
    await page.setViewportSize({ width: 1360, height: 860 });
    await expect(note).toHaveCount(0);
  });
});
