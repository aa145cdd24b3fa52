// "Already sent" holds only while the LMS keeps it (reversedSince.test.ts), and more than a template's
// swap takes a success back: removing a member from all their groups takes back every group they were
// added to; deleting a Coassemble user (or client) takes back its upsert, and an upsert that creates it
// again takes back the delete. Re-onboarding after such an offboarding is sent, not skipped as "already
// sent". Real sandbox LMS, real SQLite file, real keychain, through dispatch.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import type { Mapping } from '../../../src-shared/mapping/types';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const col = (column: string) => ({ kind: 'column' as const, column });

function jobOf(datasetId: string, connectionId: string, templateId: string, mapping: Mapping, options = {}) {
  return { datasetId, connectionId, templateId, mapping, options: { rateLimit: null, ...options } };
}

async function runConfirmed(s: Services, spec: ReturnType<typeof jobOf>) {
  const job = await callOk(s, 'jobs.create', spec);
  const r = await s.dispatch('jobs.start', { jobId: job.id });
  if (!r.ok) {
    const phrase = r.error.details?.phrase;
    if (!phrase) throw new Error(JSON.stringify(r.error));
    await callOk(s, 'jobs.start', { jobId: job.id, confirm: phrase });
  }
  return (await s.runner.whenSettled(job.id)).counts;
}

describe('already sent, then taken back by another call than its swap', () => {
  const temp = useTempServices();

  it('a group add is sent again after the member was removed from all groups', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const st = await sandboxState(s.sandbox!.url);
    const member = st.coursepath.members.find((m) => m.role === 'learner')!;
    const add = seedDataset(s.db, ['member', 'group'], [[String(member.id), 'Re-hire group']]);
    const addSpec = jobOf(add, SANDBOX_COURSEPATH_ID, 'coursepath.groups.add', {
      fields: { memberId: col('member'), name: col('group') },
    });
    expect((await runConfirmed(s, addSpec)).succeeded).toBe(1);
    expect((await callOk(s, 'jobs.preflight', addSpec)).counts).toMatchObject({ wouldSend: 0, alreadySent: 1 });

    const all = seedDataset(s.db, ['member'], [[String(member.id)]]);
    const removeAll = jobOf(all, SANDBOX_COURSEPATH_ID, 'coursepath.groups.removeAll', { fields: { memberId: col('member') } });
    expect((await runConfirmed(s, removeAll)).succeeded).toBe(1);
    // The member is in no group now: adding them again is sent.
    expect((await callOk(s, 'jobs.preflight', addSpec)).counts).toMatchObject({ wouldSend: 1, alreadySent: 0 });
    // And once added to a group again, removing them from all groups is sent again too.
    expect((await runConfirmed(s, addSpec)).succeeded).toBe(1);
    expect((await callOk(s, 'jobs.preflight', removeAll)).counts).toMatchObject({ wouldSend: 1, alreadySent: 0 });
  });

  it('a Coassemble user upserted, deleted, then upserted again is created again; deleted again, sent again', async () => {
    const s = await temp.open({ sandbox: { seed: 7, coassembleLimit: null } });
    const ds = seedDataset(s.db, ['id', 'name', 'action'], [['rehire-1', 'Re Hire', 'ignore']]);
    const upsert = jobOf(ds, SANDBOX_COASSEMBLE_ID, 'coassemble.users.upsert', {
      fields: { identifier: col('id'), name: col('name') },
    });
    const del = jobOf(ds, SANDBOX_COASSEMBLE_ID, 'coassemble.users.delete', {
      fields: { identifier: col('id'), action: col('action') },
    });
    expect((await runConfirmed(s, upsert)).succeeded).toBe(1);
    expect((await runConfirmed(s, del)).succeeded).toBe(1);
    expect((await callOk(s, 'jobs.preflight', upsert)).counts).toMatchObject({ wouldSend: 1, alreadySent: 0 });
    expect((await runConfirmed(s, upsert)).succeeded).toBe(1);
    expect((await callOk(s, 'jobs.preflight', del)).counts).toMatchObject({ wouldSend: 1, alreadySent: 0 });
  });
});
