// "Send the repeated rows too" (allowDuplicates): rows of one file that act on the same target were sent
// side by side at a concurrency above 1, so they reached the LMS in any order and it could keep an
// earlier row's values (a member ending with row 2's company though row 6 set another). A repeat of a
// key now waits until the earlier row with that key is answered, so the LMS sees them in file order, as a
// recipe's repeats already did. Other rows still go side by side. Real sandbox LMS (with latency, so
// requests overlap), real SQLite file, real keychain.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const col = (column: string) => ({ kind: 'column' as const, column });

describe('repeated rows sent too', () => {
  const temp = useTempServices();

  it('reach the LMS one after another, in file order; the last row’s values stay', async () => {
    const s = await temp.open({ sandbox: { seed: 7, faults: 'latency:30-90' } });
    const learners = (await sandboxState(s.sandbox!.url)).coursepath.members.filter((m) => m.role === 'learner');
    const [m, ...others] = learners;
    // Member m five times (rows 2, 4, 6, 8, 10), other members between.
    const rows: string[][] = [];
    for (let i = 0; i < 5; i++) rows.push([String(m!.id), `Co ${i + 1}`], [String(others[i]!.id), `Other ${i + 1}`]);
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['member', 'company'], rows),
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.update',
      mapping: { fields: { memberId: col('member'), company: col('company') } },
      options: { allowDuplicates: true, concurrency: 8, canary: 0, undo: false },
    });
    const before = s.sandbox!.ledger.entries().at(-1)?.seq ?? 0;
    await callOk(s, 'jobs.start', { jobId: job.id, confirm: 'OVERWRITE 10 member profiles on Sandbox · Coursepath' });
    expect((await s.runner.whenSettled(job.id)).counts.succeeded).toBe(10);

    const writes = s.sandbox!.ledger.since(before).filter((e) => e.method !== 'GET' && e.path.endsWith(`/members/${m!.id}`));
    expect(writes.map((e) => (e.body as { company: string }).company)).toEqual(['Co 1', 'Co 2', 'Co 3', 'Co 4', 'Co 5']);
    // Each arrives after the one before was answered: never side by side.
    for (let i = 1; i < writes.length; i++)
      expect(writes[i]!.at).toBeGreaterThanOrEqual(writes[i - 1]!.at + (writes[i - 1]!.latencyMs ?? 0));
    expect((await sandboxState(s.sandbox!.url)).coursepath.members.find((x) => x.id === m!.id)!.company).toBe('Co 5');
  }, 60_000);
});
