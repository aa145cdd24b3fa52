// The synced catalog answers the lookups the issue asked for, against the real sandbox: soft-deleted
// Coassemble courses are kept with their state, so a course is restored by its title (and a delete by
// title of an already deleted course is refused, naming why); Coursepath programs by title and groups by
// name — to their id, or to the name as the academy spells it, an unknown group stopping the row.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

interface State {
  coassemble: { courses: { id: number; title: string; deleted: string | null }[] };
  coursepath: {
    programs: { id: number; name: string }[];
    groups: { id: number; name: string }[];
    members: { id: number; email: string; role: string }[];
  };
}

describe('catalog lookups', () => {
  const temp = useTempServices();

  it('restores a deleted Coassemble course by its title; a live title is not restored, a deleted one not deleted', async () => {
    // The sandbox keeps no window here, so neither does the sync (its pace is tested elsewhere).
    const s = await temp.open({ sandbox: { seed: 4, coassembleLimit: null }, sync: { rateLimit: null } });
    const state = (await sandboxState(s.sandbox!.url)) as unknown as State;
    const live = state.coassemble.courses.find((c) => c.deleted === null)!;
    // Delete one through the API, so the sandbox holds a soft-deleted course with a known title.
    const gone = state.coassemble.courses.find((c) => c.deleted === null && c.id !== live.id && c.title !== live.title)!;
    const del = await fetch(`${s.sandbox!.url}/api/v1/headless/course/${gone.id}`, {
      method: 'DELETE',
      headers: { Authorization: `COASSEMBLE:${s.sandbox!.credentials.coassemble.workspaceId}:${s.sandbox!.credentials.coassemble.apiKey}` },
    });
    expect(del.status).toBe(200);

    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COASSEMBLE_ID] });
    expect(await s.sync.whenDone(SANDBOX_COASSEMBLE_ID)).toBe('completed');
    // Kept in the catalog with its state; reports still count only live courses.
    expect(s.db.prepare(`SELECT status FROM synced_courses WHERE course_id = ?`).pluck().get(String(gone.id))).toBe('deleted');
    const [status] = (await callOk(s, 'sync.status', {})).filter((x) => x.connectionId === SANDBOX_COASSEMBLE_ID);
    expect(status!.counts.courses).toBe(state.coassemble.courses.filter((c) => c.deleted === null).length - 1);

    const datasetId = seedDataset(s.db, ['Course'], [[gone.title.toUpperCase()], [live.title]]);
    const byTitle = (state: 'deleted' | undefined) => ({
      fields: {
        courseId: {
          kind: 'column' as const,
          column: 'Course',
          transforms: [{ kind: 'lookup' as const, entity: 'coassemble.course' as const, from: 'title' as const, connectionId: '', ...(state ? { state } : {}) }],
        },
      },
    });
    const restore = { datasetId, connectionId: SANDBOX_COASSEMBLE_ID, templateId: 'coassemble.courses.restore', mapping: byTitle('deleted') };
    const preview = await callOk(s, 'requests.preview', { ...restore, offset: 0, limit: 5 });
    expect(preview[0]!.url).toBe(`${s.sandbox!.url}/api/v1/headless/course/${gone.id}/restore`);
    expect(preview[1]!.issues[0]!.message).toMatch(new RegExp(`is a course in the Sandbox · Coassemble catalog .*\\(id ${live.id}\\) but it is not deleted; there is nothing to restore`));

    const deleting = await callOk(s, 'requests.preview', { ...restore, templateId: 'coassemble.courses.delete', mapping: byTitle(undefined), offset: 0, limit: 5 });
    expect(deleting[0]!.issues[0]!.message).toMatch(new RegExp(`is a deleted course in the Sandbox · Coassemble catalog .*\\(id ${gone.id}\\); restore it first`));

    // The restore itself, for real: the sandbox's course is live again.
    const { confirmation } = await callOk(s, 'jobs.preflight', restore);
    const job = await callOk(s, 'jobs.create', { ...restore, options: { ...(confirmation ? { confirm: confirmation } : {}) } });
    await callOk(s, 'jobs.start', { jobId: job.id, ...(confirmation ? { confirm: confirmation } : {}) });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts.succeeded).toBe(1);
    const after = (await sandboxState(s.sandbox!.url)) as unknown as State;
    expect(after.coassemble.courses.find((c) => c.id === gone.id)!.deleted).toBeNull();
  });

  it('looks up Coursepath programs by title and groups by name (to the id, or to the name as the academy spells it)', async () => {
    const s = await temp.open({ sandbox: { seed: 4 } });
    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
    expect(await s.sync.whenDone(SANDBOX_COURSEPATH_ID)).toBe('completed');
    const state = (await sandboxState(s.sandbox!.url)) as unknown as State;
    const [program] = state.coursepath.programs;
    const [group] = state.coursepath.groups;
    const member = state.coursepath.members.find((m) => m.role === 'learner')!;
    expect(s.db.prepare(`SELECT COUNT(*) FROM synced_programs WHERE connection_id = ?`).pluck().get(SANDBOX_COURSEPATH_ID)).toBe(
      state.coursepath.programs.length,
    );

    const datasetId = seedDataset(s.db, ['Email', 'Program', 'Group'], [
      [member.email, ` ${program!.name.toLowerCase()} `, group!.name.toUpperCase()],
      [member.email, 'No such program', 'No such group'],
    ]);
    const memberByEmail = { kind: 'lookup' as const, entity: 'coursepath.member' as const, from: 'email' as const, connectionId: '' };
    const programs = await callOk(s, 'requests.preview', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.programs.add',
      mapping: {
        fields: {
          memberId: { kind: 'column', column: 'Email', transforms: [memberByEmail] },
          programId: { kind: 'column', column: 'Program', transforms: [{ kind: 'lookup', entity: 'coursepath.program', from: 'title', connectionId: '' }] },
        },
      },
      offset: 0,
      limit: 5,
    });
    expect(programs[0]!.url).toBe(`${s.sandbox!.url}/api/v1/programs/${program!.id}/members/${member.id}/programmember`);
    expect(programs[1]!.issues[0]!.message).toMatch(/"No such program" is not a program title in the Sandbox · Coursepath catalog/);

    const groupSpec = (to: 'id' | 'name') => ({
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.groups.add',
      mapping: {
        fields: {
          memberId: { kind: 'column' as const, column: 'Email', transforms: [memberByEmail] },
          name: {
            kind: 'column' as const,
            column: 'Group',
            transforms: [{ kind: 'lookup' as const, entity: 'coursepath.group' as const, from: 'name' as const, connectionId: '', to }],
          },
        },
      },
      offset: 0,
      limit: 5,
    });
    const named = await callOk(s, 'requests.preview', groupSpec('name'));
    expect(named[0]!.body).toBe(`name=${encodeURIComponent(group!.name).replace(/%20/g, '+')}`); // as the academy spells it
    expect(named[1]!.issues[0]!.message).toMatch(/"No such group" is not a group name in the Sandbox · Coursepath catalog/);
    const ids = await callOk(s, 'requests.explain', { ...groupSpec('id'), rowNumber: 2 });
    expect(ids.fields.find((f) => f.key === 'name')!.sent).toBe(String(group!.id));
  });
});
