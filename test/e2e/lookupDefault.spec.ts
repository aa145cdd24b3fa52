// A lookup added by hand ("+ transform…" → Look up the id) starts as the one that answers its field, on
// the mapping's API: an admin putting the Email column in Member ID and adding the lookup got "Coursepath
// course title → course ID", and every row said the email "is not a course title" (a walk-through).
import { expect, test } from '@playwright/test';
import { look } from './helpers/desk';
import { importSample, mapTemplate } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

test('a lookup added by hand to Member ID looks up member emails; to Course ID, course titles', async ({
  page,
}) => {
  await withDesk(page, async () => {
    await importSample(page);
    await mapTemplate(page, 'sandbox-coursepath', 'coursepath.courses.enrol');
    await page.getByTestId('field-source-memberId').selectOption('email');
    await page.getByLabel('Add a transform to memberId').selectOption('lookup');
    await expect(page.getByTestId('lookup-memberId')).toHaveValue('coursepath.member');
    await page.getByTestId('field-source-courseId').selectOption('department');
    await page.getByLabel('Add a transform to courseId').selectOption('lookup');
    await expect(page.getByTestId('lookup-courseId')).toHaveValue('coursepath.course');
    await page.getByTestId('lookup-memberId').scrollIntoViewIfNeeded();
    await look(page, 'map-lookup-added-by-hand');
  });
});
