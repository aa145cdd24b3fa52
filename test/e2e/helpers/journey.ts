// The steps most end-to-end journeys start with, done as an admin does them: a file imported on the
// Import screen (waiting until every row is stored), a connection and a call chosen on Map, the
// sandbox's catalogue synced on Reports; and a contract call made as the page makes it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { SAMPLE, sampleLines } from './desk';
import type { ServeInfo } from './serveProcess';

/** Imports `path` and waits until its `rows` rows are all stored (the import's progress gone). */
export async function importFile(page: Page, path: string, rows: number): Promise<void> {
  await page.getByTestId('nav-import').click();
  await page.getByTestId('file-input').setInputFiles(path);
  await expect(page.getByTestId('dataset-summary')).toContainText(
    rows === 1 ? '1 row,' : `${rows.toLocaleString('en-US')} rows`,
    { timeout: 60_000 },
  );
  await expect(page.getByTestId('import-progress')).toHaveCount(0);
}

/** Imports the sample file (resources/sample-users.csv) and waits until all its rows are stored. */
export async function importSample(page: Page): Promise<void> {
  await importFile(page, SAMPLE, sampleLines().length - 1);
}

/** Writes `text` to `file`, then imports it. */
export async function importText(page: Page, file: string, text: string, rows: number): Promise<void> {
  writeFileSync(file, text);
  await importFile(page, file, rows);
}

/** On Map: the connection (its id, or the label the select shows) and the call. */
export async function mapTemplate(
  page: Page,
  connection: string | { label: string } = 'sandbox-coursepath',
  template = 'coursepath.members.create',
): Promise<void> {
  await page.getByTestId('nav-map').click();
  await page.getByTestId('connection-select').selectOption(connection);
  await page.getByTestId('template-select').selectOption(template);
}

/** Map: "create member" on `connection`, waiting until the file's email column is mapped to it. */
export async function mapCreateMember(page: Page, connection?: string | { label: string }): Promise<void> {
  await mapTemplate(page, connection);
  await expect(page.getByTestId('field-source-email')).toHaveValue(/email/);
}

/** The sample file imported and mapped to "create member" on `connection` (the sandbox's by default). */
export async function sampleOnMap(page: Page, connection?: string | { label: string }): Promise<void> {
  await importSample(page);
  await mapCreateMember(page, connection);
}

/** Reports: the sandbox's catalogue synced (courses, groups, members) and the sync finished. */
export async function syncSandbox(page: Page): Promise<void> {
  await page.getByTestId('nav-reports').click();
  await page.getByTestId('sync-button').click();
  await expect(page.getByTestId('sync-button')).toHaveText('Sync now', { timeout: 120_000 });
}

/** A one-row file of a new hire imported and the onboarding recipe's Run button ready, over a fresh sandbox. */
export async function readyToRun(page: Page, files: string): Promise<Locator> {
  await syncSandbox(page);
  await importText(
    page,
    join(files, 'hire.csv'),
    'Email,First name,Last name,Courses,Groups\nana.lima@acme.test,Ana,Lima,Fire Safety Awareness,Sales\n',
    1,
  );
  await page.getByTestId('nav-recipes').click();
  const button = page.getByTestId('recipe-run').getByTestId('recipe-run-button');
  await expect(button).toBeEnabled({ timeout: 30_000 });
  return button;
}

/** readyToRun, then the recipe run to the end and its job opened in History. */
export async function hireRunToHistory(page: Page, files: string): Promise<void> {
  await (await readyToRun(page, files)).click();
  const run = page.getByTestId('recipe-run');
  await expect(run.getByTestId('recipe-job')).toHaveAttribute('data-state', 'completed', { timeout: 60_000 });
  await run.getByTestId('recipe-open-history').click();
}

/** A contract call over the loopback transport, as the page makes it (the token is in the URL fragment). */
export async function api<T>(serve: ServeInfo, method: string, input: unknown): Promise<T> {
  const token = new URL(serve.openUrl).hash.replace('#token=', '');
  const res = await fetch(`${serve.url}/api/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Origin: serve.url },
    body: JSON.stringify({ input }),
  });
  const r = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!r.ok) throw new Error(`${method}: ${r.error?.message}`);
  return r.value;
}

/**
 * Clicks Start on Run and waits until the job panel shows the job it created. Until `jobs.create`
 * answers, Run still shows the job before (say, a completed one): its state is not this job's.
 */
export async function startNewJob(page: Page): Promise<void> {
  const panel = page.getByTestId('job-panel');
  const before = (await panel.count()) ? await panel.getAttribute('data-job-id') : null;
  await page.getByTestId('start-job-button').click();
  if (before) await expect(panel).not.toHaveAttribute('data-job-id', before, { timeout: 30_000 });
  else await expect(panel).toBeVisible({ timeout: 30_000 });
}
