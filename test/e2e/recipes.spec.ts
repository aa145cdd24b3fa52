// A recipe end to end in real Chromium over the loopback transport: the built-in onboarding recipe made
// the admin's own (renamed, saved), each step's live request for a row of the file, one row previewed
// through every step, the run followed step by step, and History's timeline of each row — the unknown
// course title stopping its row at the enrolment step, with the reason. The sandbox ledger is the witness.
import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ledger, shot } from './helpers/desk';
import { withDesk } from './helpers/freshDesk';

test('build, preview and run the onboarding recipe; History shows each row as a timeline', async ({
  page,
}) => {
  await withDesk(page, async ({ serve, files }) => {
    // The catalog, so course titles become ids.
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('sync-button').click();
    await expect(page.getByTestId('sync-button')).toHaveText('Sync now', { timeout: 120_000 });

    const csv = join(files, 'new-hires.csv');
    writeFileSync(
      csv,
      'Email,First name,Last name,Courses,Groups\n' +
        'ana.lima@acme.test,Ana,Lima,Fire Safety Awareness,Sales\n' +
        'ben.okafor@acme.test,Ben,Okafor,Fire Safety Awareness; Code of Conduct 2026,Support; New hires\n' +
        'chloe.martin@acme.test,Chloe,Martin,,Sales\n' +
        'dev.patel@acme.test,Dev,Patel,Underwater Basket Weaving,Support\n' +
        'eva.schmidt@acme.test,Eva,Schmidt,Time Management,\n',
    );
    await page.getByTestId('nav-import').click();
    await page.getByTestId('file-input').setInputFiles(csv);
    await expect(page.getByTestId('dataset-summary')).toContainText('5 rows');

    // Build: the built-in onboarding recipe, made our own.
    await page.getByTestId('nav-recipes').click();
    await expect(page.getByTestId('recipe-select')).toHaveValue('coursepath.onboard');
    // The LMS by its name, as Map and Connections write it.
    await expect(page.getByTestId('recipe-select').locator('option:checked')).toHaveText(
      'Onboard learners (Coursepath) — built in',
    );
    await expect(page.getByTestId('recipe-connection')).toHaveValue('sandbox-coursepath');
    await page.getByTestId('recipe-name').fill('Acme onboarding');
    await page.getByTestId('recipe-id').fill('acme.onboard');
    await page.getByTestId('recipe-save').click();
    await expect(page.getByTestId('recipe-notice')).toHaveText('Saved "Acme onboarding" (acme.onboard).');
    // Each step beside its live request: the enrolment reads the member id step 1 will capture.
    const enrol = page.getByTestId('recipe-step-courses');
    await expect(enrol.getByTestId('step-live')).toContainText('/coursemember');
    await expect(enrol.getByTestId('step-live')).toContainText('{member.Member ID}');
    await enrol.scrollIntoViewIfNeeded();
    await shot(page, 'recipes-build');

    // Preview: row 3 (Ben) through every step — two enrolments, two groups.
    await page.getByTestId('recipe-preview-row').fill('3');
    const preview = page.getByTestId('recipe-preview');
    await expect(preview.getByTestId('preview-step-courses').locator('.request')).toHaveCount(2);
    await expect(preview.getByTestId('preview-step-groups').locator('.request')).toHaveCount(2);
    // A form body is shown as its fields, decoded (as on Map and Preview).
    await expect(preview.getByTestId('preview-step-member')).toContainText('ben.okafor@acme.test');
    await preview.scrollIntoViewIfNeeded();
    await shot(page, 'recipes-preview');

    // Run: the per-step check names the unknown title; the job runs every row it can.
    const run = page.getByTestId('recipe-run');
    await expect(run.getByTestId('recipe-preflight')).toContainText('Enrol in courses');
    await expect(run).toContainText('"Underwater Basket Weaving" is not a course title');
    // Requests in parallel: automatic unless the admin pins a number (issue 19), one limit for every step.
    await expect(run.getByTestId('recipe-concurrency')).toHaveValue('');
    await expect(run.getByTestId('recipe-concurrency')).toHaveAttribute('placeholder', 'auto');
    // Every request the run sends, counted before it: up to 17 writes (the steps after the member's own
    // decide as they go), and undo's read before each of the 4 enrolments and 4 group adds.
    await expect(run.getByTestId('recipe-run-button')).toHaveText('Run the recipe (up to 17 writes + 8 reads)');
    await expect(run.getByTestId('recipe-preflight')).toContainText('Reads before');
    const ran = (await ledger(serve)).length;
    await run.getByTestId('recipe-run-button').click();
    await expect(run.getByTestId('recipe-job')).toHaveAttribute('data-state', 'completed', {
      timeout: 60_000,
    });
    await expect(run.getByTestId('recipe-job')).toContainText('1 failed');
    await run.scrollIntoViewIfNeeded();
    await shot(page, 'recipes-run');
    // As counted: a read of each enrolment's and group add's target, just before its write.
    const reads = (await ledger(serve))
      .slice(ran)
      .filter((e) => e.method === 'GET' && /\/coursemember$|\/groups(\?|$)/.test(e.path));
    expect(reads).toHaveLength(8);

    // History: every row with its steps; Dev's stops at the enrolment, the rest blocked with the reason.
    await run.getByTestId('recipe-open-history').click();
    const rows = page.getByTestId('recipe-rows');
    await expect(rows.getByTestId('timeline-row-2')).toHaveAttribute('data-outcome', 'done');
    const dev = rows.getByTestId('timeline-row-5');
    await expect(dev).toHaveAttribute('data-outcome', 'failed');
    await expect(dev).toContainText('"Underwater Basket Weaving" is not a course title');
    await expect(dev.locator('[data-status="blocked"]')).toHaveCount(2); // groups and invitation
    await expect(rows.getByTestId('step-counts-invite')).toContainText('4');
    await rows.scrollIntoViewIfNeeded();
    await shot(page, 'history-recipe-timeline');
    // An item opened from the timeline says which row and step its requests are, below the rows.
    await rows.getByRole('button', { name: /^Row 2, Create member:/ }).click();
    const opened = rows.getByTestId('recipe-item-attempts');
    await expect(opened.getByTestId('recipe-item-title')).toHaveText('Row 2 · Create member');
    // Its form body decoded into fields, as the drawer of any row shows it.
    await expect(opened.locator('details.attempt').last()).toContainText('ana.lima@acme.test');
    await expect(opened).not.toContainText('%40');
    // Undo is offered as for any job: per step, the last first, what is undone and what cannot be.
    await page.getByTestId('undo-job-button').click();
    const steps = page.getByTestId('undo-steps');
    await expect(steps.locator('tbody tr')).toHaveCount(4);
    await expect(steps.locator('tbody tr').first()).toContainText('4. Send the invitation');
    await expect(page.getByTestId('undo-step-4')).toContainText('not undone: An invitation cannot be unsent');
    await expect(page.getByTestId('undo-step-3')).toContainText('Coursepath: remove from group');
    await expect(page.getByTestId('undo-step-1')).toContainText(
      'not undone: Coursepath has no member delete',
    );
    await expect(page.getByTestId('undo-start')).toBeEnabled();
    await page.getByTestId('undo-panel').scrollIntoViewIfNeeded();
    await shot(page, 'history-recipe-undo');
    await page.getByTestId('undo-close').click();

    // Run follows the same job: every item done, the two blocked ones counted, as Recipes counts them.
    await page.getByTestId('nav-run').click();
    await expect(page.getByTestId('job-state')).toHaveText('completed');
    await expect(page.getByTestId('job-progress')).toHaveText(/^(\d+) \/ \1$/);
    await expect(page.getByTestId('job-blocked')).toHaveText('2');

    // What the LMS received: each member created once, four invitations (Dev's waits for his fix).
    const sent = await ledger(serve);
    const creates = sent.filter(
      (e) => e.method === 'POST' && e.path === '/api/v1/members' && e.status === 201,
    );
    expect(creates.map((e) => e.body?.email).sort()).toEqual([
      'ana.lima@acme.test',
      'ben.okafor@acme.test',
      'chloe.martin@acme.test',
      'dev.patel@acme.test',
      'eva.schmidt@acme.test',
    ]);
    expect(sent.filter((e) => e.method === 'POST' && e.path.endsWith('/invite'))).toHaveLength(4);
  });
});

test('a recipe with destructive steps asks first, naming each step, and says how Undo takes it back', async ({
  page,
}) => {
  await withDesk(page, { open: false }, async ({ serve, files }) => {
    // Two of the academy's members, enrolled in a course and in a group the catalog knows.
    const state = (await (await fetch(`${serve.sandboxUrl}/__sandbox/state`)).json()) as {
      coursepath: {
        members: { id: number; email: string }[];
        courses: { id: number; name: string }[];
        groups: { name: string; memberIds: number[] }[];
      };
    };
    const cp = state.coursepath;
    const group = cp.groups.find((g) => g.memberIds.length >= 2)!;
    const emails = group.memberIds.slice(0, 2).map((id) => cp.members.find((m) => m.id === id)!.email);
    await page.goto(serve.openUrl);
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('sync-button').click();
    await expect(page.getByTestId('sync-button')).toHaveText('Sync now', { timeout: 120_000 });
    const csv = join(files, 'leavers.csv');
    writeFileSync(
      csv,
      `Email,Courses,Groups\n${emails.map((e) => `${e},${cp.courses[0]!.name},${group.name}`).join('\n')}\n`,
    );
    await page.getByTestId('nav-import').click();
    await page.getByTestId('file-input').setInputFiles(csv);
    await expect(page.getByTestId('dataset-summary')).toContainText('2 rows');

    await page.getByTestId('nav-recipes').click();
    await page.getByTestId('recipe-select').selectOption('coursepath.offboard');
    const run = page.getByTestId('recipe-run');
    await expect(run.getByTestId('recipe-run-button')).toBeEnabled({ timeout: 30_000 });
    await expect(run.getByTestId('recipe-run-button')).toHaveText('Run the recipe (4 writes + 4 reads)');
    const before = (await ledger(serve)).length;
    await run.getByTestId('recipe-run-button').click();
    const dialog = page.getByTestId('confirm-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Remove from courses: 2');
    await expect(dialog).toContainText('Remove from groups: 2');
    await expect(dialog).toContainText('It can be undone afterwards, step by step');
    await expect(dialog.getByTestId('confirm-phrase')).toHaveText(
      /^REMOVE 2 course enrolments and REMOVE 2 group memberships on Sandbox · Coursepath$/,
    );
    await shot(page, 'recipes-destructive-confirm');
    await dialog.getByTestId('confirm-dialog-cancel').click();
    await expect(dialog).toBeHidden();
    // Going back sent nothing. Writes only, as plan.spec.ts checks its dialog: the sync started above may
    // still be reading from the LMS (its Coassemble reads end with GET /api/v1/headless/screen/types)
    // while the dialog is open, and a read changes nothing.
    expect((await ledger(serve)).slice(before).filter((e) => e.method !== 'GET')).toEqual([]);
  });
});
