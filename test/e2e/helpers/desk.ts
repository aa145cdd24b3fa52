// What the end-to-end specs share: the repository's paths, the sample file, the README's screenshots,
// and the sandbox's ledger — the witness of what was really sent.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test, type Page } from '@playwright/test';
import type { ServeInfo } from './serveProcess';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const SAMPLE = resolve(ROOT, 'resources/sample-users.csv');
const SHOTS = resolve(ROOT, 'docs/screenshots');

/** The sample file's lines without BOM: [header, ...rows]. */
export function sampleLines(): string[] {
  return readFileSync(SAMPLE, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
}
export const emailOf = (line: string) => line.split(',')[0]!;

/** A screenshot of the page as it is, kept in docs/screenshots/ for the README. */
export async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  // Animations finished first: a picture of a transition half way is not what the screen shows.
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false, animations: 'disabled' });
}

/** A screenshot kept with the test's results (test-results/), to look at, not for the README. */
export async function look(page: Page, name: string) {
  const path = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path, animations: 'disabled' });
  await test.info().attach(name, { path, contentType: 'image/png' });
}

export interface LedgerEntry {
  seq: number;
  method: string;
  path: string;
  status: number;
  jti?: string;
  email?: string;
  body?: { email?: string };
}

/** Every request the sandbox received, in order. */
export async function ledger(serve: ServeInfo): Promise<LedgerEntry[]> {
  const res = await fetch(`${serve.sandboxUrl}/__sandbox/ledger`);
  return (await res.json()) as LedgerEntry[];
}

/** A data folder and a folder for generated files, both removed by `cleanup()` after the test. */
export function tempDirs() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bulk-desk-e2e-'));
  const files = mkdtempSync(join(tmpdir(), 'bulk-desk-files-'));
  return {
    dataDir,
    files,
    cleanup: () => {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(files, { recursive: true, force: true });
    },
  };
}
