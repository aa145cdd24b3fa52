// "Send again" on rows in doubt is a new decision to send, like "rerun the failed rows": on a template
// that changes or removes data it asks for the template's phrase, naming how many rows and where. It
// sent without asking (a manual POST to an endpoint no catalog call describes, whose answer was lost).
// Real parts: a SQLite file, the real keychain, the sandbox LMS over HTTP with its `lost` fault.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

describe('resending rows in doubt', () => {
  const temp = useTempServices();

  it('asks for the phrase of a destructive template, naming the rows; sends nothing without it', async () => {
    const s = await temp.open({ sandbox: { seed: 23, coassembleLimit: null, faults: 'lost:1' } });
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['Course'], [['900001'], ['900002']]),
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.manual',
      mapping: { fields: {}, manual: { method: 'POST', url: '/api/v1/headless/course/{Course}/archive', exclude: ['Course'] } },
      options: { rateLimit: null, canary: 0, concurrency: 1 },
    });
    const phrase = 'POST 2 records to /api/v1/headless/course/{Course}/archive on Sandbox · Coassemble';
    await callOk(s, 'jobs.start', { jobId: job.id, confirm: phrase });
    const first = await s.runner.whenSettled(job.id);
    expect(first.counts).toMatchObject({ in_doubt: 2 });
    const writes = () => s.sandbox!.ledger.entries().filter((e) => e.method === 'POST').length;
    const before = writes();

    const refused = await s.dispatch('jobs.resolveInDoubt', { jobId: job.id, action: 'resend' });
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.error.details).toMatchObject({ field: 'confirm', phrase });
    expect(writes()).toBe(before);
    expect((await callOk(s, 'jobs.get', { jobId: job.id })).counts.in_doubt).toBe(2); // nothing settled

    // One row chosen: the phrase counts that row.
    const items = await callOk(s, 'jobs.items', { jobId: job.id, status: 'in_doubt', offset: 0, limit: 10 });
    const one = await s.dispatch('jobs.resolveInDoubt', { jobId: job.id, action: 'resend', itemIds: [items.items[0]!.id] });
    expect(one.ok || one.error.details).toMatchObject({
      phrase: 'POST 1 record to /api/v1/headless/course/{Course}/archive on Sandbox · Coassemble',
    });

    // Marking them is not sending: no phrase.
    await callOk(s, 'jobs.resolveInDoubt', { jobId: job.id, action: 'markFailed', itemIds: [items.items[1]!.id] });
    await callOk(s, 'jobs.resolveInDoubt', {
      jobId: job.id,
      action: 'resend',
      itemIds: [items.items[0]!.id],
      confirm: 'POST 1 record to /api/v1/headless/course/{Course}/archive on Sandbox · Coassemble',
    });
    await s.runner.whenSettled(job.id);
    expect(writes()).toBe(before + 1);
  });
});
