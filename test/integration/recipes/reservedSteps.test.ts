// Recipes on issue 19's hot path: a recipe job's turns are written by the writer thread, and items are
// reserved ahead (marked `sending` before a slot frees). A step is reserved or sent only once its row's
// earlier steps were answered and that answer — with the member id the next step's URL needs — is on
// disk; an invitation (its in-doubt read rests on an unconfirmed field) is never reserved ahead. Paused
// mid-job, reserved items that never left go back to pending without an attempt; resumed, every member is
// created, enrolled, grouped and invited exactly once.
import { describe, expect, it } from 'vitest';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import type { LedgerEntry } from '../../../src-main/sandbox/index';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const ROWS = 240;
const CONCURRENCY = 4;
const isCreate = (e: LedgerEntry) => e.method === 'POST' && e.path === '/api/v1/members';
const inviteOf = (e: LedgerEntry) => /^\/api\/v1\/members\/(\d+)\/invite$/.exec(e.path)?.[1];

describe('recipe items reserved ahead, written by the writer thread', () => {
  const temp = useTempServices();

  it('reserves a step only after its row’s earlier steps are answered and written; paused, reserved items go back; resumed, everything once', async () => {
    const s = await temp.open({ sandbox: { seed: 31, faults: 'latency:5-15' } });
    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
    expect(await s.sync.whenDone(SANDBOX_COURSEPATH_ID)).toBe('completed');
    const titles = (await sandboxState(s.sandbox!.url)).coursepath.courses.map((c) => c.name);
    const rows = Array.from({ length: ROWS }, (_, i) => [
      `r${i}@reserve.test`,
      `R${i}`,
      'Lee',
      i % 2 ? `${titles[i % titles.length]}; ${titles[(i + 1) % titles.length]}` : titles[i % titles.length]!,
      i % 3 ? 'Sales' : 'Support',
    ]);
    const datasetId = seedDataset(s.db, ['Email', 'First name', 'Last name', 'Courses', 'Groups'], rows);
    const before = s.sandbox!.ledger.entries().at(-1)?.seq ?? 0;
    const job = await callOk(s, 'recipes.createJob', {
      recipe: ONBOARD_LEARNERS,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      options: { concurrency: CONCURRENCY },
    });
    const total = job.counts.total;

    // While it runs: no item `sending` on disk whose row has an earlier step not done (answered and
    // written), and more items `sending` than requests in flight at some point (reserved ahead).
    const ahead = s.db.prepare(
      `SELECT COUNT(*) FROM job_items i WHERE i.job_id = ? AND i.status = 'sending' AND EXISTS (
         SELECT 1 FROM job_items e WHERE e.job_id = i.job_id AND e.row_number = i.row_number AND e.step < i.step
            AND e.status NOT IN ('succeeded', 'skipped'))`,
    );
    const sending = s.db.prepare(`SELECT COUNT(*) FROM job_items WHERE job_id = ? AND status = 'sending'`);
    const invitesSending = s.db.prepare(
      `SELECT COUNT(*) FROM job_items WHERE job_id = ? AND status = 'sending' AND step = 3`,
    );
    let maxSending = 0;
    let maxInvites = 0;
    let broken = 0;
    const watch = async (until: () => boolean) => {
      while (!until()) {
        broken += ahead.pluck().get(job.id) as number;
        maxSending = Math.max(maxSending, sending.pluck().get(job.id) as number);
        maxInvites = Math.max(maxInvites, invitesSending.pluck().get(job.id) as number);
        await new Promise((r) => setTimeout(r, 2));
      }
    };
    await callOk(s, 'jobs.start', { jobId: job.id });
    await watch(() => s.sandbox!.ledger.since(before).length >= total / 2);
    const paused = await callOk(s, 'jobs.pause', { jobId: job.id });
    expect(paused.state).toBe('paused');
    expect(paused.counts.sending).toBe(0);
    // Every send attempt is a request the sandbox received: reserved items that never left left none.
    const sent = s.sandbox!.ledger.since(before).filter((e) => e.method !== 'GET');
    const attempts = s.db
      .prepare(
        `SELECT COUNT(*) FROM attempts a JOIN job_items i ON i.id = a.item_id WHERE i.job_id = ? AND a.kind = 'send'`,
      )
      .pluck()
      .get(job.id) as number;
    expect(attempts).toBe(sent.length);

    await callOk(s, 'jobs.resume', { jobId: job.id });
    let settled = false;
    const done = s.runner.whenSettled(job.id).finally(() => (settled = true));
    await watch(() => settled);
    const summary = await done;
    expect(summary.state).toBe('completed');
    expect(summary.counts.succeeded).toBe(total);

    expect(broken).toBe(0);
    expect(maxSending).toBeGreaterThan(CONCURRENCY); // items were reserved ahead
    expect(maxInvites).toBeLessThanOrEqual(CONCURRENCY); // invitations only ever in flight, never reserved

    // Each member created once, invited once, and never before the sandbox answered their creation.
    const ledger = s.sandbox!.ledger.since(before);
    const state = await sandboxState(s.sandbox!.url);
    const emailOf = new Map(state.coursepath.members.map((m) => [String(m.id), m.email]));
    const creates = new Map<string, LedgerEntry[]>();
    for (const e of ledger.filter(isCreate)) {
      const email = (e.body as { email: string }).email;
      creates.set(email, [...(creates.get(email) ?? []), e]);
    }
    expect(creates.size).toBe(ROWS);
    expect([...creates.values()].every((c) => c.length === 1)).toBe(true);
    const invited = ledger.filter((e) => e.method === 'POST' && inviteOf(e));
    expect(invited).toHaveLength(ROWS);
    expect(new Set(invited.map(inviteOf)).size).toBe(ROWS);
    for (const e of invited) {
      const create = creates.get(emailOf.get(inviteOf(e)!)!)![0]!;
      expect(e.at).toBeGreaterThanOrEqual(create.at + Math.floor(create.latencyMs ?? 0));
    }
    const enrolments = state.coursepath.courseMembers.filter((cm) =>
      emailOf.get(String(cm.memberId))?.endsWith('@reserve.test'),
    );
    expect(enrolments).toHaveLength(rows.reduce((n, r) => n + r[3]!.split(';').length, 0));
  }, 90_000);
});
