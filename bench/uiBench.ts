// UI benchmark (issue 7, "Done when"): how long until the first rows of a ~100 MB CSV are on screen, and
// how smooth the virtualised grid stays while it scrolls through the whole file.
//
//   npx electron-vite build   # once: serve hands out the built renderer
//   npx tsx bench/uiBench.ts  # prints both figures (and JSON on the last line)
//
// The real thing end to end: `npm run serve`'s program in its own process on a fresh data folder, Debian's
// Chromium (never a downloaded browser) picking the file through the page's file input, upload over the
// loopback transport, import into SQLite, grid rows fetched a page at a time.
//   firstRowsMs      from the file input's change event to the first data row painted in the grid,
//                    measured in the page (performance.now + MutationObserver, then one animation frame)
//   scrollFrameP95Ms the 95th percentile of requestAnimationFrame deltas while the grid's scroller is
//                    moved every frame (a steady scroll from top to bottom, then random jumps)
import { existsSync, mkdtempSync, rmSync, statSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config';
import { startServe } from '../test/e2e/helpers/serveProcess';

const ROOT = resolve(import.meta.dirname, '..');

export interface UiBenchResult {
  firstRowsMs: number;
  scrollFrameP95Ms: number;
  fileMb: number;
}

export interface UiBenchOptions {
  /** Size of the generated file in bytes (default 100 MB). */
  bytes?: number;
  /** Frames of scrolling measured (default 240: ~4 s at 60 Hz). */
  frames?: number;
  log?: (line: string) => void;
}

/** Writes a users CSV of about `bytes` bytes; returns its row count. */
export async function writeUsersCsv(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  const depts = ['Legal', 'Finance', 'Human Resources', 'Sales', 'Engineering', 'Support', 'Marketing'];
  out.write('email,first_name,last_name,department,employee_id,language,manager_email,start_date\n');
  let written = 0;
  let rows = 0;
  while (written < bytes) {
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++, rows++) {
      lines.push(
        `learner.${rows}@example-company.com,First${rows},Lastname${rows},${depts[rows % depts.length]},` +
          `${String(rows).padStart(8, '0')},en,manager.${rows % 997}@example-company.com,2024-0${(rows % 9) + 1}-1${rows % 10}`,
      );
    }
    const chunk = lines.join('\n') + '\n';
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

// Page scripts, as plain JavaScript: this file is checked without the DOM library (tsconfig.node.json).
const WATCH_FIRST_ROWS = `(() => {
  window.__bench = {};
  document.addEventListener('change', () => { window.__bench.t0 ??= performance.now(); }, true);
  const seen = () => {
    const cell = document.querySelector('[data-testid="dataset-grid"] .grid-row .grid-cell:not(.grid-num)');
    return !!cell && (cell.textContent ?? '') !== '';
  };
  const obs = new MutationObserver(() => {
    if (window.__bench.t0 === undefined || window.__bench.t1 !== undefined || !seen()) return;
    window.__bench.t1 = -1;
    requestAnimationFrame(() => { window.__bench.t1 = performance.now(); }); // the next frame: on screen
    obs.disconnect();
  });
  obs.observe(document.body, { childList: true, subtree: true, characterData: true });
})()`;
const FIRST_ROWS_MS = `(() => {
  const b = window.__bench;
  return b.t0 !== undefined && b.t1 !== undefined && b.t1 > 0 ? b.t1 - b.t0 : null;
})()`;
/** First half: a steady scroll across the whole file; second half: random jumps (scrollbar drags). */
const SCROLL_FRAMES = `async (n) => {
  const el = document.querySelector('[data-testid="dataset-grid"] .grid-scroll');
  if (!el) throw new Error('no grid scroller');
  const max = el.scrollHeight - el.clientHeight;
  const out = [];
  let last = performance.now();
  let rnd = 12345;
  await new Promise((done) => {
    let i = 0;
    const step = (now) => {
      if (i > 0) out.push(now - last);
      last = now;
      if (i < n / 2) el.scrollTop = Math.round((max * i) / (n / 2));
      else {
        rnd = (rnd * 1103515245 + 12345) % 2147483648;
        el.scrollTop = Math.round((rnd / 2147483648) * max);
      }
      if (++i <= n) requestAnimationFrame(step);
      else done();
    };
    requestAnimationFrame(step);
  });
  return out;
}`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export async function benchUi(opts: UiBenchOptions = {}): Promise<UiBenchResult> {
  const log = opts.log ?? (() => {});
  if (!existsSync(join(ROOT, 'out/renderer/index.html'))) {
    throw new Error('The renderer is not built: run `npx electron-vite build` first.');
  }
  const work = mkdtempSync(join(tmpdir(), 'bulk-desk-uibench-'));
  const file = join(work, 'learners-100mb.csv');
  const dataDir = join(work, 'data');
  const rows = await writeUsersCsv(file, opts.bytes ?? 100 * 1000 * 1000);
  const fileMb = Math.round((statSync(file).size / 1e6) * 10) / 10;
  log(`generated ${file}: ${fileMb} MB, ${rows.toLocaleString('en-US')} rows`);

  // No sandbox: this measures the import path and the grid, nothing is sent.
  const serve = await startServe(dataDir, ['--no-sandbox']);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    // bypassCSP: the app's CSP forbids eval, which string page scripts need; the app itself is unchanged.
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 }, bypassCSP: true });
    await page.goto(serve.openUrl);
    await page.getByTestId('nav-import').click();
    await page.getByTestId('file-input').waitFor({ state: 'attached' });

    // In the page: start the clock on the input's change event, stop it when a data row is painted.
    await page.evaluate(WATCH_FIRST_ROWS);
    await page.getByTestId('file-input').setInputFiles(file);
    const handle = await page.waitForFunction(FIRST_ROWS_MS, undefined, { timeout: 600_000, polling: 50 });
    const firstRowsMs = Math.round((await handle.jsonValue()) as number);
    log(`first rows on screen after ${firstRowsMs} ms`);
    const importStarted = Date.now();

    // The whole file must be there before scrolling through it.
    await page
      .getByTestId('dataset-summary')
      .filter({ hasText: `${rows.toLocaleString('en-US')} rows` })
      .waitFor({ timeout: 600_000 });
    log(`whole file stored ${Date.now() - importStarted} ms after the first rows`);

    const frames = opts.frames ?? 240;
    const deltas = (await page.evaluate(`(${SCROLL_FRAMES})(${frames})`)) as number[];
    const scrollFrameP95Ms = Math.round(percentile(deltas, 95) * 10) / 10;
    log(
      `scrolling: ${deltas.length} frames, median ${percentile(deltas, 50).toFixed(1)} ms, ` +
        `p95 ${scrollFrameP95Ms} ms, worst ${Math.max(...deltas).toFixed(1)} ms`,
    );
    return { firstRowsMs, scrollFrameP95Ms, fileMb };
  } finally {
    const stopping = Date.now();
    await browser.close();
    await serve.stop();
    rmSync(work, { recursive: true, force: true });
    log(`stopped and cleaned up in ${Date.now() - stopping} ms`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const t0 = Date.now();
  benchUi({ log: (l) => process.stderr.write(`[uiBench +${((Date.now() - t0) / 1000).toFixed(1)} s] ${l}\n`) })
    .then((r) => {
      process.stdout.write(
        `First rows of a ${r.fileMb} MB CSV on screen: ${r.firstRowsMs} ms (target < 2000 ms)\n` +
          `Grid scroll frame time p95: ${r.scrollFrameP95Ms} ms (60 Hz = 16.7 ms)\n` +
          JSON.stringify(r) +
          '\n',
      );
    })
    .catch((e: unknown) => {
      process.stderr.write(`uiBench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    });
}
