// End to end: a spreadsheet of learner emails and course *titles* enrols learners through the synced
// Coursepath catalog. Preview shows the ids; an unknown title is a row error before anything is sent;
// the job sends only the good rows, to the URLs the preview showed.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import type { Mapping } from '../../../src-shared/mapping/types';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';
import { sandboxState } from '../../helpers/sandboxState';

const byTitle: Mapping = {
  fields: {
    courseId: {
      kind: 'column',
      column: 'Course',
      transforms: [{ kind: 'lookup', entity: 'coursepath.course', from: 'title', connectionId: SANDBOX_COURSEPATH_ID }],
    },
    memberId: {
      kind: 'column',
      column: 'Email',
      // No connection of its own: the catalog of the connection the rows go to.
      transforms: [{ kind: 'lookup', entity: 'coursepath.member', from: 'email', connectionId: '' }],
    },
  },
};

describe('mapping course titles and learner emails to ids through the synced catalog', () => {
  const temp = useTempServices();

  it('previews the ids, flags unknown titles before sending, and the job sends only the resolved rows', async () => {
    const s = await temp.open({ sandbox: { seed: 9 } });
    const state = await sandboxState(s.sandbox!.url);
    const [c1, c2] = state.coursepath.courses;
    const [m1, m2] = state.coursepath.members.filter((m) => m.role === 'learner');
    const rows = [
      [m1!.email, c1!.name],
      [`  ${m2!.email.toUpperCase()} `, `  ${c2!.name.toLowerCase()}  `], // case and spaces do not matter
      [m1!.email, 'Underwater Basket Weaving'], // no such course
      ['nobody@nowhere.test', c1!.name], // no such member
    ];
    const datasetId = seedDataset(s.db, ['Email', 'Course'], rows);
    const spec = { datasetId, connectionId: SANDBOX_COURSEPATH_ID, templateId: 'coursepath.courses.enrol', mapping: byTitle };

    // Before any sync: nothing to look titles up in, and the admin is told why.
    const unsynced = await callOk(s, 'requests.preview', { ...spec, offset: 0, limit: 10 });
    expect(unsynced[0]!.issues.map((i) => i.message).join(' ')).toMatch(/catalog \(not synced yet: Reports → Sync now, or bulk-desk sync run --connection sandbox-coursepath\)/);

    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
    expect(await s.sync.whenDone(SANDBOX_COURSEPATH_ID)).toBe('completed');

    const preview = await callOk(s, 'requests.preview', { ...spec, offset: 0, limit: 10 });
    const base = s.sandbox!.credentials.coursepath.baseUrl;
    expect(preview[0]!.url).toBe(`${base}/api/v1/courses/${c1!.id}/members/${m1!.id}/coursemember`);
    expect(preview[0]!.issues).toEqual([]);
    expect(preview[1]!.url).toBe(`${base}/api/v1/courses/${c2!.id}/members/${m2!.id}/coursemember`);
    // One message for the field: its type check does not repeat the lookup's.
    expect(preview[2]!.issues).toEqual([
      expect.objectContaining({ field: 'courseId', level: 'error', message: expect.stringMatching(/"Underwater Basket Weaving" is not a course title in the Sandbox · Coursepath catalog \(synced/) }),
    ]);
    expect(preview[3]!.issues).toEqual([
      expect.objectContaining({ field: 'memberId', level: 'error', message: expect.stringMatching(/"nobody@nowhere.test" is not a member email/) }),
    ]);

    const before = s.sandbox!.ledger.entries().at(-1)!.seq;
    const job = await callOk(s, 'jobs.create', spec);
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts.succeeded).toBe(2);
    expect(done.counts.skipped).toBe(2);
    const sent = s.sandbox!.ledger.since(before).filter((e) => e.method === 'POST');
    expect(sent.map((e) => e.path).sort()).toEqual(
      [`/api/v1/courses/${c1!.id}/members/${m1!.id}/coursemember`, `/api/v1/courses/${c2!.id}/members/${m2!.id}/coursemember`].sort(),
    );
    const items = await callOk(s, 'jobs.items', { jobId: job.id, status: 'skipped', offset: 0, limit: 10 });
    expect(items.items.map((i) => i.rowNumber)).toEqual([4, 5]);
    expect(items.items[0]!.error).toMatch(/Underwater Basket Weaving/);
  });

  it('refuses a title two courses share, naming both ids', async () => {
    const s = await temp.open({ sandbox: { seed: 9 } });
    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
    await s.sync.whenDone(SANDBOX_COURSEPATH_ID);
    const [a, b] = (s.db.prepare(`SELECT course_id AS id, title FROM synced_courses WHERE connection_id = ? LIMIT 2`).all(SANDBOX_COURSEPATH_ID) as { id: string; title: string }[]);
    s.db.prepare(`UPDATE synced_courses SET title = ? WHERE connection_id = ? AND course_id = ?`).run(a!.title, SANDBOX_COURSEPATH_ID, b!.id);
    const datasetId = seedDataset(s.db, ['Email', 'Course'], [['x@y.test', a!.title]]);
    const [p] = await callOk(s, 'requests.preview', {
      datasetId, connectionId: SANDBOX_COURSEPATH_ID, templateId: 'coursepath.courses.enrol', mapping: byTitle, offset: 0, limit: 1,
    });
    expect(p!.issues.find((i) => i.field === 'courseId')!.message).toMatch(new RegExp(`matches 2 courses .*ids (${a!.id}, ${b!.id}|${b!.id}, ${a!.id})`));
  });
});
