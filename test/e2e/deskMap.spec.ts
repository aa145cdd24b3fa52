// The desk, legible (issue 16, first half), in real Chromium over `npm run serve`'s loopback transport:
// Map is the request builder — beside the fields, the exact request of the row the admin picks, with each
// value traced from its cell through its transforms and lookup; a "Course" column of titles is offered a
// lookup instead of failing every row; the working mapping is kept in SQLite, so a restart of the serve
// process (a new port, so a new origin and an empty localStorage) reopens the same import with the same
// mapping. Preview and test-send edit a form body as rows and refuse JSON that does not parse; "copy as
// cURL" has a placeholder signature unless a live one is asked for. The manual configuration has a
// screen, with its live sample request. The sandbox's ledger is the witness of what was sent.
import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ledger, look, shot } from './helpers/desk';
import { importFile, syncSandbox } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

interface SandboxState {
  coursepath: { courses: { id: number; name: string }[] };
}

const csvLine = (cells: string[]) =>
  cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');

test('Map builds the request live, suggests lookups, and keeps the working mapping through a restart', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await withDesk(page, { viewport: { width: 1920, height: 1080 } }, async (desk) => {
    await syncSandbox(page);
    const state = (await (await fetch(`${desk.serve.sandboxUrl}/__sandbox/state`)).json()) as SandboxState;
    const courses = state.coursepath.courses.slice(0, 3);
    const stamp = Date.now().toString(36);

    // The admin's file: course titles, not ids; a name that needs encoding; one row without a team.
    const rows = [
      [`nguyen.${stamp}@example.com`, "Nguyễn O'Brien", ` ${courses[0]!.name} `, 'Sales', 'EMP-0042'],
      [`ana.${stamp}@example.com`, 'Ana Lima', courses[1]!.name, '', 'EMP-0043'],
      [`zoe.${stamp}@example.com`, 'Zoë & Co', courses[2]!.name.toUpperCase(), 'Support', 'EMP-0044'],
      [`li.${stamp}@example.com`, '李小龍', courses[0]!.name, 'Sales', 'EMP-0045'],
    ];
    const academy = join(desk.files, 'academy-hires.csv');
    writeFileSync(
      academy,
      [csvLine(['Email', 'Full name', 'Course', 'Team', 'Employee no']), ...rows.map(csvLine)].join('\r\n') +
        '\r\n',
    );
    const other = join(desk.files, 'another-file.csv');
    writeFileSync(other, 'email\nsomeone@example.com\n');
    await importFile(page, academy, 4);
    await importFile(page, other, 1);
    // The newest import is not the one being worked on: the admin goes back to the first file.
    const select = page.getByTestId('dataset-select');
    await select.selectOption(
      (await select.locator('option', { hasText: 'academy-hires.csv' }).getAttribute('value'))!,
    );
    await expect(page.getByTestId('dataset-summary')).toContainText('4 rows');

    await page.getByTestId('nav-map').click();
    await page.getByTestId('connection-select').selectOption('sandbox-coursepath');
    await page.getByTestId('template-select').selectOption('coursepath.courses.createMember');
    // Auto-match put the "Course" titles into the integer Course ID: every row would be refused…
    await expect(page.getByTestId('field-source-courseId')).toHaveValue('Course');
    await expect(page.getByTestId('check-summary')).toContainText('4 cannot be built and will be skipped');
    // …so the lookup is suggested, and one click adds it.
    const suggestion = page.getByTestId('lookup-suggestion-courseId');
    await expect(suggestion).toContainText('"Course" holds course titles');
    // The request panel says why, without offering Trim: row 2's " title " is still no id once trimmed.
    await expect(page.getByTestId('panel-issues')).toContainText('is not a numeric id (digits only)');
    await expect(page.getByTestId('panel-issues')).not.toContainText('Trim');
    await look(page, 'map-auto-match');
    await page.getByTestId('apply-lookup-courseId').click();
    await expect(suggestion).toHaveCount(0);
    await expect(page.getByTestId('check-summary')).toContainText('4 rows build a valid request');
    await expect(page.getByTestId('check-summary')).not.toContainText('skipped');

    // Transforms: an empty team becomes "Unassigned"; "EMP-0042" is sent as "0042".
    await page.getByTestId('field-source-department').selectOption('Team');
    await page.getByLabel('Add a transform to department').selectOption('conditional');
    await page.getByTestId('conditional-then-department').fill('Unassigned');
    await page.getByTestId('field-source-externalId').selectOption('Employee no');
    await page.getByLabel('Add a transform to externalId').selectOption('regexReplace');
    await page.getByTestId('regex-pattern-externalId').fill('^EMP-');

    // The request panel: row 2's exact request, the form body decoded, each value traced to its cell.
    const panel = page.getByTestId('request-panel');
    await expect(page.getByTestId('panel-url')).toHaveText(
      new RegExp(`/api/v1/courses/${courses[0]!.id}/members$`),
    );
    const body = page.getByTestId('panel-form-body');
    await expect(body.locator('tr[data-field="name"]')).toContainText("Nguyễn O'Brien");
    await expect(body).not.toContainText('%E1'); // decoded, not raw
    await expect(body.locator('tr[data-field="externalId"]')).toContainText('0042');
    await expect(page.getByTestId('trace-externalId')).toContainText('EMP-0042');
    const courseTrace = page.getByTestId('trace-courseId');
    await expect(courseTrace).toContainText(`column "Course"`);
    await expect(courseTrace).toContainText(courses[0]!.name); // the title in the cell…
    await expect(courseTrace).toContainText('look up Coursepath course title → id');
    await expect(courseTrace).toContainText(String(courses[0]!.id)); // …and the id it became
    await expect(panel).toContainText('Bearer <JWT signed at send time>');
    await expect(panel).not.toContainText(/eyJ[\w-]+\.[\w-]+\./);
    // The next row: the empty team went through the conditional.
    await page.getByRole('button', { name: 'Next row' }).click();
    await expect(page.getByTestId('panel-request')).toHaveAttribute('data-row', '3');
    await expect(body.locator('tr[data-field="department"]')).toContainText('Unassigned');
    await expect(page.getByTestId('trace-department')).toContainText('if empty: "Unassigned"');
    await page.getByRole('button', { name: 'Previous row' }).click();
    await expect(page.getByTestId('panel-request')).toHaveAttribute('data-row', '2');

    // Copy as cURL: the signature is a placeholder.
    await page.getByTestId('copy-curl').click();
    const curl = page.getByTestId('curl-text');
    await expect(curl).toHaveValue(/curl --request POST '.*\/api\/v1\/courses\/\d+\/members'/);
    await expect(curl).toHaveValue(/BULKDESK_AUTHORIZATION:\?/);
    await expect(curl).toHaveValue(
      /--data-raw 'email=nguyen\.[a-z0-9]+%40example\.com&name=Nguy%E1%BB%85n\+O%27Brien/,
    );
    await expect(page.getByTestId('working-saved')).toBeVisible();
    await page.locator('#main').evaluate((m) => m.scrollTo({ top: 0 }));
    await expect(page.getByTestId('request-panel')).toHaveAttribute('aria-busy', 'false'); // the request is built
    await shot(page, 'map-request-builder');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByTestId('request-panel').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('panel-form-body')).toBeVisible();
    await expect(page.getByTestId('request-panel')).toHaveAttribute('aria-busy', 'false'); // the request is built
    await shot(page, 'map-request-builder-1024');

    // Restart: a new serve process on the same data folder (a new port, so a new origin).
    const savedAt = await page.getByTestId('working-saved').getAttribute('data-saved-at');
    expect(Number(savedAt)).toBeGreaterThan(0);
    const oldOrigin = new URL(desk.serve.openUrl).origin;
    await desk.restart({ open: false });
    expect(new URL(desk.serve.openUrl).origin).not.toBe(oldOrigin);
    await page.setViewportSize({ width: 1360, height: 860 });
    await page.goto(desk.serve.openUrl);
    // The import being worked on and the Map screen come back, not the newest import.
    await expect(page.getByTestId('map-next')).toBeVisible();
    await expect(page.locator('#map-title + .lede')).toContainText('academy-hires.csv');
    await expect(page.getByTestId('template-select')).toHaveValue('coursepath.courses.createMember');
    await expect(page.getByTestId('lookup-courseId')).toHaveValue('coursepath.course');
    await expect(page.getByTestId('conditional-then-department')).toHaveValue('Unassigned');
    await expect(page.getByTestId('regex-pattern-externalId')).toHaveValue('^EMP-');
    await expect(page.getByTestId('check-summary')).toContainText('4 rows build a valid request');
    await expect(page.getByTestId('check-summary')).not.toContainText('skipped');
    await expect(page.getByTestId('trace-courseId')).toContainText(String(courses[0]!.id));
  });
});

test('Preview and test send: a form body as rows, JSON checked before sending, cURL with and without a live signature', async ({
  page,
}) => {
  await withDesk(page, async ({ serve, files }) => {
    const stamp = Date.now().toString(36);
    const file = join(files, 'people.csv');
    writeFileSync(
      file,
      [
        'email,name,department',
        `nguyen.${stamp}@example.com,Nguyễn O'Brien,Sales`,
        `ana.${stamp}@example.com,Ana Lima,Support`,
      ].join('\n') + '\n',
    );
    await importFile(page, file, 2);
    await page.getByTestId('nav-map').click();
    await page.getByTestId('connection-select').selectOption('sandbox-coursepath');
    await page.getByTestId('template-select').selectOption('coursepath.members.create');
    await expect(page.getByTestId('check-summary')).toContainText('2 rows build a valid request');

    // Preview shows the body as its fields, decoded.
    await page.getByTestId('nav-preview').click();
    const first = page.getByTestId('preview-request-2');
    await expect(first.getByRole('table', { name: 'Body (form fields)' })).toContainText("Nguyễn O'Brien");
    await expect(first).not.toContainText('Nguy%E1');
    // From any previewed row to the Map's request panel, where each value's origin is shown.
    await page.getByTestId('trace-on-map-3').click();
    await expect(page.getByTestId('panel-request')).toHaveAttribute('data-row', '3');
    await expect(page.getByTestId('trace-name')).toContainText('column "name"');
    await page.getByTestId('nav-preview').click();

    // The test-send editor: the form as rows; a changed value is encoded for the admin.
    await page.getByTestId('test-send-row').fill('2');
    await page.getByTestId('test-send-row').blur();
    const editor = page.getByTestId('test-send-form');
    await expect(editor.getByTestId('form-value-1')).toHaveValue("Nguyễn O'Brien");
    await editor.getByTestId('form-value-1').fill("Nguyễn O'Brien & Sons");
    await page.getByTestId('test-copy-curl').click();
    await expect(page.getByTestId('curl-text')).toHaveValue(/name=Nguy%E1%BB%85n\+O%27Brien\+%26\+Sons/);
    await expect(page.getByTestId('curl-text')).toHaveValue(/BULKDESK_AUTHORIZATION/);
    await shot(page, 'preview-form-editor');

    // A live signature only after the warning; it holds a real JWT and goes away when closed.
    const before = (await ledger(serve)).length;
    await page.getByTestId('test-live-curl').click();
    const dialog = page.getByTestId('confirm-dialog');
    await expect(dialog).toContainText('working credential');
    await dialog.getByRole('button', { name: 'Show the live cURL' }).click();
    const box = page.getByTestId('curl-box');
    await expect(box).toHaveAttribute('data-live', 'true');
    await expect(page.getByTestId('curl-text')).toHaveValue(
      /Authorization: Bearer eyJ[\w-]+\.[\w-]+\.[\w-]+/,
    );
    await expect(box).toContainText('holds a working credential');
    await box.getByRole('button', { name: 'Close and forget it' }).click();
    await expect(box).toHaveCount(0);
    expect((await ledger(serve)).length).toBe(before); // building a cURL sends nothing

    await page.getByTestId('test-send-button').click();
    await expect(page.getByTestId('test-send-result')).toContainText('201');
    const sent = (await ledger(serve)).slice(before);
    expect(sent).toHaveLength(1);
    expect((sent[0]!.body as { name?: string }).name).toBe("Nguyễn O'Brien & Sons");

    // A JSON body (Coassemble) that does not parse is not sent: the editor says where it breaks.
    await page.getByTestId('nav-map').click();
    await page.getByTestId('connection-select').selectOption('sandbox-coassemble');
    await page.getByTestId('template-select').selectOption('coassemble.users.upsert');
    await page.getByTestId('field-source-identifier').selectOption('email');
    await page.getByTestId('nav-preview').click();
    await page.getByTestId('test-send-row').fill('2');
    await page.getByTestId('test-send-row').blur();
    const text = page.getByTestId('test-send-body');
    await expect(text).toHaveValue(/"name":"Nguyễn O'Brien"/);
    await text.fill('{"name": "Nguyễn",}');
    await expect(page.getByTestId('test-send-json-error')).toContainText('Not valid JSON');
    await expect(page.getByTestId('test-send-button')).toBeDisabled();
    // Nor is it copied as cURL (a command the LMS would refuse), for the same reason.
    await expect(page.getByTestId('test-copy-curl')).toBeDisabled();
    await expect(page.getByTestId('test-copy-curl')).toHaveAccessibleDescription(/^Not valid JSON/);
    await look(page, 'preview-bad-json-curl');
    await expect(page.getByTestId('test-live-curl')).toHaveCount(0); // Coassemble's key never goes into a cURL
    const count = (await ledger(serve)).length;
    await text.fill('{"name": "Nguyễn"}');
    await expect(page.getByTestId('test-send-json-error')).toHaveCount(0);
    await expect(page.getByTestId('test-send-button')).toBeEnabled();
    await expect(page.getByTestId('test-copy-curl')).toBeEnabled();
    expect((await ledger(serve)).length).toBe(count);
  });
});

test('the manual configuration has a screen, with its sample request updated on every change', async ({
  page,
}) => {
  await withDesk(page, { viewport: { width: 1920, height: 1080 } }, async ({ files }) => {
    const file = join(files, 'publish-plan.csv');
    writeFileSync(
      file,
      [
        'Course ID,Title,Publish on,Notes',
        '101,Fire safety,05/11/2024,first',
        '102,GDPR,06/11/2024,',
        '101,Fire safety (FR),07/11/2024,x',
      ].join('\n') + '\n',
    );
    await importFile(page, file, 3);
    await page.getByTestId('nav-map').click();
    await page.getByTestId('connection-select').selectOption('sandbox-coassemble');
    await page.getByTestId('template-select').selectOption('coassemble.manual');
    await expect(page.getByTestId('manual-config')).toBeVisible();

    // Method and URL with a path parameter from a column.
    await page.getByTestId('manual-url').fill('https://api.coassemble.com/api/v1/headless/course/');
    await page.getByTestId('manual-url-insert').selectOption('Course ID');
    await page.getByTestId('manual-url').press('End');
    await page.getByTestId('manual-url').pressSequentially('/publish');
    await expect(page.getByTestId('manual-url')).toHaveValue(
      'https://api.coassemble.com/api/v1/headless/course/{Course ID}/publish',
    );
    await expect(page.getByTestId('panel-url')).toHaveText(/\/api\/v1\/headless\/course\/101\/publish$/);
    await expect(page.getByTestId('manual-issue-manual.url')).toContainText(
      'only the path of this URL is used',
    );

    // Exclude attributes: the body loses them at once.
    await page.getByTestId('manual-exclude-add').selectOption('Notes');
    await page.getByTestId('manual-exclude-add').selectOption('Course ID');
    await expect(page.getByTestId('panel-body')).not.toContainText('"Notes"');
    await expect(page.getByTestId('panel-body')).toContainText('"Title": "Fire safety"');

    // A date transform on a column of the body.
    await page.getByLabel('Add a transform to Publish on').selectOption('dateFormat');
    await expect(page.getByTestId('panel-body')).toContainText('"Publish on": "2024-11-05"');
    await expect(page.getByTestId('trace-Publish on')).toContainText('date DD/MM/YYYY → YYYY-MM-DD');

    // Headers: an ordinary one is sent; one that looks like a credential is refused (mappings are stored).
    await page.getByTestId('manual-headers').getByRole('button', { name: '+ header' }).click();
    await page.getByLabel('Header 1', { exact: true }).fill('X-Api-Key');
    await page.getByLabel('Value 1', { exact: true }).fill('secret-typed-here');
    await expect(page.getByTestId('manual-issue-manual.headers')).toContainText('looks like a credential');
    await expect(page.getByTestId('working-save-error')).toContainText('looks like a credential');
    await page.getByLabel('Header 1', { exact: true }).fill('X-Source');
    await page.getByLabel('Value 1', { exact: true }).fill('hr-export');
    await expect(page.getByTestId('manual-issue-manual.headers')).toHaveCount(0);
    await expect(page.getByTestId('request-panel').getByRole('row', { name: /X-Source/ })).toContainText(
      'hr-export',
    );

    // Batching, grouped by course: rows 2 and 4 share a call.
    await page.getByTestId('manual-batch').check();
    await page.getByTestId('manual-batch-size').fill('50');
    await page.getByTestId('manual-batch-grouping').selectOption('Course ID');
    const batch = page.getByTestId('panel-batch');
    await expect(batch).toContainText('rows 2–4 (2 records)');
    await expect(batch).toContainText('"Title": "Fire safety (FR)"');

    // The response field to keep per row.
    await page.getByTestId('manual-capture').getByRole('button', { name: '+ response field' }).click();
    await page.getByLabel('Name 1', { exact: true }).fill('Published at');
    await page.getByLabel('Path 1', { exact: true }).fill('published');
    await expect(page.getByTestId('working-save-error')).toHaveCount(0);
    await expect(page.getByTestId('working-saved')).toBeVisible();
    await page.locator('#main').evaluate((m) => m.scrollTo({ top: 0 }));
    await page.getByTestId('manual-url').focus();
    await expect(page.getByTestId('request-panel')).toHaveAttribute('aria-busy', 'false'); // the request is built
    await shot(page, 'map-manual-config');

    // Kept in SQLite: a reload (a new page, nothing in memory) opens the same configuration.
    // The last edit's save: "Saved" is said only once SQLite holds it (uiGuards.spec.ts) — waited on, not 0.6 s.
    await expect(page.getByTestId('working-saved')).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('manual-url')).toHaveValue(
      'https://api.coassemble.com/api/v1/headless/course/{Course ID}/publish',
    );
    await expect(page.getByTestId('manual-batch-grouping')).toHaveValue('Course ID');
    await expect(page.getByLabel('Path 1', { exact: true })).toHaveValue('published');
    await expect(page.getByTestId('panel-batch')).toContainText('rows 2–4 (2 records)');
  });
});

test('the manual configuration fits from 1024×700 to 1920×1080, every control reachable; a row not sent says so', async ({
  page,
}) => {
  await withDesk(page, { viewport: { width: 1024, height: 700 } }, async ({ files }) => {
    const file = join(files, 'publish.csv');
    writeFileSync(
      file,
      ['Course ID,Title,Publish on', '101,Fire safety,05/11/2024', '102,GDPR,31/02/2024'].join('\n') + '\n',
    );
    await importFile(page, file, 2);
    await page.getByTestId('nav-map').click();
    await page.getByTestId('connection-select').selectOption('sandbox-coassemble');
    await page.getByTestId('template-select').selectOption('coassemble.manual');
    const card = page.getByTestId('manual-config');
    await page.getByTestId('manual-url').fill('/api/v1/headless/course/{Course ID}/publish');
    await page.getByTestId('manual-headers').getByRole('button', { name: '+ header' }).click();
    await page.getByLabel('Header 1', { exact: true }).fill('X-Source');
    await page.getByLabel('Value 1', { exact: true }).fill('hr-export');
    await page.getByTestId('manual-capture').getByRole('button', { name: '+ response field' }).click();
    await page.getByLabel('Name 1', { exact: true }).fill('Published at');
    await page.getByLabel('Path 1', { exact: true }).fill('published');
    await page.getByTestId('manual-batch').check();
    await page.getByLabel('Add a transform to Publish on').selectOption('dateFormat');
    await expect(page.getByTestId('request-panel').getByRole('row', { name: /X-Source/ })).toBeVisible();

    for (const [w, h] of [
      [1920, 1080],
      [1024, 700],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      // Nothing in the card is wider than the card (a fieldset is as wide as its content by default).
      const wider = await card.evaluate((c) =>
        [c, ...c.querySelectorAll('fieldset, .kv-entries, .kv-entry, p')]
          .filter((e) => e.scrollWidth > e.clientWidth + 1)
          .map((e) => `${e.tagName}.${e.className}: ${e.scrollWidth} > ${e.clientWidth}`),
      );
      expect(wider, `manual configuration at ${w}×${h}`).toEqual([]);
      // Every control is the element under its own centre: nothing lies on top of it.
      for (const control of await card
        .locator('button:visible, input:visible, select:visible, summary:visible')
        .all()) {
        await control.scrollIntoViewIfNeeded();
        const hit = await control.evaluate((e) => {
          const r = e.getBoundingClientRect();
          const at = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
          return at !== null && (at === e || e.contains(at));
        });
        expect(hit, `${await control.evaluate((e) => e.outerHTML.slice(0, 80))} at ${w}×${h}`).toBe(true);
      }
    }
    // At 1024×700 the header's × removes it (it used to lie under the Request panel).
    await page.getByTestId('manual-headers').getByRole('button', { name: 'Remove header X-Source' }).click();
    await expect(page.getByLabel('Header 1', { exact: true })).toHaveCount(0);
    await expect(page.getByTestId('request-panel').getByRole('row', { name: /X-Source/ })).toHaveCount(0);
    await page.getByTestId('manual-capture').scrollIntoViewIfNeeded();
    await look(page, 'manual-config-1024');

    // A row that is not sent is in no batch: the batch panel says so instead of an empty call.
    await page.getByTestId('panel-row').fill('3');
    await page.getByTestId('panel-row').press('Enter');
    await expect(page.getByTestId('panel-issues')).toContainText('February 2024 has no day 31');
    const batch = page.getByTestId('panel-batch');
    await expect(batch).toContainText(
      'Batched: this row is not sent, so it goes out in no call (the problem above)',
    );
    await expect(batch).not.toContainText('no other row');
    await expect(batch.locator('pre')).toHaveCount(0);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.locator('#main').evaluate((m) => m.scrollTo({ top: 0 }));
    await look(page, 'manual-config-1920');
  });
});

test('lookups for programs and groups, and a deleted course restored by its title', async ({ page }) => {
  await withDesk(page, async ({ serve, files }) => {
    await syncSandbox(page);
    const state = (await (await fetch(`${serve.sandboxUrl}/__sandbox/state`)).json()) as {
      coassemble: { courses: { id: number; title: string; deleted: string | null }[] };
      coursepath: {
        programs: { id: number; name: string }[];
        groups: { id: number; name: string }[];
        members: { id: number; email: string; role: string }[];
      };
    };
    const gone = state.coassemble.courses.find(
      (c) => c.deleted !== null && state.coassemble.courses.filter((x) => x.title === c.title).length === 1,
    )!;
    const [program] = state.coursepath.programs;
    const [group] = state.coursepath.groups;
    const member = state.coursepath.members.find((m) => m.role === 'learner')!;
    const file = join(files, 'catalog.csv');
    writeFileSync(
      file,
      [
        csvLine(['Email', 'Course', 'Program', 'Group']),
        csvLine([member.email, gone.title, program!.name, group!.name.toLowerCase()]),
      ].join('\n') + '\n',
    );
    await importFile(page, file, 1);
    await page.getByTestId('nav-map').click();

    // Restore a deleted Coassemble course by its title: the suggestion looks among deleted courses.
    await page.getByTestId('connection-select').selectOption('sandbox-coassemble');
    await page.getByTestId('template-select').selectOption('coassemble.courses.restore');
    await page.getByTestId('field-source-courseId').selectOption('Course');
    await expect(page.getByTestId('lookup-suggestion-courseId')).toContainText(
      'synced deleted course catalog',
    );
    await page.getByTestId('apply-lookup-courseId').click();
    await expect(page.getByTestId('lookup-deleted-courseId')).toBeChecked();
    await expect(page.getByTestId('panel-url')).toHaveText(
      new RegExp(`/api/v1/headless/course/${gone.id}/restore$`),
    );
    await expect(page.getByTestId('check-summary')).toContainText('1 row builds a valid request');

    // A Coursepath program by its title.
    await page.getByTestId('connection-select').selectOption('sandbox-coursepath');
    await page.getByTestId('template-select').selectOption('coursepath.programs.add');
    await page.getByTestId('field-source-programId').selectOption('Program');
    await page.getByTestId('apply-lookup-programId').click();
    await page.getByTestId('field-source-memberId').selectOption('Email');
    await page.getByTestId('apply-lookup-memberId').click(); // emails in the Member ID: suggested too
    await expect(page.getByTestId('panel-url')).toHaveText(
      new RegExp(`/api/v1/programs/${program!.id}/members/${member.id}/programmember$`),
    );

    // A group by name, sent as the academy spells it.
    await page.getByTestId('template-select').selectOption('coursepath.groups.add');
    await page.getByTestId('field-source-name').selectOption('Group');
    await page.getByLabel('Add a transform to name').selectOption('lookup');
    await page.getByTestId('lookup-name').selectOption('coursepath.group:name');
    await page.getByTestId('field-source-memberId').selectOption('Email');
    await page.getByTestId('apply-lookup-memberId').click();
    await expect(page.getByTestId('panel-form-body').locator('tr[data-field="name"] code.value')).toHaveText(
      group!.name,
    );
    await expect(page.getByTestId('trace-name')).toContainText('look up Coursepath group name → name');
    await expect(page.getByTestId('check-summary')).toContainText('1 row builds a valid request');
  });
});
