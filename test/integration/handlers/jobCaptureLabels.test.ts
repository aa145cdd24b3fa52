// History names a job's captured fields (its "Member ID" column, a recipe's every step's) from the
// template the job froze when it was made (migration 24), not the catalog's. Found by review: History read
// the labels from the catalog of the day, so after an upgrade that changed what a template captures, a job
// made before showed the new template's labels over the answers the old one captured. The job summary now
// carries the job's own labels; the catalog's template is changed here as an upgrade would (and put back).
import { afterEach, describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import type { Template } from '../../../src-shared/connectors/types';
import { callOk } from '../../helpers/callOk';
import { createMemberJob } from '../../helpers/memberJob';
import { useTempServices } from '../../helpers/tempServices';

const catalogTemplate = getTemplate('coursepath.members.create') as { capture: Template['capture'] } & Template;
const shippedCapture = catalogTemplate.capture;
afterEach(() => {
  catalogTemplate.capture = shippedCapture;
});

describe("a job's captured-field labels", () => {
  const temp = useTempServices();

  it("come from the job's own template after the catalog changed what it captures", async () => {
    const s = await temp.open({ sandbox: { seed: 49 } });
    const job = await createMemberJob(s, 1, { canary: 0 });
    expect(job.captureLabels).toEqual(['Member ID']);
    catalogTemplate.capture = { 'Profile ID': 'id' };

    const listed = (await callOk(s, 'jobs.list', {})).find((j) => j.id === job.id)!;
    expect(listed.captureLabels).toEqual(['Member ID']);
  });

  it('a job made before templates were kept (none stored) labels from the catalog, as before', async () => {
    const s = await temp.open({ sandbox: { seed: 50 } });
    const job = await createMemberJob(s, 1, { canary: 0 });
    s.db.prepare('UPDATE jobs SET templates_json = NULL WHERE id = ?').run(job.id);
    catalogTemplate.capture = { 'Profile ID': 'id' };

    const listed = (await callOk(s, 'jobs.list', {})).find((j) => j.id === job.id)!;
    expect(listed.captureLabels).toEqual(['Profile ID']);
  });
});
