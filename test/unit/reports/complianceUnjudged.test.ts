// Compliance when the required courses cannot be judged: not in the synced catalog, or their trackings /
// results never read (a sync that did not finish, a list the LMS would not give). The report must not
// print every learner as "not compliant" as if that were known: it says that nothing could be judged,
// and why.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src-shared/reports/buildReport';
import type {
  ComplianceDimension,
  CourseRow,
  LearnerRow,
  SyncedData,
} from '../../../src-shared/reports/types';

const SRC = { connectionId: 'ca', source: 'Acme · Coassemble', api: 'coassemble' as const };
const course = (courseId: string, title: string): CourseRow => ({
  ...SRC,
  courseId,
  title,
  status: 'published',
});
const learner = (learnerId: string, department: string): LearnerRow => ({
  ...SRC,
  learnerId,
  email: `${learnerId}@acme.test`,
  name: learnerId,
  company: 'Acme',
  department,
  client: null,
  role: null,
});
const data: SyncedData = {
  courses: [course('1', 'Fire Safety'), course('2', 'Data Privacy')],
  learners: [learner('ann', 'Sales'), learner('bob', 'Finance')],
  enrolments: [
    {
      connectionId: 'ca',
      courseId: '1',
      learnerId: 'ann',
      startedAt: 1,
      completedAt: 2,
      progress: 100,
      score: 90,
      passed: null,
    },
  ],
  screens: [],
};
const req = (courseKeys: string[], by: ComplianceDimension = 'department') => ({
  name: 'compliance' as const,
  courseKeys,
  by,
});

describe('compliance before a course is chosen', () => {
  it('asks for the courses in place of the tables: no table, no chart, so nothing to export', () => {
    const v = buildReport(req([]), { data });
    expect(v.prompt).toBe(
      'Choose the courses everyone must complete (above). The tables, the chart and the CSV export appear once one is chosen.',
    );
    expect(v.tables).toEqual([]);
    expect(v.chart).toBeNull();
    expect(v.notes).toEqual([]);
    // A course chosen: the report as before, no prompt.
    expect(buildReport(req(['ca:1']), { data, enrolmentsRead: new Set(['ca:1']) }).prompt).toBeUndefined();
  });
});

describe('compliance that nothing could be judged for', () => {
  it('no required course in the synced catalog: says so, names the keys, and lists nobody', () => {
    const v = buildReport(req(['ca:9', 'cp:4']), { data, enrolmentsRead: new Set(['ca:1', 'ca:2']) });
    expect(v.tables[0]!.rows).toEqual([]);
    expect(v.tables[1]!.rows).toEqual([]);
    expect(v.notes[0]).toBe(
      'Nothing could be judged: none of the required courses is in the synced catalog (ca:9, cp:4). Check the course keys, or sync again if the courses are new.',
    );
  });

  it('the required courses’ trackings or results were never read: nobody is shown as not compliant', () => {
    const v = buildReport(req(['ca:1', 'ca:2']), { data, enrolmentsRead: new Set() });
    expect(v.tables[0]!.rows).toEqual([]);
    expect(v.notes[0]).toBe(
      'Nothing could be judged: the trackings or results of “Fire Safety” and “Data Privacy” have not been synced (a sync that did not finish, or a list the LMS would not give: see the notes above), so nobody’s completion of them is known. Sync again.',
    );
  });

  it('some read, some not: judged on all of them, with a note naming those not read', () => {
    const v = buildReport(req(['ca:1', 'ca:2']), { data, enrolmentsRead: new Set(['ca:1']) });
    expect(v.tables[0]!.rows.map((r) => [r.name, r.compliant, r.missing])).toEqual([
      ['bob', 'no', 'Fire Safety; Data Privacy'],
      ['ann', 'no', 'Data Privacy'],
    ]);
    expect(v.notes).toContain(
      'The trackings or results of “Data Privacy” have not been synced (a sync that did not finish, or a list the LMS would not give: see the notes above): every learner is shown missing it, which may not be true. Sync again.',
    );
    expect(v.notes.join('\n')).not.toMatch(/Nothing could be judged/);
  });

  it('everything read: no such note', () => {
    const v = buildReport(req(['ca:1']), { data, enrolmentsRead: new Set(['ca:1', 'ca:2']) });
    expect(v.tables[0]!.rows.map((r) => [r.name, r.compliant])).toEqual([
      ['bob', 'no'],
      ['ann', 'yes'],
    ]);
    expect(v.notes).toEqual([]);
  });
});
