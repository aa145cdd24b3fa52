// A row whose read before its write fails — not refused: the LMS answering 500 through every retry —
// fails unsent, and the job's events say so ("Row N failed: …"), as they say a failed send. Found by
// review: such a row failed with nothing in the job's events (only a refusal's failure was said, by the
// breakers). Real parts: a SQLite file, the real keychain, the sandbox LMS over HTTP with its 500 fault.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

describe('a read before the write that fails', () => {
  const temp = useTempServices();

  it('fails its row unsent, and the events say "Row N failed" with why', async () => {
    const s = await temp.open({ sandbox: { seed: 51, faults: '500:1', coassembleLimit: null } });
    const member = (await sandboxState(s.sandbox!.url)).coursepath.members.find((m) => m.role === 'learner')!;
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['member', 'company'], [[String(member.id), 'Acme']]),
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.update',
      mapping: {
        fields: { memberId: { kind: 'column', column: 'member' }, company: { kind: 'column', column: 'company' } },
      },
      options: { canary: 0, concurrency: 1, undo: true },
    });
    await callOk(s, 'jobs.start', { jobId: job.id, confirm: 'OVERWRITE 1 member profile on Sandbox · Coursepath' });
    const done = await s.runner.whenSettled(job.id);

    expect(done.counts).toMatchObject({ failed: 1, succeeded: 0 });
    expect(s.sandbox!.ledger.entries().every((e) => e.method === 'GET')).toBe(true);
    const [item] = (await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 1 })).items;
    expect(item!.error).toMatch(/^Not sent: reading .* before the write failed/);
    const failed = (await callOk(s, 'jobs.events', { jobId: job.id })).filter((e) => e.kind === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.message).toContain('Row 2 failed');
    expect(failed[0]!.message).toContain('before the write failed');
  });
});
