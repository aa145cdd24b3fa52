// A recipe's first step already done by a test send: the row's member was created by "Send test" with the
// same key (its email), so the recipe does not create it again — and the later steps still need its
// member id. A test send keeps the LMS's answer, not captured fields, so the id is captured from that
// answer (runner/captureFields.ts `capturedBefore`); the groups and invitation go to that member.
import { describe, expect, it } from 'vitest';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const COLUMNS = ['Email', 'First name', 'Last name', 'Courses', 'Groups'];

describe('a recipe after a test send of its first step', () => {
  const temp = useTempServices();

  it('does not create the test-sent member again, and sends its later steps to the member the test created', async () => {
    const s = await temp.open({ sandbox: { seed: 5 } });
    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
    expect(await s.sync.whenDone(SANDBOX_COURSEPATH_ID)).toBe('completed');
    const rows = [1, 2, 3].map((i) => [`tested${i}@capture.test`, `Tested${i}`, 'Lee', '', 'Sales']);
    const datasetId = seedDataset(s.db, COLUMNS, rows);

    const test = await callOk(s, 'requests.testSend', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: ONBOARD_LEARNERS.steps[0]!.template,
      mapping: ONBOARD_LEARNERS.steps[0]!.mapping,
      rowNumber: 2,
    });
    expect(test.status).toBe(201);
    const testedId = String((JSON.parse(test.responseBody) as { id: number }).id);
    const since = s.sandbox!.ledger.entries().at(-1)?.seq ?? 0;

    const job = await callOk(s, 'recipes.createJob', {
      recipe: ONBOARD_LEARNERS,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      options: {},
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    await s.runner.whenSettled(job.id);

    const sent = s.sandbox!.ledger.entries().filter((e) => e.seq > since);
    const state = await sandboxState(s.sandbox!.url);
    // One member per email: the test-sent one was not created again.
    for (const [email] of rows)
      expect(
        state.coursepath.members.filter((m) => m.email === email),
        email,
      ).toHaveLength(1);
    expect(sent.filter((e) => e.method === 'POST' && e.path === '/api/v1/members')).toHaveLength(2);
    // Row 2's group and invitation went to the member the test send created.
    expect(sent.map((e) => `${e.method} ${e.path}`)).toEqual(
      expect.arrayContaining([
        `POST /api/v1/members/${testedId}/groups`,
        `POST /api/v1/members/${testedId}/invite`,
      ]),
    );
    const items = await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 50 });
    const created = items.items.find((i) => i.rowNumber === 2 && i.step === 0)!;
    expect(created.status).toBe('skipped');
  });
});
